import type { UserRow } from '../database';
import { storeIfNewer, viaCache, type CacheLayerContext } from './cacheLayer';
import { DISCARD_IF_UNCHANGED, isTombstone } from './readVersionedFill';
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
import type { Program, ReadResult } from './types';

/**
 * The read-through read path. The application asks the cache only (GET); on a miss the cache
 * itself loads the row from the database and stores it (SELECT, SET ... EX, both issued by the
 * cache layer), then answers. The commands are cache-aside's but for the store's NX (see
 * {@link loadThrough}); who sends them is not.
 */
export function* readThrough(id: number, ctx: CacheLayerContext): Program<ReadResult> {
  const key = cacheKey(id);
  // Why the entry found cannot be used (a corrupt entry), when it cannot, and what it held.
  let problem: string | null = null;
  let found = '';
  try {
    try {
      const cached = (yield redis('get', 'GET', key)) as string | null;
      if (cached !== null && !isTombstoneMiss(cached, ctx)) {
        problem = corruptionOf(id, cached);
        if (problem === null) return hitResult(id, cached);
        found = cached;
      }
    } catch (e) {
      problem = wrongTypeOf(e);
      if (problem === null) throw e;
    }
    // Not a row this application wrote: the cache logs it and deletes it, then loads the row as
    // on a miss. Only that entry: the cache owns its entries, and a row a writer stored since
    // (write-behind's copy of a write not yet flushed, its only copy) must stay, as must a
    // tombstone (see DISCARD_IF_UNCHANGED).
    if (problem !== null)
      yield viaCache(
        noted(
          redis('discard', 'EVAL', DISCARD_IF_UNCHANGED, '1', key, found),
          discardNote(key, problem),
        ),
      );
  } catch (e) {
    // The cache is the application's only door to the data: with it unreachable, the
    // application falls back to the database itself, as cache-aside would.
    const row = (yield selectUser('fallback', id, cacheErrorNote(key, e))) as UserRow | null;
    return withCorruption(readResult(id, row, false, null, true), problem);
  }
  return withCorruption(yield* loadThrough(id, ctx), problem);
}

/**
 * A tombstone the change log's consumer left under versioned fills (`cdc`): the row changed, so
 * it is a miss and the loader refills over it, as cache-aside's versioned read does. Under any
 * other setting nothing of ours writes one, and a value that is no row is a corrupt entry.
 */
export const isTombstoneMiss = (cached: string, ctx: CacheLayerContext): boolean =>
  ctx.mitigation === 'versioned-fill' && isTombstone(cached);

/**
 * The cache's loader: SELECT the row, SET it with the TTL, answer it (shared by the patterns).
 * Unlike cache-aside's fill, the SET carries NX: a cache that owns its entries loads under the
 * entry's lock, so a row a writer stored meanwhile (update-cache, write-through, write-behind's
 * unflushed entry) is newer and stays. Under update-cache this is where read-through's outcome
 * differs from cache-aside's, whose plain SET puts the older row back. Under versioned fills
 * (the change log's consumer leaves tombstones) the key may hold a tombstone, which NX would
 * never replace: the loader stores with the versioned fill's script instead, which replaces a
 * tombstone of the row's version or an older one and, like NX, keeps a row as new as its own.
 */
export function* loadThrough(id: number, ctx: CacheLayerContext): Program<ReadResult> {
  const key = cacheKey(id);
  const { settings } = ctx;
  const row = (yield viaCache(selectUser('load', id))) as UserRow | null;
  if (row === null) return readResult(id, null, false, null);
  try {
    if (ctx.mitigation === 'versioned-fill') {
      const filled = yield viaCache(storeIfNewer('fill', key, row, settings.ttlSeconds));
      return readResult(id, row, false, filled === 1 ? row.version : null);
    }
    // NX: a row a writer stored meanwhile (write-through, write-behind) is newer: keep it.
    const stored = yield viaCache(
      redis('store', 'SET', key, JSON.stringify(row), ...expiry(settings.ttlSeconds), 'NX'),
    );
    return readResult(id, row, false, stored === 'OK' ? row.version : null);
  } catch {
    return readResult(id, row, false, null, true);
  }
}
