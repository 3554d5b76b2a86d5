import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { createSandboxStore } from './sandboxStore';
import { selectNarration } from './narrationSelectors';
import { selectQuietStep } from './diagramSelectors';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

const NOTHING =
  'Nothing is running: every request has finished and no background job (a flusher, a refresher, the change consumer) has work, so there was no step to take.';

describe('a Step that found no actor with a step to take', () => {
  it("write-behind-lost under cache-aside: the flusher's beat says nothing is running, once", async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().loadScenario('write-behind-lost');
    expect(await store.getState().configure({ pattern: 'cache-aside' })).toBeNull();
    for (let beat = 1; beat <= 4; beat++) await store.getState().step();
    const s = store.getState();
    // The beat is two plain Steps, written for the flusher; under cache-aside nothing runs.
    expect(s.snapshot?.actors.every((a) => a.pending === null && a.queued === 0)).toBe(true);
    expect(selectNarration(s)).toBe(NOTHING);
    expect(selectQuietStep(s)).toBe(NOTHING);
  });
});

describe("write-behind-lost under cache-aside: the verdict says what the run's restart did", () => {
  it('each write’s DEL emptied the key before the restart, so the verdict does not blame the restart for the miss', async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().loadScenario('write-behind-lost');
    expect(await store.getState().configure({ pattern: 'cache-aside' })).toBeNull();
    for (let beat = 1; beat <= 2; beat++) await store.getState().step();
    expect(store.getState().snapshot!.cache).toEqual([]);
    await store.getState().step();
    expect(selectNarration(store.getState())).toBe(
      'Redis restarts with an empty memory: it held no keys, so none are lost.',
    );
    for (let beat = 4; beat <= 5; beat++) await store.getState().step();
    const s = store.getState();
    expect(s.snapshot!.events.filter((e) => e.isMiss).map((e) => e.actor)).toEqual(['A', 'A']);
    expect(s.outcome).toMatchObject({ isMet: true, isJudged: true });
    expect(s.outcome!.description).not.toMatch(/restart (only )?costs/);
    expect(s.outcome!.description).toMatch(/the restart removes nothing/);
  });
});
