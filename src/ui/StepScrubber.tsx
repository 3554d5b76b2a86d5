import { selectMaxStep, selectStepCount } from '../store/selectors';
import { useSandbox, useSandboxApi } from './storeContext';

/**
 * A slider over the Step presses made so far (and those Back stepped over), by deterministic
 * replay: every beat of a scenario, including beats that send no command.
 */
export function StepScrubber() {
  const store = useSandboxApi();
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
        onChange={(e) => void store.getState().seekStep(Number(e.target.value))}
      />
    </label>
  );
}
