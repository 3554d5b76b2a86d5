import { z } from 'zod';
import {
  loadVersioned,
  saveVersioned,
  type KeyValueStorage,
  type StoredDocument,
} from '../platform/versionedStorage';
import { isAskedPrediction } from '../store/askedPredictions';
import type { QuizStoreApi } from '../store/quizStore';
import { refuseUnasked } from './progressPersistence';

/** Where the tab keeps the room's score (`sessionStorage`: this tab only, until it is closed). */
export const ROOM_SCORE_KEY = 'cache-aside-lab.room-score';

/** A prediction's name (`predictionKey`) is short; a list longer than any course's is not one. */
const predictions = z.array(z.string().max(200)).max(10_000);
const roomScoreSchema = z
  .object({
    version: z.literal(1),
    scored: predictions,
    right: predictions,
  })
  .superRefine(refuseUnasked(['scored'], (d) => d.scored));

const ROOM_SCORE_DOCUMENT: StoredDocument<z.infer<typeof roomScoreSchema>> = {
  key: ROOM_SCORE_KEY,
  label: "the room's score",
  version: 1,
  schema: roomScoreSchema,
  migrations: {},
  // A prediction of a question the page does not ask is left out; the room's others are kept.
  salvage: ({ scored, right, ...rest }) => {
    if (!Array.isArray(scored) || !Array.isArray(right)) return null;
    const isKept = (k: unknown) => typeof k !== 'string' || isAskedPrediction(k);
    const keptScored = scored.filter(isKept);
    return {
      value: { ...rest, scored: keptScored, right: right.filter((k) => keptScored.includes(k)) },
      leftOut: scored.filter((k) => !isKept(k)).map((k) => JSON.stringify(k)),
    };
  },
};

/**
 * The room's score this tab kept, put back after a reload: a presenter who reloads the projector
 * mid-class (F5, a crash) finds the room's answers where they were. A new tab starts at 0 / 0,
 * and the learner's own score never sees it. An entry that is not one is set aside and ignored,
 * without a notice: the room's score is the page's own writing, and nothing the learner can act on.
 */
export function restoreRoomScore(quiz: QuizStoreApi, storage: KeyValueStorage | null): void {
  if (!storage) return;
  const { value } = loadVersioned(storage, ROOM_SCORE_DOCUMENT);
  if (value !== null) quiz.getState().roomRestored(value.scored, value.right);
}

/** Saves the room's score for the tab whenever it changes (an answer, its reset). */
export function startRoomScorePersistence(
  quiz: QuizStoreApi,
  storage: KeyValueStorage,
): () => void {
  return quiz.subscribe((state, prev) => {
    if (state.room === prev.room) return;
    // A full or refused storage keeps nothing: the score lasts while the page is open, as before.
    saveVersioned(storage, ROOM_SCORE_DOCUMENT, {
      version: 1,
      scored: state.room.scored,
      right: state.room.scoredRight,
    });
  });
}
