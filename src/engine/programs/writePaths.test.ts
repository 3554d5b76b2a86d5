import { describe, expect, it } from 'vitest';
import type { Simulation } from '../simulation';
import { createTestSim } from '../testSim';
import type { ReadMitigation, WritePolicy } from './catalog';
import { FILL_IF_NEWER, INVALIDATE_IF_OLDER } from './readVersionedFill';
import { DEFAULT_PROGRAM_SETTINGS } from './types';

/** Every step taken so far as `actor command`, with Redis argv and SQL exactly as sent. */
async function trace(sim: Simulation): Promise<string[]> {
  const snap = await sim.snapshot();
  const redis = snap.redisLog.filter((e) => !e.isEviction && e.actor !== 'system');
  let r = 0;
  let d = 0;
  return snap.events.map((e) =>
    e.target === 'redis'
      ? `${e.actor} ${redis[r++].argv.join(' ')}`
      : e.target === 'db'
        ? `${e.actor} ${snap.sqlLog[d++].sql}`
        : `${e.actor} ${e.command}`,
  );
}

async function runAll(sim: Simulation): Promise<void> {
  while (sim.readyActors().length) await sim.dispatch({ type: 'step' });
}

/** A simulation with user 1 cached at version 1, then one write of `name` by W, run to the end. */
async function writeOnce(writePolicy: WritePolicy, readMitigation: ReadMitigation = 'none') {
  const sim = await createTestSim({ actors: ['R', 'W'], writePolicy, readMitigation });
  await sim.dispatch({ type: 'read', actor: 'R', id: 1 });
  await runAll(sim);
  const before = (await trace(sim)).length;
  const startMs = sim.clockMs;
  await sim.dispatch({ type: 'write', actor: 'W', id: 1, changes: { name: 'New' } });
  await runAll(sim);
  const steps = (await trace(sim)).slice(before);
  return { sim, steps, startMs };
}

const UPDATE = (at: number) =>
  `W UPDATE users SET name = 'New', version = version + 1, updated_at = ${at} WHERE id = 1 RETURNING *`;

