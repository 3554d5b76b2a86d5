import { selectMaxStep, selectStepCount } from '../store/selectors';
import { useSandbox } from './storeContext';
import { useQuizApi } from './useQuiz';

/**
 * A slider over the Step presses made so far (and those Back stepped over), by deterministic
 * replay: every beat of a scenario, including beats that send no command.
 */
export function StepScrubber() {
  const quiz = useQuizApi();
  const step = useSandbox(selectStepCount);
  const maxStep = useSandbox(selectMaxStep);
  const max = Math.max(maxStep, step);
  return (
    <label className="scrubber">
      <span>
        Step {step} of {max}
      </span>
      <input
        type="range"
        aria-label="Step position"
        // A screen reader says the value alone ("5") without it; the text beside it says more.
        aria-valuetext={`Step ${step} of ${max}`}
        min={0}
        max={max}
        value={step}
        disabled={max === 0}
        // Through the quiz: in quiz mode a move forward stops before the next question.
        onChange={(e) => void quiz.getState().seekStep(Number(e.target.value))}
      />
    </label>
  );
}
