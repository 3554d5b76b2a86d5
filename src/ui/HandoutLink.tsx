import { handoutHash, HANDOUT_HASH } from '../store/handout';
import type { LearnerStore } from '../store/learnerStore';
import { QUIZ_PARAM } from '../store/quizLink';
import { useLearner, useLearnerApi } from './learnerContext';
import { useSandbox } from './storeContext';
import { useQuiz } from './useQuiz';

const isRunningOwn = (s: LearnerStore): boolean =>
  s.running.read !== null || s.running.write !== null;

/**
 * Said beside the link while the sandbox runs the learner's own read or write path: the handout
 * plays the scenario with ours (a handout's address carries settings, not code).
 */
function OwnCodeNote() {
  if (!useLearner(isRunningOwn)) return null;
  return (
    <span className="hint" data-testid="controls.handout.note">
      The handout plays our read and write paths, not your version.
    </span>
  );
}

/**
 * The sandbox's way to a printable handout of the scenario open, under the settings shown. In
 * quiz mode it leads to the handout's refusal instead (a handout answers the questions), and its
 * address names no scenario, as quiz mode's links name none by its id.
 */
export function HandoutLink() {
  const hash = useSandbox(handoutHash);
  const isQuizOn = useQuiz((s) => s.isEnabled);
  const hasLearner = useLearnerApi() !== null;
  if (hash === null) return null;
  return (
    <>
      <a
        className="button"
        href={isQuizOn ? `${HANDOUT_HASH}?${QUIZ_PARAM}=1` : hash}
        data-testid="controls.handout"
      >
        Handout
      </a>
      {hasLearner && <OwnCodeNote />}
    </>
  );
}
