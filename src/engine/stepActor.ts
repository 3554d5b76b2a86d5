import type { LostWrite } from './patternLedger';
import type { UserRow } from './database';
import { cacheKey, userIdOfKey } from './programs/steps';
import { isLearnerLabel } from './programs/learner';
import { jobOf } from './programs/patterns';
import { describeCommand, describeReply } from './describe';
import { FILL_IF_NEWER, INVALIDATE_IF_OLDER, isTombstone } from './programs/readVersionedFill';
import { REFRESH_IF_CURRENT } from './programs/refreshAhead';
import type { Actor } from './simActor';
import { finishRequest, startBackgroundJobs } from './simRequests';
import {
  behindQueueField,
  copyBeforeWriteOf,
  corruptTakenOf,
  deletedLockField,
  evictedBy,
  execFieldsOf,
  holdGoneOf,
  isRefreshCheck,
  keptEntryOf,
  leaseLeftOf,
  namedScriptOf,
  olderCopyOf,
  otherFieldsOf,
  uncarriedOf,
  plainLockDelKey,
  redisKeyOf,
  refreshRefusalField,
  refreshShareMs,
  storedOtherRowOf,
  versionedKeyFoundAt,
} from './stepEventFields';
import { noteChangedCells, rowWritten, type SimState } from './simState';
import { sentValueOf, storedValueOf } from './storedValue';
import { cachedJsonOf, EXEC_RAN_SHOWN, rowVersionOf, type StepEvent } from './stepEvent';
import { newOutcome } from './stepOutcome';
import {
  deletedEntryOf,
  keyChangingReadKey,
  keyLeftByReadOf,
  removedUserKey,
} from './deletedEntry';
import { mayTouchQueue, takesFromTail } from './queueTouch';
import { queueChecked, queueExpired } from './queueLoss';
import {
  closedTransactionText,
  droppedTransactionText,
  EXEC_REPLY_HINT,
  queueExpiredText,
  withSentence,
} from './stepNotes';
import { errorMessage } from './errorMessage';
import { failedResult, refusedStatementNote } from './refusedStatement';
import { retryHolderOf } from './retryHolder';
import { noteStaleFillEnd } from './staleFillEnd';

// One step of one actor: its command sent at the time the scheduler gives it, the program
// resumed with the reply, and the step's event told from what the command did.

/**
 * Reads the write-behind queue's entries without a command, when the ledger holds writes
 * queued: the writes whose entries a console command or an eviction removed are lost now (each
 * known by its entry: an RPOP takes the newer one and leaves the older; of equal entries,
 * `isFromTail` says which end went), so Pending writes, Writes lost and the consistency figures
 * say so at once, not at the flusher's next LPOP. Returns the writes lost.
 */
export async function checkWriteBehindQueue(s: SimState, isFromTail = false): Promise<LostWrite[]> {
  return queueChecked(s.runtime, isFromTail);
}

/**
 * Takes `actor`'s pending step: sends its command (under `timed`, at its due time), resumes its
 * program with the reply, finishes the request when the program returns, and records and
 * returns the step's event. Null when the actor has nothing running.
 */
