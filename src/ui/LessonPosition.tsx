import { lessonPosition } from '../store/courseProgress';
import { openNextLesson } from './clickerBack';
import { lessonAfter } from './clickerNext';
import { useSandbox, useSandboxApi } from './storeContext';
import { focusPage } from './useOpenScenario';
import { useQuizTitles } from './useQuizTitles';

/**
 * Presenter mode's place in the course: "Lesson 9 of 21 · 4. Races and their fixes", and Next
 * lesson (or L), which opens the course's next one at its start without leaving presenter mode.
 * In free play, "Free play, outside the course", and Next lesson opens its first, as L does
 * there (until 2026-12-05 free play showed neither: L worked with no button to say so).
 * Not this browser's progress: the projected screen is the class's.
 */
export function LessonPosition() {
  const scenarioId = useSandbox((s) => s.scenarioId);
  const store = useSandboxApi();
  const { titleOf } = useQuizTitles();
  const at = scenarioId === null ? undefined : lessonPosition(scenarioId);
  if (scenarioId !== null && !at) return null;
  const next = lessonAfter(scenarioId);
  return (
    <p className="lesson-position">
      <span data-testid="presenter.lesson">
        {at ? (
          <>
            Lesson {at.number} of {at.total}
            {next ? '' : ', the last'}
            <span className="lesson-part"> · {at.part}</span>
          </>
        ) : (
          'Free play, outside the course'
        )}
      </span>
      {next && (
        <button
          type="button"
          aria-keyshortcuts="L"
          title={`Opens ${titleOf(next)}${at ? '' : ", the course's first lesson,"} at its start (L)`}
          onClick={() => void openNextLesson(store, next.id).then(focusPage)}
        >
          Next lesson
        </button>
      )}
    </p>
  );
}
