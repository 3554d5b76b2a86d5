// A snapshot reads back only what changed since the last one (issue 13.4): the keys a step
// wrote, deleted, evicted or let expire, and the rows it wrote or newly remembers. Two checks:
// the work (keys and rows read back) stays small beside 10,000 keys and 3,000 remembered rows,
// and snapshots taken after every action equal the snapshot of a fresh replay, which reads
// everything.

import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { simAction } from './simActionArbitrary';
import { Simulation } from './simulation';
import type { SimConfig } from './simConfig';
import { createTestSim, loadSqlJsNode } from './testSim';

// Each run replays from the seed after every action, so a run costs its length squared: 12 runs
// by default, the 30 they were with PROPERTY_RUNS=full.
const propertyRuns = process.env.PROPERTY_RUNS === 'full' ? 30 : 12;

async function drain(sim: Simulation): Promise<void> {
  while (sim.readyActors().length) await sim.dispatch({ type: 'step' });
}

/** Counts keys peeked and rows looked up from here on. */
function countReads(sim: Simulation) {
  const peek = vi.spyOn(sim.runtime.cache, 'peek');
  const peekRows = vi.spyOn(sim.runtime.db, 'peekRows');
  return {
    keys: () => peek.mock.calls.length,
    rows: () => peekRows.mock.calls.reduce((n, [ids]) => n + ids.length, 0),
    reset: () => {
      peek.mockClear();
      peekRows.mockClear();
    },
  };
}