export async function stepActor(s: SimState, actor: Actor): Promise<StepEvent | null> {
  const running = actor.running;
  if (!running) return null;
  const rt = s.runtime;
  const step = running.pending;
  const { effectMs, totalMs } = running.timing;
  const isTimed = s.config.scheduler === 'timed';
  // Timed: the command goes out when the actor's last reply arrived and takes effect a drawn
  // time later; steps run in the order they take effect, so actors overlap as concurrent
  // processes do. Manual and scripted: it takes effect now, and the clock moves by its latency.
  // A timed step already overdue (its actor stepped out of turn, or the clock moved past it)
  // takes effect now, as if sent its effect time ago: its reply still takes the rest of its
  // round trip, so the request's later steps keep their latencies instead of all landing now.
  const sentMs = isTimed
    ? Math.max(actor.readyAtMs, Math.round((s.runtime.clock.nowMs - effectMs) * 1000) / 1000)
    : s.runtime.clock.nowMs;
  // At its due time (`dueAt`), in whole microseconds as every timing is: the sum of two doubles
  // would put the clock at 2.4499999999999997 for 2.45.
  if (isTimed) rt.clock.advanceTo(Math.round((sentMs + effectMs) * 1000) / 1000);
  const tookEffectMs = s.runtime.clock.nowMs;
  const outcome = newOutcome(running.task.kind === 'read');
  // Single-flight's lock and a lease are released only while they still hold the request's
  // token (RELEASE_IF_HELD). What the key holds is read first (a peek sends no command), so
  // a release that found the lock no longer its own can say whether another holder has it.
  const isRelease =
    step.target === 'redis' &&
    (step.label === 'unlock' || step.label === 'release') &&
    running.lockToken !== undefined;
  const lockHolder = isRelease
    ? (await rt.cache.peek(redisKeyOf(step.argv) ?? '')).value
    : undefined;
  // A plain DEL of a lock or lease (a learner's code) checks no token: what the key held
  // before it, and who set that, tell whose lock it removed.
  const lockKey = step.target === 'redis' ? plainLockDelKey(step.argv) : undefined;
  const lockBefore = lockKey !== undefined ? await rt.cache.peek(lockKey) : undefined;
  // A DEL of one user's key: what it held (a read of the keyspace, no command), so the
  // narration says what it removed. Read only for that command.
  const delKey = step.target === 'redis' ? removedUserKey(step.argv) : undefined;
  const delBefore = delKey !== undefined ? rt.cache.keyStates([delKey]).get(delKey) : undefined;
  // A GETDEL or GETEX may remove its key or change its TTL as it answers: the key before it
  // (a read of the keyspace, no command), so the narration says what it did besides.
  const readKey = step.target === 'redis' ? keyChangingReadKey(step.argv) : undefined;
  const readBefore = readKey !== undefined ? rt.cache.held(readKey) : undefined;
  // A versioned invalidation replaces, and a versioned fill refuses, by the version the script
  // reads in what its key holds: what that was (nothing, a tombstone, a copy, a value that is
  // no row) is read first.
  const isVersioned =
    step.target === 'redis' &&
    step.argv[0] === 'EVAL' &&
    (step.argv[1] === INVALIDATE_IF_OLDER || step.argv[1] === FILL_IF_NEWER);
  const keyFound = isVersioned ? await versionedKeyFoundAt(rt, step.argv) : undefined;
  const retryHolder =
    step.target === 'wait' && step.retries !== undefined
      ? await retryHolderOf(s, `${step.retries}:${cacheKey(running.task.id)}`, actor)
      : undefined;
  let dbError: string | undefined;
  const lostBefore = rt.ledger.lostWrites;
  const evictionsBefore = rt.cache.evictions;
  // An outage or restart since the actor's MULTI or WATCH dropped them: read before the step,
  // whose EXEC ends the record.
  const closedBefore = step.target === 'redis' ? rt.cache.closedTransaction(actor.name) : undefined;
  // Timed: the clock moved to this step's effect; the queue's TTL may have run out on the way.
  let queueExpiry = isTimed ? queueExpired(rt) : null;
  try {
    await rt.run(step, actor.name, outcome);
  } catch (e) {
    // The console broke the schema (dropped or reshaped the table): the statement fails with
    // the database's error, and the request ends there, failed, as the application's would.
    if (step.target !== 'db') throw e;
    dbError = errorMessage(e);
  }
  // A lock or lease a reader could not take: who holds it, when no read under way does (a token
  // typed in the console, or left by a read that ended without releasing it, this actor's own
  // among them), so the step does not say another reader holds it.
  const lostTake =
    step.target === 'redis' &&
    (step.label === 'lock' || step.label === 'lease') &&
    outcome.reply === null &&
    outcome.error === undefined
      ? await retryHolderOf(s, redisKeyOf(step.argv) ?? '', actor)
      : undefined;
  // A learner's write whose failed command names none of its row's key: no store or
  // invalidation of that row failed here (the copy told would be another key's).
  const rowKeyElsewhere =
    step.target === 'redis' &&
    outcome.error !== undefined &&
    running.task.kind === 'write' &&
    isLearnerLabel(step.label) &&
    !step.argv.slice(1).includes(cacheKey(running.task.id))
      ? cacheKey(running.task.id)
      : undefined;
  // A command that evicted keys may have evicted the write-behind queue with its writes; one
  // that may remove or replace it (code of the learner's: DEL write-behind:queue, a script, an
  // EXEC that ran one, a RENAME over it) may have removed its entries, lost then as at a
  // console DEL.
  if (rt.cache.evictions > evictionsBefore) await checkWriteBehindQueue(s);
  else if (step.target === 'redis' && mayTouchQueue(step.argv, outcome.execQueue))
    await checkWriteBehindQueue(s, takesFromTail(step.argv, outcome.execQueue));
  if (isTimed) actor.readyAtMs = Math.round((sentMs + totalMs) * 1000) / 1000;
  else {
    rt.clock.advance(totalMs);
    actor.readyAtMs = s.runtime.clock.nowMs;
    // The write-behind queue's TTL may run out during the step (the flusher's own wait of
    // a second, a reader's round trip): Redis removes it then, and its writes are lost now.
    queueExpiry = queueExpired(rt);
  }
  const key =
    step.target === 'redis'
      ? (redisKeyOf(step.argv) ?? '')
      : step.target === 'db'
        ? step.op === 'changes'
          ? 'changes'
          : cacheKey(step.id)
        : cacheKey(running.task.id);
  if (
    step.target === 'redis' &&
    (step.label === 'lock' || step.label === 'lease') &&
    outcome.reply === 'OK'
  )
    running.lockToken = step.argv[2];
  const lockHeldBy =
    isRelease && typeof lockHolder === 'string' && lockHolder !== running.lockToken
      ? lockHolder
      : undefined;
  if (step.target === 'db' && step.op === 'update') {
    rowWritten(s, step.id);
    // A trigger the console added may have written other users' rows too.
    for (const id of rt.db.alsoChanged) rowWritten(s, id);
  }
  if (step.target === 'db' && step.op === 'update' && outcome.reply)
    noteChangedCells(s, step.id, Object.keys(step.changes));
  const next =
    dbError !== undefined
      ? running.program.return(
          running.task.kind === 'background'
            ? { kind: 'background', job: running.task.job, id: running.task.id, rows: 0 }
            : failedResult(running.task, dbError),
        )
      : outcome.error
        ? running.program.throw(outcome.error)
        : running.program.next(outcome.reply);
  // A program that cannot use a reply (a corrupt cache entry) says why on its next step; the
  // note goes on the command that returned it and on the step taken because of it.
  const nextNote = next.done ? undefined : next.value.note;
  if (nextNote !== undefined && step.target === 'redis') {
    rt.noteUnusableReply(outcome, nextNote, outcome.error === undefined);
    // The GET answered a value the application could not use, or WRONGTYPE, and the read deletes
    // the entry next (`discard`): that read was not served from the cache, so it is a miss.
    if (
      outcome.isHit ||
      (outcome.error !== undefined && !next.done && next.value.label === 'discard')
    )
      rt.countAsMiss(outcome);
  }
  const note =
    dbError !== undefined
      ? await refusedStatementNote(rt, actor.name, step, running.task, dbError)
      : // A command's own reply the program could not use comes first (the flusher's batch).
        (nextNote ??
        step.note ??
        // A learner's program that failed or was stopped says why on its last step.
        (next.done && next.value.kind !== 'background' && next.value.error !== undefined
          ? next.value.error
          : next.done && next.value.kind === 'background'
            ? next.value.note
            : undefined));
  // The flusher's UPDATE moves the database past a copy the cache holds (one loaded or built
  // while the write was queued, its copy evicted): the flush does not touch the cache.
  const olderCopy =
    rt.config.pattern === 'write-behind' &&
    running.task.kind === 'background' &&
    step.target === 'db' &&
    step.op === 'update' &&
    outcome.reply
      ? await olderCopyOf(rt, step.id, (outcome.reply as UserRow).version)
      : {};
  const cached = cachedJsonOf(step, outcome.reply, outcome.isHit);
  const event: StepEvent = {
    index: s.events.length + 1,
    actor: actor.name,
    target: step.target,
    label: step.label,
    program: running.task.kind,
    key,
    command: describeCommand(step),
    ...(step.target === 'redis' ? { argCount: step.argv.length } : {}),
    ...namedScriptOf(step),
    // A status, as redis-cli shows it: the client hands the code the text 'QUEUED'.
    reply: outcome.isQueued
      ? 'QUEUED'
      : describeReply(step, outcome.reply, dbError ?? outcome.error?.message),
    ...(outcome.isQueued === true ? { isQueued: true as const } : {}),
    isError: dbError !== undefined || outcome.error !== undefined,
    ...(outcome.error !== undefined ? { isConnectionError: outcome.error.isConnectionError } : {}),
    startMs: sentMs,
    effectMs: tookEffectMs,
    endMs: isTimed ? actor.readyAtMs : s.runtime.clock.nowMs,
    isHit: outcome.isHit,
    isMiss: outcome.isMiss,
    isTombstone: outcome.isMiss && typeof outcome.reply === 'string' && isTombstone(outcome.reply),
    ...(step.target === 'redis' && step.argv.some((arg, i) => i > 0 && isTombstone(arg))
      ? { sendsTombstone: true as const }
      : {}),
    rowVersion: rowVersionOf(step, outcome.reply),
    // A learner's EXEC: what it ran, keyed and versioned by the fill it made (after the above).
    ...(step.target === 'redis' && outcome.execQueue !== undefined && outcome.error === undefined
      ? {
          ...execFieldsOf(step, outcome.execQueue, outcome.reply, running.task.id),
          ...(outcome.execWatched !== undefined && outcome.execWatched.length > 0
            ? { execWatched: [...outcome.execWatched].slice(0, EXEC_RAN_SHOWN) }
            : {}),
        }
      : {}),
    committedVersion: rt.db.committedVersion(running.task.id),
    ...(rt.db.deletedAtMs(running.task.id) !== undefined ? { isRowDeleted: true } : {}),
    // Read only for an UPDATE that changed nothing (rare): the row may be there all the same.
    ...(step.target === 'db' &&
    step.op === 'update' &&
    outcome.error === undefined &&
    !outcome.reply &&
    rt.db.rowNow(running.task.id) !== null
      ? { isWriteSkipped: true as const }
      : {}),
    isStaleFill: outcome.isStaleFill,
    // A flush that left another user's row a fill put under the key (see `FillTracker.flushed`).
    ...(outcome.isStaleFillOtherUser === true ? { isStaleFillOtherUser: true as const } : {}),
    ...(outcome.fillJudgedLater !== undefined ? { fillJudgedLater: outcome.fillJudgedLater } : {}),
    isFillRefused: outcome.isFillRefused,
    ...(outcome.isOverwrite ? { isOverwrite: true } : {}),
    isStaleRead: false,
    finishes: next.done === true,
    ...(step.target === 'wait' && step.ends !== undefined ? { ends: step.ends } : {}),
    ...(step.target === 'wait' && step.retries !== undefined ? { retries: step.retries } : {}),
    ...(retryHolder !== undefined ? { retryHolder } : {}),
    ...(lostTake !== undefined && lostTake.actor === undefined && lostTake.isFree !== true
      ? { heldByNoRead: lostTake }
      : {}),
    // A miss the cache layer loads (read-through's loader): the cache reads the database.
    ...(step.target === 'redis' &&
    outcome.isMiss &&
    !next.done &&
    next.value.target === 'db' &&
    next.value.via === 'cache'
      ? { isLoadedByCache: true as const }
      : {}),
    // The lost SET NX of a reader's last try: it reads the database next, and waits no more.
    ...(step.target === 'redis' && !next.done && next.value.label === GIVE_UP
      ? { givesUp: true as const }
      : {}),
    ...(note !== undefined ? { note } : {}),
    ...(next.done &&
    next.value.kind !== 'background' &&
    next.value.errorLabel !== undefined &&
    next.value.errorLabel !== step.label
      ? { endLabel: next.value.errorLabel }
      : {}),
    ...cached,
    // A row of another user stored under a key that names no user (a learner's `SET x`): its
    // version says nothing of the request's row, so the step must not compare the two. Not
    // when the reply says nothing was stored (SETNX's 0, SET NX's nil): the key kept its value.
    ...(!outcome.isHit &&
    cached.cachedJson !== undefined &&
    running.task.kind !== 'background' &&
    userIdOfKey(key) === 0 &&
    (step.target !== 'redis' ||
      sentValueOf(step.argv) === undefined ||
      storedValueOf(step.argv, outcome.reply) !== undefined)
      ? storedOtherRowOf(cached.cachedJson, running.task.id)
      : {}),
    // What the copy holds that the row does not: a hit's value, or the value a fill sent.
    ...(outcome.isHit
      ? otherFieldsOf(rt.db, running.task.id, outcome.reply, rt.config.pattern)
      : outcome.fillOtherUserId !== undefined
        ? { otherUserId: outcome.fillOtherUserId }
        : outcome.fillOtherFields !== undefined
          ? { otherFields: outcome.fillOtherFields }
          : {}),
    ...(step.via !== undefined ? { via: step.via } : {}),
    ...(rt.ledger.spawned.length > 0 ? { startedJob: rt.ledger.spawned[0].job } : {}),
    ...(isRefreshCheck(step) ? { refreshShareMs: refreshShareMs(rt.settings) } : {}),
    ...(lockHeldBy !== undefined ? { lockHeldBy } : {}),
    // A lock or lease taken where the run numbers its tokens on from elsewhere than 0.
    ...(step.target === 'redis' &&
    rt.tokensAfter > 0 &&
    step.argv[0]?.toUpperCase() === 'SET' &&
    /^(lease|lock):/.test(key)
      ? { tokensAfter: rt.tokensAfter }
      : {}),
    ...(outcome.reply === 0 ? holdGoneOf(rt, step, isRelease, running.lockToken) : {}),
    ...deletedLockField(rt.cache.log, lockKey, lockBefore, outcome.reply),
    ...(readKey !== undefined && readBefore !== undefined && typeof outcome.reply === 'string'
      ? keyLeftByReadOf(readBefore, rt.cache.held(readKey), tookEffectMs)
      : {}),
    ...uncarriedOf(rt, running.task.id, step.target === 'redis' ? cached.cachedJson : undefined),
    ...(delKey !== undefined && delBefore !== undefined && outcome.reply === 1
      ? { deletedEntry: deletedEntryOf(delKey, delBefore) }
      : {}),
    ...evictedBy(rt, rt.cache.evictions - evictionsBefore),
    ...olderCopy,
    ...(rowKeyElsewhere !== undefined ? { rowKeyElsewhere } : {}),
    // A write's store or invalidation that failed, or the change-log consumer's invalidation:
    // what the cache still holds of the row (not told of a command that named another key).
    ...(step.target === 'redis' &&
    outcome.error !== undefined &&
    rowKeyElsewhere === undefined &&
    ((running.task.kind === 'write' &&
      (step.label === 'store' ||
        (rt.config.pattern !== 'write-behind' && rt.config.pattern !== 'write-through'))) ||
      (running.task.kind === 'background' && running.task.job === 'cdc'))
      ? { ...copyBeforeWriteOf(rt, key), ...leaseLeftOf(rt, step.argv) }
      : {}),
    ...(step.target === 'redis' &&
    step.argv[0] === 'EVAL' &&
    step.argv[1] === INVALIDATE_IF_OLDER &&
    outcome.reply === 0
      ? keptEntryOf(rt, key)
      : {}),
    ...(keyFound !== undefined ? { keyFound } : {}),
    // Only a batch the flusher skipped entries of (it notes why on its next step) is read again.
    ...(running.task.kind === 'background' &&
    running.task.job === 'flush' &&
    step.target === 'redis' &&
    step.argv[0] === 'LPOP' &&
    nextNote !== undefined
      ? corruptTakenOf(outcome.reply)
      : {}),
    ...(step.target === 'redis' &&
    step.argv[0] === 'EVAL' &&
    step.argv[1] === REFRESH_IF_CURRENT &&
    outcome.reply === 0
      ? refreshRefusalField(rt, key)
      : {}),
    ...(rt.config.pattern === 'write-behind' &&
    step.target === 'db' &&
    step.op === 'select' &&
    rt.ledger.hasQueuedWrite(step.id)
      ? behindQueueField(rt, step.id)
      : {}),
    ...(rt.ledger.lostWrites > lostBefore ? { lostWrites: rt.ledger.lostWrites - lostBefore } : {}),
    ...(next.done &&
    running.task.kind === 'background' &&
    running.task.job === 'flush' &&
    rt.ledger.pendingWrites > 0
      ? { writesLeftWaiting: rt.ledger.pendingWrites }
      : {}),
  };
  const closedText =
    closedBefore !== undefined && step.target === 'redis'
      ? closedTransactionText(actor.name, closedBefore, step.argv, outcome.error?.message)
      : undefined;
  if (closedText !== undefined) event.note = withSentence(event.note, closedText);
  if (queueExpiry !== null && queueExpiry.lost.length > 0)
    event.note = withSentence(
      event.note,
      // Timed: the clock moved to this step's effect before it ran, so the TTL ran out first.
      queueExpiredText(queueExpiry, isTimed ? 'the time before this step took effect' : undefined),
    );
  // The code failed on the replies of the EXEC it just sent, before sending anything else.
  if (
    step.target === 'redis' &&
    outcome.execQueue !== undefined &&
    outcome.error === undefined &&
    Array.isArray(outcome.reply) &&
    next.done &&
    next.value.kind !== 'background' &&
    next.value.error !== undefined &&
    / path failed: /.test(next.value.error)
  )
    event.note = withSentence(event.note, EXEC_REPLY_HINT);
  if (next.done) {
    const result = next.value;
    // The request's connection keeps no MULTI and no watch past it (the actor's next request
    // starts with neither): what it left open is dropped, and the step says so.
    const dropped = rt.cache.endTransaction(actor.name);
    if (dropped !== undefined) {
      const text = droppedTransactionText(actor.name, dropped);
      event.note = withSentence(event.note, text);
    }
    if (result.kind === 'background') {
      rt.ledger.ended(jobOf(result));
      actor.running = null;
    } else finishRequest(s, actor, running, result, event, outcome.servedVersion);
    event.isStaleFill = event.isStaleFill || outcome.isStaleFill;
  } else {
    running.pending = next.value;
    running.timing = rt.timing(next.value, { effectMs: 0, totalMs: 0 });
  }
  if (event.isStaleFill) await noteStaleFillEnd(s, event, step, key, running.task.id);
  startBackgroundJobs(s);
  s.events.push(event);
  return event;
}

/** The label of the SELECT a lease or single-flight reader sends once its retries ran out. */
const GIVE_UP = 'give-up';
