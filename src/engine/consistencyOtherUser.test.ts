// A learner's read path that stores another user's row under `user:1` leaves user:1 holding no
// copy of row 1 at all: the lab's consistency figures must judge that entry by what it holds
// (wrong content for user:1, whatever its version), as the STALE badge and Stale fills do, not
// take it for row 1 at the other user's version. Until 2026-12-07 the tracker did: user 6's row
// at version 2 under user:1 made the write of row 1 at version 2 count as consistent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuickJSWASMModule } from 'quickjs-emscripten-core';
import type { SqlJsStatic } from 'sql.js';
import { compileSources } from '../platform/learnerPrograms';
import { loadQuickJsNode } from '../platform/quickjsNode';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { Simulation } from './simulation';

let SQL: SqlJsStatic;
let quickjs: QuickJSWASMModule;
const disposers: (() => void)[] = [];
beforeAll(async () => {
  [SQL, quickjs] = await Promise.all([loadSqlJsNode(), loadQuickJsNode()]);
});
afterAll(() => disposers.forEach((d) => d()));

/** A read path that caches user `id + 5`'s row under user `id`'s key, then `after`. */
const wrongRowRead = (after = '') => `function* read(id) {
  const row = yield selectUser(id + 5);
  yield redis('SET', cacheKey(id), JSON.stringify(row));${after}
  return yield selectUser(id);
}`;

async function sandbox(read: string) {
  const c = compileSources(quickjs, { read });
  if (!c.ok) throw new Error(c.message);
  disposers.push(c.dispose);
  const sim = Simulation.create(SQL, { actors: ['A', 'B'], rows: 10, programs: c.programs });
  const drain = async () => {
    for (let ready = sim.readyActors(); ready.length > 0; ready = sim.readyActors())
      await sim.dispatch({ type: 'stepActor', actor: ready[0] });
  };
  return { sim, drain };
}

describe("the consistency of a write whose key then holds another user's row", () => {
  it.each([
    ['stored by a SET', ''],
    // The key's TTL changed and nothing else: it holds the same wrong row.
    [
      'stored by a SET, then given a TTL by EXPIRE',
      "\n  yield redis('EXPIRE', cacheKey(id), 3600);",
    ],
  ])('is not consistent: user 6’s row %s under user:1', async (_how, after) => {
    const { sim, drain } = await sandbox(wrongRowRead(after));
    // User 6 and user 1 both at version 2; our write path deletes each key after its UPDATE.
    for (const id of [6, 1]) {
      await sim.dispatch({ type: 'write', actor: 'B', id, changes: { plan: 'team' } });
      await drain();
    }
    expect(sim.runtime.consistency.summary(sim.clockMs)).toMatchObject({
      writes: 2,
      within1s: 1,
    });
    // A's read caches user 6's row (version 2) under user:1, with no TTL that ends it soon.
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await drain();
    const snap = await sim.snapshot();
    expect(snap.cache.find((e) => e.key === 'user:1')).toMatchObject({
      otherUserId: 6,
      version: 2,
      isStale: true,
    });
    // Row 6's write stays consistent; row 1's is not while user:1 holds user 6's row.
    expect(sim.runtime.consistency.summary(sim.clockMs)).toMatchObject({
      writes: 2,
      within1s: 0.5,
      within60s: 0.5,
    });
    // Deleted, user:1 holds nothing older than the write: consistent from then on.
    await sim.dispatch({ type: 'redis', actor: 'console', argv: ['DEL', 'user:1'] });
    expect(sim.runtime.consistency.summary(sim.clockMs + 100_000)).toMatchObject({
      within60s: 1,
    });
  });
});
