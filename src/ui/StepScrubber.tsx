import { selectMaxStep, selectStepCount } from '../store/selectors';
import { useSandbox, useSandboxApi } from './storeContext';

/** A slider over the steps taken so far (and those Back stepped over), by deterministic replay. */
export function StepScrubber() {
  const store = useSandboxApi();
  const step = useSandbox(selectStepCount);
  const maxStep = useSandbox(selectMaxStep);
  const baseSteps = useSandbox((s) => s.baseSteps);
  const max = Math.max(maxStep, step);
  return (
    <label className="scrubber">
      <span>
        Step {step} of {max}
      </span>
      <input
        type="range"
        aria-label="Step position"
        min={baseSteps}
        max={max}
        value={step}
        disabled={max === baseSteps}
        onChange={(e) => void store.getState().seekStep(Number(e.target.value))}
      />
    </label>
  );
}
