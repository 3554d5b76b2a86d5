import type { SimSnapshot } from '../engine/simSnapshot';
import { shownCommand, type StepEvent } from '../engine/stepEvent';

/** One arrow of the sequence diagram: a program step, or a console / other-process command. */
export interface SequenceRow {
  id: string;
  kind: 'step' | 'console';
  /**
   * Its place among the commands drawn, from 1 (the diagram's `#N`): a console line's too, so no
   * number is skipped. Not the engine's event number, which counts waits, which are no commands.
   */
  index: number;
  actor: string;
  target: 'redis' | 'db';
  /** As the diagram writes it: an EVAL of the engine's own script names it (`shownCommand`). */
  command: string;
  reply: string;
  isError: boolean;
  event: StepEvent | null;
  /** Virtual time the command was sent. */
  timeMs: number;
}

const cache = new WeakMap<SimSnapshot, SequenceRow[]>();

/**
 * One row per command sent, in the order sent: program steps, and the commands of clients that
 * are not actors (the consoles, a scenario's admin script "ops"), which the engine records as
 * events of their own. Pauses are not commands. Memoised per snapshot.
 */
export function selectSequenceRows(snapshot: SimSnapshot): SequenceRow[] {
  const hit = cache.get(snapshot);
  if (hit) return hit;
  const rows: SequenceRow[] = snapshot.events
    .filter((e) => e.target !== 'wait')
    .map((e, i) => ({
      id: `e${e.index}`,
      kind: e.program === 'console' ? ('console' as const) : ('step' as const),
      index: i + 1,
      actor: e.actor,
      target: e.target === 'redis' ? ('redis' as const) : ('db' as const),
      // An engine script by its name: cut to fit, their texts read alike.
      command: shownCommand(e),
      reply: e.reply,
      isError: e.isError,
      event: e,
      timeMs: e.startMs,
    }));
  cache.set(snapshot, rows);
  return rows;
}

const numbers = new WeakMap<SimSnapshot, Map<number, number>>();

/**
 * The number the sequence diagram gives the command of engine event `eventIndex` (its `#N`), or
 * null for a wait, which sends nothing and is not drawn there: so the main diagram's description
 * numbers a command as the sequence does. Memoised per snapshot.
 */
export function commandNumberOf(snapshot: SimSnapshot, eventIndex: number): number | null {
  let byEvent = numbers.get(snapshot);
  if (!byEvent) {
    byEvent = new Map(selectSequenceRows(snapshot).map((r) => [r.event!.index, r.index]));
    numbers.set(snapshot, byEvent);
  }
  return byEvent.get(eventIndex) ?? null;
}
