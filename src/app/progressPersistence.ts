import type { z } from 'zod';
import {
  loadVersioned,
  saveVersioned,
  type KeyValueStorage,
  type StoredDocument,
} from '../platform/versionedStorage';
import {
  courseProgressSchema,
  progressV1ToV2,
  salvageProgress,
  type CourseProgressDocument,
} from '../schema/courseProgress';
import { unionOfDone, type CourseProgressStoreApi } from '../store/courseProgress';
import { unaskedReason } from '../store/askedPredictions';
import type { QuizStoreApi } from '../store/quizStore';

/**
 * The course's progress in localStorage: a document of its own beside the settings, under the
 * same rules (a schema version, migrations, an unreadable one set aside with a notice). Version 2
 * keeps the quiz's score with it (version 1 had none: the score lasted while the page was open).
 */
export const PROGRESS_DOCUMENT: StoredDocument<CourseProgressDocument> = {
  key: 'cache-aside-lab.progress',
  label: 'course progress',
  version: 2,
  schema: courseProgressSchema.superRefine(refuseUnasked(['quiz', 'scored'], (d) => d.quiz.scored)),
  migrations: { 1: progressV1ToV2 },
  salvage: (doc) => salvageProgress(doc, unaskedReason),
};

/**
 * Refuses a prediction that is no answer given on this page (`unaskedReason`): it counted
 * in the score ("3 of 4 right" with one answer never given here). The document's salvage then
 * leaves it out and names it, and sets the document as it was aside.
 */
export function refuseUnasked<T>(path: readonly string[], scoredOf: (doc: T) => readonly string[]) {
  return (doc: T, ctx: z.RefinementCtx): void => {
    for (const [i, key] of scoredOf(doc).entries()) {
      const why = unaskedReason(key);
      if (why !== null) ctx.addIssue({ code: 'custom', path: [...path, i], message: why });
    }
  };
}

/** The quiz's score as kept: the predictions scored, and those right. */
export interface StoredScore {
  scored: readonly string[];
  right: readonly string[];
}

const NO_SCORE: StoredScore = { scored: [], right: [] };

export interface RestoredProgress {
  doneIds: readonly string[];
  quiz: StoredScore;
  /** Why the stored progress was set aside (a notice for the page), or null. */
  notice: string | null;
}

/** Reads the saved progress; none (or storage disabled) is no lesson done. Never throws. */
export function restoreProgress(storage: KeyValueStorage | null): RestoredProgress {
  if (storage === null) return { doneIds: [], quiz: NO_SCORE, notice: null };
  const loaded = loadVersioned(storage, PROGRESS_DOCUMENT);
  return {
    doneIds: loaded.value?.done ?? [],
    quiz: loaded.value?.quiz ?? NO_SCORE,
    notice: loaded.notice,
  };
}

/** Both scores' predictions, `a`'s first, each once: what two tabs scored, neither erasing the other's. */
function unionOfScores(a: StoredScore, b: StoredScore): StoredScore {
  const scored = unionOfDone(a.scored, b.scored);
  return { scored, right: unionOfDone(a.right, b.right).filter((k) => scored.includes(k)) };
}

/**
 * The progress stores taking in what another tab saved, while they do: what they take in is what
 * storage holds, so nothing is saved meanwhile. Saving then wrote back the half not yet taken in
 * (after another tab's Reset progress, the lessons taken in saved this tab's old score back, and
 * the reset score came back in both tabs).
 */
const takingIn = new WeakSet<CourseProgressStoreApi>();

/**
 * Saves the progress, and the quiz's score with it, whenever either changes. A lesson done or a
 * prediction scored is added to what storage holds now, so a second tab's are kept; a reset
 * (Reset progress, or the quiz's own) writes what it left as it is.
 */
export function startProgressPersistence(
  progress: CourseProgressStoreApi,
  storage: KeyValueStorage,
  quiz?: QuizStoreApi,
): () => void {
  const save = (isDoneReset: boolean, isScoreReset: boolean) => {
    if (takingIn.has(progress)) return;
    const held = loadVersioned(storage, PROGRESS_DOCUMENT).value;
    const { doneIds } = progress.getState();
    const q = quiz?.getState();
    const score: StoredScore = q ? { scored: q.scored, right: q.scoredRight } : NO_SCORE;
    const done = isDoneReset ? doneIds : unionOfDone(held?.done ?? [], doneIds);
    const kept = isScoreReset ? score : unionOfScores(held?.quiz ?? NO_SCORE, score);
    saveVersioned(storage, PROGRESS_DOCUMENT, {
      version: 2,
      done: [...done],
      quiz: { scored: [...kept.scored], right: [...kept.right] },
    });
  };
  const offProgress = progress.subscribe((state, prev) => {
    if (state.doneIds === prev.doneIds && state.resets === prev.resets) return;
    save(state.resets !== prev.resets, false);
  });
  const offQuiz = quiz?.subscribe((state, prev) => {
    if (state.scored === prev.scored && state.scoreResets === prev.scoreResets) return;
    save(false, state.scoreResets !== prev.scoreResets);
  });
  return () => {
    offProgress();
    offQuiz?.();
  };
}

/** Where the page hears that another tab wrote to storage (the window's `storage` event). */
export interface StorageEvents {
  addEventListener(type: 'storage', listener: (e: { key: string | null }) => void): void;
  removeEventListener(type: 'storage', listener: (e: { key: string | null }) => void): void;
}

/**
 * Takes in what another tab saves of the progress: its lessons done show here at once, and its
 * Reset progress holds here too. Without it this tab kept the lessons it had read when it opened,
 * and the next lesson it finished saved them all back, undoing the other tab's reset.
 */
export function startProgressSync(
  progress: CourseProgressStoreApi,
  storage: KeyValueStorage,
  events: StorageEvents,
  quiz?: QuizStoreApi,
): () => void {
  const listener = (e: { key: string | null }) => {
    // A null key is the other tab clearing the whole of storage.
    if (e.key !== null && e.key !== PROGRESS_DOCUMENT.key) return;
    const loaded = loadVersioned(storage, PROGRESS_DOCUMENT);
    // Unreadable: set aside by the read, and nothing here is erased because of it. Read in part
    // (one lesson id it cannot read among good ones): the part read is what that tab saved.
    if (loaded.value === null && loaded.notice !== null) return;
    const score = loaded.value?.quiz ?? NO_SCORE;
    takingIn.add(progress);
    try {
      progress.getState().progressSavedElsewhere(loaded.value?.done ?? []);
      quiz?.getState().scoreRestored(score.scored, score.right);
    } finally {
      takingIn.delete(progress);
    }
  };
  events.addEventListener('storage', listener);
  return () => events.removeEventListener('storage', listener);
}
