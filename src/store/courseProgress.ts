import { createStore } from 'zustand/vanilla';
import { COURSE, COURSE_ORDER, nextInCourse } from '../scenarios/course';
import type { Scenario } from '../scenarios/types';
import type { SandboxState } from './sandboxState';
import type { SandboxStoreApi } from './sandboxStore';
import { selectIsScenarioOver } from './scriptSelectors';

/**
 * The course's progress: which lessons (the course's scenarios) the learner has played to their
 * end. A lesson is done once its last beat has been played and no request is left in flight,
 * whatever the verdict: the story was seen through, under the authored settings or a fix tried
 * on the way. Kept apart from the
 * sandbox store (a run never changes because of it), as the presenter's state is.
 */
export interface CourseProgressState {
  /** The ids of the lessons done, in the order they were done (ids no scenario has are kept). */
  doneIds: readonly string[];
  /** Counts the resets, so persistence writes a reset as it is rather than merging it away. */
  resets: number;
  /**
   * The lesson this page has just marked done by playing its last beat (null before one, and
   * after a reset): what is announced, once. A lesson restored from storage or done in another
   * tab is not this page's news, and a lesson played to its end again is done already.
   */
  lastFinished: string | null;
  /**
   * Whether what is done lasts between visits: false where the browser lets the page save
   * nothing (storage disabled, every write refused), so the page does not say it keeps it.
   */
  isKept: boolean;
  /** The page learnt whether storage keeps what it saves. */
  storageChecked(isKept: boolean): void;
  /** A lesson was played to its end. */
  lessonFinished(id: string): void;
  /** Forget every lesson done. */
  resetProgress(): void;
  /** What storage held when the page opened. */
  progressRestored(doneIds: readonly string[]): void;
  /**
   * What another tab saved: it holds this tab's lessons too (each is saved as it is done), unless
   * that tab reset them, so it replaces the list rather than joining it.
   */
  progressSavedElsewhere(doneIds: readonly string[]): void;
}

/** `doneIds` with `id` added at its end; the same list when it is there already. */
export const withLessonDone = (doneIds: readonly string[], id: string): readonly string[] =>
  doneIds.includes(id) ? doneIds : [...doneIds, id];

/** Both lists' ids, `a`'s first, each once: what two tabs did, neither erasing the other's. */
export const unionOfDone = (a: readonly string[], b: readonly string[]): readonly string[] =>
  b.reduce(withLessonDone, a);

export type CourseProgressStoreApi = ReturnType<typeof createCourseProgressStore>;

export function createCourseProgressStore(doneIds: readonly string[] = []) {
  return createStore<CourseProgressState>()((set, get) => ({
    doneIds,
    resets: 0,
    lastFinished: null,
    isKept: true,
    storageChecked: (isKept) => set({ isKept }),
    lessonFinished: (id) => {
      const next = withLessonDone(get().doneIds, id);
      if (next !== get().doneIds) set({ doneIds: next, lastFinished: id });
    },
    resetProgress: () => set({ doneIds: [], resets: get().resets + 1, lastFinished: null }),
    progressRestored: (restored) => set({ doneIds: unionOfDone(get().doneIds, restored) }),
    progressSavedElsewhere: (saved) => {
      const { doneIds: now } = get();
      // The same list is no change: saving it back would wake the other tab again.
      if (saved.length === now.length && saved.every((id, i) => id === now[i])) return;
      // A reset there forgets this tab's news too: the lesson played again is news again.
      const { lastFinished } = get();
      set({
        doneIds: [...saved],
        lastFinished: lastFinished !== null && saved.includes(lastFinished) ? lastFinished : null,
      });
    },
  }));
}

/** The page's one progress store (a module singleton, as the presenter's is). */
export const courseProgressStore = createCourseProgressStore();

/** What the course's list says: how many of its lessons are done, and where to continue. */
export interface CourseProgressSummary {
  doneCount: number;
  total: number;
  /** The first lesson in course order not done; undefined once every one is. */
  next: Scenario | undefined;
}

export function selectCourseProgress(doneIds: readonly string[]): CourseProgressSummary {
  const done = new Set(doneIds);
  return {
    doneCount: COURSE_ORDER.filter((s) => done.has(s.id)).length,
    total: COURSE_ORDER.length,
    next: COURSE_ORDER.find((s) => !done.has(s.id)),
  };
}

/**
 * Where a lesson sits in the course: its number (1-based) of how many, and its part's title
 * ("4. Races and their fixes"); undefined for a scenario the course does not place.
 */
export function lessonPosition(
  id: string,
): { number: number; total: number; part: string } | undefined {
  const i = COURSE_ORDER.findIndex((s) => s.id === id);
  if (i < 0) return undefined;
  const part = COURSE.find((g) => g.scenarioIds.includes(id))?.title ?? '';
  return { number: i + 1, total: COURSE_ORDER.length, part };
}

/**
 * What a screen reader hears once a lesson is marked done: which, how many are done, and what
 * now: the course's next lesson and how to open it (the Next scenario link; → in presenter mode,
 * where the link is a clicker's key away), or, after the last, the first lesson still to do.
 * `titleOf` names another lesson as the page shows it (quiz mode keeps some titles back).
 */
export function describeLessonDone(
  id: string,
  doneIds: readonly string[],
  isPresenting: boolean,
  titleOf: (sc: Scenario) => string = (sc) => sc.title,
): string {
  const at = lessonPosition(id);
  const title = COURSE_ORDER.find((s) => s.id === id)?.title ?? id;
  const { doneCount, total, next: firstNotDone } = selectCourseProgress(doneIds);
  const said = `Lesson ${at?.number ?? '?'} of ${total} done: ${title}. ${doneCount} of ${total} lessons done${doneCount === total ? ': the whole course.' : '.'}`;
  const next = nextInCourse(id);
  if (next) {
    const how = isPresenting ? '→ opens it' : 'the Next scenario link';
    const isDone = doneIds.includes(next.id) ? ', done already' : '';
    return `${said} Next: ${titleOf(next)} (${how}${isDone}).`;
  }
  if (!firstNotDone) return `${said} That was the course's last lesson.`;
  return `${said} That was the course's last lesson; the first not done is ${titleOf(firstNotDone)} (the Scenario list opens it).`;
}

/**
 * The lesson the sandbox has just played to its end, or null: its last beat played and nothing
 * left to step. Under another setting the last beat can leave requests in flight (the narration
 * says "Step on to see them finish"): the lesson is done when they have finished, not before.
 */
export function selectFinishedLesson(s: SandboxState): string | null {
  return s.scenarioId !== null && selectIsScenarioOver(s) && !s.canStep ? s.scenarioId : null;
}

/**
 * Marks each lesson done as the sandbox plays its last beat, in any view (presenter mode, quiz
 * mode) and by any means (Step, the clicker, `window.cacheAside`, a link to its end).
 */
export function startProgressTracking(
  sandbox: SandboxStoreApi,
  progress: CourseProgressStoreApi,
): () => void {
  const mark = (s: SandboxState) => {
    const id = selectFinishedLesson(s);
    if (id !== null) progress.getState().lessonFinished(id);
  };
  mark(sandbox.getState());
  return sandbox.subscribe(mark);
}
