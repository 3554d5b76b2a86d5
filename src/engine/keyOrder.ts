// The Redis panel's key order, and finding a key in it.
import type { CacheEntry } from './simSnapshot';

/**
 * Keys in the panel's order: as the reader's language sorts them, and keys it calls equal by
 * their characters. `localeCompare` ignores NUL, the other control characters and the
 * direction marks (U+202E ...), so `a\0b` and `ab` compared equal: the second key set took the
 * first one's place, and the panel and `state().cache` showed one key where Redis held two.
 */
export function compareKeys(a: string, b: string): number {
  const c = a.localeCompare(b);
  if (c !== 0 || a === b) return c;
  return a < b ? -1 : 1;
}

/** The index of `key` in `sorted` (by key), or where it would go: `~index` when absent. */
export function findKey(sorted: readonly CacheEntry[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareKeys(sorted[mid].key, key);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return ~lo;
}
