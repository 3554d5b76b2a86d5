import type { SqlJsStatic } from 'sql.js';
import { CHALLENGES, type ChallengeVerdict } from './challengeCatalog';
import { checkChallenge } from './challenges';
import { errorMessage } from './errorMessage';
import { learnerReadProgram, learnerWriteProgram, type LearnerRunner } from './programs/learner';

/** A learner's program as the checker takes it: its runner, or why it did not compile. */
export type CheckedProgram =
  { ok: true; runner: LearnerRunner } | { ok: false; error: string; line: number | null };

/** A check's verdict, and the compile error it found (for the editor to mark), if any. */
export interface CheckOutcome {
  verdict: ChallengeVerdict;
  compileError?: { error: string; line: number | null };
}

/**
 * Checks a learner's program, compiled or not, against a challenge: the verdict the page shows,
 * whatever stopped the check (a program that does not compile, or an error of the checker's).
 */
export async function checkLearnerProgram(
  SQL: SqlJsStatic,
  id: string,
  program: CheckedProgram,
  options: Parameters<typeof checkChallenge>[3] = {},
): Promise<CheckOutcome> {
  const challenge = CHALLENGES.find((c) => c.id === id);
  if (!challenge) throw new RangeError(`unknown challenge "${id}"`);
  const path = challenge.path;
  if (!program.ok) {
    const at = program.line === null ? '' : `line ${program.line}: `;
    return {
      verdict: {
        passed: false,
        checked: 0,
        message: `Your ${path} path does not run: ${at}${program.error}`,
      },
      compileError: { error: program.error, line: program.line },
    };
  }
  try {
    return {
      verdict: await checkChallenge(
        SQL,
        id,
        path === 'read'
          ? { read: learnerReadProgram(program.runner) }
          : { write: learnerWriteProgram(program.runner) },
        options,
      ),
    };
  } catch (error) {
    // Whatever stopped it, the check ends with a verdict, never "checking" for good.
    return { verdict: checkStopped(error) };
  }
}

/**
 * The checker could not be loaded (its worker's file, or the sql.js or QuickJS it loads, out of
 * reach): nothing of the learner's code ran, unlike a check that stopped.
 */
export class CheckerNotLoadedError extends Error {
  override name = 'CheckerNotLoadedError';
}

/** The verdict of a check that stopped before it finished, saying what stopped it. */
export const checkStopped = (error: unknown): ChallengeVerdict => ({
  passed: false,
  checked: 0,
  message:
    error instanceof CheckerNotLoadedError
      ? `The checker could not be loaded (${error.message}), so your code was not checked. Reload the page (a connection lost, or a newer version of the page published since it loaded, leaves the checker's files out of reach) and press Check again; your code is kept.`
      : `The check stopped before it finished: ${errorMessage(error)}`,
});
