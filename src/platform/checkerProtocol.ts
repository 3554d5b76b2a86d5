import type { CheckOutcome } from '../engine/learnerCheck';
import type { LearnerPath } from '../engine/programs/learner';

/** The page asks the checker's worker to check a learner's source against a challenge. */
export interface CheckerRequest {
  id: number;
  challenge: string;
  path: LearnerPath;
  source: string;
}

/**
 * What the worker answers, tagged with the request's id; `ready` once its module has loaded (an
 * error before it is a checker that could not be loaded, not a check that stopped), and
 * `not-loaded` when what it loads next (sql.js, QuickJS) could not be fetched.
 */
export type CheckerReply =
  | { type: 'ready' }
  | { id: number; type: 'checked'; outcome: CheckOutcome }
  | { id: number; type: 'not-loaded'; message: string }
  | { id: number; type: 'error'; message: string };
