import type { ChallengeVerdict, Counterexample } from '../engine/challengeCatalog';
import type { LearnerPath } from '../engine/programs/learner';
import {
  challengeIdSchema,
  learnerPathSchema,
  programSourceSchema,
  requireArgument,
} from './apiArguments';
import { challengeList, type LearnerStoreApi } from './learnerStore';

/** `window.cacheAside`'s methods for a learner's own code (added beside the sandbox's). */
export interface LearnerApi {
  /** Compiles `source` as the read or write path and runs it in the sandbox from now on. */
  setProgram(
    path: LearnerPath,
    source: string,
  ): Promise<{ ok: true } | { error: string; line: number | null }>;
  /** Our programs again. */
  resetPrograms(): Promise<{ ok: true }>;
  challenges(): { id: string; title: string; path: LearnerPath; check: string }[];
  /** Checks the current draft of the challenge's path over every interleaving. */
  checkChallenge(id: string): Promise<{
    passed: boolean;
    message: string;
    checked: number;
    counterexample?: Pick<Counterexample, 'schedule' | 'problem'>;
  }>;
}

export function createLearnerApi(
  store: LearnerStoreApi,
  afterRender: () => Promise<void>,
): LearnerApi {
  const get = () => store.getState();
  return {
    setProgram: async (path, source) => {
      const which = requireArgument('setProgram', 'path', learnerPathSchema, path);
      const text = requireArgument('setProgram', 'source', programSourceSchema, source);
      get().setDraft(which, text);
      const error = await get().run([which]);
      await afterRender();
      return error ?? { ok: true };
    },
    resetPrograms: async () => {
      await get().resetPrograms();
      await afterRender();
      return { ok: true };
    },
    challenges: () =>
      challengeList().map(({ id, title, path, check }) => ({ id, title, path, check })),
    checkChallenge: async (id) => {
      const verdict: ChallengeVerdict = await get().check(
        requireArgument('checkChallenge', 'id', challengeIdSchema, id),
      );
      await afterRender();
      const { passed, message, checked, counterexample } = verdict;
      return {
        passed,
        message,
        checked,
        ...(counterexample
          ? {
              counterexample: {
                schedule: [...counterexample.schedule],
                problem: counterexample.problem,
              },
            }
          : {}),
      };
    },
  };
}