describe('write policies: the exact command sequence of each', () => {
  it('invalidate: UPDATE then DEL; the next read misses and fills the new version', async () => {
    const { sim, steps, startMs } = await writeOnce('invalidate');
    expect(steps).toEqual([UPDATE(startMs), 'W DEL user:1']);
    expect((await sim.snapshot()).cache).toEqual([]);
    expect((await sim.snapshot()).stats.removedCopies).toBe(1);
    await sim.dispatch({ type: 'read', actor: 'R', id: 1 });
    await runAll(sim);
    const snap = await sim.snapshot();
    expect(snap.results.at(-1)).toMatchObject({ isHit: false, filledVersion: 2 });
    expect(snap.cache[0]).toMatchObject({ key: 'user:1', version: 2, isStale: false });
    expect(snap.stats.removedCopies).toBe(1);
  });

  it('update-cache: UPDATE then SET of the new row with the TTL; the next read hits it', async () => {
    const { sim, steps, startMs } = await writeOnce('update-cache');
    expect(steps).toHaveLength(2);
    expect(steps[0]).toBe(UPDATE(startMs));
    const [, cmd, key, json, ex, ttl] = steps[1].split(/ (?=\S)/);
    expect([cmd, key, ex, ttl]).toEqual(['SET', 'user:1', 'EX', '3600']);
    const snap = await sim.snapshot();
    expect(JSON.parse(json)).toEqual(snap.db.find((r) => r.id === 1));
    await sim.dispatch({ type: 'read', actor: 'R', id: 1 });
    await runAll(sim);
    expect((await sim.snapshot()).results.at(-1)).toMatchObject({ isHit: true, version: 2 });
  });

  it('ttl-only: UPDATE and nothing else; the cached old version stays until its TTL', async () => {
    const { sim, steps, startMs } = await writeOnce('ttl-only');
    expect(steps).toEqual([UPDATE(startMs)]);
    const snap = await sim.snapshot();
    expect(snap.cache[0]).toMatchObject({ key: 'user:1', version: 1, isStale: true });
  });

  it('delete-first: DEL then UPDATE', async () => {
    const { steps, startMs } = await writeOnce('delete-first');
    expect(steps).toEqual(['W DEL user:1', UPDATE(startMs + 0.3)]);
  });

  it('double-delete: DEL, UPDATE, wait the delay, DEL again', async () => {
    const { sim, steps, startMs } = await writeOnce('double-delete');
    expect(steps).toEqual(['W DEL user:1', UPDATE(startMs + 0.3), 'W wait 500 ms', 'W DEL user:1']);
    const snap = await sim.snapshot();
    const dels = snap.redisLog.filter((e) => e.argv[0] === 'DEL');
    // DEL 0.3 ms, UPDATE 5 ms, then the 500 ms delay before the second DEL.
    expect(dels[0].timeMs).toBe(startMs);
    expect(dels[1].timeMs).toBeCloseTo(startMs + 505.3, 9);
    // The second DEL found nothing cached: it removed no copy (until 2026-12-07 the lab's model
    // row counted every write's invalidation as removing one).
    expect(dels.map((e) => e.reply)).toEqual([1, 0]);
    expect(snap.stats.removedCopies).toBe(1);
  });

  it('under leases the invalidation also deletes the lease', async () => {
    const { sim, steps } = await writeOnce('invalidate', 'lease');
    expect(steps.at(-1)).toBe('W DEL user:1 lease:user:1');
    expect((await sim.snapshot()).stats.removedCopies).toBe(1);
    const dd = await writeOnce('double-delete', 'lease');
    expect(dd.steps.at(-1)).toBe('W DEL user:1 lease:user:1');
  });

  it('under versioned fills the invalidation leaves a tombstone holding the new version', async () => {
    const { sim, steps } = await writeOnce('invalidate', 'versioned-fill');
    expect(steps.at(-1)).toBe(`W EVAL ${INVALIDATE_IF_OLDER} 1 user:1 2 EX 3600`);
    const snap = await sim.snapshot();
    expect(snap.cache[0]).toMatchObject({ key: 'user:1', version: 2, isStale: false });
  });

  it("under versioned fills update-cache stores the row with the fill's script, and a writer that finishes last with an older row is refused", async () => {
    const { sim, steps } = await writeOnce('update-cache', 'versioned-fill');
    const row = (await sim.snapshot()).db.find((r) => r.id === 1);
    expect(steps.at(-1)).toBe(`W EVAL ${FILL_IF_NEWER} 1 user:1 ${JSON.stringify(row)} 2 EX 3600`);

    // W1 UPDATE, W2 UPDATE, W2 store, W1 store: W1's older row is refused, version 3 stays.
    const race = await createTestSim({
      actors: ['A', 'B'],
      writePolicy: 'update-cache',
      readMitigation: 'versioned-fill',
    });
    await race.dispatch({ type: 'write', actor: 'A', id: 1, changes: { name: 'A' } });
    await race.dispatch({ type: 'write', actor: 'B', id: 1, changes: { name: 'B' } });
    for (const actor of ['A', 'B', 'B', 'A']) await race.dispatch({ type: 'stepActor', actor });
    const snap = await race.snapshot();
    expect(snap.events.map((e) => [e.actor, e.label, e.reply])).toEqual([
      ['A', 'update', expect.any(String)],
      ['B', 'update', expect.any(String)],
      ['B', 'store', '(integer) 1'],
      ['A', 'store', '(integer) 0'],
    ]);
    expect(snap.events.at(-1)).toMatchObject({ isFillRefused: true, isStaleFill: false });
    expect(snap.cache[0]).toMatchObject({ key: 'user:1', version: 3, isStale: false });
    expect(snap.stats.staleFills).toBe(0);
  });

  it('a write of a missing user changes nothing and does not touch the cache (update-cache)', async () => {
    const sim = await createTestSim({ actors: ['W'], writePolicy: 'update-cache', rows: 10 });
    await sim.dispatch({ type: 'write', actor: 'W', id: 11, changes: { name: 'x' } });
    await runAll(sim);
    const snap = await sim.snapshot();
    expect(snap.events.map((e) => e.target)).toEqual(['db']);
    expect(snap.results[0]).toMatchObject({ kind: 'write', row: null, isInvalidationLost: false });
  });
});

