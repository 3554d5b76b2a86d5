import type { SimAction } from '../engine/simulation';

/**
 * One thing the learner or a script did, as the actions it applied. `beat` is a scenario beat,
 * `step` a free-play Step press, `input` everything else (start a read, a console command ...).
 */
export interface TimelineEntry {
  kind: 'beat' | 'step' | 'input';
  actions: SimAction[];
  /** Engine steps taken once this entry was applied (the timeline is deterministic). */
  stepsAfter: number;
}

/** Engine steps taken after the first `cursor` entries (`baseSteps` before any). */
export function stepsAt(timeline: readonly TimelineEntry[], cursor: number, baseSteps: number): number {
  return cursor === 0 ? baseSteps : timeline[cursor - 1].stepsAfter;
}

/**
 * The cursor that shows the state just after step `step`: the longest prefix with at most that
 * many steps, so inputs made before the next step (a read enqueued, a clock jump) stay applied.
 */
export function cursorForStep(
  timeline: readonly TimelineEntry[],
  step: number,
  baseSteps: number,
): number {
  let cursor = 0;
  for (let c = 1; c <= timeline.length; c++) {
    if (stepsAt(timeline, c, baseSteps) <= step) cursor = c;
    else break;
  }
  return cursor;
}

/** Scenario beats among the first `cursor` entries. */
export const beatsAt = (timeline: readonly TimelineEntry[], cursor: number): number =>
  timeline.slice(0, cursor).filter((e) => e.kind === 'beat').length;

/** Step presses (beats and free steps) among the first `cursor` entries: the URL's `step`. */
export const pressesAt = (timeline: readonly TimelineEntry[], cursor: number): number =>
  timeline.slice(0, cursor).filter((e) => e.kind !== 'input').length;

/** All actions of the first `cursor` entries, in order. */
export const actionsAt = (timeline: readonly TimelineEntry[], cursor: number): SimAction[] =>
  timeline.slice(0, cursor).flatMap((e) => e.actions);
