// Day numbers (days since 1970-01-01, as the analysis returns first and last purchases) as
// dates: `dayToDate(19723)` is '2024-01-01'.
export function dayToDate(day) {
  return new Date(day * 86400000).toISOString().slice(0, 10);
}