describe('write policies: a failed invalidation', () => {
  it('invalidate with Redis down: the UPDATE commits, the DEL fails, a lost invalidation and a cache error are counted', async () => {
    const sim = await createTestSim({
      actors: ['R', 'W'],
      settings: { ...DEFAULT_PROGRAM_SETTINGS, ttlSeconds: 60 },
    });
    await sim.dispatch({ type: 'read', actor: 'R', id: 1 });
    await runAll(sim);
    const filledAt = (await sim.snapshot()).redisLog.find((e) => e.argv[0] === 'SET')
      ?.timeMs as number;
    await sim.dispatch({ type: 'setCacheAvailable', isUp: false });
    await sim.dispatch({ type: 'write', actor: 'W', id: 1, changes: { name: 'New' } });
    await runAll(sim);
    let snap = await sim.snapshot();
    expect(snap.events.slice(-2).map((e) => [e.command.split(' ')[0], e.isError])).toEqual([
      ['UPDATE', false],
      ['DEL', true],
    ]);
    expect(snap.events.at(-1)?.reply).toBe('(error) Connection is closed.');
    expect(snap.results.at(-1)).toMatchObject({
      kind: 'write',
      isInvalidationLost: true,
      hadCacheError: true,
    });
    expect(snap.stats).toMatchObject({
      lostInvalidations: 1,
      failedInvalidations: 1,
      cacheErrors: 1,
      dbWrites: 1,
    });

    // Redis comes back with the old entry: reads hit it and are stale until the TTL ends.
    await sim.dispatch({ type: 'setCacheAvailable', isUp: true });
    await sim.dispatch({ type: 'read', actor: 'R', id: 1 });
    await runAll(sim);
    snap = await sim.snapshot();
    expect(snap.results.at(-1)).toMatchObject({
      isHit: true,
      version: 1,
      verdict: { isStale: true },
    });
    await sim.dispatch({ type: 'advanceClock', ms: filledAt + 60_000 - sim.clockMs });
    await sim.dispatch({ type: 'read', actor: 'R', id: 1 });
    await runAll(sim);
    snap = await sim.snapshot();
    expect(snap.results.at(-1)).toMatchObject({
      isHit: false,
      version: 2,
      verdict: { isStale: false },
    });
    expect(snap.stats.staleReads).toBe(1);
  });

  it.each<WritePolicy>(['delete-first', 'double-delete', 'update-cache'])(
    '%s with Redis down and the row cached counts a lost invalidation too',
    async (writePolicy) => {
      const sim = await createTestSim({ actors: ['R', 'W'], writePolicy });
      await sim.dispatch({ type: 'read', actor: 'R', id: 1 });
      await runAll(sim);
      await sim.dispatch({ type: 'setCacheAvailable', isUp: false });
      await sim.dispatch({ type: 'write', actor: 'W', id: 1, changes: { name: 'New' } });
      await runAll(sim);
      const snap = await sim.snapshot();
      expect(snap.stats).toMatchObject({ lostInvalidations: 1, dbWrites: 1 });
      expect(snap.cache[0]).toMatchObject({ key: 'user:1', version: 1, isStale: true });
      expect(snap.db[0].version).toBe(2);
    },
  );

  // The strip's "Lost invalidations" counts writes that left an older copy of their row cached:
  // a failed DEL with nothing cached leaves none, so nothing is lost (nor stale after it).
  it.each<WritePolicy>(['invalidate', 'delete-first', 'double-delete', 'update-cache'])(
    '%s with Redis down and nothing cached: a cache error, no lost invalidation',
    async (writePolicy) => {
      const sim = await createTestSim({ actors: ['W'], writePolicy });
      await sim.dispatch({ type: 'setCacheAvailable', isUp: false });
      await sim.dispatch({ type: 'write', actor: 'W', id: 1, changes: { name: 'New' } });
      await runAll(sim);
      const snap = await sim.snapshot();
      expect(snap.cache).toEqual([]);
      // Failed all the same: it removed no copy, there being none.
      expect(snap.stats).toMatchObject({
        lostInvalidations: 0,
        failedInvalidations: 1,
        removedCopies: 0,
        dbWrites: 1,
      });
      expect(snap.stats.cacheErrors).toBeGreaterThan(0);
      expect(snap.db[0].version).toBe(2);
    },
  );

  it('double-delete whose first DEL fails but whose second removes the copy: nothing is lost', async () => {
    const sim = await createTestSim({ actors: ['R', 'W'], writePolicy: 'double-delete' });
    await sim.dispatch({ type: 'read', actor: 'R', id: 1 });
    await runAll(sim);
    await sim.dispatch({ type: 'setCacheAvailable', isUp: false });
    await sim.dispatch({ type: 'write', actor: 'W', id: 1, changes: { name: 'New' } });
    await sim.dispatch({ type: 'stepActor', actor: 'W' }); // the first DEL fails
    await sim.dispatch({ type: 'setCacheAvailable', isUp: true });
    await runAll(sim); // UPDATE, the wait, the second DEL
    const snap = await sim.snapshot();
    expect(
      snap.redisLog.filter((e) => e.argv[0] === 'DEL').map((e) => e.error === undefined),
    ).toEqual([false, true]);
    expect(snap.cache).toEqual([]);
    // The write removed a copy after all: not counted among failed invalidations.
    expect(snap.stats).toMatchObject({
      lostInvalidations: 0,
      failedInvalidations: 0,
      cacheErrors: 1,
      dbWrites: 1,
    });
    expect(snap.results.at(-1)).toMatchObject({
      isInvalidationLost: true,
      isPartlyInvalidated: true,
    });
  });
});
