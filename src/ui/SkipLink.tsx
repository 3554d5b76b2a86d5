import { selectIsFirstScreen } from '../store/selectors';
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
      {isFirstScreen ? 'Skip to “Start the course”' : 'Skip to the page’s content'}
    </a>
  );
}
