import { findScenario } from '../scenarios';
import { WHEN_TO_USE_POINTS, type UsePoint } from '../scenarios/whenToUse';
import { useSandbox } from './storeContext';
import { useQuizTitles } from './useQuizTitles';
import { openInPlace, useOpenScenario } from './useOpenScenario';

/** The closing scenario's points for and against, each linking to the scenario that shows it. */
export function WhenToUsePoints() {
  const open = useOpenScenario();
  const isShown = useSandbox((s) => s.scenarioId === 'when-to-use');
  const { titleOf, hrefOf } = useQuizTitles();
  if (!isShown) return null;
  const list = (kind: UsePoint['kind']) => (
    <ul>
      {WHEN_TO_USE_POINTS.filter((p) => p.kind === kind).map((p) => {
        const sc = findScenario(p.scenarioId);
        return (
          <li key={p.text}>
            {p.text}{' '}
            {sc && (
              <a href={hrefOf(sc)} onClick={openInPlace(open, sc.id)}>
                See it: {titleOf(sc)}
              </a>
            )}
          </li>
        );
      })}
    </ul>
  );
  return (
    <section className="when-to-use" aria-label="When to use cache-aside">
      <div>
        <h3>Use it when</h3>
        {list('use')}
      </div>
      <div>
        <h3>Avoid it (or add a fix) when</h3>
        {list('avoid')}
      </div>
    </section>
  );
}
