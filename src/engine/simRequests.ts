import type { ProgramResult } from './programs/types';
import type { Task } from './runtime';
import type { Actor, Running } from './simActor';
import type { SimState } from './simState';
import type { StepEvent } from './stepEvent';
import { copyBeforeWriteOf } from './stepEventFields';
import { newOutcome } from './stepOutcome';

// Requests and background jobs starting on an actor, and a request's end: its result judged,
// recorded, and the actor's next queued request started.

/**
 * Gives each background job a program started (a refresh-ahead reload, a write-behind flush)
 * to the cache layer's process that runs it, an actor of its own, added when first needed.
 */
export function startBackgroundJobs(s: SimState): void {
  for (let bg = s.runtime.nextBackground(); bg; bg = s.runtime.nextBackground()) {
    // Reloads of different rows run side by side: a busy refresher gets a sibling.
    let actor: Actor | undefined;
    for (let n = 1; !actor; n++) {
      const name = n === 1 ? bg.actor : `${bg.actor}${n}`;
      const found = s.actors.find((a) => a.name === name);
      if (!found) {
        actor = { name, queue: [], running: null, readyAtMs: s.runtime.clock.nowMs };
        s.actors.push(actor);
      } else if (!found.running) actor = found;
    }
    const first = bg.program.next();
    if (first.done) {
      s.runtime.ledger.ended(bg.job);
      continue;
    }
    actor.readyAtMs = Math.max(actor.readyAtMs, s.runtime.clock.nowMs);
    actor.running = {
      task: {
        kind: 'background',
        job: bg.job.job,
        id: bg.job.job === 'refresh' ? bg.job.id : 0,
      },
      program: bg.program,
      pending: first.value,
      timing: s.runtime.timing(first.value, { effectMs: 0, totalMs: 0 }),
      startedMs: actor.readyAtMs,
      committedAtStart: 0,
    };
  }
}

/** Starts the actor's next queued request, unless it is running one; its first step is ready. */
export function startNext(s: SimState, actor: Actor): void {
  if (actor.running || actor.queue.length === 0) return;
  const task = actor.queue.shift() as Task;
  const program = s.runtime.start(task, actor.name);
  const first = program.next();
  if (first.done) return; // programs always take at least one step
  actor.readyAtMs = Math.max(actor.readyAtMs, s.runtime.clock.nowMs);
  const timing = s.runtime.timing(first.value, { effectMs: 0, totalMs: 0 });
  actor.running = {
    task,
    program,
    pending: first.value,
    timing,
    startedMs: actor.readyAtMs,
    committedAtStart: s.runtime.db.committedVersion(task.id),
  };
}

/**
 * A request's program returned: its result checked and judged (a read's verdict on the step it
 * ended on), recorded, and the actor's next queued request started.
 */
export function finishRequest(
  s: SimState,
  actor: Actor,
  running: Running,
  returned: ProgramResult,
  event: StepEvent,
  servedVersion: number,
): void {
  const result = s.runtime.checkAnswer(returned, running.committedAtStart);
  // A wrong answer found only now says why on the step it ends on, as a failure would.
  if (result !== returned && event.note === undefined) event.note = result.error;
  if (result.error !== undefined) {
    event.isFailed = true;
    s.failedRequests++;
    s.runtime.abandon(result);
    s.results.push({ ...result, actor: actor.name });
    actor.running = null;
    startNext(s, actor);
    return;
  }
  const outcome = newOutcome();
  const verdict = s.runtime.finish(
    result,
    running.startedMs,
    running.committedAtStart,
    servedVersion,
    outcome,
  );
  if (outcome.isStaleFill) event.isStaleFill = true;
  if (outcome.isStaleFillOtherUser === true) event.isStaleFillOtherUser = true;
  if (outcome.isInvalidationLost === true) {
    event.isInvalidationLost = true;
    // Read once per lost invalidation, off the default programs' path.
    const { otherRowBeforeWrite } = copyBeforeWriteOf(s.runtime, result.key);
    if (otherRowBeforeWrite !== undefined) event.otherRowLeft = otherRowBeforeWrite;
  }
  if (verdict && result.kind === 'read') {
    event.isStaleRead = verdict.isStale;
    event.verdict = verdict;
    // A hit's row and version are getters (parsed on demand): copy them as plain fields.
    s.results.push({
      ...result,
      row: result.row,
      version: result.version,
      actor: actor.name,
      verdict,
    });
  } else s.results.push({ ...result, actor: actor.name });
  actor.running = null;
  startNext(s, actor);
}
