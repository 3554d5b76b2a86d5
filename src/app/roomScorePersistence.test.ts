import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../platform/memoryStorage';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { createSandboxStore } from '../store/sandboxStore';
import { selectShownScore } from '../store/quizScore';
import { quizStoreFor } from '../store/quizStore';
import {
  ROOM_SCORE_KEY,
  restoreRoomScore,
  startRoomScorePersistence,
} from './roomScorePersistence';

async function presentingQuiz() {
  const store = createSandboxStore();
  await store.getState().start(await loadSqlJsNode());
  const quiz = quizStoreFor(store);
  quiz.getState().setEnabled(true);
  quiz.getState().presentingChanged(true);
  await store.getState().loadScenario('cold-read');
  return { store, quiz };
}

describe("the room's score lasts a reload of the presenting tab", () => {
  it('is saved for the tab as the room answers, and a reloaded page shows it and scores no prediction twice', async () => {
    const tab = new MemoryStorage();
    const before = await presentingQuiz();
    startRoomScorePersistence(before.quiz, tab);
    expect(typeof (await before.quiz.getState().answer('hit'))).toBe('object');
    expect(selectShownScore(before.quiz.getState()).score).toEqual({ correct: 0, answered: 1 });

    const after = await presentingQuiz();
    restoreRoomScore(after.quiz, tab);
    startRoomScorePersistence(after.quiz, tab);
    expect(selectShownScore(after.quiz.getState()).score).toEqual({ correct: 0, answered: 1 });
    expect(after.quiz.getState().room.scored).toEqual(before.quiz.getState().room.scored);
    // The learner's own score is not the room's.
    expect(after.quiz.getState().score).toEqual({ correct: 0, answered: 0 });
    // Its reset is saved too.
    after.quiz.getState().resetScore('room');
    const again = await presentingQuiz();
    restoreRoomScore(again.quiz, tab);
    expect(selectShownScore(again.quiz.getState()).score).toEqual({ correct: 0, answered: 0 });
  });

  it('takes nothing from an entry it cannot read, and removes it', async () => {
    for (const bad of ['not json', '{"scored":[1],"right":[]}', '{"scored":"x"}']) {
      const tab = new MemoryStorage();
      tab.setItem(ROOM_SCORE_KEY, bad);
      const { quiz } = await presentingQuiz();
      restoreRoomScore(quiz, tab);
      expect(selectShownScore(quiz.getState()).score, bad).toEqual({ correct: 0, answered: 0 });
      expect(tab.getItem(ROOM_SCORE_KEY), bad).toBeNull();
    }
    // A prediction of a question the page does not ask (a scenario it has not) counts for none.
    const tab = new MemoryStorage();
    const room = ['cold-read:4 → hit', 'gone-scenario:2 → miss', 'cold-read:9 → hit'];
    tab.setItem(ROOM_SCORE_KEY, JSON.stringify({ version: 1, scored: room, right: room }));
    const { quiz } = await presentingQuiz();
    restoreRoomScore(quiz, tab);
    expect(selectShownScore(quiz.getState())).toEqual({
      score: { correct: 1, answered: 1 },
      scored: ['cold-read:4 → hit'],
      scoredRight: ['cold-read:4 → hit'],
    });
  });
});
