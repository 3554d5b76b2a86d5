import { nextInCourse } from '../scenarios/course';
import { selectIsScenarioOver, selectScenario } from '../store/selectors';
import { useSandbox } from './storeContext';
import { openInPlace, scenarioHref, useOpenScenario } from './useOpenScenario';

/** At the end of a scenario: the course's next one, a click (or Enter) away. */
export function NextScenario() {
  const open = useOpenScenario();
  const scenario = useSandbox(selectScenario);
  const isOver = useSandbox(selectIsScenarioOver);
  if (!scenario || !isOver) return null;
  const next = nextInCourse(scenario.id);
  return (
    <p className="next-scenario">
      {next ? (
        <a
          className="button primary"
          href={scenarioHref(next.id)}
          onClick={openInPlace(open, next.id)}
        >
          Next scenario: {next.title}
        </a>
      ) : (
        <span>That was the last scenario of the course.</span>
      )}
    </p>
  );
}
