import type { StoreApi } from 'zustand/vanilla';
import { CHALLENGES, type ChallengeVerdict } from '../engine/challengeCatalog';
import { checkLearnerProgram, checkStopped, type CheckOutcome } from '../engine/learnerCheck';
import type { LearnerPath } from '../engine/programs/learner';
import type { Compiled, LearnerActions, LearnerHost, LearnerStore } from './learnerStore';

/** Why a check was cancelled (checkHere's, as the worker's runner says it). */
const CHECK_CANCELLED = 'the check was cancelled';

/** What a cancelled check answers its caller (the page says "Check cancelled" itself). */
export const CANCELLED_VERDICT: ChallengeVerdict = {
  passed: false,
  checked: 0,
  message: 'Check cancelled, before its verdict: your code is as you left it.',
};

/**
 * The learner store's checks of a challenge ({@link LearnerActions.check}, `cancelCheck`):
 * each checks the draft of the challenge's path in the host's worker (or, without one, on this
 * thread), and the last one asked for of a challenge gives its verdict.
 */
export function createChecks(
  host: LearnerHost,
  compileIn: (path: LearnerPath, source: string) => Promise<Compiled>,
  set: StoreApi<LearnerStore>['setState'],
  get: StoreApi<LearnerStore>['getState'],
): Pick<LearnerActions, 'check' | 'cancelCheck'> {
  // The check of each challenge asked for last: see `check`.
  const checkSerials = new Map<string, number>();
  // The checks under way of each challenge, to cancel (the API can start one over another).
  const checkAborts = new Map<string, Set<AbortController>>();

  /** A check on the page's own thread (a host without `check`: the unit tests'). */
  const checkHere = async (
    id: string,
    path: LearnerPath,
    source: string,
    signal: AbortSignal,
  ): Promise<CheckOutcome> => {
    const result = await compileIn(path, source);
    try {
      // The checker may take a moment: let the page paint "checking" first.
      if (result.ok) await new Promise((resolve) => setTimeout(resolve, 0));
      return await checkLearnerProgram(await host.loadSql(), id, result, {
        // Between interleavings the page answers its input (a long check froze it), and Cancel.
        pause: () =>
          new Promise((resolve, reject) =>
            setTimeout(
              () => (signal.aborted ? reject(new Error(CHECK_CANCELLED)) : resolve(undefined)),
              0,
            ),
          ),
      });
    } catch (error) {
      return { verdict: checkStopped(error) };
    } finally {
      if (result.ok) result.dispose();
    }
  };

  return {
    check: async (id) => {
      const challenge = CHALLENGES.find((c) => c.id === id);
      if (!challenge) throw new Error(`Unknown challenge "${id}".`);
      // Checks overlap (the API does not wait for the button): the last one asked for is the
      // one shown, whichever ends last.
      const serial = (checkSerials.get(id) ?? 0) + 1;
      checkSerials.set(id, serial);
      set({ verdicts: { ...get().verdicts, [id]: 'checking' } });
      const abort = new AbortController();
      const aborts = checkAborts.get(id) ?? new Set();
      checkAborts.set(id, aborts.add(abort));
      // A program of its own for the check: the one the sandbox runs stays as it is (replacing
      // it would fail the sandbox's request in flight).
      const path = challenge.path;
      const source = get().drafts[path];
      // A check whose worker failed says so; whether the code compiled is then not known.
      const outcome: CheckOutcome | { verdict: ChallengeVerdict; isUnknown: true } = host.check
        ? await host.check(id, source, abort.signal).catch((error: unknown) => ({
            verdict: checkStopped(error),
            isUnknown: true as const,
          }))
        : await checkHere(id, path, source, abort.signal);
      aborts.delete(abort);
      // Cancelled: the page said so at once (cancelCheck); the caller learns it too.
      if (abort.signal.aborted) return CANCELLED_VERDICT;
      const verdict = outcome.verdict;
      if (checkSerials.get(id) !== serial) return verdict;
      if ('compileError' in outcome && outcome.compileError)
        set({ errors: { ...get().errors, [path]: outcome.compileError } });
      else if (!('isUnknown' in outcome)) set({ errors: { ...get().errors, [path]: null } });
      // The link's code, checked, still does not run in the sandbox: its note stays true.
      set({
        verdicts: { ...get().verdicts, [id]: verdict },
        checkedSources: { ...get().checkedSources, [id]: source },
      });
      return verdict;
    },

    cancelCheck: (id) => {
      if (get().verdicts[id] !== 'checking') return;
      for (const abort of checkAborts.get(id) ?? []) abort.abort();
      checkAborts.delete(id);
      set({ verdicts: { ...get().verdicts, [id]: 'cancelled' } });
    },
  };
}
