import { describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { createSandboxStore } from './sandboxStore';

describe('hits and misses are reads', () => {
  it("write-behind: a write's GET of its copy of the row is not a read hit (write-behind-lost, step 2)", async () => {
    const store = createSandboxStore();
    await store.getState().start(await loadSqlJsNode());
    await store.getState().loadScenario('write-behind-lost');
    await store.getState().step();
    await store.getState().step();
    const { stats, events } = store.getState().snapshot!;
    // A's read missed and filled; A's and B's writes each GET their copy, which answers a value
    // (the log shows three GETs) ...
    const gets = events.filter((e) => e.command.startsWith('GET '));
    expect(gets.map((e) => e.reply.startsWith('"'))).toEqual([false, true, true]);
    // ... but only the read counts: it missed.
    expect(stats).toMatchObject({ reads: 1, hits: 0, misses: 1, hitRate: 0 });
  });

  it('before Redis answered any read, the hit rate is no figure (null), not 0', async () => {
    const store = createSandboxStore();
    await store.getState().start(await loadSqlJsNode());
    expect(store.getState().snapshot!.stats).toMatchObject({ hits: 0, misses: 0, hitRate: null });
    await store.getState().startWrite('A', 1, { plan: 'team' });
    await store.getState().step();
    await store.getState().step();
    expect(store.getState().snapshot!.stats).toMatchObject({ hits: 0, misses: 0, hitRate: null });
  });
});
