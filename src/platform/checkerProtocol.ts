import type { CheckOutcome } from '../engine/challenges';
import type { LearnerPath } from '../engine/programs/learner';

/** The page asks the checker's worker to check a learner's source against a challenge. */
export interface CheckerRequest {
  id: number;
  challenge: string;
  path: LearnerPath;
  source: string;
}

/** What the worker answers, tagged with the request's id. */
export type CheckerReply =
  | { id: number; type: 'checked'; outcome: CheckOutcome }
  | { id: number; type: 'error'; message: string };
