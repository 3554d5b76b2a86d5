import type { UserChanges } from '../engine/database';
import type { SimAction, WritesWaitingOnUp } from '../engine/simAction';
import type { IdleStep } from '../engine/simActor';
import type { ConsoleReply, SqlConsoleResult } from './consoleFormat';
import { andList } from '../engine/andList';

/**
 * What the learner or a script did, as they did it (a Step press, a typed console line ...). The
 * timeline keeps these beside the engine actions they turned into, so a link can carry them and a
 * console can print each line as it was typed.
 */
export type TimelineInput =
  | { type: 'press' }
  | { type: 'stepActor'; actor: string }
  | { type: 'read'; actor: string; id: number }
  | { type: 'write'; actor: string; id: number; changes: UserChanges }
  | { type: 'clock'; ms: number }
  | { type: 'cache'; isUp: boolean }
  | { type: 'restart' }
  | { type: 'redis'; line: string }
  | { type: 'sql'; statement: string }
  | { type: 'resetDatabase' };

/** A console line's answer, as its console prints it. */
export type ConsoleOutput =
  { console: 'redis'; reply: ConsoleReply } | { console: 'sql'; result: SqlConsoleResult };

/**
 * One thing done, as the actions it applied. `beat` is a scenario beat, `step` a free-play step,
 * `input` everything else (start a read, a console command ...).
 */
export interface TimelineEntry {
  kind: 'beat' | 'step' | 'input';
  input: TimelineInput;
  actions: SimAction[];
  /** Engine commands sent once this entry was applied (the timeline is deterministic). */
  commandsAfter: number;
  /**
   * Engine commands sent once each of its actions was applied, for an entry of several (a
   * beat): the narration tells each action where it happened among the commands.
   */
  commandsAfterActions?: number[];
  /** A console line's answer from the last time the entry was applied. */
  output?: ConsoleOutput;
  /**
   * A console line changed a store the last time the entry was applied (a key's value, expiry
   * or presence; a row; the schema), a clock move moved the clock, or Redis's availability
   * changed: what takes a scenario's run off its script.
   */
  hasChanged?: boolean;
  /**
   * Redis taken down while a connection held a MULTI queue or a WATCH, which the outage dropped:
   * brought back at once, it is not as it was.
   */
  droppedTransactions?: boolean;
  /** Actors whose request this entry gave waited behind their own unfinished one. */
  queued?: string[];
  /**
   * Why each of its actor Steps that sent no command sent none, by the action's index: the
   * engine's state at that moment (the narration tells it instead of "sent no command").
   */
  idle?: { at: number; step: IdleStep }[];
  /**
   * The write-behind writes each of its Redis restarts emptied out of the queue, by the
   * action's index, when there were any: they never reach the database (Writes lost counts them).
   */
  lostByRestart?: { at: number; writes: number }[];
  /**
   * Write-behind writes still to be flushed when one of its actions brought Redis back up, by the
   * action's index, and whether a flusher was still running to take them.
   */
  waitingOnUp?: ({ at: number } & WritesWaitingOnUp)[];
  /**
   * What Redis held when one of its actions restarted it, by the action's index: what the restart
   * emptied (free play's narration tells it). `copies` counts the cached copies of rows (`user:N`);
   * `others` names the first few of its other keys (a lock, a lease, a key set by hand) and
   * `otherCount` counts them all; write-behind's queue is left out of both when the restart lost
   * queued writes, which `lostByRestart` tells.
   */
  keysAtRestart?: { at: number; copies: number; others: string[]; otherCount: number }[];
  /**
   * The keys whose TTL ran out while one of its actions moved the clock, by the action's index:
   * the first few, soonest first, and how many in all.
   */
  expiredByClock?: { at: number; keys: string[]; count: number }[];
}

/** A Step press: a scenario beat, or a step in free play (a plain Step or an actor's own Step). */
export const isStepEntry = (entry: TimelineEntry): boolean => entry.kind !== 'input';

/**
 * Step presses among the first `cursor` entries: the one meaning of "step" (the URL's `step`,
 * the scrubber, the narration's counter, `state().step` and `step(n)` all count these).
 */
export function stepsAt(timeline: readonly TimelineEntry[], cursor: number): number {
  let n = 0;
  for (let i = 0; i < cursor; i++) if (isStepEntry(timeline[i])) n++;
  return n;
}

/**
 * What a run held besides its Step presses, up to `cursor`, in words ("2 console lines and 1
 * request started"), or '' when it held nothing else: so a Reset says what it cleared.
 */
