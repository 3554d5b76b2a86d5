import type { UserChanges, UserRow } from '../database';
import {
  viaCache,
  WRITE_BEHIND_QUEUE,
  type CacheLayerContext,
  type QueuedWrite,
} from './cacheLayer';
import { cacheKey, corruptionOf, pause, redis, selectUser, updateUser, writeResult } from './steps';
import type { BackgroundResult, Program, WriteResult } from './types';

/**
 * The write-behind write path. The write lands in the cache only: the cache takes its copy of
 * the row (loading it on a miss), applies the changes, stores the new row without expiry (a
 * dirty entry must outlive its flush), queues the changes (RPUSH) and acknowledges. A flusher
 * writes the queue to the database later, in batches. Until then the database lags; if the
 * cache restarts first, the queued writes are gone.
 */
export function* writeBehind(
  id: number,
  changes: UserChanges,
  ctx: CacheLayerContext,
): Program<WriteResult> {
  const key = cacheKey(id);
  // Two writes of one entry must not both start from the same copy (one would be lost).
  while (!ctx.tryLock(key)) yield viaCache(pause('locked', ctx.settings.retryDelayMs));
  try {
    return yield* writeLocked(id, key, changes, ctx);
  } finally {
    ctx.unlock(key);
  }
}

function* writeLocked(
  id: number,
  key: string,
  changes: UserChanges,
  ctx: CacheLayerContext,
): Program<WriteResult> {
  let row: UserRow | null = null;
  try {
    const cached = (yield viaCache(redis('get', 'GET', key))) as string | null;
    if (cached !== null && corruptionOf(id, cached) === null) row = JSON.parse(cached) as UserRow;
  } catch {
    // No cache to write behind: the application writes the database itself.
    const direct = (yield updateUser('fallback', id, changes)) as UserRow | null;
    return writeResult(id, direct, true);
  }
  row ??= (yield viaCache(selectUser('load', id))) as UserRow | null;
  if (row === null) return writeResult(id, null, false);
  // The database sets updated_at when the flush reaches it; the cached copy keeps the old one.
  const next: UserRow = { ...row, ...changes, version: row.version + 1 };
  try {
    yield viaCache(redis('store', 'SET', key, JSON.stringify(next)));
    const queued: QueuedWrite = { id, changes: { ...changes } as Record<string, string> };
    yield viaCache(redis('queue', 'RPUSH', WRITE_BEHIND_QUEUE, JSON.stringify(queued)));
  } catch {
    const direct = (yield updateUser('fallback', id, changes)) as UserRow | null;
    return writeResult(id, direct, true);
  }
  ctx.spawn({ job: 'flush' });
  return writeResult(id, next, false);
}

/**
 * The write-behind flusher: waits, then takes up to a batch of queued writes (LPOP with a
 * count) and applies each to the database (UPDATE), until the queue is empty.
 */
export function* flushWriteBehind(ctx: CacheLayerContext): Program<BackgroundResult> {
  let rows = 0;
  yield viaCache(pause('wait', ctx.settings.writeBehindDelayMs));
  for (;;) {
    let batch: string[] | null;
    try {
      batch = (yield viaCache(
        redis('take', 'LPOP', WRITE_BEHIND_QUEUE, String(ctx.settings.writeBehindBatch)),
      )) as string[] | null;
    } catch {
      return { kind: 'background', job: 'flush', id: 0, rows };
    }
    if (batch === null || batch.length === 0)
      return { kind: 'background', job: 'flush', id: 0, rows };
    for (const entry of batch) {
      const queued = JSON.parse(entry) as QueuedWrite;
      yield viaCache(updateUser('flush', queued.id, queued.changes));
      rows++;
    }
  }
}
