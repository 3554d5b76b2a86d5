// A setting change replays the run under it, so the replies already shown can change: free play
// says so in a notice (a scenario says so in its narration, off the script).
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { createSandboxStore, type SandboxStoreApi } from './sandboxStore';
import { freePlaySandbox } from './testSandbox';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

const texts = (store: SandboxStoreApi) => store.getState().notices.map((n) => n.text);

describe('configure', () => {
  it('tells once that the steps and console lines ran again, and what the replies now say', async () => {
    const store = await freePlaySandbox();
    await store.getState().startRead('A', 123);
    for (let i = 0; i < 3; i++) await store.getState().step();
    expect(await store.getState().runRedis('TTL user:123')).toEqual({
      text: '(integer) 3600',
      isError: false,
    });
    expect(await store.getState().configure({ ttlSeconds: 60 })).toBeNull();
    // The reply shown changed with the setting, and the page says why.
    expect(store.getState().redisConsole.map((l) => l.output.text)).toEqual(['(integer) 60']);
    expect(texts(store)).toEqual([
      'Setting changed (TTL: 3600 s → 60 s): your 3 steps and 1 console line ran again under it; the replies, the log and the steps shown are what they give now.',
    ]);
    // Said once: the next change's notice replaces this one.
    await store.getState().configure({ ttlSeconds: 90 });
    expect(texts(store)).toEqual([
      'Setting changed (TTL: 60 s → 90 s): your 3 steps and 1 console line ran again under it; the replies, the log and the steps shown are what they give now.',
    ]);
  });

  it('says nothing when nothing could change: an empty run, or a setting the run does not use', async () => {
    const store = await freePlaySandbox();
    await store.getState().configure({ ttlSeconds: 60 });
    // A read started sends nothing before its first step.
    await store.getState().startRead('A', 123);
    await store.getState().configure({ ttlSeconds: 120 });
    await store.getState().step();
    // No key limit: the eviction policy takes no part in the run.
    await store.getState().configure({ eviction: 'allkeys-lru' });
    expect(texts(store)).toEqual([]);
    await store.getState().configure({ maxKeys: 1, eviction: 'allkeys-random' });
    expect(texts(store)).toEqual([
      'Settings changed (Max keys: no limit (0) → 1, Eviction: allkeys-lru → allkeys-random): your 1 step ran again under them; the replies, the log and the steps shown are what they give now.',
    ]);
  });

  it("leaves a scenario's run to its narration, which tells the change off the script", async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().loadScenario('cold-read');
    await store.getState().step();
    await store.getState().configure({ ttlSeconds: 60 });
    expect(texts(store)).toEqual([]);
  });
});
