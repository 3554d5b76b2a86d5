import { z } from 'zod';
import type { KeyValueStorage } from '../platform/versionedStorage';
import type { QuizStoreApi } from '../store/quizStore';

/** Where the tab keeps the room's score (`sessionStorage`: this tab only, until it is closed). */
export const ROOM_SCORE_KEY = 'cache-aside-lab.room-score';

/** A prediction's name (`predictionKey`) is short; a list longer than any course's is not one. */
const predictions = z.array(z.string().max(200)).max(10_000);
const roomScoreSchema = z.object({ scored: predictions, right: predictions });

/**
 * The room's score this tab kept, put back after a reload: a presenter who reloads the projector
 * mid-class (F5, a crash) finds the room's answers where they were. A new tab starts at 0 / 0,
 * and the learner's own score never sees it. An entry that is not one is removed and ignored:
 * the room's score is the page's own writing, and nothing the learner can act on.
 */
export function restoreRoomScore(quiz: QuizStoreApi, storage: KeyValueStorage | null): void {
  if (!storage) return;
  try {
    const text = storage.getItem(ROOM_SCORE_KEY);
    if (text === null) return;
    let value: unknown = null;
    try {
      value = JSON.parse(text);
    } catch {
      value = null;
    }
    const parsed = roomScoreSchema.safeParse(value);
    if (parsed.success) quiz.getState().roomRestored(parsed.data.scored, parsed.data.right);
    else storage.removeItem(ROOM_SCORE_KEY);
  } catch {
    // Storage the browser refuses to read keeps nothing: the room's score starts at 0 / 0.
  }
}

/** Saves the room's score for the tab whenever it changes (an answer, its reset). */
export function startRoomScorePersistence(
  quiz: QuizStoreApi,
  storage: KeyValueStorage,
): () => void {
  return quiz.subscribe((state, prev) => {
    if (state.room === prev.room) return;
    try {
      storage.setItem(
        ROOM_SCORE_KEY,
        JSON.stringify({ scored: state.room.scored, right: state.room.scoredRight }),
      );
    } catch {
      // A full or refused storage: the score lasts while the page is open, as before.
    }
  });
}
