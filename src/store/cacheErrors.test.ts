import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { createSandboxStore } from './sandboxStore';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

describe('the Cache errors counter counts the application’s requests, like its neighbours', () => {
  it('console commands that fail while Redis is down are not counted; a read’s GET is', async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().runRedis('SET a 1');
    await store.getState().setCacheAvailable(false);
    await store.getState().runRedis('GET a');
    await store.getState().runRedis('GET a');
    const reply = await store.getState().runRedis('3 GET a');
    expect(reply.isError).toBe(true);
    expect(store.getState().snapshot?.stats).toMatchObject({ reads: 0, cacheErrors: 0 });

    await store.getState().startRead('A', 1);
    await store.getState().stepActor('A');
    expect(store.getState().snapshot?.stats.cacheErrors).toBe(1);

    // Back rebuilds the run (from a checkpoint or the seed): the same count.
    await store.getState().back();
    await store.getState().step();
    expect(store.getState().snapshot?.stats.cacheErrors).toBe(1);

    // Redis' own count is the server's view: it replied no error to a command it never got.
    await store.getState().setCacheAvailable(true);
    const info = await store.getState().runRedis('INFO stats');
    expect(info.text).toMatch(/total_error_replies:0\b/);
  });
});