export function otherInputsText(timeline: readonly TimelineEntry[], cursor: number): string {
  let lines = 0;
  let requests = 0;
  let others = 0;
  for (let i = 0; i < cursor; i++) {
    const entry = timeline[i];
    if (isStepEntry(entry)) continue;
    const type = entry.input.type;
    if (type === 'redis' || type === 'sql') lines++;
    else if (type === 'read' || type === 'write') requests++;
    else others++;
  }
  const counted = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n} ${many}`);
  const parts = [
    lines > 0 ? counted(lines, 'console line', 'console lines') : '',
    requests > 0 ? counted(requests, 'request started', 'requests started') : '',
    others > 0
      ? `${counted(others, 'other action', 'other actions')} (the clock, Redis or the database)`
      : '',
  ].filter((p) => p !== '');
  return andList(parts);
}

/**
 * The cursor that shows the state just after step `step`: the longest prefix with at most that
 * many steps, so inputs made before the next step (a read enqueued, a clock jump) stay applied.
 */
export function cursorForStep(timeline: readonly TimelineEntry[], step: number): number {
  let cursor = 0;
  let steps = 0;
  for (let c = 1; c <= timeline.length; c++) {
    if (isStepEntry(timeline[c - 1])) steps++;
    if (steps <= step) cursor = c;
    else break;
  }
  return cursor;
}

/** Scenario beats among the first `cursor` entries. */
export const beatsAt = (timeline: readonly TimelineEntry[], cursor: number): number =>
  timeline.slice(0, cursor).filter((e) => e.kind === 'beat').length;

/**
 * Where a scenario's script ends in the timeline: the entries up to its last beat (its
 * `beatCount`-th), counted; null while the timeline holds fewer beats.
 */
export function scriptEndAt(timeline: readonly TimelineEntry[], beatCount: number): number | null {
  let beats = 0;
  for (let i = 0; i < timeline.length; i++)
    if (timeline[i].kind === 'beat' && ++beats === beatCount) return i + 1;
  return beatCount === 0 ? 0 : null;
}

/** An entry that starts a request of the learner's own (a read or a write for an actor). */
export const startsRequest = (entry: TimelineEntry): boolean =>
  entry.input.type === 'read' || entry.input.type === 'write';

/** The inputs of the first `cursor` entries, in order: what a link replays. */
export const inputsAt = (timeline: readonly TimelineEntry[], cursor: number): TimelineInput[] =>
  timeline.slice(0, cursor).map((e) => e.input);

/** One line of a console's transcript; `id` is the entry's place in the timeline. */
export interface ConsoleLine<O> {
  id: number;
  input: string;
  output: O;
}

/**
 * What a timeline made from another keeps of it: `base`'s first `upTo` entries are its first
 * entries too, the same objects (an entry appended, Back's undone entries redone). A replay
 * makes its entries anew, so a timeline it makes has none recorded.
 */
const keptPrefix = new WeakMap<
  readonly TimelineEntry[],
  { base: readonly TimelineEntry[]; upTo: number }
>();

/** Records that `timeline`'s first `upTo` entries are `base`'s, unchanged (see `transcriptsAt`). */
export function keepsPrefixOf(
  timeline: readonly TimelineEntry[],
  base: readonly TimelineEntry[],
  upTo: number,
): void {
  if (timeline !== base) keptPrefix.set(timeline, { base, upTo });
}

/** Both consoles' transcripts, and the applied entries they were read from. */
export interface Transcripts {
  redis: ConsoleLine<ConsoleReply>[];
  sql: ConsoleLine<SqlConsoleResult>[];
  timeline: readonly TimelineEntry[];
  cursor: number;
}

/**
 * Both consoles' transcripts of the first `cursor` entries of `timeline`. When `previous` was
 * read from entries this timeline kept (`keepsPrefixOf`), only the entries after them are read,
 * and a console that got no line keeps `previous`'s array (a console subscribed to it then does
 * not re-render): a paste's publish reads the lines pasted, not every line typed before them.
 * Otherwise (Back, the scrubber, a replay) every entry is read again. `onRead` counts the
 * entries read (tests).
 */
export function transcriptsAt(
  previous: Transcripts | null,
  timeline: readonly TimelineEntry[],
  cursor: number,
  onRead?: (entries: number) => void,
): Transcripts {
  const kept = timeline === previous?.timeline ? null : keptPrefix.get(timeline);
  const isExtended =
    previous !== null &&
    cursor >= previous.cursor &&
    (timeline === previous.timeline ||
      (kept?.base === previous.timeline && kept.upTo >= previous.cursor));
  const from = isExtended ? previous.cursor : 0;
  const redis: ConsoleLine<ConsoleReply>[] = [];
  const sql: ConsoleLine<SqlConsoleResult>[] = [];
  for (let i = from; i < cursor; i++) {
    const { input, output } = timeline[i];
    if (input.type === 'redis' && output?.console === 'redis')
      redis.push({ id: i, input: input.line, output: output.reply });
    else if (input.type === 'sql' && output?.console === 'sql')
      sql.push({ id: i, input: input.statement, output: output.result });
  }
  onRead?.(cursor - from);
  const joined = <O>(before: ConsoleLine<O>[], added: ConsoleLine<O>[]) =>
    added.length === 0 ? before : before.concat(added);
  return isExtended
    ? {
        redis: joined(previous.redis, redis),
        sql: joined(previous.sql, sql),
        timeline,
        cursor,
      }
    : {
        redis: previous === null ? redis : sameLinesOr(previous.redis, redis),
        sql: previous === null ? sql : sameLinesOr(previous.sql, sql),
        timeline,
        cursor,
      };
}

/**
 * `next`, or `previous` when it holds the same lines (same entries, same outputs): a console
 * subscribed to its transcript then does not re-render on a Step that typed nothing.
 */
export function sameLinesOr<O>(
  previous: readonly ConsoleLine<O>[],
  next: ConsoleLine<O>[],
): ConsoleLine<O>[] {
  if (previous.length !== next.length) return next;
  for (let i = 0; i < next.length; i++) {
    const a = previous[i];
    const b = next[i];
    if (a.id !== b.id || a.input !== b.input || a.output !== b.output) return next;
  }
  return previous as ConsoleLine<O>[];
}
