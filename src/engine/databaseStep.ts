import { consoleChanged } from './consoleCopies';
import type { UserRow } from './database';
import { cacheKey } from './programs/steps';
import type { Step } from './programs/types';
import { sentBy, type Runtime } from './runtime';
import type { StepOutcome } from './stepOutcome';

/**
 * Runs a database step now, as `actor`, into `out` (sql.js is synchronous): a SELECT, an UPDATE
 * with what it commits (the change log's invalidation owed, a flush's write reaching the
 * database, a write around the cache), or a read of the change log.
 */
export function runDatabaseStep(
  rt: Runtime,
  step: Extract<Step, { target: 'db' }>,
  actor: string,
  out: StepOutcome,
): void {
  const by = sentBy(step, actor);
  if (step.op === 'changes') {
    out.reply = rt.db.readChanges(by, step.after, step.limit);
    return;
  }
  const isFlush = step.op === 'update' && step.label === 'flush' && step.via === 'cache';
  try {
    out.reply =
      step.op === 'select'
        ? rt.db.selectUser(by, step.id)
        : rt.db.updateUser(by, step.id, step.changes);
  } catch (e) {
    // The flusher stops at a refused UPDATE: the writes it took are lost (see the ledger).
    if (isFlush) rt.replies.noteLost(() => rt.ledger.flushRefused());
    throw e;
  }
  if (isFlush && !out.reply)
    rt.replies.noteLost(() => rt.ledger.flushed(rt.clock.nowMs, step.id, false));
  if (step.op === 'update' && out.reply) {
    if (rt.isCdc) rt.changesCommitted([step.id]);
    // A flush only brings the database up to what the cache already served.
    if (isFlush) {
      // A copy typed in the console while this write waited may be the row it makes now.
      if (rt.consistency.holdsNoRow(step.id)) consoleChanged(rt, [cacheKey(step.id)]);
      // Its write is in both stores now; first, so that a write its UPDATE overwrote, and
      // lost, is not taken for the write it flushed.
      rt.consistency.reachedDatabase(step.id, (out.reply as UserRow).version, rt.clock.nowMs);
      // The newer write it overwrote was acknowledged and is gone: lost for good.
      rt.replies.noteLost(() => {
        out.isOverwrite = rt.ledger.flushed(rt.clock.nowMs, step.id);
      });
      rt.fills.flushed(step.id, rt.ledger.lastFlushQueuedAtMs, out);
    } else {
      rt.ledger.wroteAround(rt.clock.nowMs, step.id, Object.keys(step.changes));
      const version = (out.reply as UserRow).version;
      // Write-behind's fallback after its SET went through (the RPUSH failed) writes the
      // write that SET committed: judged as that one, not as a second beside it.
      const isStoredWrite =
        step.op === 'update' &&
        step.writesStoredWrite === true &&
        rt.consistency.wroteQueuedWrite(step.id, version, rt.clock.nowMs);
      if (!isStoredWrite) rt.consistency.committed(step.id, version, rt.clock.nowMs);
    }
  }
}
