// Reset to the start, and putting the run back while nothing has happened since.
import { errorMessage } from '../engine/errorMessage';
import type { Notice, SandboxState } from './sandboxState';
import type { CutRun, StoreCore } from './storeParts';
import { otherInputsText, stepsAt } from './timeline';

/** What a Reset and its undo go through: the store's state, its rebuild and its notices. */
export interface ResetUndoContext extends StoreCore {
  cutRun: CutRun;
  pushNotice: (notice: Omit<Notice, 'id'>) => number;
}

/** A Reset can be undone while nothing has happened since, in the same scenario. */
export function isResetUndoable(
  s: Pick<SandboxState, 'undoableReset' | 'scenarioId' | 'timeline'>,
): boolean {
  return (
    s.undoableReset !== null &&
    s.undoableReset.scenarioId === s.scenarioId &&
    s.timeline.length === 0
  );
}

/** The Reset (`reset`) and its undo (`undoReset`) of one sandbox store, run in its queue. */
export function createResetUndo({
  get,
  set,
  scenario,
  rebuild,
  cutRun,
  pushNotice,
  notifyAboutRun,
}: ResetUndoContext) {
  const reset = async (): Promise<void> => {
    set({ isPlaying: false });
    const { timeline, cursor, scenarioId } = get();
    await rebuild(get().config, scenario(), [], 0);
    // Nothing on record (Back to the start keeps the steps to redo): nothing to put back.
    if (timeline.length === 0) return;
    cutRun('reset', 0);
    // Said so that it stays true once the offer lapses (a Step, another setting).
    const held = otherInputsText(timeline, cursor);
    const noticeId = pushNotice({
      text: `Reset to the start (the run was at step ${stepsAt(timeline, cursor)}${held ? `, with ${held}` : ''}).`,
      tone: 'info',
      aboutRunOf: scenarioId,
      topic: 'reset',
    });
    set({ undoableReset: { scenarioId, timeline, cursor, noticeId } });
  };

  const undoReset = async (): Promise<boolean> => {
    const saved = get().undoableReset;
    if (saved === null || !isResetUndoable(get())) return false;
    set({ undoableReset: null });
    try {
      await rebuild(get().config, scenario(), saved.timeline, saved.cursor);
    } catch (e) {
      // Nothing changed since the reset, so this is not expected; the page stays usable.
      notifyAboutRun(
        `The run before the reset could not be put back (${errorMessage(e)}).`,
        'error',
      );
      await rebuild(get().config, scenario(), [], 0);
      return false;
    }
    // Nothing happened since the Reset (`isResetUndoable`): its cut is the newest.
    const cuts = get().runCuts;
    set({
      notices: get().notices.filter((n) => n.id !== saved.noticeId),
      undoneReset: saved,
      runCuts: cuts.at(-1)?.cause === 'reset' ? cuts.slice(0, -1) : cuts,
    });
    return true;
  };

  return { reset, undoReset };
}
