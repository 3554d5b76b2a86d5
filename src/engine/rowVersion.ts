/**
 * The version a cached value holds: the `version` field of a row's JSON (or of a tombstone),
 * 0 when there is none. A scan, not a parse: it runs on every hit of a long run. JSON written
 * another way than ours (`JSON.stringify(row, null, 2)`: `"version": 2`) and a hash's fields as
 * JSON text (`"version":"2"`) hold their version too: white space and one quote before the
 * digits are skipped.
 */
export function versionOf(cached: string): number {
  const at = cached.lastIndexOf('"version":');
  if (at < 0) return 0;
  let i = at + 10;
  let c = cached.charCodeAt(i);
  // Our own JSON has the digits right after the colon: the loop below is the hot path.
  if (c < 48 || c > 57) {
    while (c === 32 || c === 10 || c === 13 || c === 9) c = cached.charCodeAt(++i);
    if (c === 34) c = cached.charCodeAt(++i);
  }
  let v = 0;
  for (; i < cached.length; i++) {
    const d = cached.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
  }
  return v;
}
