import { openQuestion } from '../store/openQuestion';
import { useSandbox } from './storeContext';
import { useQuiz } from './useQuiz';

/**
 * True while the quiz asks the room about the next beat. What looks ahead (the presenter's
 * "next:" line, the actors' pending commands, the scenario's "Expected:") would give the answer
 * away, so it waits until the beat is answered or skipped.
 */
export function useIsQuestionOpen(): boolean {
  const isEnabled = useQuiz((s) => s.isEnabled);
  const premise = useQuiz((s) => s.premise);
  // A boolean: a stable value for the selector, however often the sandbox state changes.
  return useSandbox((s) => openQuestion(s, isEnabled, premise) !== null);
}
