// A stray R during a quiz: Undo reset puts back the run, and the verdict the learner had seen on it.
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { createSandboxStore } from './sandboxStore';
import { createQuizApi } from './quizApi';
import { quizStoreFor } from './quizStore';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

async function answeredStaleRead() {
  const store = createSandboxStore();
  await store.getState().start(SQL);
  await store.getState().loadScenario('stale-read');
  const api = createQuizApi(store, () => Promise.resolve());
  await api.setEnabled(true);
  await store.getState().step();
  const verdict = await api.answer('stale');
  return { store, api, quiz: quizStoreFor(store), verdict };
}

describe('Undo reset in quiz mode', () => {
  it('puts back the verdict on the beat the run is back at', async () => {
    const { store, quiz, verdict } = await answeredStaleRead();
    // A console line keeps the verdict (it changes nothing the beat did), and the Reset takes it.
    await store.getState().runRedis('TTL user:123');
    expect(quiz.getState().last).toEqual(verdict);
    await store.getState().reset();
    expect(quiz.getState().last).toBeNull();
    expect(await store.getState().undoReset()).toBe(true);
    expect(store.getState().beat).toBe(2);
    expect(quiz.getState().last).toEqual(verdict);
    // It is the verdict on this run: Back still takes it away, and a setting that replays it too.
    await store.getState().back();
    expect(quiz.getState().last).toBeNull();
  });

  it('answered again after Back, the beat is the one the page showed as answered', async () => {
    const { store, api, quiz } = await answeredStaleRead();
    await store.getState().reset();
    await store.getState().undoReset();
    await store.getState().back();
    const again = await api.answer('fresh');
    expect(again).toMatchObject({ isRepeat: true, counted: false });
    expect(quiz.getState().last).toEqual(again);
    expect(api.score()).toEqual({ correct: 1, answered: 1, whose: 'own' });
  });

  it('puts back no verdict the page was not showing when R was pressed', async () => {
    const { store, quiz } = await answeredStaleRead();
    // Back, then Step (skipping the question): beat 2 again, but unanswered this time, which the
    // page shows, and Undo reset puts back that, not the earlier answer.
    await store.getState().back();
    await store.getState().step();
    const skipped = quiz.getState().last;
    expect(skipped).toMatchObject({ beat: 2, choice: null, counted: false });
    await store.getState().reset();
    expect(await store.getState().undoReset()).toBe(true);
    expect(store.getState().beat).toBe(2);
    expect(quiz.getState().last).toEqual(skipped);
  });

  it('puts back no verdict once the scenario was opened again', async () => {
    const { store, quiz } = await answeredStaleRead();
    await store.getState().reset();
    await store.getState().loadScenario('stale-read');
    await store.getState().step();
    await store.getState().step();
    expect(store.getState().beat).toBe(2);
    // The question skipped this time, told as such: not the answer given before the Reset.
    expect(quiz.getState().last).toMatchObject({ beat: 2, choice: null });
  });
});
