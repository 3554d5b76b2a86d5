import { findScenario } from '../scenarios';
import type { Scenario } from '../scenarios/types';
import type { SandboxStoreApi } from '../store/sandboxStore';
import { stepsAt } from '../store/timeline';

/**
 * "Next" (→, Page Down) at a scenario's end (or on the first screen), and Next lesson (L) at any
 * step, open a scenario as a new history entry; this marks that entry, so "back" (←, Page Up, the
 * Back button) before its first step undoes the press: the browser's Back, to the entry left (the
 * scenario before where the press left it, as its link held it), so the address, the history and
 * the page stay one. The mark lives in the entry's `history.state`, which every rewrite of the
 * address keeps (see urlSync.ts).
 */
interface OpenedByNext {
  /**
   * `from`: the scenario "next" was pressed at the end of; null on the first screen (or, for
   * Next lesson, free play). `lessonFromStep`: set when Next lesson (L) opened it, the step the
   * scenario left was at (until 2026-12-05 L set no mark, and ← at the new lesson's start did
   * nothing).
   */
  openedByNext: { scenarioId: string; from?: string | null; lessonFromStep?: number };
}

const isOpenedByNext = (state: unknown): state is OpenedByNext =>
  typeof state === 'object' &&
  state !== null &&
  typeof (state as Partial<OpenedByNext>).openedByNext?.scenarioId === 'string';

/** Told when the mark may have changed: marked here, or another history entry shown. */
const listeners = new Set<() => void>();

/**
 * Marks the current history entry as the one "next" opened, on `scenarioId`, from the end of
 * `from` (null: from the first screen); with `lessonFromStep`, the one Next lesson (L) opened,
 * from `from` (null: free play) at that step.
 */
export function markOpenedByNext(
  scenarioId: string,
  from: string | null,
  lessonFromStep?: number,
): void {
  const state: unknown = window.history.state;
  const kept = typeof state === 'object' && state !== null ? state : {};
  window.history.replaceState(
    { ...kept, openedByNext: { scenarioId, from, lessonFromStep } },
    '',
    window.location.href,
  );
  for (const listener of listeners) listener();
}

/** Calls `listener` whenever the mark may have changed; returns how to stop (for React's useSyncExternalStore). */
export function subscribeOpenedByNext(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
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

/**
 * Where "back" to before "next" goes, in words ("Back to the first screen"). `titleOf` names a
 * scenario as the page shows it (quiz mode keeps some titles back: useQuizTitles).
 */
export function backToBeforeNextText(titleOf: (sc: Scenario) => string = (sc) => sc.title): string {
  const state: unknown = window.history.state;
  if (!isOpenedByNext(state) || state.openedByNext.from === undefined)
    return 'Back to where → was pressed';
  const { lessonFromStep } = state.openedByNext;
  if (typeof lessonFromStep === 'number') {
    const from = state.openedByNext.from;
    const fromScenario = from === null ? undefined : findScenario(from);
    const left = from === null ? 'free play' : fromScenario ? titleOf(fromScenario) : from;
    const where =
      from === null ? '' : lessonFromStep === 0 ? ', at its start' : `, step ${lessonFromStep}`;
    return `Back to ${left}${where}, where Next lesson (L) was pressed`;
  }
  if (state.openedByNext.from === null) return 'Back to the first screen';
  const previous = findScenario(state.openedByNext.from);
  const title = previous && titleOf(previous);
  return title
    ? `Back to the previous scenario's end (${title})`
    : "Back to the previous scenario's end";
}

/**
 * Opens the course's lesson `nextId` at its start, as L and the Next lesson button do, marked so
 * "back" at its start returns to the run left, at the step it was at.
 */
export async function openNextLesson(store: SandboxStoreApi, nextId: string): Promise<void> {
  const { scenarioId: from, timeline, cursor } = store.getState();
  // Step presses, as the page's counter and the URL count them (inputs are entries too).
  const step = stepsAt(timeline, cursor);
  await store.getState().loadScenario(nextId);
  if (store.getState().scenarioId === nextId) markOpenedByNext(nextId, from, step);
}

/** A "back" to before "next" under way: until the browser has gone back, one is enough. */
let isGoingBack = false;

/** Whether a "back" to before "next" is under way (the browser has not gone back yet). */
export const isGoingBackToBeforeNext = (): boolean => isGoingBack;

/** Undoes "next": the browser's Back, once however often it is asked before it has gone. */
export function goBackToBeforeNext(): void {
  if (isGoingBack) return;
  isGoingBack = true;
  window.addEventListener('popstate', () => (isGoingBack = false), { once: true });
  window.history.back();
}
