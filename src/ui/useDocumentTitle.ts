import { useEffect } from 'react';
import { selectScenario } from '../store/selectors';
import { useSandbox } from './storeContext';
import type { Route } from './useHashRoute';
import { useQuizTitles } from './useQuizTitles';

const SITE = 'Cache-Aside Lab';

/**
 * Keeps the document's title on what is on show: the browser's tab, its history list and a
 * screen reader's page change read it, and they said "Cache-Aside Lab" for every scenario and
 * for the lab alike. Free play, the first screen, keeps the site's name alone. In quiz mode it
 * says what the narration's heading says (a title that answers no question still to come).
 */
export function useDocumentTitle(route: Route): void {
  const { titleOf } = useQuizTitles();
  const scenario = useSandbox(selectScenario);
  const scenarioTitle = scenario ? titleOf(scenario) : null;
  const page = route === 'lab' ? 'Workload lab' : scenarioTitle;
  useEffect(() => {
    // The handout names its own scenario (HandoutPage), which need not be the sandbox's.
    if (route === 'handout') return;
    document.title = page === null ? SITE : `${page} · ${SITE}`;
  }, [page, route]);
}

/** The hook as a component, for a parent that provides the sandbox's store below itself. */
export function DocumentTitle({ route }: { route: Route }): null {
  useDocumentTitle(route);
  return null;
}
