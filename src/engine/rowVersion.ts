/**
 * The version a cached value holds: the `version` field of a row's JSON (or of a tombstone),
 * 0 when there is none. A scan, not a parse: it runs on every hit of a long run.
 */
export function versionOf(cached: string): number {
  const at = cached.lastIndexOf('"version":');
  if (at < 0) return 0;
  let v = 0;
  for (let i = at + 10; i < cached.length; i++) {
    const d = cached.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
  }
  return v;
}
