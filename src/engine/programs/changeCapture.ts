import type { ChangeFeed } from '../changeFeed';
import type { ChangeRow, UserChanges, UserRow } from '../database';
import type { CacheLayerContext } from './cacheLayer';
import type { ReadMitigation } from './catalog';
import { INVALIDATE_IF_OLDER } from './readVersionedFill';
import { cacheKey, expiry, pause, redis, updateUser, writeResult } from './steps';
import type { BackgroundResult, Program, Step, WriteResult } from './types';

/** Changes the consumer reads from the log at once. */
export const CHANGE_BATCH = 100;

/** What the change-data-capture consumer can ask of its environment. */
export interface ChangeCaptureContext extends CacheLayerContext {
  readonly changeFeed: ChangeFeed;
  /** Virtual now, ms (to wait until an invalidation is due). */
  readonly nowMs: number;
  /**
   * The consumer is done with a change of row `id`: delivered, or not (dropped, or `isFailed`:
   * Redis refused its DEL or could not be reached, a failed invalidation as a writer's own is).
   */
  invalidated(id: number, isDelivered: boolean, isFailed?: boolean): void;
}

/** `SELECT id, user_id, version, at FROM changes WHERE id > ? ORDER BY id LIMIT ?` */
export const readChanges = (label: string, after: number, limit: number): Step => ({
  target: 'db',
  label,
  op: 'changes',
  id: 0,
  after,
  limit,
});

/**
 * The write path when a change-data-capture consumer invalidates: the application only
 * UPDATEs; the database's trigger records the change, and the consumer deletes the key later.
 */
export function* writeUpdateOnly(id: number, changes: UserChanges): Program<WriteResult> {
  const row = (yield updateUser('update', id, changes)) as UserRow | null;
  return writeResult(id, row, false, false);
}

/** What the consumer sends for a changed row, by read mitigation, in words ({@link invalidationOf}). */
export const CONSUMER_ACTION: Record<ReadMitigation, string> = {
  none: 'DELs the key',
  'single-flight': 'DELs the key',
  'early-refresh': 'DELs the key',
  lease: 'DELs the key and its lease',
  'versioned-fill': 'leaves a tombstone of the new version (EVAL)',
};

/** How the consumer removes a changed row's entry, given the read side's mitigation. */
function invalidationOf(change: ChangeRow, ctx: ChangeCaptureContext): Step {
  const key = cacheKey(change.user_id);
  if (ctx.mitigation === 'lease') return redis('del', 'DEL', key, `lease:${key}`);
  if (ctx.mitigation === 'versioned-fill')
    return redis(
      'del',
      'EVAL',
      INVALIDATE_IF_OLDER,
      '1',
      key,
      String(change.version),
      ...expiry(ctx.settings.ttlSeconds),
    );
  return redis('del', 'DEL', key);
}

/**
 * The change-data-capture consumer: reads the change log past its cursor, waits until the
 * oldest invalidation is due (the consumer's lag), sends it, and polls again; it ends when
 * nothing is left to deliver (the next write starts it again). Dropped changes are never sent.
 */
export function* consumeChanges(ctx: ChangeCaptureContext): Program<BackgroundResult> {
  const feed = ctx.changeFeed;
  let rows = 0;
  for (;;) {
    const polled = (yield readChanges('poll', feed.cursor, CHANGE_BATCH)) as ChangeRow[];
    const dropped = feed.received(polled);
    for (const change of dropped) ctx.invalidated(change.user_id, false);
    // A drop sends nothing, so no step of its own shows it: the poll that read the change says
    // so (a program's note on its next step goes on the step before, as a corrupt entry's does).
    const note = dropped.length === 0 ? undefined : droppedText(dropped);
    let next = feed.peek();
    if (next === undefined)
      return {
        kind: 'background',
        job: 'cdc',
        id: 0,
        rows,
        ...(note === undefined ? {} : { note }),
      };
    // Everything due by the end of the wait goes out after it (a scheduler may resume the
    // program before its clock shows the wait's end, so the end is kept, not re-read).
    const until = Math.max(ctx.nowMs, next.dueMs);
    const waitMs = Math.round((next.dueMs - ctx.nowMs) * 1000) / 1000;
    let noted = note;
    if (waitMs > 0) {
      yield { ...pause('lag', waitMs), ...(noted === undefined ? {} : { note: noted }) };
      noted = undefined;
    }
    while ((next = feed.peek()) !== undefined && next.dueMs <= until + 0.001) {
      feed.take();
      try {
        const step = invalidationOf(next.change, ctx);
        const told = noted === undefined ? step : { ...step, note: noted };
        noted = undefined;
        yield told;
      } catch {
        feed.sent(false);
        ctx.invalidated(next.change.user_id, false, true);
        continue;
      }
      feed.sent(true);
      ctx.invalidated(next.change.user_id, true);
      rows++;
    }
  }
}

/** The consumer's note on a poll whose changes it dropped (the Dropped chance, `cdcLoss`). */
function droppedText(dropped: readonly ChangeRow[]): string {
  const named = dropped
    .slice(0, 3)
    .map((c) => `user ${c.user_id}'s change to version ${c.version}`)
    .join(', ');
  const more = dropped.length > 3 ? ` and ${dropped.length - 3} more` : '';
  const one = dropped.length === 1;
  return `The consumer dropped the invalidation of ${named}${more} (the Dropped chance): it never sends ${one ? 'its DEL' : 'their DELs'}, so a copy of ${one ? 'that row' : 'each row'} cached before the change stays until its TTL ends it or a later change's invalidation removes it.`;
}
