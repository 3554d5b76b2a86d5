import type { UserRow } from '../database';
import {
  cacheErrorNote,
  cacheKey,
  corruptionOf,
  discardNote,
  hitResult,
  expiry,
  noted,
  readResult,
  redis,
  selectUser,
  withCorruption,
  wrongTypeOf,
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

/**
 * Delete the entry a reader found it cannot use (ARGV[1]: the string it found, '' for a key of
 * another type), and nothing else: a plain DEL sent after a writer's tombstone replaced that
 * entry would remove the tombstone, and a reader holding an older row could then fill it. Replies
 * 1 (deleted) or 0 (the key holds something else now, or nothing: left alone).
 */
export const DISCARD_IF_UNCHANGED =
  "local cur = redis.pcall('GET', KEYS[1]) if type(cur) == 'string' and cur ~= ARGV[1] then return 0 end return redis.call('DEL', KEYS[1])";

/** A tombstone marks a key whose row changed; it counts as a miss. */
export const isTombstone = (cached: string): boolean => cached.startsWith('{"tombstone":true');
export const tombstone = (version: number): string => `{"tombstone":true,"version":${version}}`;

/** Read with a versioned fill: the cache never goes back to an older version. */
export function* readVersionedFill(id: number, { settings }: ProgramContext): Program<ReadResult> {
  const key = cacheKey(id);
  // Why the entry found cannot be used (a corrupt entry), when it cannot, and what it held.
  let problem: string | null = null;
  let found = '';
  try {
    try {
      const cached = (yield redis('get', 'GET', key)) as string | null;
      if (cached !== null && !isTombstone(cached)) {
        problem = corruptionOf(id, cached);
        if (problem === null) return hitResult(id, cached);
        found = cached;
      }
    } catch (e) {
      problem = wrongTypeOf(e);
      if (problem === null) throw e;
    }
    // Not a row this application wrote: log it and delete it (only it: see the script), then
    // go on as a miss, whose versioned fill puts the row back. Left there, it would also block
    // that fill and a writer's tombstone whenever it reads as a newer version.
    if (problem !== null)
      yield noted(
        redis('discard', 'EVAL', DISCARD_IF_UNCHANGED, '1', key, found),
        discardNote(key, problem),
      );
  } catch (e) {
    const row = (yield selectUser('fallback', id, cacheErrorNote(key, e))) as UserRow | null;
    return withCorruption(readResult(id, row, false, null, true), problem);
  }
  const row = (yield selectUser('select', id)) as UserRow | null;
  if (row === null) return withCorruption(readResult(id, null, false, null), problem);
  try {
    const args = [JSON.stringify(row), String(row.version), ...expiry(settings.ttlSeconds)];
    const filled = yield redis('fill', 'EVAL', FILL_IF_NEWER, '1', key, ...args);
    return withCorruption(readResult(id, row, false, filled === 1 ? row.version : null), problem);
  } catch {
    return withCorruption(readResult(id, row, false, null, true), problem);
  }
}
