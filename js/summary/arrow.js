// The Arrow IPC side of readSummary (the file format, `ARROW1`, and the stream format), loaded
// only when such a file is given: Flechette's decoder (pure JS, no dependencies), far smaller
// than the apache-arrow package (docs/design-notes.md has both measured). 64-bit integers and
// decimals come as numbers, dates as milliseconds since 1970, turned into days here.
import { tableFromIPC } from '@uwdata/flechette';
import { binaryTable } from './table.js';

/** The bytes (a Uint8Array) as a table for readSummary. */
export function arrowTable(bytes, wanted, fail) {
  let table;
  try {
    table = tableFromIPC(bytes, { useDate: false, useBigInt: false, useDecimalInt: false });
  } catch (e) {
    fail('invalid_type', 'input', `the file is not a readable Arrow IPC file or stream (${e.message})`);
  }
  const names = table.schema.fields.map((f) => f.name);
  const types = table.schema.fields.map((f) => f.type);
  wanted(names);
  const t = binaryTable('arrow', names, table.numRows, (k) => table.getChildAt(k).toArray());
  return {
    ...t,
    day(k, i) {
      const v = t.day(k, i);
      // Date32 and Date64 are both decoded to milliseconds since 1970.
      return v === null || types[k].typeId !== 8 ? v : Math.floor(v / 864e5);
    },
  };
}
