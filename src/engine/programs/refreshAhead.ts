import type { UserRow } from '../database';
import { viaCache, type CacheLayerContext } from './cacheLayer';
import { loadThrough } from './readThrough';
import {
  cacheErrorNote,
  cacheKey,
  corruptionOf,
  corruptNote,
  corruptResult,
  expiry,
  hitResult,
  readResult,
  redis,
  selectUser,
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
  try {
    const cached = (yield redis('get', 'GET', key)) as string | null;
    if (cached !== null) {
      const problem = corruptionOf(id, cached);
      if (problem !== null) {
        const row = (yield viaCache(
          selectUser('corrupt', id, corruptNote(key, problem)),
        )) as UserRow | null;
        return corruptResult(id, row, problem);
      }
      if (ttlSeconds > 0) {
        const remainingMs = (yield viaCache(redis('ttl', 'PTTL', key))) as number;
        if (remainingMs >= 0 && remainingMs < ttlSeconds * 1000 * refreshAheadFactor)
          ctx.spawn({ job: 'refresh', id });
      }
      return hitResult(id, cached);
    }
  } catch (e) {
    const row = (yield selectUser('fallback', id, cacheErrorNote(key, e))) as UserRow | null;
    return readResult(id, row, false, null, true);
  }
  return yield* loadThrough(id, ctx);
}

/** The background reload: SELECT the row and SET it with a fresh TTL. */
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
    // XX: a writer that deleted the entry meanwhile wins; the next read loads the new row.
    yield viaCache(
      redis('refresh', 'SET', key, JSON.stringify(row), ...expiry(ctx.settings.ttlSeconds), 'XX'),
    );
  } catch {
    return done(0);
  }
  return done(1);
}
