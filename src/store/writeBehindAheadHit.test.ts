import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { createSandboxStore } from './sandboxStore';
import { selectLastStepEvents } from './diagramSelectors';
import { selectNarration } from './narrationSelectors';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

describe('a hit on a write-behind copy ahead of the database', () => {
  it('write-then-read under write-behind: B\'s read of its own queued write is told ahead of the database, not "fresh"', async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().loadScenario('write-then-read');
    expect(await store.getState().configure({ pattern: 'write-behind' })).toBeNull();
    await store.getState().step();
    await store.getState().step();
    const s = store.getState();
    const hit = selectLastStepEvents(s).at(-1)!;
    expect(hit).toMatchObject({
      command: 'GET user:123',
      isHit: true,
      finishes: true,
      isStaleRead: false,
      rowVersion: 2,
      committedVersion: 1,
    });
    expect(s.snapshot?.stats.staleReads).toBe(0);
    const narration = selectNarration(s) ?? '';
    expect(narration).toContain(
      "B sends GET user:123 and hits version 2, ahead of the database's version 1: the cache's copy of an acknowledged write not yet in the database (write-behind writes the cache first), so the read is not stale.",
    );
    expect(narration).not.toContain('fresh');
  });
});
