import { describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { createQuizApi } from './quizApi';
import { createSandboxStore } from './sandboxStore';
import { selectNarration } from './selectors';

describe('a read given to an actor still busy waits in its queue', () => {
  it('stale-read under single-flight: the narration says A queues the read, and the quiz judges no version yet', async () => {
    const store = createSandboxStore();
    await store.getState().start(await loadSqlJsNode());
    await store.getState().loadScenario('stale-read');
    expect(await store.getState().configure({ readMitigation: 'single-flight' })).toBeNull();
    const api = createQuizApi(store, () => Promise.resolve());
    await api.setEnabled(true);
    for (let i = 0; i < 10 && (await api.question())?.kind !== 'returned-version'; i++)
      await store.getState().step();
    const question = await api.question();
    expect(question?.kind).toBe('returned-version');
    const verdict = await api.answer(question!.choices[0].id);
    const a = store.getState().snapshot!.actors.find((x) => x.name === 'A')!;
    expect(a.queued).toBeGreaterThan(0);
    expect(selectNarration(store.getState())).toMatch(/^A queues a read of user:123\. It waits/);
    expect(verdict).toMatchObject({ answer: null, counted: false });
    expect(verdict.why).toMatch(/new read waits behind its unfinished request/);
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
