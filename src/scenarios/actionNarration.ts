// What a beat's actions that send no command themselves did (a read started or queued, the
// clock moved, Redis taken down or restarted), why a Step found nothing to do, and what the
// engine said such an action did beyond itself (a restart's lost writes, the keys a clock move expired).
import { nameEscaped } from '../engine/describe';
import type { SimAction, WritesWaitingOnUp } from '../engine/simAction';
import type { IdleStep } from '../engine/simActor';
import { durationText, waitingText } from './narrationTerms';

/** A Step (the next actor's) that found no actor with a step to take. */
export const NOTHING_RUNNING =
  'Nothing is running: every request has finished and no background job (a flusher, a refresher, the change consumer) has work, so there was no step to take.';

/** A clock move's tail, told in place of the keys it expired when they are not known. */
const CLOCK_EXPIRES = '; keys whose TTL ran out in that time expire.';

/** The keys a clock move expired (`TimelineEntry.expiredByClock`), named from the engine's state. */
export interface ClockExpired {
  keys: readonly string[];
  count: number;
}

/** What a clock move did to Redis, by the keys it expired: "user:7 expires (TTL ran out), ...". */
export function clockExpiredText({ keys, count }: ClockExpired): string {
  if (count === 0) return "no key's TTL runs out in that time, so Redis holds what it held.";
  const one = count === 1;
  return `${keyList(keys, count)} ${one ? 'expires' : 'expire'} (TTL ran out), so Redis no longer holds ${one ? 'it' : 'them'}.`;
}

/** A restart, told before what it emptied. */
const RESTARTS = 'Redis restarts with an empty memory.';

/** Redis going down, the clock moving ...: a beat's actions that send no command themselves. */
export function describeAction(a: SimAction, isQueued = false, isCacheUp?: boolean): string | null {
  const starts = isQueued ? 'queues' : 'starts';
  const after = isQueued ? ' It waits until its unfinished request is done.' : '';
  switch (a.type) {
    case 'read':
      return `${a.actor} ${starts} a read of user:${a.id}.${after}`;
    case 'write':
      return `${a.actor} ${starts} a write of user:${a.id} (${Object.entries(a.changes)
        .map(([k, v]) => `${k}: ${String(v)}`)
        .join(', ')}).${after}`;
    case 'advanceClock':
      return `The virtual clock moves on ${durationText(a.ms)}${CLOCK_EXPIRES}`;
    case 'setCacheAvailable':
      // A restart brings Redis back up (empty): taking it up again then changes nothing.
      if (isCacheUp === a.isUp)
        return a.isUp
          ? 'Redis is already reachable, so nothing changes.'
          : 'Redis is already down, so nothing changes.';
      return a.isUp
        ? 'Redis is reachable again with the keys it held, less any whose TTL ran out while it was down.'
        : 'Redis goes down: every command to it fails with a connection error until it is back.';
    case 'restartCache':
      return RESTARTS;
    case 'step':
      // Told only when it sent nothing: the engine found no actor with a step to take.
      return NOTHING_RUNNING;
    default:
      return null;
  }
}

/**
 * Why an actor's Step sent no command, from the engine's state at that Step: a process of the
 * cache layer this run's settings do not have, one that has not started or has stopped (and what
 * starts it), or an actor with no request running; then the requests still running.
 */
export function describeIdleStep(s: IdleStep): string {
  // An application process with no request is idle, said as a teacher says it; a process of the
  // cache layer says why it has nothing to send. Said of the actor, not of the Step: a scenario's
  // beat may go on with another actor's commands.
  const told = [
    s.job === undefined
      ? `${s.actor} is idle: it has no request running, so it sends nothing.`
      : `${s.actor} sends nothing: ${idleCause(s)}`,
  ];
  if (s.running.length > 0)
    told.push(`Still running: ${s.running.map((r) => `${r.actor} (${r.task})`).join(', ')}.`);
  return told.join(' ');
}

/** Why `s.actor` has no step to take, as the clause after "sends nothing:" or "nothing to do:". */
export function idleCause(s: IdleStep): string {
  const waits = waitingText;
  switch (s.job) {
    case 'cdc': {
      if (!s.isJobInRun)
        return 'this run does not invalidate from the change log (its writes invalidate on their own path), so no change consumer runs.';
      const since = s.hasStarted
        ? 'it delivered every change in the log and stopped; it starts again when a write commits to the database, and none has since.'
        : 'the change consumer has not started; it starts when a write commits to the database, and none has yet.';
      if (s.pattern !== 'write-behind') return since;
      return `${since} Under write-behind a write reaches the database only through the flusher's UPDATE${
        s.pendingWrites > 0 ? `, and ${waits(s.pendingWrites)} for it.` : '.'
      }`;
    }
    case 'flush':
      if (!s.isJobInRun)
        return `only write-behind has a flusher, and this run's pattern is ${s.pattern}.`;
      // Only an LPOP that could not reach Redis stops it with writes left: they wait, unflushed.
      if (s.hasStarted && s.pendingWrites > 0)
        return `it stopped with ${s.pendingWrites} ${s.pendingWrites === 1 ? 'write' : 'writes'} still waiting in the queue, and no flusher runs until the next write is queued: its RPUSH starts one.`;
      return `${s.hasStarted ? 'it emptied the write-behind queue and stopped' : 'it has not started'}; a write queued starts it.`;
    case 'refresh':
      if (!s.isJobInRun)
        return `only refresh-ahead reloads keys in the background, and this run's pattern is ${s.pattern}.`;
      return 'no reload is running; refresh-ahead starts one when a read hits a key near the end of its TTL.';
    default:
      return 'it has no request running.';
  }
}

