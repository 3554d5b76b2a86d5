import type { UserRow } from '../database';
import {
  cacheErrorNote,
  cacheKey,
  corruptionOf,
  corruptNote,
  corruptResult,
  hitResult,
  expiry,
  readResult,
  redis,
  selectUser,
  type ProgramContext,
} from './steps';
import type { Program, ReadResult } from './types';

/**
 * Fill only over an older version: the writer leaves a tombstone holding the new version instead
 * of deleting, so a reader that SELECTed the old row cannot put it back. A row of the tombstone's
 * own version may replace it (otherwise a written key could not be cached again until the
 * tombstone expired).
 */
export const FILL_IF_NEWER =
  "local cur = redis.call('GET', KEYS[1]) if cur then local v = tonumber(string.match(cur, '\"version\":(%d+)')) local n = tonumber(ARGV[2]) if v and (v > n or (v == n and string.sub(cur, 1, 17) ~= '{\"tombstone\":true')) then return 0 end end redis.call('SET', KEYS[1], ARGV[1], unpack(ARGV, 3)) return 1";

/**
 * A writer's invalidation, by the application or the change log's consumer: a tombstone of the
 * written version, set only when the cache holds nothing as new. Writers can finish out of order,
 * so a late one must neither remove a newer row nor lower a newer tombstone: a reader that
 * SELECTed its older row could then fill it over its own version's tombstone.
 */
export const INVALIDATE_IF_OLDER =
  "local cur = redis.call('GET', KEYS[1]) if cur then local v = tonumber(string.match(cur, '\"version\":(%d+)')) if v and v >= tonumber(ARGV[1]) then return 0 end end redis.call('SET', KEYS[1], '{\"tombstone\":true,\"version\":' .. ARGV[1] .. '}', unpack(ARGV, 2)) return 1";

/** A tombstone marks a key whose row changed; it counts as a miss. */
export const isTombstone = (cached: string): boolean => cached.startsWith('{"tombstone":true');
export const tombstone = (version: number): string => `{"tombstone":true,"version":${version}}`;

/** Read with a versioned fill: the cache never goes back to an older version. */
export function* readVersionedFill(id: number, { settings }: ProgramContext): Program<ReadResult> {
  const key = cacheKey(id);
  try {
    const cached = (yield redis('get', 'GET', key)) as string | null;
    if (cached !== null && !isTombstone(cached)) {
      const problem = corruptionOf(id, cached);
      if (problem === null) return hitResult(id, cached);
      // Not a row this application wrote: a corrupt entry. Log it, read the database.
      const row = (yield selectUser('corrupt', id, corruptNote(key, problem))) as UserRow | null;
      return corruptResult(id, row, problem);
    }
  } catch (e) {
    const row = (yield selectUser('fallback', id, cacheErrorNote(key, e))) as UserRow | null;
    return readResult(id, row, false, null, true);
  }
  const row = (yield selectUser('select', id)) as UserRow | null;
  if (row === null) return readResult(id, null, false, null);
  try {
    const args = [JSON.stringify(row), String(row.version), ...expiry(settings.ttlSeconds)];
    const filled = yield redis('fill', 'EVAL', FILL_IF_NEWER, '1', key, ...args);
    return readResult(id, row, false, filled === 1 ? row.version : null);
  } catch {
    return readResult(id, row, false, null, true);
  }
}
