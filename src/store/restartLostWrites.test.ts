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

describe('a Redis restart under write-behind, told off the script', () => {
  it('says how many queued writes it lost, as Writes lost counts them', async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().loadScenario('write-behind-lost');
    // Any setting off the script: the steps are told from the engine, not the authored text.
    expect(await store.getState().configure({ ttlSeconds: 60 })).toBeNull();
    for (let beat = 1; beat <= 3; beat++) await store.getState().step();
    const s = store.getState();
    expect(s.snapshot?.stats.lostWrites).toBe(2);
    const told =
      // user:7's copy at version 3 went too: told apart from the queue, as free play tells it.
      'Redis restarts with an empty memory: it lost the cached copy it held. The write-behind queue went with it: 2 writes the application had queued and acknowledged never reach the database, and Writes lost counts them.';
    expect(selectNarration(s)).toBe(told);
    // The diagram's line for a Step that sent no command says the same.
    expect(selectQuietStep(s)).toBe(told);
    // Back and forth, the entry is replayed and told the same.
    await store.getState().back();
    await store.getState().step();
    expect(selectNarration(store.getState())).toContain('2 writes the application had queued');
  });

  it('says nothing of lost writes when nothing was queued, and names the copy it emptied', async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().loadScenario('write-behind-lost');
    expect(await store.getState().configure({ pattern: 'write-through' })).toBeNull();
    for (let beat = 1; beat <= 2; beat++) await store.getState().step();
    // Write-through stored both writes' row: the restart empties a copy, and no queue.
    expect(store.getState().snapshot?.cache.map((e) => `${e.key} v${e.version}`)).toEqual([
      'user:7 v3',
    ]);
    await store.getState().step();
    expect(store.getState().snapshot?.cache).toEqual([]);
    expect(store.getState().snapshot?.stats.lostWrites).toBe(0);
    // Before, off the script it said only "Redis restarts with an empty memory.", where free
    // play names what a restart emptied.
    expect(selectNarration(store.getState())).toBe(
      'Redis restarts with an empty memory: it lost the cached copy it held.',
    );
  });
});
