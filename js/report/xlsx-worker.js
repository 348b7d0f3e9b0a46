// Excel off the main thread: reading a dropped workbook and writing the report's workbook
// (seconds for a large one) in a Web Worker, so the page keeps drawing. One worker per job,
// started by excel.js and ended when the job is done. Messages in:
// { type: 'write', result, locale, currency } and { type: 'read', file, sheet }; out:
// { type: 'done', value } (the workbook's bytes, transferred; or { text, sheets, sheet }) or
// { type: 'error', error }. Built as one self-contained file (dist/report/xlsx-worker.js).
import { formatters } from '../elements/format.js';
import { reportSheets } from './workbook.js';
import { writeXlsx, xlsxToCsv } from './xlsx.js';

self.onmessage = async ({ data }) => {
  try {
    if (data.type === 'write') {
      const bytes = writeXlsx(reportSheets(data.result, formatters(data.locale, data.currency)));
      self.postMessage({ type: 'done', value: bytes }, [bytes.buffer]);
    } else {
      const bytes = new Uint8Array(await data.file.arrayBuffer());
      self.postMessage({ type: 'done', value: xlsxToCsv(bytes, { sheet: data.sheet }) });
    }
  } catch (e) {
    self.postMessage({ type: 'error', error: { name: e?.name, code: e?.code, field: e?.field ?? '', message: String(e?.message ?? e) } });
  }
};
