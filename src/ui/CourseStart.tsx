import { COURSE, COURSE_ORDER } from '../scenarios/course';
import { selectCourseProgress } from '../store/courseProgress';
import { CourseProgress } from './CourseProgress';
import { useCourseProgress } from './useCourseProgress';
import { selectIsFirstScreen } from '../store/scriptSelectors';
import { findScenario } from '../scenarios';
import { useQuizTitles } from './useQuizTitles';
import { GlossaryText } from './GlossaryTerm';
import { COURSE_START_LINK_ID } from './SkipLink';
import { useSandbox } from './storeContext';
import { openInPlace, useOpenScenario } from './useOpenScenario';

/**
 * The first screen: what to do first (start the course), and the course's parts with each
 * scenario's summary. Shown in free play before anything was done.
 */
export function CourseStart() {
  const open = useOpenScenario();
  const isFresh = useSandbox(selectIsFirstScreen);
  const doneIds = useCourseProgress((s) => s.doneIds);
  // In quiz mode a scenario's title or summary would answer its questions before they are asked.
  const { titleOf, isSummaryHidden, hrefOf } = useQuizTitles();
  if (!isFresh) return null;
  const { doneCount, next } = selectCourseProgress(doneIds);
  // Once a lesson is done the first screen continues the course where it was left; with every
  // lesson done (or none), it starts it.
  const isContinuing = doneCount > 0 && next !== undefined;
  const first = isContinuing ? next : COURSE_ORDER[0];
  const done = new Set(doneIds);
  return (
    <section className="course-start" aria-labelledby="course-start-title">
      <h2 id="course-start-title">Start here</h2>
      <p>
        This page runs the cache-aside pattern for real: every command it shows is a real Redis
        command or SQL statement. Press <kbd>→</kbd>{' '}
        {/* → opens the course's first scenario whatever was done (clickerNext): the button alone continues. */}
        {isContinuing
          ? 'to open the first scenario again (the button below continues where you left off)'
          : '(or the button below) to open the first scenario'}
        , then <kbd>→</kbd> (or Step) to play each step of its story, one command or a few;{' '}
        <kbd>?</kbd> lists every key.
      </p>
      {first && (
        <p>
          <a
            id={COURSE_START_LINK_ID}
            className="button primary"
            href={hrefOf(first)}
            onClick={openInPlace(open, first.id)}
          >
            {isContinuing ? 'Continue the course' : 'Start the course'}: {titleOf(first)}
          </a>
        </p>
      )}
      <CourseProgress />
      <details>
        <summary>The course, part by part</summary>
        <ol className="course-outline">
          {COURSE.map((g) => (
            <li key={g.title}>
              <strong>{g.title.replace(/^\d+\.\s*/, '')}</strong>
              <ul>
                {g.scenarioIds.map((id) => {
                  const sc = findScenario(id);
                  return (
                    sc && (
                      <li key={id}>
                        <a href={hrefOf(sc)} onClick={openInPlace(open, id)}>
                          {titleOf(sc)}
                          {/* In the link's name, in words: "Stale read ... (done)". */}
                          {done.has(id) && <span className="lesson-done"> (done)</span>}
                        </a>
                        :{' '}
                        {isSummaryHidden(sc) ? (
                          'summary hidden in quiz mode (it would give answers away)'
                        ) : (
                          <GlossaryText text={sc.summary} />
                        )}
                      </li>
                    )
                  );
                })}
              </ul>
            </li>
          ))}
        </ol>
      </details>
    </section>
  );
}
