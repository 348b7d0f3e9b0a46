// A small independent CSV reader for the tests: what the report and the command-line tool write is read back with it.

/** RFC 4180 with any delimiter and LF or CRLF line ends: rows of cells, quotes undone. */
export function parseCsv(text, delimiter = ',') {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) { row.push(cell); cell = ''; } else if (ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) { row.push(cell); rows.push(row); row = []; cell = ''; if (ch === '\r') i++; } else cell += ch;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}
