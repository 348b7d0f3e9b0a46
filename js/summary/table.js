// The cells of a Parquet or Arrow file as readSummary reads them (the CSV reader has its own).

/**
 * A table of typed values (numbers, BigInts, strings, null) for readSummary, as the Parquet
 * and the Arrow reader give them.
 */
export function binaryTable(format, names, rows, column) {
  const cache = new Map();
  const get = (k) => {
    if (!cache.has(k)) cache.set(k, column(k));
    return cache.get(k);
  };
  return {
    format,
    names,
    rows,
    line: () => null,
    numeric() {},
    text(k, i) {
      const v = get(k)[i];
      return v === null || v === undefined ? '' : String(v);
    },
    number(k, i) {
      const v = get(k)[i];
      if (v === null || v === undefined) return null;
      if (typeof v === 'number') return v;
      if (typeof v === 'bigint') return Number(v);
      if (typeof v === 'string') return v.trim() === '' ? null : Number(v.trim());
      if (typeof v === 'boolean') return Number.NaN;
      return Number.NaN;
    },
    /** Days since 1970-01-01 of a date cell (already days here), or null. */
    day(k, i) {
      const v = get(k)[i];
      if (v === null || v === undefined) return null;
      if (v instanceof Date) return Math.floor(v.getTime() / 864e5);
      return typeof v === 'bigint' ? Number(v) : v;
    },
  };
}
