/** `2026-03-01T10:00:00Z`: seconds precision, like the timestamps in the fixtures. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
