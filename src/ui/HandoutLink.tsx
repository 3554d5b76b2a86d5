import { handoutHash, HANDOUT_HASH } from '../store/handout';
import { QUIZ_PARAM } from '../store/quizLink';
import { useSandbox } from './storeContext';
import { useQuiz } from './useQuiz';

/**
 * The sandbox's way to a printable handout of the scenario open, under the settings shown. In
 * quiz mode it leads to the handout's refusal instead (a handout answers the questions), and its
 * address names no scenario, as quiz mode's links name none by its id.
 */
export function HandoutLink() {
  const hash = useSandbox(handoutHash);
  const isQuizOn = useQuiz((s) => s.isEnabled);
  if (hash === null) return null;
  return (
    <a
      className="button"
      href={isQuizOn ? `${HANDOUT_HASH}?${QUIZ_PARAM}=1` : hash}
      data-testid="controls.handout"
    >
      Handout
    </a>
  );
}
