// Excel workbooks in and out, loaded only when a visitor drops an .xlsx file or downloads one.
// The zip container is fflate's (a well-kept 8 kB deflate/inflate); the SpreadsheetML inside
// is written and read here, because it is the small, fixed subset that tables need: cells of
// text, numbers and dates, one header row, sheets by name.
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { KundenwertError } from '../shared/error.js';
import { defuse } from './csv.js';

// ---- writing ----------------------------------------------------------------------------

/** Text for XML, with what XML 1.0 cannot hold written as Excel's _xHHHH_ escapes. */
function xmlText(value) {
  return String(value)
    .replace(/_x[0-9A-Fa-f]{4}_/g, (m) => `_x005F${m}`) // a literal _x0041_ stays literal
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/[&<>"\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, (c) => {
      if (c === '&') return '&amp;';
      if (c === '<') return '&lt;';
      if (c === '>') return '&gt;';
      if (c === '"') return '&quot;';
      if (c === '\r') return '&#13;';
      return `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`;
    });
}

/** The column letters of a 0-based index: 0 A, 25 Z, 26 AA. */
export function columnName(index) {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

// Cell formats (cellXfs): 0 general, 1 header (bold), 2 date, 3 money #,##0.00, 4 share 0.0 %,
// 5 text shown as typed even when it looks like a formula (quotePrefix), 6 number 0.0###.
const STYLES = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
  + '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
  + '<numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="0.0###"/></numFmts>'
  + '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
  + '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
  + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
  + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
  + '<cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
  + '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
  + '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
  + '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
  + '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
  + '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
  + '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
  + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

const NUMBER_STYLE = { money: 3, share: 4, number: 6, int: 0 };
const ROUND = { money: 100, share: 1e6, number: 1e6, int: 1 };

/** Days since 1970-01-01 of `YYYY-MM-DD` as an Excel serial (1900 date system). */
function serial(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86400000 + 25569 : null;
}

/** The workbook's shared strings: each distinct text once (segment names and actions repeat on every row). */
class Strings {
  constructor() {
    this.index = new Map();
    this.list = [];
  }

  add(text) {
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.list.length;
      this.index.set(text, i);
      this.list.push(text);
    }
    return i;
  }

  xml() {
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      + `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${this.list.length}" uniqueCount="${this.list.length}">`
      + this.list.map((s) => `<si><t xml:space="preserve">${xmlText(s)}</t></si>`).join('') + '</sst>';
  }
}

