// The learner's programs swapped in (or ours back): the run is rebuilt with them.
import { yourPathsOf, type ProgramOverrides } from '../engine/programs/learner';
import { OURS } from '../engine/programs/patterns';
import type { createLinkReplay } from './linkReplay';
import { shownLinkRun } from './sandboxState';
import type { CutRun, StoreCore } from './storeParts';

/** What a swap of programs goes through: the store's rebuild, the link's replay, its notices. */
export interface ProgramSwapContext extends StoreCore {
  cutRun: CutRun;
  dropNotice: (id: number) => void;
  replayLink: ReturnType<typeof createLinkReplay>['replayLink'];
  /** Keeps the programs the next rebuilds run with (not plain data: kept out of state). */
  setPrograms: (next: ProgramOverrides | null) => void;
}

/** `usePrograms` of one sandbox store, run in its queue. */
export function createProgramSwap({
  get,
  set,
  scenario,
  rebuild,
  cutRun,
  dropNotice,
  replayLink,
  setPrograms,
}: ProgramSwapContext) {
  return async (next: ProgramOverrides | null): Promise<void> => {
    setPrograms(next);
    set({
      undoableReset: null,
      yourPaths: next ? yourPathsOf(next) : OURS,
    });
    const { timeline, cursor } = get();
    set({ isPlaying: false });
    // Code a link carries runs only on Run my version, which replays the link's whole run
    // with it: the replay under ours may have stopped short ("nothing to step"), and
    // replaying only what it kept lost the rest.
    const link = next === null ? null : shownLinkRun(get());
    if (link !== null) {
      // Nothing was done since the link opened: its whole run, with these programs.
      set({ linkRun: null });
      if (link.noticeId !== null) dropNotice(link.noticeId);
      await rebuild(get().config, scenario(), [], 0);
      await replayLink(link.inputs, link.at, link.malformed);
      return;
    }
    try {
      await rebuild(get().config, scenario(), timeline.slice(0, cursor), cursor);
      // After Back: the steps to redo went with the programs left.
      if (cursor < timeline.length) cutRun('programs', cursor, true);
    } catch {
      // The history does not replay with these programs (they take other steps): start over.
      await rebuild(get().config, scenario(), [], 0);
      cutRun('programs', 0);
    }
  };
}