/**
 * What the engine said an action without a command of its own did beyond itself, by the action's
 * index: the write-behind writes a restart emptied out of the queue, the writes still to be
 * flushed when Redis came back up.
 */
export interface ActionAftermath {
  lostByRestart?: readonly { at: number; writes: number }[];
  waitingOnUp?: readonly ({ at: number } & WritesWaitingOnUp)[];
  /** What each restart emptied (`TimelineEntry.keysAtRestart`): told as free play tells it. */
  keysAtRestart?: readonly ({ at: number } & RestartKeys)[];
  /** The keys each clock move expired (`TimelineEntry.expiredByClock`): named as free play does. */
  expiredByClock?: readonly ({ at: number } & ClockExpired)[];
}

/** The keys a restart emptied: the cached copies of rows, counted, and the others by name. */
export interface RestartKeys {
  copies: number;
  others: readonly string[];
  otherCount: number;
}

/**
 * What a restart emptied: the cached copies it held, counted, and its other keys (a lock, a key
 * set by hand) by name; write-behind's queue is told apart, with the writes it lost.
 */
export function restartKeysText(
  { copies, others, otherCount }: RestartKeys,
  isQueueTold: boolean,
): string {
  const copiesText = `the ${copies === 1 ? 'cached copy' : `${copies} cached copies`} it held`;
  const othersText = otherCount > 0 ? keyList(others, otherCount) : '';
  if (copies > 0) return `it lost ${copiesText}${othersText && ` and ${othersText}`}`;
  if (othersText) return `it held no cached copy; it lost ${othersText}`;
  return isQueueTold ? 'it held no cached copy' : 'it held no keys, so none are lost';
}

/**
 * A key as a list of keys names it: escaped as the panel writes it, and quoted (as a command's
 * argument is) when it holds a space or a comma, or nothing, so `a b` reads as one key, not two.
 */
function listedName(name: string): string {
  const text = nameEscaped(name);
  return text === '' || /[\s,]/.test(text) ? `'${text.replace(/'/g, "\\'")}'` : text;
}

/** "user:1", "user:1 and user:2", "user:1, user:2, user:3 and 4 more" (`count`: how many in all). */
export function keyList(names: readonly string[], count = names.length): string {
  // A key's NUL or direction mark as an escape: a U+202E turned the rest of the sentence around.
  const keys = names.map(listedName);
  if (count === 1) return keys[0];
  if (count <= 3) return `${keys.slice(0, -1).join(', ')} and ${keys.at(-1)}`;
  return `${keys.slice(0, 3).join(', ')} and ${count - 3} more`;
}

/** Action `k`'s sentence (null: none) followed by what the engine said it did beyond itself. */
export function withAftermath(
  said: string | null,
  aftermath: ActionAftermath,
  k: number,
): string | null {
  if (said === null) return null;
  const lost = aftermath.lostByRestart?.find((l) => l.at === k)?.writes ?? 0;
  // A restart beat says what it emptied, as a restart in free play does ("it lost the cached
  // copy it held"): under write-through, say, the copy it held goes with it too.
  const held = aftermath.keysAtRestart?.find((h) => h.at === k);
  if (held && said === RESTARTS)
    said = `${RESTARTS.slice(0, -1)}: ${restartKeysText(held, lost > 0)}.`;
  // A clock move in a beat names the keys it expired, read from the engine before it moved.
  const expired = aftermath.expiredByClock?.find((e) => e.at === k);
  if (expired && said.endsWith(CLOCK_EXPIRES))
    said = `${said.slice(0, -CLOCK_EXPIRES.length)}: ${clockExpiredText(expired)}`;
  if (lost > 0) return `${said} ${restartLostText(lost)}`;
  const waiting = aftermath.waitingOnUp?.find((w) => w.at === k);
  return waiting ? `${said} ${waitingOnUpText(waiting)}` : said;
}

/** Said when Redis is back up with write-behind writes still to be flushed. */
function waitingOnUpText({ writesWaiting: n, isFlusherRunning }: WritesWaitingOnUp): string {
  const them = n === 1 ? 'it' : 'them';
  return isFlusherRunning
    ? `${waitingText(n)} to be flushed, and the flusher is still running: its next LPOP reaches Redis again.`
    : `${waitingText(n)} to be flushed with no flusher running (its LPOP failed while Redis was down, and its job ended): nothing flushes ${them} until the next write is queued, whose RPUSH starts a flusher.`;
}

/** The write-behind writes a restart emptied out of the queue, as the counter Writes lost counts them. */
export const restartLostText = (n: number): string =>
  `The write-behind queue went with it: ${n === 1 ? '1 write' : `${n} writes`} the application had queued and acknowledged never ${n === 1 ? 'reaches' : 'reach'} the database, and Writes lost counts ${n === 1 ? 'it' : 'them'}.`;

/** Whether Redis is up after action `a`, given whether it was before (undefined: not known). */
export function cacheUpAfter(a: SimAction, isCacheUp: boolean | undefined): boolean | undefined {
  if (a.type === 'setCacheAvailable') return a.isUp;
  if (a.type === 'restartCache') return true;
  return isCacheUp;
}
