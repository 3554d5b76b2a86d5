import { describe, expect, it } from 'vitest';
import type { Simulation } from '../simulation';
import { createTestSim } from '../testSim';

const finish = async (sim: Simulation, actor: string) => {
  while (sim.pendingStep(actor)) await sim.dispatch({ type: 'stepActor', actor });
};

const read = async (sim: Simulation, id: number) => {
  await sim.dispatch({ type: 'read', actor: 'A', id });
  await finish(sim, 'A');
};

describe('refreshEntry: a reload that races a write and a refill', () => {
  it('never puts its older row back over the newer one a reader refilled meanwhile', async () => {
    const sim = await createTestSim({ actors: ['A', 'B'], pattern: 'refresh-ahead' });
    await read(sim, 7);
    await sim.dispatch({ type: 'advanceClock', ms: 2_000_000 });
    await read(sim, 7); // PTTL below half the TTL: the refresher starts
    await sim.dispatch({ type: 'stepActor', actor: 'refresher' }); // SELECT version 1
    await sim.dispatch({ type: 'write', actor: 'B', id: 7, changes: { plan: 'team' } });
    await finish(sim, 'B'); // UPDATE, DEL
    await read(sim, 7); // GET nil, SELECT, SET NX version 2
    await finish(sim, 'refresher');

    const snap = await sim.snapshot();
    const reload = snap.events.at(-1)!;
    expect(reload).toMatchObject({ actor: 'refresher', isStaleFill: false, isFillRefused: true });
    expect(reload.reply).toBe('(integer) 0');
    expect(snap.events.some((e) => e.isStaleFill)).toBe(false);
    expect(snap.cache.find((e) => e.key === 'user:7')).toMatchObject({
      version: 2,
      isStale: false,
    });
  });

  it('still gives a current entry a fresh TTL, and stays out of a deleted key', async () => {
    const sim = await createTestSim({ actors: ['A', 'B'], pattern: 'refresh-ahead' });
    await read(sim, 7);
    await sim.dispatch({ type: 'advanceClock', ms: 2_000_000 });
    await read(sim, 7);
    await finish(sim, 'refresher');
    const refreshed = await sim.snapshot();
    expect(refreshed.events.at(-1)).toMatchObject({ reply: '(integer) 1' });
    expect(refreshed.cache.find((e) => e.key === 'user:7')?.ttlMs).toBe(3_600_000);

    await sim.dispatch({ type: 'advanceClock', ms: 2_000_000 });
    await read(sim, 7);
    await sim.dispatch({ type: 'stepActor', actor: 'refresher' }); // SELECT
    await sim.dispatch({ type: 'write', actor: 'B', id: 7, changes: { plan: 'team' } });
    await finish(sim, 'B');
    await finish(sim, 'refresher');
    const snap = await sim.snapshot();
    expect(snap.events.at(-1)).toMatchObject({ reply: '(integer) 0', isStaleFill: false });
    expect(snap.cache.some((e) => e.key === 'user:7')).toBe(false);
  });
});

describe('readRefreshAhead: a hit whose TTL check cannot reach Redis', () => {
  it('returns the copy it got, without a database read, and starts no reload', async () => {
    const sim = await createTestSim({ actors: ['A'], pattern: 'refresh-ahead' });
    await read(sim, 7);
    await sim.dispatch({ type: 'read', actor: 'A', id: 7 });
    await sim.dispatch({ type: 'stepActor', actor: 'A' }); // GET: a hit
    await sim.dispatch({ type: 'setCacheAvailable', isUp: false });
    await finish(sim, 'A'); // PTTL fails
    const snap = await sim.snapshot();
    // The read already had its row from Redis: the failed PTTL only decides no reload.
    expect(snap.events.slice(-2).map((e) => e.command)).toEqual(['GET user:7', 'PTTL user:7']);
    expect(snap.results.at(-1)).toMatchObject({ actor: 'A', row: { id: 7, version: 1 } });
    expect(snap.stats).toMatchObject({ hits: 1, misses: 1, dbReads: 1, cacheErrors: 1 });
    // No reload was started: the cache has no refresher at work.
    expect(snap.actors.map((a) => a.name)).toEqual(['A']);
  });
});
