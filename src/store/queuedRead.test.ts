import { describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { createQuizApi } from './quizApi';
import { createSandboxStore } from './sandboxStore';
import { unaskedQuestion } from './openQuestion';
import { quizStoreFor } from './quizStore';
import { selectNarration } from './narrationSelectors';

describe('a read given to an actor still busy waits in its queue', () => {
  // Early refresh's hit goes on past its GET (PTTL), so the first beat's read is unfinished when
  // the third beat gives A another. (Until 2026-12-04 single-flight did it too, by a warm-up
  // read left part way: see `warmRead`.)
  it('stale-read under early-refresh: the quiz does not ask which version A returns, and the narration says A queues the read', async () => {
    const store = createSandboxStore();
    await store.getState().start(await loadSqlJsNode());
    await store.getState().loadScenario('stale-read');
    expect(await store.getState().configure({ readMitigation: 'early-refresh' })).toBeNull();
    const api = createQuizApi(store, () => Promise.resolve());
    await api.setEnabled(true);
    for (let i = 0; i < 2; i++) await store.getState().step();
    // Beat 3 asks "Which version of the row will A's read return?": played on a copy, A's read
    // waits behind its unfinished one, so no version is returned and the question is not asked.
    expect(await api.question()).toBeNull();
    const unasked = unaskedQuestion(store.getState(), true, quizStoreFor(store).getState().premise);
    expect(unasked?.question.kind).toBe('returned-version');
    expect(unasked?.why).toMatch(/^A's new read waits behind its unfinished request/);
    await store.getState().step();
    expect(store.getState().beat).toBe(3);
    // The earlier read finished in this press; the new one has started and sent nothing yet.
    const a = store.getState().snapshot!.actors.find((x) => x.name === 'A')!;
    expect(a.pending?.command).toMatch(/^GET user:123/);
    expect(selectNarration(store.getState())).toMatch(/^A queues a read of user:123\. It waits/);
    expect(api.score()).toEqual({ correct: 0, answered: 0, whose: 'own' });
  });

  it("cold-read under lease: the read waits behind A's fill, which finishes in the same press", async () => {
    const store = createSandboxStore();
    await store.getState().start(await loadSqlJsNode());
    await store.getState().loadScenario('cold-read');
    expect(await store.getState().configure({ readMitigation: 'lease' })).toBeNull();
    for (let i = 0; i < 4; i++) await store.getState().step();
    const narration = selectNarration(store.getState()) ?? '';
    // The press's EVAL is the earlier read's fill; the new read only waits (nothing queued after).
    expect(narration).toMatch(/^A queues a read of user:123\. It waits/);
    expect(narration).toMatch(/A sends EVAL/);
    expect(store.getState().snapshot!.actors.find((a) => a.name === 'A')!.queued).toBe(0);
  });
});
