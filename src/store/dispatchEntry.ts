import { asciiUpper } from '../engine/redisCommandKit';
import { WRITE_BEHIND_QUEUE } from '../engine/programs/cacheLayer';
import { userIdOfKey } from '../engine/programs/steps';
import type { RequestQueued, WritesWaitingOnUp } from '../engine/simAction';
import type { IdleStep } from '../engine/simActor';
import type { Simulation } from '../engine/simulation';
import { formatRedisResults, isRepeatedQuit, toSqlConsoleResult } from './consoleFormat';
import type { ConsoleOutput, TimelineEntry } from './timeline';

/** Keys a clock move's entry names among those it expired (and a restart among its other keys). */
const EXPIRED_NAMED = 3;

/**
 * Applies a timeline entry's actions to a simulation and returns the entry as it now stands: its
 * step count and, for a console line, the reply it got this time.
 */
export async function dispatchEntry(sim: Simulation, entry: TimelineEntry): Promise<TimelineEntry> {
  const results: unknown[] = [];
  const commandsAfterActions: number[] = [];
  const idle: { at: number; step: IdleStep }[] = [];
  const lostByRestart: { at: number; writes: number }[] = [];
  const waitingOnUp: ({ at: number } & WritesWaitingOnUp)[] = [];
  const keysAtRestart: NonNullable<TimelineEntry['keysAtRestart']> = [];
  const expiredByClock: { at: number; keys: string[]; count: number }[] = [];
  const { cache } = sim.runtime;
  const wasUp = cache.isUp;
  let droppedTransactions = false;
  for (const [at, action] of entry.actions.entries()) {
    const before = sim.commandCount;
    // The keys alive now, split into the cached copies of rows and the others (locks, leases,
    // write-behind's queue, keys set by hand): "the 2 keys it held" counted the queue as a copy.
    const held = action.type === 'restartCache' ? cache.trackedKeys().map((k) => k.key) : [];
    if (action.type === 'advanceClock') {
      // The keys alive now whose expiry the move reaches: Redis holds none of them after it.
      const end = sim.clockMs + action.ms;
      const expiring = cache
        .trackedKeys()
        .filter((k) => k.expiresAt <= end)
        .sort((a, b) => a.expiresAt - b.expiresAt || (a.key < b.key ? -1 : 1));
      // The first few by name (a sentence names no more), and how many in all.
      const keys = expiring.slice(0, EXPIRED_NAMED).map((k) => k.key);
      expiredByClock.push({ at, keys, count: expiring.length });
    }
    if (action.type === 'setCacheAvailable' && !action.isUp && cache.isUp)
      droppedTransactions ||= cache.hasOpenTransactions;
    const result = await sim.dispatch(action);
    results.push(result);
    commandsAfterActions.push(sim.commandCount);
    const lost = action.type === 'restartCache' ? (result as { lostWrites?: number } | null) : null;
    if (lost?.lostWrites) lostByRestart.push({ at, writes: lost.lostWrites });
    if (action.type === 'restartCache') {
      // The queue that lost writes is told with them (`lostByRestart`), not among the other keys.
      const others = held
        .filter((k) => userIdOfKey(k) === 0 && !(lost?.lostWrites && k === WRITE_BEHIND_QUEUE))
        .sort();
      keysAtRestart.push({
        at,
        copies: held.filter((k) => userIdOfKey(k) > 0).length,
        others: others.slice(0, EXPIRED_NAMED),
        otherCount: others.length,
      });
    }
    const waiting =
      action.type === 'setCacheAvailable' ? (result as WritesWaitingOnUp | null) : null;
    if (waiting) waitingOnUp.push({ at, ...waiting });
    const step =
      action.type === 'stepActor' && sim.commandCount === before
        ? sim.idleStep(action.actor)
        : null;
    if (step) idle.push({ at, step });
  }
  const output = consoleOutput(entry, results);
  const queued = entry.actions.flatMap((a, i) =>
    (a.type === 'read' || a.type === 'write') && (results[i] as RequestQueued | null)?.isQueued
      ? [a.actor]
      : [],
  );
  // A replay recomputes it: under other settings the actor may be free by then.
  const applied: TimelineEntry = { ...entry, commandsAfter: sim.commandCount };
  if (output) applied.output = output;
  if (hasConsoleChanged(entry, results) || hasMovedOn(entry, wasUp, cache.isUp))
    applied.hasChanged = true;
  else delete applied.hasChanged;
  if (droppedTransactions) applied.droppedTransactions = true;
  else delete applied.droppedTransactions;
  if (queued.length > 0) applied.queued = queued;
  else delete applied.queued;
  if (idle.length > 0) applied.idle = idle;
  else delete applied.idle;
  if (lostByRestart.length > 0) applied.lostByRestart = lostByRestart;
  else delete applied.lostByRestart;
  if (waitingOnUp.length > 0) applied.waitingOnUp = waitingOnUp;
  else delete applied.waitingOnUp;
  if (keysAtRestart.length > 0) applied.keysAtRestart = keysAtRestart;
  else delete applied.keysAtRestart;
  if (expiredByClock.length > 0) applied.expiredByClock = expiredByClock;
  else delete applied.expiredByClock;
  if (entry.actions.length > 1) applied.commandsAfterActions = commandsAfterActions;
  else delete applied.commandsAfterActions;
  return applied;
}

/** What a console prints for an entry typed there (undefined for anything else). */
function consoleOutput(entry: TimelineEntry, results: unknown[]): ConsoleOutput | undefined {
  const { input, actions } = entry;
  // A line the SQL guard refused ran nothing: it keeps the output it was given.
  if (input.type === 'sql')
    return actions.length > 0
      ? { console: 'sql', result: toSqlConsoleResult(results[0]) }
      : undefined;
  if (input.type !== 'redis') return undefined;
  const action = actions[0];
  // A refused line sent nothing and keeps the reply it was given when typed.
  if (action?.type !== 'redis') return entry.output;
  const isQuitRepeated = asciiUpper(action.argv[0] ?? '') === 'QUIT' && isRepeatedQuit(input.line);
  return { console: 'redis', reply: formatRedisResults(action.argv, results, isQuitRepeated) };
}

/**
 * The clock moved, or Redis's availability changed: `advanceClock(0)`, or Redis "brought back"
 * while it was up, changed nothing, and the narration says so ("Redis is already reachable ...,
 * so nothing changes"); it must not take a scenario's run off its script either.
 */
function hasMovedOn(entry: TimelineEntry, wasUp: boolean, isUp: boolean): boolean {
  if (entry.input.type === 'clock') return entry.input.ms > 0;
  if (entry.input.type === 'cache') return wasUp !== isUp;
  return false;
}

/** A console line changed Redis or the database, as the engine reports each command's effect. */
function hasConsoleChanged(entry: TimelineEntry, results: unknown[]): boolean {
  if (entry.input.type !== 'redis' && entry.input.type !== 'sql') return false;
  return results.some((r) => (r as { hasChanged?: unknown } | null)?.hasChanged === true);
}
