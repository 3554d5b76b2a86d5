import { describe, expect, it } from 'vitest';
import { seedRow } from '../userSeed';
import type { Simulation } from '../simulation';
import { createTestSim } from '../testSim';
import { DEFAULT_PROGRAM_SETTINGS } from './types';

async function earlyRefreshSim(seed: number, deltaMs: number, beta: number): Promise<Simulation> {
  return createTestSim({
    seed,
    actors: ['R', 'console'],
    readMitigation: 'early-refresh',
    // Zero Redis latency: the PTTL the reader sees is exactly the TTL the console just set.
    cacheLatency: 0,
    settings: {
      ...DEFAULT_PROGRAM_SETTINGS,
      ttlSeconds: 60,
      xfetchDeltaMs: deltaMs,
      xfetchBeta: beta,
    },
  });
}

/** Caches user 1 with `remainingMs` left, reads it, and tells whether the read refreshed it. */
async function readRefreshes(sim: Simulation, remainingMs: number): Promise<boolean> {
  const json = JSON.stringify(seedRow(1));
  await sim.dispatch({
    type: 'redis',
    actor: 'console',
    argv: ['SET', 'user:1', json, 'PX', String(remainingMs)],
  });
  const before = sim.runtime.db.reads;
  await sim.dispatch({ type: 'read', actor: 'R', id: 1 });
  while (sim.readyActors().length) await sim.dispatch({ type: 'step' });
  return sim.runtime.db.reads > before;
}

describe('readEarlyRefresh (XFetch)', () => {
  it('a refresh is GET, PTTL, SELECT, SET with the full TTL; a plain hit is GET, PTTL', async () => {
    const sim = await earlyRefreshSim(1, 10, 1);
    // 1 ms left of a 10 ms recompute time: P(refresh) = exp(-0.1) ≈ 0.9; try until one happens.
    let refreshed = false;
    for (let i = 0; i < 20 && !refreshed; i++) refreshed = await readRefreshes(sim, 1);
    expect(refreshed).toBe(true);
    let snap = await sim.snapshot();
    expect(snap.events.slice(-4).map((e) => e.label)).toEqual(['get', 'pttl', 'select', 'set']);
    expect(snap.events.at(-4)?.isHit).toBe(true);
    expect(snap.results.at(-1)).toMatchObject({ isHit: false, filledVersion: 1 });
    expect(snap.cache[0].ttlMs).toBe(60_000);

    // An hour of TTL left: exp(-360000) is 0, so it is a hit.
    expect(await readRefreshes(sim, 3_600_000)).toBe(false);
    snap = await sim.snapshot();
    expect(snap.events.slice(-2).map((e) => e.label)).toEqual(['get', 'pttl']);
    expect(snap.results.at(-1)).toMatchObject({ isHit: true, version: 1 });
  });

  it.each([
    // [delta ms, beta, remaining ms]
    [10, 1, 5],
    [10, 1, 10],
    [10, 1, 30],
    [10, 2, 20],
    [4, 0.5, 1],
  ])(
    'refreshes with probability exp(-remaining/(beta*delta)) (delta %d, beta %d, %d ms left)',
    async (deltaMs, beta, remainingMs) => {
      const sim = await earlyRefreshSim(1234, deltaMs, beta);
      const trials = 1500;
      let refreshes = 0;
      for (let i = 0; i < trials; i++) if (await readRefreshes(sim, remainingMs)) refreshes++;
      const p = Math.exp(-remainingMs / (beta * deltaMs));
      // Binomial: within 4.5 standard deviations of trials * p.
      const sd = Math.sqrt(trials * p * (1 - p));
      expect(Math.abs(refreshes - trials * p)).toBeLessThan(4.5 * sd);
    },
  );

  it('never refreshes far from expiry', async () => {
    const sim = await earlyRefreshSim(99, 10, 1);
    for (let i = 0; i < 200; i++) expect(await readRefreshes(sim, 1000)).toBe(false);
  });

  it('a key without expiry is never refreshed early', async () => {
    const sim = await earlyRefreshSim(5, 10, 1);
    await sim.dispatch({
      type: 'redis',
      actor: 'console',
      argv: ['SET', 'user:1', JSON.stringify(seedRow(1))],
    });
    for (let i = 0; i < 50; i++) {
      await sim.dispatch({ type: 'read', actor: 'R', id: 1 });
      while (sim.readyActors().length) await sim.dispatch({ type: 'step' });
    }
    expect(sim.runtime.db.reads).toBe(0);
  });
});

describe('readEarlyRefresh: a hit whose PTTL cannot reach Redis', () => {
  it('returns the copy its GET hit, without a database read', async () => {
    const sim = await earlyRefreshSim(1, 10, 1);
    await sim.dispatch({
      type: 'redis',
      actor: 'console',
      argv: ['SET', 'user:1', JSON.stringify(seedRow(1)), 'EX', '60'],
    });
    await sim.dispatch({ type: 'read', actor: 'R', id: 1 });
    await sim.dispatch({ type: 'stepActor', actor: 'R' }); // GET: a hit
    await sim.dispatch({ type: 'setCacheAvailable', isUp: false });
    while (sim.pendingStep('R')) await sim.dispatch({ type: 'stepActor', actor: 'R' });
    const snap = await sim.snapshot();
    // The PTTL only decides an early refresh: unanswered, there is none, and the hit stands.
    expect(snap.events.slice(-2).map((e) => e.command)).toEqual(['GET user:1', 'PTTL user:1']);
    expect(snap.results.at(-1)).toMatchObject({ actor: 'R', row: { id: 1, version: 1 } });
    expect(snap.stats).toMatchObject({ hits: 1, dbReads: 0, cacheErrors: 1 });
  });
});