function cellXml(ref, value, type, field, strings) {
  if (value === null || value === undefined || value === '') return '';
  if (type === 'text') {
    const s = String(value);
    // Text is always a string cell, never a formula; text a spreadsheet would read as one
    // keeps it so when copied out or saved as CSV (quotePrefix), without an added character.
    const style = defuse(s) === s ? '' : ' s="5"';
    return `<c r="${ref}" t="s"${style}><v>${strings.add(s)}</v></c>`;
  }
  if (type === 'date') {
    const n = serial(value);
    return n === null ? `<c r="${ref}" t="s"><v>${strings.add(String(value))}</v></c>` : `<c r="${ref}" s="2"><v>${n}</v></c>`;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new KundenwertError('not_finite', field, `${field} is not a finite number`);
  const k = ROUND[type] ?? 1e6;
  const v = Math.round(value * k) / k;
  return `<c r="${ref}"${NUMBER_STYLE[type] ? ` s="${NUMBER_STYLE[type]}"` : ''}><v>${Object.is(v, -0) ? 0 : v}</v></c>`;
}

function sheetXml(sheet, strings) {
  const { columns, rows } = sheet;
  const widths = columns.map((c, j) => {
    let w = String(c.head).length;
    for (let i = 0; i < Math.min(rows.length, 500); i++) {
      const v = rows[i][j];
      const len = c.type === 'date' ? 10 : c.type === 'text' ? String(v ?? '').length : String(Math.round((v ?? 0) * 100) / 100).length + 3;
      if (len > w) w = len;
    }
    return Math.min(60, Math.max(8, w + 2));
  });
  const out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'];
  out.push(`<dimension ref="A1:${columnName(Math.max(0, columns.length - 1))}${rows.length + 1}"/>`);
  out.push('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>');
  out.push(`<cols>${widths.map((w, j) => `<col min="${j + 1}" max="${j + 1}" width="${w}" customWidth="1"/>`).join('')}</cols><sheetData>`);
  const names = columns.map((_, j) => columnName(j));
  out.push(`<row r="1">${columns.map((c, j) => `<c r="${names[j]}1" t="s" s="1"><v>${strings.add(String(c.head))}</v></c>`).join('')}</row>`);
  for (let i = 0; i < rows.length; i++) {
    const r = i + 2;
    let line = `<row r="${r}">`;
    for (let j = 0; j < columns.length; j++) line += cellXml(`${names[j]}${r}`, rows[i][j], columns[j].type, columns[j].head, strings);
    out.push(`${line}</row>`);
  }
  out.push(`</sheetData><autoFilter ref="A1:${columnName(Math.max(0, columns.length - 1))}${rows.length + 1}"/></worksheet>`);
  return out.join('');
}

/** A sheet name Excel accepts: no : \ / ? * [ ], at most 31 characters, unique in the book. */
function sheetNames(names) {
  const used = new Set();
  return names.map((name) => {
    const base = String(name).replace(/[:\\/?*[\]]/g, ' ').replace(/^'+|'+$/g, '').trim().slice(0, 31) || 'Sheet';
    let n = base;
    for (let k = 2; used.has(n.toLowerCase()); k++) n = `${base.slice(0, 31 - String(k).length - 1)} ${k}`;
    used.add(n.toLowerCase());
    return n;
  });
}

/**
 * A workbook of tables: `[{ name, columns: [{ head, type }], rows }]` (see table.js) as the
 * bytes of an .xlsx file, a sheet per table, header row frozen and filterable.
 */
export function writeXlsx(sheets) {
  if (!sheets.length) throw new KundenwertError('empty', 'sheets', 'a workbook needs at least one sheet');
  const names = sheetNames(sheets.map((s) => s.name));
  const files = {
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
      + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
      + '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
      + sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')
      + '</Types>',
    '_rels/.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
      + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
      + `<bookViews><workbookView/></bookViews><sheets>${names.map((n, i) => `<sheet name="${xmlText(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
      + sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')
      + `<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`
      + `<Relationship Id="rId${sheets.length + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    'xl/styles.xml': STYLES,
  };
  const strings = new Strings();
  sheets.forEach((s, i) => { files[`xl/worksheets/sheet${i + 1}.xml`] = sheetXml(s, strings); });
  files['xl/sharedStrings.xml'] = strings.xml();
  const zip = {};
  // Level 1: on sheet XML it packs within 10-30 % of level 6 at a fraction of the time.
  for (const [path, text] of Object.entries(files)) zip[path] = [strToU8(text), { level: 1 }];
  return zipSync(zip, { mtime: new Date(Date.UTC(2024, 0, 1)) });
}

// ---- reading ----------------------------------------------------------------------------

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML text with its entities and Excel's _xHHHH_ escapes undone. */
function unescapeXml(s) {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (m, e) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ENTITIES[e] ?? m;
  }).replace(/_x([0-9A-Fa-f]{4})_/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
}

function attributes(tag) {
  const out = {};
  for (const m of tag.matchAll(/([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out[m[1]] = unescapeXml(m[2] ?? m[3]);
  return out;
}

/** The text of a string item (<si> or <is>): its <t> runs, without phonetic guides. */
function runs(xml) {
  let s = '';
  for (const m of xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '').matchAll(/<t\b[^>]*?(?:\/>|>([\s\S]*?)<\/t>)/g)) s += unescapeXml(m[1] ?? '');
  return s;
}

const BUILTIN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

/** Which cell formats (cellXfs indices) show dates. */
function dateStyles(styles) {
  if (!styles) return new Set();
  const custom = new Map();
  for (const m of styles.matchAll(/<numFmt\b[^>]*>/g)) {
    const a = attributes(m[0]);
    const code = (a.formatCode ?? '').replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
    custom.set(Number(a.numFmtId), /[dmyh]/i.test(code) && !/^general$/i.test(code));
  }
  const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? '';
  const dates = new Set();
  let i = 0;
  for (const m of xfs.matchAll(/<xf\b[^>]*>/g)) {
    const id = Number(attributes(m[0]).numFmtId ?? 0);
    if (BUILTIN_DATES.has(id) || custom.get(id)) dates.add(i);
    i++;
  }
  return dates;
}

/** The 0-based column of a cell reference such as `AB12`. */
function columnIndex(ref) {
  let n = 0;
  for (const ch of ref) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    n = n * 26 + code - 64;
  }
  return n - 1;
}

const ISO = (ms) => new Date(ms).toISOString().slice(0, 10);
const plain = new Intl.NumberFormat('en-US', { useGrouping: false, maximumFractionDigits: 10 });

function isZip(bytes) {
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Whether bytes (or a file name) are an .xlsx workbook: a zip with the name or the signature. */
export function looksLikeXlsx(bytes, name = '') {
  return /\.xlsx$/i.test(name) || (bytes ? isZip(bytes) : false);
}

/**
 * The cells of one sheet of an .xlsx workbook as rows of text: dates (cells with a date
 * format) as YYYY-MM-DD, numbers as plain decimals, formulas as their cached result.
 * `sheet` is a name or a 0-based index (default the first). Returns `{ sheets, sheet, rows }`.
 */
export function readXlsx(bytes, { sheet = 0 } = {}) {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (!isZip(data)) throw new KundenwertError('not_xlsx', 'file', 'the file is not an Excel workbook (.xlsx)');
  let files;
  try {
    files = unzipSync(data, { filter: (f) => /^xl\/(workbook\.xml|_rels\/workbook\.xml\.rels|sharedStrings\.xml|styles\.xml|worksheets\/[^/]+\.xml)$/.test(f.name) });
  } catch (e) {
    throw new KundenwertError('not_xlsx', 'file', `the workbook cannot be unpacked: ${e.message}`);
  }
  const text = (path) => (files[path] ? strFromU8(files[path]) : null);
  const workbook = text('xl/workbook.xml');
  if (!workbook) throw new KundenwertError('not_xlsx', 'file', 'the file is a zip archive but no Excel workbook (.xlsx)');
  const rels = new Map();
  for (const m of (text('xl/_rels/workbook.xml.rels') ?? '').matchAll(/<Relationship\b[^>]*>/g)) {
    const a = attributes(m[0]);
    rels.set(a.Id, a.Target.startsWith('/') ? a.Target.slice(1) : `xl/${a.Target}`);
  }
  const sheets = [...workbook.matchAll(/<sheet\b[^>]*>/g)].map((m) => {
    const a = attributes(m[0]);
    return { name: a.name, path: rels.get(a['r:id']) };
  });
  const index = typeof sheet === 'number' ? sheet : sheets.findIndex((s) => s.name === sheet);
  const chosen = sheets[index];
  if (!chosen) throw new KundenwertError('unknown_sheet', 'sheet', `the workbook has no sheet ${JSON.stringify(sheet)}; it has ${sheets.map((s) => `"${s.name}"`).join(', ')}`);
  const xml = text(chosen.path);
  if (xml === null) throw new KundenwertError('not_xlsx', 'sheet', `the sheet "${chosen.name}" is missing from the workbook`);
  const date1904 = /<workbookPr\b[^>]*date1904\s*=\s*"(1|true)"/.test(workbook);
  const shared = [...(text('xl/sharedStrings.xml') ?? '').matchAll(/<si\b[^>]*?(?:\/>|>([\s\S]*?)<\/si>)/g)].map((m) => runs(m[1] ?? ''));
  const dates = dateStyles(text('xl/styles.xml'));
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  const rows = [];
  for (const r of xml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const row = [];
    for (const c of (r[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const a = attributes(c[1]);
      const col = a.r ? columnIndex(a.r) : row.length;
      const body = c[2] ?? '';
      const v = /<v\b[^>]*>([\s\S]*?)<\/v>/.exec(body)?.[1];
      let value = '';
      if (a.t === 's') value = shared[Number(v)] ?? '';
      else if (a.t === 'inlineStr') value = runs(/<is\b[^>]*>([\s\S]*?)<\/is>/.exec(body)?.[1] ?? '');
      else if (a.t === 'str' || a.t === 'e') value = unescapeXml(v ?? '');
      else if (a.t === 'b') value = v === '1' ? 'TRUE' : 'FALSE';
      else if (a.t === 'd') value = unescapeXml(v ?? '').slice(0, 10);
      else if (v !== undefined && v !== '') {
        const n = Number(v);
        if (!Number.isFinite(n)) value = unescapeXml(v);
        else if (dates.has(Number(a.s ?? 0))) value = ISO(epoch + Math.floor(n + 1e-9) * 86400000);
        else value = plain.format(n);
      }
      while (row.length < col) row.push('');
      row[col] = value;
    }
    if (row.some((x) => x !== '')) rows.push(row); // empty rows stay out
  }
  return { sheets: sheets.map((s) => s.name), sheet: chosen.name, rows };
}

/** One sheet as comma-separated text (RFC 4180 quoting) for the analysis. */
export function xlsxToCsv(bytes, options) {
  const { sheets, sheet, rows } = readXlsx(bytes, options);
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  const quote = (s) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = rows.map((r) => Array.from({ length: width }, (_, j) => quote(r[j] ?? '')).join(','));
  return { sheets, sheet, text: lines.length ? `${lines.join('\n')}\n` : '' };
}
