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

/**
 * The user a cached value is a row of, by its own JSON (`"id": 3`, or `"id":"3"` in a hash's
 * fields as JSON text), with a version beside it: 0 when it is no user row (a token, a
 * tombstone, a counter). For keys other than `user:<id>`, whose names say nothing of the row
 * (`profile:3`): a parse, so never on the hot path of our own programs, which use `user:<id>`.
 */
export function rowIdOf(cached: string): number {
  // The start first: it is read at once, where finding no version scans the whole value (1 ms
  // for a 1 MB one, for each of a thousand keys at every snapshot).
  if (!cached.trimStart().startsWith('{') || versionOf(cached) === 0) return 0;
  let parsed: unknown;
  try {
    parsed = JSON.parse(cached);
  } catch {
    return 0;
  }
  if (typeof parsed !== 'object' || parsed === null || 'tombstone' in parsed) return 0;
  const { id } = parsed as { id?: unknown };
  const n = typeof id === 'number' ? id : typeof id === 'string' && id !== '' ? Number(id) : NaN;
  return Number.isInteger(n) && n > 0 ? n : 0;
}
