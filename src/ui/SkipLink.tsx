import { selectCourseProgress } from '../store/courseProgress';
import { selectIsFirstScreen } from '../store/scriptSelectors';
import { useCourseProgress } from './useCourseProgress';
import { useSandbox } from './storeContext';
import { usePresenter } from './usePresenter';
import type { Route } from './useHashRoute';

/** The id of the first screen's "Start the course" link, the skip link's target there. */
export const COURSE_START_LINK_ID = 'course-start-link';

/**
 * The page's first Tab stop, shown only while focused: past the header and the controls, to
 * "Start the course" on the first screen and to the page's content everywhere else.
 */
export function SkipLink({ route }: { route: Route }) {
  // Presenter mode shows no "Start the course" (→ opens the course's first scenario there).
  const isPresenting = usePresenter((s) => s.isPresenting);
  const isFirstScreen = useSandbox(selectIsFirstScreen) && route === 'sandbox' && !isPresenting;
  // The first screen's link continues the course once a lesson is done (CourseStart).
  const isContinuing = useCourseProgress((s) => {
    const { doneCount, next } = selectCourseProgress(s.doneIds);
    return doneCount > 0 && next !== undefined;
  });
  return (
    <a
      className="skip-link"
      href={route === 'lab' ? '#/lab' : '#/'}
      onClick={(e) => {
        e.preventDefault();
        const start = isFirstScreen ? document.getElementById(COURSE_START_LINK_ID) : null;
        const target = start ?? document.querySelector('main');
        if (!(target instanceof HTMLElement)) return;
        // A region that is not a control takes focus only when asked to.
        if (target.tagName === 'MAIN' && !target.hasAttribute('tabindex')) target.tabIndex = -1;
        target.focus();
      }}
    >
      {!isFirstScreen
        ? 'Skip to the page’s content'
        : isContinuing
          ? 'Skip to “Continue the course”'
          : 'Skip to “Start the course”'}
    </a>
  );
}
