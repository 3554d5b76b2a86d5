// A copy older than its row is a stale entry; a stale read is a read that returned older data
// than the database had committed before the read began. The page tells the two apart.
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { createSandboxStore } from './sandboxStore';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

// Until 2026-12-04 the warm-up read of `stale-read` ran a fixed three steps: under a lease (four
// on a miss) its fill was left to come, the first beat's read queued behind it and began before
// the admin's UPDATE, so the beat that tells the stale read hit the STALE copy with no stale read
// counted, and the intro's "already cached" was not true yet.
it.each([0, 1, 2])(
  'stale-read with the lease chosen before Step %i: the warm-up read is done, and the third beat is a stale read',
  async (before) => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().loadScenario('stale-read');
    for (let i = 0; i < 3; i++) {
      if (i === before)
        expect(await store.getState().configure({ readMitigation: 'lease' })).toBeNull();
      if (i === 0) {
        const s = store.getState().snapshot;
        expect(s?.cache.find((e) => e.key === 'user:123')?.version).toBe(1);
        expect(s?.stats.reads).toBe(1);
        expect(s?.actors.find((a) => a.name === 'A')?.pending).toBeNull();
      }
      await store.getState().step();
    }
    const s = store.getState().snapshot;
    expect(s?.cache.find((e) => e.key === 'user:123')).toMatchObject({ version: 1, isStale: true });
    expect(s?.stats).toMatchObject({ reads: 3, staleReads: 1 });
  },
);
