import { describe, expect, it } from 'vitest';
import { createTestSim } from '../testSim';

describe('readSingleFlight', () => {
  it('one reader takes the lock and refills; the other waits, retries and hits without a SELECT', async () => {
    const sim = await createTestSim({ actors: ['R1', 'R2'], readMitigation: 'single-flight' });
    await sim.dispatch({ type: 'read', actor: 'R1', id: 1 });
    await sim.dispatch({ type: 'read', actor: 'R2', id: 1 });
    for (const actor of ['R1', 'R2', 'R1', 'R2', 'R1', 'R2', 'R1', 'R1', 'R2'])
      await sim.dispatch({ type: 'stepActor', actor });
    expect(sim.readyActors()).toEqual([]);
    const snap = await sim.snapshot();
    const steps = (actor: string) =>
      snap.events.filter((e) => e.actor === actor).map((e) => `${e.label} ${e.reply.slice(0, 6)}`);
    expect(steps('R1')).toEqual([
      'get (nil)',
      'lock OK',
      'select 1 row',
      'set OK',
      'unlock (integ',
    ]);
    expect(steps('R2')).toEqual(['get (nil)', 'lock (nil)', 'wait done', 'get "{"id"']);
    const lockSets = snap.redisLog.filter(
      (l) => l.argv[1] === 'lock:user:1' && l.argv[0] === 'SET',
    );
    expect(lockSets.map((l) => l.argv.slice(3))).toEqual([
      ['NX', 'PX', '10000'],
      ['NX', 'PX', '10000'],
    ]);
    expect(snap.sqlLog.filter((l) => l.sql.startsWith('SELECT'))).toHaveLength(1);
    expect(snap.results.map((r) => r.kind === 'read' && r.isHit)).toEqual([false, true]);
    // The lock is gone once the value is in.
    expect(snap.cache.map((c) => c.key)).toEqual(['user:1']);
  });

  it('no such row: the lock holder releases its lock, so the next reader takes it instead of waiting it out', async () => {
    const sim = await createTestSim({ actors: ['R1', 'R2'], readMitigation: 'single-flight' });
    await sim.dispatch({ type: 'sql', actor: 'console', sql: 'DELETE FROM users WHERE id = 1' });
    await sim.dispatch({ type: 'read', actor: 'R1', id: 1 });
    while (sim.readyActors().length) await sim.dispatch({ type: 'stepActor', actor: 'R1' });
    let snap = await sim.snapshot();
    const r1 = snap.events.filter((e) => e.actor === 'R1');
    expect(r1.map((e) => `${e.label} ${e.reply}`)).toEqual([
      'get (nil)',
      'lock OK',
      'select 0 rows',
      'unlock (integer) 1',
    ]);
    expect(snap.cache.map((c) => c.key)).toEqual([]);
    await sim.dispatch({ type: 'read', actor: 'R2', id: 1 });
    await sim.dispatch({ type: 'stepActor', actor: 'R2' });
    await sim.dispatch({ type: 'stepActor', actor: 'R2' });
    snap = await sim.snapshot();
    expect(snap.events.at(-1)).toMatchObject({ actor: 'R2', label: 'lock', reply: 'OK' });
  });

  it('a fill refused for memory still releases the lock, and the row read is returned without a second SELECT', async () => {
    const sim = await createTestSim({
      actors: ['R1', 'R2'],
      readMitigation: 'single-flight',
      maxKeys: 2,
      eviction: 'noeviction',
    });
    await sim.dispatch({ type: 'redis', actor: 'console', argv: ['SET', 'other', 'x'] });
    await sim.dispatch({ type: 'read', actor: 'R1', id: 1 });
    while (sim.readyActors().length) await sim.dispatch({ type: 'stepActor', actor: 'R1' });
    let snap = await sim.snapshot();
    expect(
      snap.events.filter((e) => e.actor === 'R1').map((e) => `${e.label} ${e.reply.slice(0, 9)}`),
    ).toEqual(['get (nil)', 'lock OK', 'select 1 row', 'set (error) O', 'unlock (integer)']);
    expect(snap.results[0]).toMatchObject({ hadCacheError: true, version: 1, filledVersion: null });
    expect(snap.sqlLog.filter((l) => l.sql.startsWith('SELECT'))).toHaveLength(1);
    expect(snap.cache.map((c) => c.key)).toEqual(['other']);
    // The next reader takes the lock at once instead of waiting out its 10 s.
    await sim.dispatch({ type: 'read', actor: 'R2', id: 1 });
    await sim.dispatch({ type: 'stepActor', actor: 'R2' });
    await sim.dispatch({ type: 'stepActor', actor: 'R2' });
    snap = await sim.snapshot();
    expect(snap.events.at(-1)).toMatchObject({ actor: 'R2', label: 'lock', reply: 'OK' });
  });

  it('Redis down: falls back to the database and counts a cache error', async () => {
    const sim = await createTestSim({ actors: ['R'], readMitigation: 'single-flight' });
    await sim.dispatch({ type: 'setCacheAvailable', isUp: false });
    await sim.dispatch({ type: 'read', actor: 'R', id: 1 });
    while (sim.readyActors().length) await sim.dispatch({ type: 'step' });
    const snap = await sim.snapshot();
    expect(snap.events.map((e) => e.label)).toEqual(['get', 'fallback']);
    expect(snap.results[0]).toMatchObject({ hadCacheError: true, version: 1 });
    expect(snap.stats.cacheErrors).toBe(1);
  });
});
