import type { UserRow } from '../database';
import { viaCache, type CacheLayerContext } from './cacheLayer';
import { isTombstoneMiss, loadThrough } from './readThrough';
import { DISCARD_IF_UNCHANGED } from './readVersionedFill';
import {
  cacheErrorNote,
  cacheKey,
  corruptionOf,
  discardNote,
  expiry,
  hitResult,
  noted,
  readResult,
  redis,
  selectUser,
  withCorruption,
  wrongTypeOf,
} from './steps';
import type { BackgroundResult, Program, ReadResult } from './types';

/**
 * The refresh-ahead read path: read-through, and on a hit the cache checks how much of the
 * entry's TTL remains (PTTL); below the refresh share it reloads the row in the background, so
 * a popular entry is replaced before it expires and its readers never wait for the database.
 */
export function* readRefreshAhead(id: number, ctx: CacheLayerContext): Program<ReadResult> {
  const key = cacheKey(id);
  const { ttlSeconds, refreshAheadFactor } = ctx.settings;
  // Why the entry found cannot be used (a corrupt entry), when it cannot, and what it held.
  let problem: string | null = null;
  let found = '';
  try {
    try {
      const cached = (yield redis('get', 'GET', key)) as string | null;
      if (cached !== null && !isTombstoneMiss(cached, ctx)) {
        problem = corruptionOf(id, cached);
        if (problem === null) {
          if (ttlSeconds > 0) {
            let remainingMs = -2;
            try {
              remainingMs = (yield viaCache(redis('ttl', 'PTTL', key))) as number;
            } catch {
              // The GET already served the row: a PTTL that cannot reach Redis only means no
              // reload (falling back to the database here read the row again, for a hit).
            }
            if (remainingMs >= 0 && remainingMs < ttlSeconds * 1000 * refreshAheadFactor)
              ctx.spawn({ job: 'refresh', id });
          }
          return hitResult(id, cached);
        }
        found = cached;
      }
    } catch (e) {
      problem = wrongTypeOf(e);
      if (problem === null) throw e;
    }
    // Not a row this application wrote: the cache logs it and deletes it, only it (see
    // discardEntry, readThrough.ts), then loads the row as on a miss.
    if (problem !== null)
      yield viaCache(
        noted(
          redis('discard', 'EVAL', DISCARD_IF_UNCHANGED, '1', key, found),
          discardNote(key, problem),
        ),
      );
  } catch (e) {
    const row = (yield selectUser('fallback', id, cacheErrorNote(key, e))) as UserRow | null;
    return withCorruption(readResult(id, row, false, null, true), problem);
  }
  return withCorruption(yield* loadThrough(id, ctx), problem);
}

/**
 * How the refresher stores the row it reloaded: only over an entry still there (a writer's
 * delete wins) and not newer than the row (a reader that refilled the key after a write, while
 * the reload's SELECT was under way, keeps its newer row). The cache owns its entries, so it
 * can check and store in one step, as a cache library discards a reload whose entry changed.
 * Reply 1 stored, 0 refused.
 */
export const REFRESH_IF_CURRENT =
  "local cur = redis.call('GET', KEYS[1]) if not cur then return 0 end local v = tonumber(string.match(cur, '\"version\":(%d+)')) if v and v > tonumber(ARGV[2]) then return 0 end redis.call('SET', KEYS[1], ARGV[1], unpack(ARGV, 3)) return 1";

/** The background reload: SELECT the row and store it with a fresh TTL, unless it changed. */
export function* refreshEntry(id: number, ctx: CacheLayerContext): Program<BackgroundResult> {
  const key = cacheKey(id);
  const done = (rows: number): BackgroundResult => ({
    kind: 'background',
    job: 'refresh',
    id,
    rows,
  });
  const row = (yield viaCache(selectUser('reload', id))) as UserRow | null;
  if (row === null) return done(0);
  try {
    // A plain SET ... XX would put this row back over a newer one refilled since the SELECT.
    const args = [JSON.stringify(row), String(row.version), ...expiry(ctx.settings.ttlSeconds)];
    const stored = yield viaCache(redis('refresh', 'EVAL', REFRESH_IF_CURRENT, '1', key, ...args));
    return done(stored === 1 ? 1 : 0);
  } catch {
    return done(0);
  }
}
