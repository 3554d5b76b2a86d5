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

  // Until 2026-12-07 such an entry was left in place: every read of the row missed on it until
  // its TTL ended it.
  // Either way a miss and a cache error: until 2026-12-07 a GET Redis refused (WRONGTYPE) was a
  // cache error only, so hits + misses fell short of the reads that reached Redis.
  it.each([
    ["another user's row", ['RENAME', 'user:5', 'user:6'], 'GET user:6', false],
    ['a hash', ['HSET', 'user:6', 'a', 'b'], 'GET user:6', true],
  ])(
    'an entry it cannot use (%s) is deleted; the read takes the miss path and refills, and the next read hits',
    async (_, argv, get, isGetError) => {
      const sim = await createTestSim({ actors: ['A'] });
      await readOnce(sim, 5);
      await sim.dispatch({ type: 'redis', actor: 'console', argv });
      const { events, result } = await readOnce(sim, 6);
      expect(
        events
          .filter((e) => e.actor === 'A')
          .map((e) => [e.command.split(' ', 2).join(' '), e.isError, e.reply]),
      ).toEqual([
        [get, isGetError, expect.any(String)],
        ['DEL user:6', false, '(integer) 1'],
        ['SELECT *', false, expect.any(String)],
        ['SET user:6', false, 'OK'],
      ]);
      expect(events.find((e) => e.label === 'discard')?.note).toMatch(
        /^Corrupt cache entry at user:6: .* deletes it/,
      );
      expect(result).toMatchObject({
        id: 6,
        version: 1,
        isHit: false,
        hadCacheError: true,
        filledVersion: 1,
      });
      expect(result?.row?.id).toBe(6);
      const next = await readOnce(sim, 6);
      expect(next.events.map((e) => e.command)).toEqual(['GET user:6']);
      expect(next.result).toMatchObject({ isHit: true, version: 1 });
      expect(next.snap.stats).toMatchObject({
        reads: 3,
        hits: 1,
        misses: 2,
        cacheErrors: 1,
        dbReads: 2,
      });
    },
  );

  // The other read paths take their own miss path after the deletion: a lease, a lock, a
  // versioned fill, the cache layer's loader (whose deletion checks the entry is still the one
  // it found, as the versioned read's does).
  it.each([
    [{ readMitigation: 'lease' }, ['get', 'discard', 'lease', 'select', 'fill']],
    [{ readMitigation: 'versioned-fill' }, ['get', 'discard', 'select', 'fill']],
    [{ readMitigation: 'single-flight' }, ['get', 'discard', 'lock', 'select', 'set', 'unlock']],
    [{ readMitigation: 'early-refresh' }, ['get', 'discard', 'select', 'set']],
    [{ pattern: 'read-through' }, ['get', 'discard', 'load', 'store']],
    [{ pattern: 'refresh-ahead' }, ['get', 'discard', 'load', 'store']],
    [{ pattern: 'write-behind' }, ['get', 'discard', 'load', 'store']],
  ] as const)(
    '%o: deletes a corrupt entry, then takes its own miss path, and the next read hits',
    async (config, labels) => {
      const sim = await createTestSim({ actors: ['A'], ...config });
      await sim.dispatch({ type: 'redis', actor: 'console', argv: ['SET', 'user:6', 'notjson'] });
      const { events, result } = await readOnce(sim, 6);
      expect(events.filter((e) => e.actor === 'A').map((e) => e.label)).toEqual(labels);
      expect(events.find((e) => e.label === 'discard')?.reply).toBe('(integer) 1');
      expect(result).toMatchObject({ version: 1, hadCacheError: true, filledVersion: 1 });
      expect((await readOnce(sim, 6)).result).toMatchObject({ isHit: true, version: 1 });
    },
  );

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
    // Down between the GET of a corrupt entry and its DEL: the DEL fails, and the read goes to
    // the database without filling, the entry left for a read once Redis is back.
    await sim.dispatch({ type: 'setCacheAvailable', isUp: true });
    await sim.dispatch({ type: 'redis', actor: 'console', argv: ['SET', 'user:4', 'notjson'] });
    await sim.dispatch({ type: 'read', actor: 'A', id: 4 });
    await sim.dispatch({ type: 'stepActor', actor: 'A' });
    await sim.dispatch({ type: 'setCacheAvailable', isUp: false });
    await runAll(sim);
    const down = await sim.snapshot();
    expect(down.events.slice(-2).map((e) => [e.label, e.isError])).toEqual([
      ['discard', true],
      ['fallback', false],
    ]);
    expect(down.results.at(-1)).toMatchObject({
      version: 1,
      hadCacheError: true,
      filledVersion: null,
    });
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
