import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_CLOCK_MS } from '../engine/clock';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { createAutomationApi, type CacheAsideApi } from './automationApi';
import { createSandboxStore, type SandboxStoreApi } from './sandboxStore';

let store: SandboxStoreApi;
let api: CacheAsideApi;
beforeEach(async () => {
  store = createSandboxStore();
  await store.getState().start(await loadSqlJsNode());
  api = createAutomationApi(store, async () => {});
});

describe('advanceClock', () => {
  it('rejects a move backwards or past 10 years, naming the argument and its range, and keeps the time', async () => {
    await api.advanceClock(60_000);
    const room = MAX_CLOCK_MS - 60_000;
    for (const bad of [-1, 1e300, MAX_CLOCK_MS + 1, room + 1]) {
      await expect(api.advanceClock(bad)).rejects.toThrow(
        `advanceClock: ms must be a number of milliseconds from 0 to ${room}`,
      );
      expect(api.state().clockMs).toBe(60_000);
    }
    expect(store.getState().notices.at(-1)?.text).toContain('advanceClock: ms');
    expect((await api.advanceClock(room)).clockMs).toBe(MAX_CLOCK_MS);
  });
});

describe('loadScenario', () => {
  it('rejects an unknown id, naming the argument and the valid ids, and keeps the run', async () => {
    await api.loadScenario('stale-set');
    await api.step(2);
    const before = api.state();
    for (const bad of ['stale-sett', '', 'toString', '__proto__']) {
      await expect(api.loadScenario(bad)).rejects.toThrow(
        /^loadScenario: id (is missing: it )?must be null or one of the ids scenarios\(\) lists: .*stale-set/,
      );
      expect(api.state()).toEqual(before);
    }
  });
});

describe('state', () => {
  it("hands out a copy of the outcome: changing it leaves the page's verdict as it was", async () => {
    await api.loadScenario('stale-set');
    const s = await api.runToEnd();
    const outcome = s.outcome;
    if (outcome === null) throw new Error('no outcome at the end of stale-set');
    expect(outcome.isJudged).toBe(true);
    const { description, isMet } = outcome;
    outcome.isMet = !isMet;
    outcome.description = 'HACKED';
    expect(store.getState().outcome).toEqual({ description, isMet, isJudged: true });
    expect(api.state().outcome).toEqual({ description, isMet, isJudged: true });
  });
});

describe('write', () => {
  it('refuses a column a write may not change, listing the ones it may, and starts nothing', async () => {
    const before = api.state();
    await expect(api.write('B', 1, { id: '7' } as never)).rejects.toThrow(
      'write: changes: unknown column "id" (valid: name, email, plan)',
    );
    expect(api.state()).toEqual(before);
  });
});
