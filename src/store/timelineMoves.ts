// Moving along the run's timeline: Back, a seek to a step, and an interleaving loaded in place
// of the steps after a point.
import type { PressOutcome } from './sandboxState';
import type { CutRun, StoreCore } from './storeParts';
import { cursorForStep, stepsAt, type TimelineEntry } from './timeline';

/** What the moves along the timeline go through: the store's rebuild, its Step and its cuts. */
export interface TimelineMovesContext extends StoreCore {
  stepOnce: () => Promise<PressOutcome>;
  cutRun: CutRun;
}

/** `back`, `seekStep` and `loadSchedule` of one sandbox store, run in its queue. */
export function createTimelineMoves({
  get,
  set,
  scenario,
  rebuild,
  stepOnce,
  cutRun,
}: TimelineMovesContext) {
  const back = async (): Promise<boolean> => {
    const { timeline, cursor } = get();
    const now = stepsAt(timeline, cursor);
    if (cursor === 0) return false;
    const target = now > 0 ? cursorForStep(timeline, now - 1) : 0;
    await rebuild(get().config, scenario(), timeline, Math.min(target, cursor - 1));
    return true;
  };

  const seekStep = async (step: number): Promise<void> => {
    const { timeline } = get();
    await rebuild(get().config, scenario(), timeline, cursorForStep(timeline, step));
    // Past the steps on record (a scenario's later beats): press Step until there.
    while (stepsAt(get().timeline, get().cursor) < step && get().canStep)
      if ((await stepOnce()).type !== 'stepped') break;
  };

  const loadSchedule = async (at: number, actors: readonly string[]): Promise<boolean> => {
    const { timeline } = get();
    // Past the cursor is fine while the timeline still holds it (a Back since, to redo).
    if (at > timeline.length) return false;
    const steps: TimelineEntry[] = actors.map((actor) => ({
      kind: 'step',
      input: { type: 'stepActor', actor },
      actions: [{ type: 'stepActor', actor }],
      commandsAfter: 0,
    }));
    set({ isPlaying: false });
    await rebuild(get().config, scenario(), [...timeline.slice(0, at), ...steps], at);
    // The steps after `at` were replaced: a grid explored from them names this as the cause.
    if (at < timeline.length) cutRun('schedule', at);
    return true;
  };

  return { back, seekStep, loadSchedule };
}
