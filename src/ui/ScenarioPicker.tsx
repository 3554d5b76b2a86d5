import { COURSE } from '../scenarios/course';
import { findScenario } from '../scenarios';
import { selectScenario } from '../store/selectors';
import { GlossaryText } from './GlossaryTerm';
import { useSandbox } from './storeContext';
import { useOpenScenario } from './useOpenScenario';

const FREE_PLAY = '';

/**
 * Chooses a guided scenario, grouped and ordered as the course, or free play; the chosen one's
 * summary shows beside it. Choosing gives focus back to the page, so ArrowRight then steps.
 */
export function ScenarioPicker() {
  const open = useOpenScenario();
  const scenarioId = useSandbox((s) => s.scenarioId);
  const scenario = useSandbox(selectScenario);
  return (
    <div className="scenario-picker">
      <label>
        Scenario
        <select
          value={scenarioId ?? FREE_PLAY}
          aria-describedby="scenario-summary"
          onChange={(e) => open(e.target.value === FREE_PLAY ? null : e.target.value)}
        >
          <option value={FREE_PLAY}>Free play</option>
          {COURSE.map((group) => (
            <optgroup key={group.title} label={group.title}>
              {group.scenarioIds.map((id) => {
                const sc = findScenario(id);
                return (
                  sc && (
                    <option key={id} value={id} title={sc.summary}>
                      {sc.title}
                    </option>
                  )
                );
              })}
            </optgroup>
          ))}
        </select>
      </label>
      <p id="scenario-summary" className="scenario-summary" data-testid="scenario.summary">
        {scenario ? (
          <GlossaryText text={scenario.summary} />
        ) : (
          'No scenario: start requests yourself.'
        )}
      </p>
    </div>
  );
}
