import { describe, expect, it } from 'vitest';
import type { Simulation } from '../simulation';
import { createTestSim } from '../testSim';
import { DEFAULT_PROGRAM_SETTINGS } from './types';

async function runAll(sim: Simulation): Promise<void> {
  while (sim.readyActors().length) await sim.dispatch({ type: 'step' });
}

async function readOnce(sim: Simulation, id: number, actor = 'A') {
  const before = sim.commandCount;
  await sim.dispatch({ type: 'read', actor, id });
  await runAll(sim);
  const snap = await sim.snapshot();
  return { snap, events: snap.events.slice(before), result: snap.results.at(-1) };
}

describe('readCacheAside: the cache-aside read path', () => {
  it('a miss runs GET, SELECT, SET ... EX ttl and returns the row it filled', async () => {
    const sim = await createTestSim({ actors: ['A'] });
    const { snap, events, result } = await readOnce(sim, 5);
    expect(events.map((e) => [e.label, e.target, e.isHit, e.isMiss])).toEqual([
      ['get', 'redis', false, true],
      ['select', 'db', false, false],
      ['set', 'redis', false, false],
    ]);
    const set = snap.redisLog.at(-1);
    expect(set?.argv.slice(0, 2)).toEqual(['SET', 'user:5']);
    expect(set?.argv.slice(3)).toEqual(['EX', String(DEFAULT_PROGRAM_SETTINGS.ttlSeconds)]);
    expect(JSON.parse(set?.argv[2] as string)).toEqual(snap.db.find((r) => r.id === 5));
    expect(result).toMatchObject({
      kind: 'read',
      id: 5,
      isHit: false,
      filledVersion: 1,
      hadCacheError: false,
    });
    expect(result?.row).toEqual(snap.db.find((r) => r.id === 5));
  });

  it('a hit is one GET and returns the cached row', async () => {
    const sim = await createTestSim({ actors: ['A'] });
    const first = await readOnce(sim, 5);
    const { events, result, snap } = await readOnce(sim, 5);
    expect(events.map((e) => e.command)).toEqual(['GET user:5']);
    expect(result).toMatchObject({ isHit: true, filledVersion: null, version: 1 });
    expect(result?.row).toEqual(first.result?.row);
    expect(snap.stats).toMatchObject({ reads: 2, hits: 1, misses: 1, dbReads: 1 });
  });

  it('TTL 0 fills without expiry', async () => {
    const sim = await createTestSim({
      actors: ['A'],
      settings: { ...DEFAULT_PROGRAM_SETTINGS, ttlSeconds: 0 },
    });
    const { snap } = await readOnce(sim, 2);
    expect(snap.redisLog.at(-1)?.argv).toHaveLength(3);
    expect(snap.cache[0]).toMatchObject({ key: 'user:2', ttlMs: -1 });
  });

  it('a TTL with a fraction of a second fills with PX in milliseconds (Redis refuses EX 0.5)', async () => {
    const sim = await createTestSim({
      actors: ['A'],
      settings: { ...DEFAULT_PROGRAM_SETTINGS, ttlSeconds: 0.5 },
    });
    const { snap } = await readOnce(sim, 2);
    expect(snap.redisLog.at(-1)?.argv.slice(3)).toEqual(['PX', '500']);
    expect(snap.cache[0]).toMatchObject({ key: 'user:2', ttlMs: 500 });
  });

  it('a user that does not exist: GET, SELECT of no row, nothing cached', async () => {
    const sim = await createTestSim({ actors: ['A'], rows: 10 });
    const { events, result, snap } = await readOnce(sim, 11);
    expect(events.map((e) => e.command)).toEqual([
      'GET user:11',
      'SELECT * FROM users WHERE id = 11',
    ]);
    expect(result).toMatchObject({ row: null, isHit: false, filledVersion: null });
    expect(snap.cache).toEqual([]);
  });

  it('Redis down: the GET fails, the read falls back to the database, counts a cache error and fills nothing', async () => {
    const sim = await createTestSim({ actors: ['A'] });
    await sim.dispatch({ type: 'setCacheAvailable', isUp: false });
    const { events, result, snap } = await readOnce(sim, 3);
    expect(events.map((e) => [e.label, e.isError])).toEqual([
      ['get', true],
      ['fallback', false],
    ]);
    expect(result).toMatchObject({
      isHit: false,
      hadCacheError: true,
      filledVersion: null,
      version: 1,
    });
    expect(result?.row).toEqual(snap.db.find((r) => r.id === 3));
    expect(snap.stats).toMatchObject({ cacheErrors: 1, dbReads: 1, staleReads: 0 });
    await sim.dispatch({ type: 'setCacheAvailable', isUp: true });
    expect((await sim.snapshot()).cache).toEqual([]);
  });

  it('Redis goes down between the GET and the SET: the row is still returned, the error counted', async () => {
    const sim = await createTestSim({ actors: ['A'] });
    await sim.dispatch({ type: 'read', actor: 'A', id: 4 });
    await sim.dispatch({ type: 'stepActor', actor: 'A' });
    await sim.dispatch({ type: 'stepActor', actor: 'A' });
    await sim.dispatch({ type: 'setCacheAvailable', isUp: false });
    await sim.dispatch({ type: 'stepActor', actor: 'A' });
    const snap = await sim.snapshot();
    expect(snap.events.at(-1)).toMatchObject({ label: 'set', isError: true, finishes: true });
    expect(snap.results.at(-1)).toMatchObject({
      version: 1,
      hadCacheError: true,
      filledVersion: null,
    });
    expect(snap.stats.cacheErrors).toBe(1);
  });

  it('a row longer than 64 KiB that it cached itself is a hit on the next read, not a corrupt entry', async () => {
    const sim = await createTestSim({ actors: ['A'] });
    await sim.dispatch({
      type: 'sql',
      actor: 'console',
      sql: "UPDATE users SET name = printf('%.*c', 100000, 'x') WHERE id = 5",
    });
    const fill = await readOnce(sim, 5);
    expect(fill.events.map((e) => e.label)).toEqual(['get', 'select', 'set']);
    const { events, result, snap } = await readOnce(sim, 5);
    expect(events.map((e) => e.label)).toEqual(['get']);
    expect(result).toMatchObject({ isHit: true, hadCacheError: false, version: 2 });
    expect(result?.row?.name).toHaveLength(100000);
    expect(snap.stats).toMatchObject({ reads: 2, hits: 1, misses: 1, cacheErrors: 0, dbReads: 1 });
  });
});
