// The Parquet codecs beyond snappy that data tools write: zstd (Polars' default, DuckDB's and
// Spark's option) by fzstd and gzip by fflate, for hyparquet. Loaded by ./parquet.js only when
// a file uses one of them: 5 KB (gzip) instead of the 75 KB of hyparquet-compressors, whose
// brotli dictionary is most of it (docs/design-notes.md). Brotli and LZ4 pages are refused
// with a message that names the codec.
import { gunzipSync } from 'fflate';
import { decompress } from 'fzstd';

export const compressors = {
  ZSTD: (input, outputLength) => decompress(input, new Uint8Array(outputLength)),
  GZIP: (input) => gunzipSync(input),
};

export const SUPPORTED = ['UNCOMPRESSED', 'SNAPPY', ...Object.keys(compressors)];
