import { nextInCourse } from '../scenarios/course';
import { selectCourseProgress } from '../store/courseProgress';
import { selectIsScenarioOver } from '../store/scriptSelectors';
import { selectScenario } from '../store/selectors';
import { useCourseProgress } from './useCourseProgress';
import { useQuizTitles } from './useQuizTitles';
import { usePresenter } from './usePresenter';
import { useSandbox } from './storeContext';
import { openInPlace, useOpenScenario } from './useOpenScenario';

/** At the end of a scenario: the course's next one, a click (or Enter) away. */
export function NextScenario() {
  const open = useOpenScenario();
  const scenario = useSandbox(selectScenario);
  const isOver = useSandbox(selectIsScenarioOver);
  const doneIds = useCourseProgress((s) => s.doneIds);
  // Not in presenter mode: its one screen is measured to fit the story at 1280x720.
  const isPresenting = usePresenter((s) => s.isPresenting);
  const { titleOf, hrefOf } = useQuizTitles();
  if (!scenario || !isOver) return null;
  const next = nextInCourse(scenario.id);
  const { doneCount, total } = selectCourseProgress(doneIds);
  return (
    <p className="next-scenario">
      {!isPresenting && doneIds.includes(scenario.id) && (
        <span data-testid="course.lesson-done">
          Lesson done: its last step is played ({doneCount} of {total} lessons done).{' '}
        </span>
      )}
      {next ? (
        <a className="button primary" href={hrefOf(next)} onClick={openInPlace(open, next.id)}>
          Next scenario: {titleOf(next)}
        </a>
      ) : (
        <span>That was the last scenario of the course.</span>
      )}
    </p>
  );
}