describe('Simulation.snapshot reads back only what changed', () => {
  it('a Step beside 10,000 keys and 3,000 remembered rows reads the key and row it touched', async () => {
    const sim = await createTestSim({ rows: 3000 });
    for (let batch = 0; batch < 2; batch++) {
      const argv = ['MSET'];
      for (let i = 0; i < 5000; i++) argv.push(`k:${batch}:${i}`, 'v');
      await sim.dispatch({ type: 'redis', actor: 'console', argv });
    }
    // Three large SELECTs remember 3,000 ids (each result is at most 1,000 rows).
    for (const from of [1, 1001, 2001])
      await sim.dispatch({
        type: 'sql',
        actor: 'console',
        sql: `SELECT id FROM users WHERE id BETWEEN ${from} AND ${from + 999}`,
      });
    const first = await sim.snapshot();
    expect(first.cache).toHaveLength(10_000);
    expect(first.db).toHaveLength(3000);

    const reads = countReads(sim);
    await sim.dispatch({ type: 'read', actor: 'A', id: 7 });
    await drain(sim); // GET (miss), SELECT, SET
    const afterRead = await sim.snapshot();
    expect(afterRead.cache).toHaveLength(10_001);
    expect(reads.keys()).toBe(1); // user:7, filled
    expect(reads.rows()).toBe(0); // row 7 was remembered already and not written

    reads.reset();
    await sim.dispatch({ type: 'write', actor: 'A', id: 7, changes: { plan: 'team' } });
    await drain(sim); // UPDATE, DEL
    const afterWrite = await sim.snapshot();
    expect(reads.keys()).toBe(0); // user:7 was deleted: nothing to read back
    expect(reads.rows()).toBe(1); // row 7, written
    expect(afterWrite.cache.some((e) => e.key === 'user:7')).toBe(false);
    expect(afterWrite.db.find((r) => r.id === 7)?.plan).toBe('team');
    // Unchanged entries and rows are the same frozen objects as before.
    expect(afterWrite.cache[0]).toBe(first.cache[0]);
    expect(afterWrite.db[0]).toBe(first.db[0]);
    expect(Object.isFrozen(afterWrite.db[0])).toBe(true);
    // ... and the earlier snapshot still shows what it showed.
    expect(afterRead.cache.some((e) => e.key === 'user:7')).toBe(true);
    expect(first.db.find((r) => r.id === 7)?.plan).not.toBe('team');

    reads.reset();
    await sim.snapshot();
    expect(reads.keys() + reads.rows()).toBe(0);
  });

  it('TTLs count down, keys expire and rows go STALE without reading everything back', async () => {
    const sim = await createTestSim({ writePolicy: 'ttl-only' });
    await sim.dispatch({
      type: 'redis',
      actor: 'console',
      argv: ['SET', 'short', 'x', 'PX', '50'],
    });
    await sim.dispatch({ type: 'read', actor: 'A', id: 3 });
    await drain(sim);
    const before = await sim.snapshot();
    expect(before.cache.map((e) => e.key)).toEqual(['short', 'user:3']);
    const reads = countReads(sim);
    await sim.dispatch({ type: 'write', actor: 'A', id: 3, changes: { name: 'New' } });
    await drain(sim);
    await sim.dispatch({ type: 'advanceClock', ms: 100 });
    const after = await sim.snapshot();
    expect(reads.keys()).toBe(0);
    expect(after.cache).toHaveLength(1);
    expect(after.cache[0]).toMatchObject({ key: 'user:3', version: 1, isStale: true });
    expect(after.cache[0].ttlMs).toBe(before.cache[1].ttlMs - (after.clockMs - before.clockMs));
  });

  const action = simAction({ maxId: 4, keys: ['user:1', 'user:2', 'user:3', 'x', 'y', 'h'] });
  const config: fc.Arbitrary<Partial<SimConfig>> = fc.record({
    seed: fc.integer({ min: 0, max: 1000 }),
    rows: fc.constant(60),
    writePolicy: fc.constantFrom(
      'invalidate' as const,
      'ttl-only' as const,
      'update-cache' as const,
    ),
    maxKeys: fc.constantFrom(0, 3),
    eviction: fc.constantFrom('allkeys-lru' as const, 'noeviction' as const),
  });

  it('a copy at a version the console set the row back to is marked so, as a fresh replay marks it, until a write moves the row on', async () => {
    const SQL = await loadSqlJsNode();
    const c = { actors: ['A'] };
    const sim = Simulation.create(SQL, c);
    const sql = (text: string) => ({ type: 'sql' as const, actor: 'console', sql: text });
    const steps = [
      { type: 'read' as const, actor: 'A', id: 1 },
      { type: 'finishActor' as const, actor: 'A' },
      sql("UPDATE users SET name = 'Zed' WHERE id = 1"),
      sql('UPDATE users SET version = 1 WHERE id = 1'),
      sql("UPDATE users SET plan = 'team' WHERE id = 1"),
    ];
    const reused: (true | undefined)[] = [];
    for (const a of steps) {
      await sim.dispatch(a);
      const snap = await sim.snapshot();
      const full = await (await Simulation.replay(SQL, c, sim.actions)).snapshot();
      expect(snap.cache).toEqual(full.cache);
      reused.push(snap.cache.find((e) => e.key === 'user:1')?.isVersionReused);
    }
    expect(reused).toEqual([undefined, undefined, undefined, true, undefined]);
  });

  it('a snapshot after every action equals a fresh replay, which reads everything', async () => {
    const SQL = await loadSqlJsNode();
    await fc.assert(
      fc.asyncProperty(
        config,
        fc.array(action, { minLength: 5, maxLength: 40 }),
        async (c, actions) => {
          const sim = Simulation.create(SQL, c);
          for (const a of actions) {
            await sim.dispatch(a);
            const snap = await sim.snapshot();
            const fresh = await Simulation.replay(SQL, c, sim.actions);
            const full = await fresh.snapshot();
            expect(snap.cache).toEqual(full.cache);
            expect(snap.db).toEqual(full.db);
          }
        },
      ),
      { seed: 7, numRuns: propertyRuns },
    );
  }, 300_000);
});

describe('keys that differ only by characters a language ignores', () => {
  it('are each shown: a key with a NUL or a direction mark beside the same key without', async () => {
    const sim = await createTestSim({ seed: 1 });
    const keys = ['a\0b', 'a\u202eb', 'a\u00adb', 'ab', 'A\0B'];
    // A snapshot after each, as the page takes one after each console line.
    for (const [i, key] of keys.entries()) {
      await sim.dispatch({ type: 'redis', actor: 'console', argv: ['SET', key, `v${i}`] });
      await sim.snapshot();
    }
    // Before, `localeCompare` took them for one key: each took the last one's place.
    const shown = (await sim.snapshot()).cache.map((e) => [e.key, e.value]);
    expect(shown).toHaveLength(keys.length);
    expect(new Map(shown as [string, string][])).toEqual(
      new Map(keys.map((key, i) => [key, `v${i}`])),
    );
    // A DEL of one removes that one.
    await sim.dispatch({ type: 'redis', actor: 'console', argv: ['DEL', 'ab'] });
    expect((await sim.snapshot()).cache.map((e) => e.key)).toEqual(
      shown.map(([key]) => key).filter((key) => key !== 'ab'),
    );
  });
});
