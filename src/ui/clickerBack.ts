/**
 * "Next" (→, Page Down) at a scenario's end (or on the first screen) opens a scenario as a new
 * history entry; this marks that entry, so "back" (←, Page Up) before its first step undoes the
 * press: the browser's Back, to the entry left (the scenario before at its end, as its link
 * held it), so the address, the history and the page stay one. The mark lives in the entry's
 * `history.state`, which every rewrite of the address keeps (see urlSync.ts).
 */
interface OpenedByNext {
  openedByNext: { scenarioId: string };
}

const isOpenedByNext = (state: unknown): state is OpenedByNext =>
  typeof state === 'object' &&
  state !== null &&
  typeof (state as Partial<OpenedByNext>).openedByNext?.scenarioId === 'string';

/** Marks the current history entry as the one "next" opened, on `scenarioId`. */
export function markOpenedByNext(scenarioId: string): void {
  const state: unknown = window.history.state;
  const kept = typeof state === 'object' && state !== null ? state : {};
  window.history.replaceState({ ...kept, openedByNext: { scenarioId } }, '', window.location.href);
}

/**
 * Whether "back" on this view goes back to what "next" left: the scenario shown is the one "next"
 * opened into this history entry, with nothing left to go back over.
 */
export function isBackToBeforeNext(view: { scenarioId: string | null; cursor: number }): boolean {
  const state: unknown = window.history.state;
  return (
    view.cursor === 0 && isOpenedByNext(state) && state.openedByNext.scenarioId === view.scenarioId
  );
}
