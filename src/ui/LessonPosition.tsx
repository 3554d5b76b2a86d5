import { lessonPosition } from '../store/courseProgress';
import { lessonAfter } from './clickerNext';
import { useSandbox } from './storeContext';
import { useOpenScenario } from './useOpenScenario';

/**
 * Presenter mode's place in the course: "Lesson 9 of 21 · 4. Races and their fixes", and Next
 * lesson (or L), which opens the course's next one at its start without leaving presenter mode.
 * Not this browser's progress: the projected screen is the class's.
 */
export function LessonPosition() {
  const scenarioId = useSandbox((s) => s.scenarioId);
  const open = useOpenScenario();
  const at = scenarioId === null ? undefined : lessonPosition(scenarioId);
  if (scenarioId === null || !at) return null;
  const next = lessonAfter(scenarioId);
  return (
    <p className="lesson-position">
      <span data-testid="presenter.lesson">
        Lesson {at.number} of {at.total}
        {next ? '' : ', the last'}
        <span className="lesson-part"> · {at.part}</span>
      </span>
      {next && (
        <button
          type="button"
          aria-keyshortcuts="L"
          title={`Opens ${next.title} at its start (L)`}
          onClick={() => open(next.id)}
        >
          Next lesson
        </button>
      )}
    </p>
  );
}
