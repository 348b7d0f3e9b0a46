// Excel in and out for <customer-segmenter>, loaded only when a workbook is dropped or
// downloaded. The work runs in a worker of its own (xlsx-worker.js), so the page keeps
// drawing frames while a large workbook is zipped or unzipped. Where the worker cannot be
// started (a bundler that did not copy xlsx-worker.js beside this file), the same code runs
// here on the main thread, slower for the page but with the same result.
import { KundenwertError } from '../shared/error.js';

/** Runs one job in a fresh worker; null when no worker could be started. */
function inWorker(message) {
  let worker;
  try {
    worker = new Worker(new URL('./xlsx-worker.js', import.meta.url), { type: 'module' });
  } catch {
    return null;
  }
  return new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) => {
      worker.terminate();
      if (data.type === 'done') resolve(data.value);
      else {
        const { name, code, field, message } = data.error;
        reject(name === 'KundenwertError' ? new KundenwertError(code, field, message) : new Error(message));
      }
    };
    // The worker file is missing or could not run: do the job here instead.
    worker.onerror = (e) => {
      e.preventDefault?.();
      worker.terminate();
      resolve(FALLBACK);
    };
    worker.postMessage(message);
  });
}

const FALLBACK = Symbol('fallback');

/** The report's workbook (.xlsx bytes) for `result`, in the words and formats of `locale`. */
export async function writeWorkbook(result, locale, currency) {
  const bytes = await inWorker({ type: 'write', result, locale, currency });
  if (bytes && bytes !== FALLBACK) return bytes;
  const [{ writeXlsx }, { reportSheets }, { formatters }] = await Promise.all([import('./xlsx.js'), import('./workbook.js'), import('../elements/format.js')]);
  return writeXlsx(reportSheets(result, formatters(locale, currency)));
}

/** One sheet of an .xlsx file (a File or Blob) as CSV text: `{ text, sheets, sheet }`. */
export async function readWorkbook(file, sheet = 0) {
  const value = await inWorker({ type: 'read', file, sheet });
  if (value && value !== FALLBACK) return value;
  const { xlsxToCsv } = await import('./xlsx.js');
  return xlsxToCsv(new Uint8Array(await file.arrayBuffer()), { sheet });
}
