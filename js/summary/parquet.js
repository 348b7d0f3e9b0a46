// The Parquet side of readSummary, loaded only when a Parquet file is given: hyparquet (pure
// JS, snappy built in) reads the columns readSummary asks for; a file in zstd (Polars'
// default) or gzip loads those decompressors as well (./parquet-codecs.js), on demand again.
// docs/design-notes.md says why this reader.
import { parquetMetadata, parquetRead } from 'hyparquet';
import { binaryTable } from './table.js';

const BUILT_IN = new Set(['UNCOMPRESSED', 'SNAPPY']);

/** The file (an ArrayBuffer) as a table for readSummary; `wanted(names)` picks the columns to read. */
export async function parquetTable(buffer, wanted, fail) {
  let metadata;
  try {
    metadata = parquetMetadata(buffer);
  } catch (e) {
    fail('invalid_type', 'input', `the file is not a readable Parquet file (${e.message})`);
  }
  // Top-level columns: the schema's root has the number of its children; nested ones are skipped.
  const schema = metadata.schema;
  const names = [];
  for (let i = 1, left = schema[0].num_children ?? 0; i < schema.length && left > 0; left--) {
    names.push(schema[i].name);
    let skip = schema[i].num_children ?? 0;
    i++;
    while (skip > 0) {
      skip += (schema[i].num_children ?? 0) - 1;
      i++;
    }
  }
  const columns = wanted(names);
  const rows = Number(metadata.num_rows);
  const codecs = new Set(metadata.row_groups.flatMap((g) => g.columns.map((c) => c.meta_data?.codec)).filter(Boolean));
  let compressors;
  if (![...codecs].every((c) => BUILT_IN.has(c))) {
    const codecsModule = await import('./parquet-codecs.js');
    const other = [...codecs].find((c) => !codecsModule.SUPPORTED.includes(c));
    if (other) fail('invalid_type', 'input', `the Parquet file is compressed with ${other}, which this reader does not read: write it with snappy (the default of DuckDB, pandas and Spark), zstd or gzip`);
    compressors = codecsModule.compressors;
  }
  const data = new Map(columns.map((k) => [names[k], new Array(rows)]));
  try {
    await parquetRead({
      file: buffer,
      metadata,
      columns: columns.map((k) => names[k]),
      compressors,
      // Dates as days since 1970-01-01, as kundenwert counts them.
      parsers: { dateFromDays: (days) => days },
      onChunk({ columnName, columnData, rowStart }) {
        const out = data.get(columnName);
        for (let i = 0; i < columnData.length; i++) out[rowStart + i] = columnData[i];
      },
    });
  } catch (e) {
    fail('invalid_type', 'input', `the Parquet file cannot be read: ${e.message}`);
  }
  return binaryTable('parquet', names, rows, (k) => data.get(names[k]));
}
