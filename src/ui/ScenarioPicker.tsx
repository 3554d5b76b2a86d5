import { SCENARIOS } from '../scenarios';
import { useSandbox, useSandboxApi } from './storeContext';

const FREE_PLAY = '';

/** Chooses a guided scenario, or free play. */
export function ScenarioPicker() {
  const store = useSandboxApi();
  const scenarioId = useSandbox((s) => s.scenarioId);
  return (
    <label className="scenario-picker">
      Scenario
      <select
        value={scenarioId ?? FREE_PLAY}
        onChange={(e) =>
          void store.getState().loadScenario(e.target.value === FREE_PLAY ? null : e.target.value)
        }
      >
        <option value={FREE_PLAY}>Free play</option>
        {SCENARIOS.map((s) => (
          <option key={s.id} value={s.id}>
            {s.title}
          </option>
        ))}
      </select>
    </label>
  );
}
