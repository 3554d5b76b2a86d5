import { COURSE } from '../scenarios/course';
import { findScenario } from '../scenarios';
import { AUTHORED_SUMMARY, selectOffScriptChanges } from '../store/scriptSelectors';
import { selectScenario } from '../store/selectors';
import { GlossaryText } from './GlossaryTerm';
import { useSandbox } from './storeContext';
import { useKeyboardChoice } from './useKeyboardChoice';
import { useOpenScenario } from './useOpenScenario';
import { useCourseProgress } from './useCourseProgress';
import { usePresenter } from './usePresenter';
import { useQuiz } from './useQuiz';
import { useQuizTitles } from './useQuizTitles';

const FREE_PLAY = '';

/**
 * Chooses a guided scenario, grouped and ordered as the course, or free play; the chosen one's
 * summary shows beside it, and each lesson done says "(done)". A choice loads at once. Picked from the list (a click), it gives focus
 * back to the page, so the next key steps; made with the keyboard (arrows, a letter), focus
 * stays here, so the next arrow browses on (WCAG 3.2.2). ArrowRight steps from here too (a
 * shortcut), and the browser's Back returns to the scenario before, where it was left.
 * In quiz mode the summary waits, as the narration's Expected: line does, while questions remain:
 * it tells the outcome ("each runs its own SELECT") the room is asked to predict. So does each
 * option's tooltip, a screen reader's description of it as the list is browsed, and an option's
 * label shows a neutral title where the title answers a question ("Cold read, then a hit").
 */
export function ScenarioPicker() {
  const open = useOpenScenario();
  const scenarioId = useSandbox((s) => s.scenarioId);
  const scenario = useSandbox(selectScenario);
  const { handlers, isByKey } = useKeyboardChoice();
  const isQuizOn = useQuiz((s) => s.isEnabled);
  const areQuestionsLeft = useSandbox(
    (s) =>
      selectScenario(s)
        ?.beats.slice(s.beat)
        .some((b) => b.quiz !== undefined) ?? false,
  );
  // Lessons done say so in words. Not in presenter mode: the projector shows the class's story,
  // not this browser's record, and a longer option would widen the measured presenter bar.
  const doneIds = useCourseProgress((s) => s.doneIds);
  const isPresenting = usePresenter((s) => s.isPresenting);
  const { titleOf, isSummaryHidden } = useQuizTitles();
  const isOffScript = useSandbox((s) => selectOffScriptChanges(s).length > 0);
  return (
    <div className="scenario-picker">
      <label>
        {/* Left to screen readers where the bar is short of room (presenterFourThree.css):
            the select shows the scenario's title, and the narration's heading repeats it. */}
        <span className="bar-name">Scenario</span>
        <select
          value={scenarioId ?? FREE_PLAY}
          aria-describedby="scenario-summary"
          {...handlers}
          onChange={(e) =>
            open(e.target.value === FREE_PLAY ? null : e.target.value, { keepFocus: isByKey() })
          }
        >
          <option value={FREE_PLAY}>Free play</option>
          {COURSE.map((group) => (
            <optgroup key={group.title} label={group.title}>
              {group.scenarioIds.map((id) => {
                const sc = findScenario(id);
                return (
                  sc && (
                    <option
                      key={id}
                      value={id}
                      title={isSummaryHidden(sc) ? undefined : sc.summary}
                    >
                      {!isPresenting && doneIds.includes(id)
                        ? `${titleOf(sc)} (done)`
                        : titleOf(sc)}
                    </option>
                  )
                );
              })}
            </optgroup>
          ))}
        </select>
      </label>
      <p id="scenario-summary" className="scenario-summary" data-testid="scenario.summary">
        {scenario && isQuizOn && areQuestionsLeft ? (
          'Summary: hidden in quiz mode while questions remain (it would give answers away).'
        ) : scenario ? (
          <>
            {isOffScript && AUTHORED_SUMMARY}
            <GlossaryText text={scenario.summary} />
          </>
        ) : (
          'No scenario: start requests yourself.'
        )}
      </p>
    </div>
  );
}
