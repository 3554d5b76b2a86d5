import { useCallback, type MouseEvent } from 'react';
import { withQuizMode } from '../store/quizLink';
import { useSandboxApi } from './storeContext';

/** Gives focus back to the page, so the next ArrowRight or clicker press steps. */
export function focusPage(): void {
  document.querySelector<HTMLElement>('main.sandbox')?.focus({ preventScroll: true });
}

/**
 * The link that opens a scenario from its start, with quiz mode kept when it is on (in quiz mode
 * `id` is the one the address names it by, see `useQuizTitles`' `hrefOf`). Never presenter mode:
 * the tab keeps that (`src/app/presenterTab.ts`), so a link copied from the projector is the room's.
 */
export function scenarioHref(id: string, isQuiz = false): string {
  return withQuizMode(`?scenario=${encodeURIComponent(id)}`, isQuiz);
}

/**
 * Loads a scenario from its start and returns focus to the page, unless `keepFocus` (a choice
 * made with the keyboard, whose next arrow key browses on from where focus is).
 */
export function useOpenScenario(): (id: string | null, options?: { keepFocus?: boolean }) => void {
  const store = useSandboxApi();
  return useCallback(
    (id, options) => {
      const loaded = store.getState().loadScenario(id);
      if (!options?.keepFocus) void loaded.then(focusPage);
    },
    [store],
  );
}

/**
 * A scenario link's click: opens it in place, unless the click asks the browser for another tab
 * or window (Ctrl, Cmd or Shift held, a button other than the main one): then the browser follows
 * the link's own address, and this page stays as it is.
 */
export function openInPlace(
  open: (id: string) => void,
  id: string,
): (e: MouseEvent<HTMLAnchorElement>) => void {
  return (e) => {
    if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    open(id);
  };
}
