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
