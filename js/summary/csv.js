// The CSV side of readSummary: a summary as kundenwert analyze, sql/*.sql (DuckDB's COPY,
// psql's \copy), a spreadsheet or pandas writes it. A header row names the columns; fields
// are separated by `,` `;` tab or `|` (the most frequent of them in the header, outside
// quotes), quoted as RFC 4180 has it (`""` inside quotes, delimiters and line breaks too),
// lines end in LF, CRLF or CR, and a UTF-8 byte order mark is dropped. Numbers take a decimal
// point or a decimal comma (German Excel: `12,5`, `1.234,56`); which, is detected from the
// cells unless given.

const DELIMITERS = [',', ';', '\t', '|'];

/** The header line's delimiter: the one found most often outside quotes (`,` when none). */
function delimiterOf(text) {
  const counts = new Map(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c) + 1);
  }
  let best = ',';
  for (const d of DELIMITERS) if (counts.get(d) > counts.get(best)) best = d;
  return best;
}

/**
 * Splits the text into rows of fields. Each row records the line it starts on (1-based);
 * empty lines are skipped. An unclosed quote is an error naming its line.
 */
export function parseCsv(text, delimiter, fail) {
  const rows = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const fields = [];
    let field = '';
    let quoted = false;
    let any = false; // the row has a character other than the line end
    for (;;) {
      if (i >= n) break;
      const c = text[i];
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            quoted = false;
            i++;
          }
        } else {
          if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
          field += c;
          i++;
        }
        continue;
      }
      if (c === '"' && field.trim() === '') {
        quoted = true;
        field = '';
        any = true;
        i++;
      } else if (c === delimiter) {
        fields.push(field);
        field = '';
        any = true;
        i++;
      } else if (c === '\n' || c === '\r') {
        i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line++;
        break;
      } else {
        field += c;
        any = true;
        i++;
      }
    }
    if (quoted) fail('invalid_type', 'input', `line ${start}: a quote opened here is never closed`);
    fields.push(field);
    if (any && !(fields.length === 1 && fields[0].trim() === '')) rows.push({ line: start, fields });
  }
  return rows;
}

const POINT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const POINT_THOUSANDS = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;
const COMMA = /^[+-]?(\d+,?\d*|,\d+)([eE][+-]?\d+)?$/;
const COMMA_THOUSANDS = /^[+-]?\d{1,3}(\.\d{3})+(,\d*)?$/;

/** A cell as a number with the given decimal separator, or NaN when it is none. */
export function parseDecimal(cell, decimal) {
  const s = cell.trim();
  if (decimal === ',') {
    if (COMMA.test(s)) return Number(s.replace(',', '.'));
    if (COMMA_THOUSANDS.test(s)) return Number(s.replace(/\./g, '').replace(',', '.'));
    return Number.NaN;
  }
  if (POINT.test(s)) return Number(s);
  if (POINT_THOUSANDS.test(s)) return Number(s.replace(/,/g, ''));
  return Number.NaN;
}

/**
 * The decimal separator of these cells: a comma when some cell reads only with a comma
 * (`12,5`) and none only with a point; else a point.
 */
function decimalOf(cells) {
  let comma = false;
  for (const cell of cells) {
    const s = cell.trim();
    if (/^[+-]?\d+,\d+$/.test(s) && !POINT_THOUSANDS.test(s)) comma = true; // 12,5 (not 1,234)
    else if (/^[+-]?\d{1,3}(\.\d{3})+,\d*$/.test(s)) comma = true; // 1.234,56
    else if (/^[+-]?\d*\.\d+$/.test(s) && !COMMA_THOUSANDS.test(s)) return '.'; // 12.5 (not 1.234)
    else if (/^[+-]?\d{1,3}(,\d{3})+\.\d*$/.test(s)) return '.'; // 1,234.56
  }
  return comma ? ',' : '.';
}

/**
 * The text as a table for readSummary: `names`, `rows`, `value(k, i)` (the cell as text),
 * `line(i)`, and `number(k, i)` (the cell as a number, NaN when it is none, null when empty).
 * `numeric` lists the column indices whose cells decide the decimal separator.
 */
export function csvTable(text, options, fail) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const delimiter = options.delimiter ?? delimiterOf(text);
  if (!DELIMITERS.includes(delimiter)) fail('invalid_type', 'delimiter', 'delimiter must be one of , ; \\t |');
  const all = parseCsv(text, delimiter, fail);
  if (all.length === 0) fail('empty', 'input', 'the summary is empty: a header row and one row per customer are needed');
  const names = all[0].fields.map((s) => s.trim());
  const rows = all.slice(1);
  let decimal = options.decimal;
  if (decimal !== undefined && decimal !== '.' && decimal !== ',') fail('invalid_type', 'decimal', "decimal must be '.' or ','");
  return {
    format: 'csv',
    delimiter,
    names,
    rows: rows.length,
    line: (i) => rows[i].line,
    /** Fixes the decimal separator from the cells of these columns (unless given). */
    numeric(columns) {
      if (decimal !== undefined) return;
      const cells = [];
      for (const k of columns) for (let i = 0; i < rows.length && i < 1000; i++) cells.push(rows[i].fields[k] ?? '');
      decimal = delimiter === ',' ? '.' : decimalOf(cells);
    },
    get decimal() {
      return decimal ?? '.';
    },
    text: (k, i) => rows[i].fields[k] ?? '',
    number(k, i) {
      const cell = rows[i].fields[k];
      if (cell === undefined || cell.trim() === '') return null;
      return parseDecimal(cell, decimal ?? '.');
    },
  };
}
