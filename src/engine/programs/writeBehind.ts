import { WRITABLE_COLUMNS, type UserChanges, type UserRow } from '../database';
import { writePastSafeText } from '../versionLimit';
import {
  commitInCache,
  viaCache,
  writingStoredWrite,
  WRITE_BEHIND_QUEUE,
  type CacheLayerContext,
  type QueuedWrite,
} from './cacheLayer';
import {
  cacheKey,
  corruptionOf,
  corruptNote,
  MAX_ENTRY_LENGTH,
  pause,
  redis,
  selectUser,
  updateUser,
  writeResult,
} from './steps';
import type { BackgroundResult, Program, Step, WriteResult } from './types';

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
  // Why the copy the cache holds cannot be used (a corrupt entry): said on the load it causes.
  let problem: string | null = null;
  try {
    const cached = (yield viaCache(redis('get', 'GET', key))) as string | null;
    problem = cached === null ? null : corruptionOf(id, cached);
    if (cached !== null && problem === null) row = JSON.parse(cached) as UserRow;
  } catch {
    // No cache to write behind: the application writes the database itself. A write of this
    // row still queued replays its older change over this one when it is flushed: the
    // pattern's weakness, which the page counts as a lost write and tells at that flush.
    const direct = (yield updateUser('fallback', id, changes)) as UserRow | null;
    // A copy the cache holds from before is older now: the engine counts it if there is one.
    return {
      ...writeResult(id, direct, direct !== null, true),
      ...(direct === null ? {} : { isWrittenAround: true as const }),
    };
  }
  row ??= (yield viaCache(
    selectUser('load', id, problem === null ? undefined : corruptNote(key, problem)),
  )) as UserRow | null;
  if (row === null) return writeResult(id, null, false);
  // Past 2^53 - 1 a version is no longer exact in JavaScript: refused, as the database refuses it.
  if (row.version >= Number.MAX_SAFE_INTEGER)
    return {
      ...writeResult(id, null, false),
      error: writePastSafeText(
        id,
        row.version,
        'the write was not made: nothing was cached or queued',
      ),
    };
  // The database sets updated_at when the flush reaches it; the cached copy keeps the old one.
  const next: UserRow = { ...row, ...changes, version: row.version + 1 };
  let isStored = false;
  try {
    yield commitInCache(redis('store', 'SET', key, JSON.stringify(next)));
    isStored = true;
    const queued: QueuedWrite = { id, changes: { ...changes } as Record<string, string> };
    yield viaCache(redis('queue', 'RPUSH', WRITE_BEHIND_QUEUE, JSON.stringify(queued)));
  } catch {
    const fallback = updateUser('fallback', id, changes);
    const direct = (yield isStored ? writingStoredWrite(fallback) : fallback) as UserRow | null;
    // The cache did not take this write: whatever copy it keeps may be older than the row just
    // written. The engine counts a lost invalidation only if it is (see `Runtime.finish`):
    // after a SET that went through (the RPUSH failed), it holds this write's row already.
    return {
      ...writeResult(id, direct, direct !== null, true),
      ...(direct === null ? {} : { isWrittenAround: true as const }),
    };
  }
  ctx.spawn({ job: 'flush' });
  return writeResult(id, next, false);
}

/**
 * The write-behind flusher: waits, then takes up to a batch of queued writes (LPOP with a
 * count) and applies each to the database (UPDATE), until the queue is empty. An entry that is
 * not a write as the application queues it (something typed in the console) is a corrupt
 * entry: the flusher logs it, skips it and writes the rest.
 */
export function* flushWriteBehind(ctx: CacheLayerContext): Program<BackgroundResult> {
  let rows = 0;
  // Why the flusher skipped entries of the last batch: told on the step after that LPOP.
  let note: string | undefined;
  yield viaCache(pause('wait', ctx.settings.writeBehindDelayMs));
  for (;;) {
    let batch: string[] | null;
    try {
      batch = (yield noted(
        viaCache(redis('take', 'LPOP', WRITE_BEHIND_QUEUE, String(ctx.settings.writeBehindBatch))),
        note,
      )) as string[] | null;
    } catch {
      return { kind: 'background', job: 'flush', id: 0, rows };
    }
    note = undefined;
    if (batch === null || batch.length === 0)
      return { kind: 'background', job: 'flush', id: 0, rows };
    const writes: QueuedWrite[] = [];
    const skipped: string[] = [];
    for (const entry of batch) {
      const write = queuedWriteOf(entry);
      if (typeof write === 'string') skipped.push(`${shown(entry)} (${write})`);
      else writes.push(write);
    }
    if (skipped.length > 0) note = skippedNote(skipped);
    for (const write of writes) {
      const changed = (yield noted(
        viaCache(updateUser('flush', write.id, write.changes)),
        note,
      )) as UserRow | null;
      note = undefined;
      // An UPDATE of a row that is not there changes nothing (the log says 0 rows changed).
      if (changed !== null) rows++;
    }
  }
}

const noted = (step: Step, note: string | undefined): Step =>
  note === undefined ? step : { ...step, note };

/** A queued entry as the log shows it: quoted, and cut short when long. */
const shown = (entry: string): string =>
  JSON.stringify(entry.length > 40 ? entry.slice(0, 37) + '…' : entry);

/** The narration's note for entries of the queue the flusher cannot write. */
const skippedNote = (skipped: string[]): string =>
  `Corrupt ${skipped.length === 1 ? 'entry' : 'entries'} in ${WRITE_BEHIND_QUEUE}: ${skipped.join('; ')}. ` +
  `The flusher logs ${skipped.length === 1 ? 'it, skips it' : 'them, skips them'} and writes the rest.`;

const WRITABLE: ReadonlySet<string> = new Set(WRITABLE_COLUMNS);

/**
 * A queued entry as the write path pushes it (`{"id":<user id>,"changes":{<column>:<text>}}`,
 * the columns a write may change), or why it is not one.
 */
export function queuedWriteOf(entry: string): QueuedWrite | string {
  if (entry.length > MAX_ENTRY_LENGTH)
    return `the value is too large for a queued write (${entry.length} characters)`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(entry);
  } catch {
    return 'the value is not JSON';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return 'the value is JSON but not an object';
  const { id, changes, ...rest } = parsed as { id?: unknown; changes?: unknown };
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1)
    return 'the entry has no user id';
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes))
    return 'the entry has no changes';
  // The write path queues a write only with something to change.
  if (Object.keys(changes).length === 0) return 'the entry changes no column';
  const extra = Object.keys(rest);
  if (extra.length > 0) return `the entry has a field a queued write does not have (${extra[0]})`;
  for (const [column, value] of Object.entries(changes)) {
    if (!WRITABLE.has(column))
      return `the changes name a column a write may not change (${column})`;
    if (typeof value !== 'string') return `the changes give ${column} a value that is not text`;
  }
  return { id, changes: changes as Record<string, string> };
}
