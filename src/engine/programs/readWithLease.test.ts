import { describe, expect, it } from 'vitest';
import type { Simulation } from '../simulation';
import { createTestSim } from '../testSim';

async function stepInOrder(sim: Simulation, actors: string[]): Promise<void> {
  for (const actor of actors) await sim.dispatch({ type: 'stepActor', actor });
}

const byActor = async (sim: Simulation, actor: string) =>
  (await sim.snapshot()).events
    .filter((e) => e.actor === actor)
    .map((e) => `${e.label}: ${e.command.split(' ').slice(0, 2).join(' ')} -> ${e.reply}`);

describe('readWithLease', () => {
  it('the second reader does not get the lease: it waits and retries, and reads the filled value without a SELECT', async () => {
    const sim = await createTestSim({ actors: ['R1', 'R2'], readMitigation: 'lease' });
    await sim.dispatch({ type: 'read', actor: 'R1', id: 1 });
    await sim.dispatch({ type: 'read', actor: 'R2', id: 1 });
    await stepInOrder(sim, ['R1', 'R2', 'R1', 'R2', 'R1', 'R2', 'R1', 'R2']);
    expect(sim.readyActors()).toEqual([]);
    expect(await byActor(sim, 'R1')).toEqual([
      'get: GET user:1 -> (nil)',
      'lease: SET lease:user:1 -> OK',
      'select: SELECT * -> 1 row',
      "fill: EVAL 'if -> (integer) 1",
    ]);
    expect(await byActor(sim, 'R2')).toEqual([
      'get: GET user:1 -> (nil)',
      'lease: SET lease:user:1 -> (nil)',
      'wait: wait 50 -> done',
      expect.stringMatching(/^get: GET user:1 -> "\{"id":1/),
    ]);
    const snap = await sim.snapshot();
    expect(snap.sqlLog.filter((l) => l.sql.startsWith('SELECT'))).toHaveLength(1);
    expect(snap.results.map((r) => [r.actor, r.kind === 'read' && r.isHit])).toEqual([
      ['R1', false],
      ['R2', true],
    ]);
    // The lease is released by the fill.
    expect(snap.cache.map((c) => c.key)).toEqual(['user:1']);
  });

  it('the lease is taken with SET NX PX and a token unique to the reader', async () => {
    const sim = await createTestSim({ actors: ['R1', 'R2'], readMitigation: 'lease' });
    await sim.dispatch({ type: 'read', actor: 'R1', id: 1 });
    await sim.dispatch({ type: 'read', actor: 'R2', id: 1 });
    await stepInOrder(sim, ['R1', 'R2', 'R1', 'R2']);
    const leases = (await sim.snapshot()).redisLog.filter((l) => l.argv[1] === 'lease:user:1');
    expect(leases.map((l) => [l.argv[0], l.argv[3], l.argv[4], l.argv[5]])).toEqual([
      ['SET', 'NX', 'PX', '10000'],
      ['SET', 'NX', 'PX', '10000'],
    ]);
    expect(leases[0].argv[2]).not.toBe(leases[1].argv[2]);
  });

  it('no such row: the lease holder releases its lease, so the next reader takes it instead of waiting it out', async () => {
    const sim = await createTestSim({ actors: ['R1', 'R2'], readMitigation: 'lease' });
    await sim.dispatch({ type: 'sql', actor: 'console', sql: 'DELETE FROM users WHERE id = 1' });
    await sim.dispatch({ type: 'read', actor: 'R1', id: 1 });
    while (sim.readyActors().length) await sim.dispatch({ type: 'stepActor', actor: 'R1' });
    expect(await byActor(sim, 'R1')).toEqual([
      'get: GET user:1 -> (nil)',
      'lease: SET lease:user:1 -> OK',
      'select: SELECT * -> 0 rows',
      "release: EVAL 'if -> (integer) 1",
    ]);
    let snap = await sim.snapshot();
    expect(snap.cache.map((c) => c.key)).toEqual([]);
    expect(snap.results.at(-1)).toMatchObject({ actor: 'R1', version: 0, filledVersion: null });
    await sim.dispatch({ type: 'read', actor: 'R2', id: 1 });
    await stepInOrder(sim, ['R2', 'R2']);
    snap = await sim.snapshot();
    expect(snap.events.at(-1)).toMatchObject({ actor: 'R2', label: 'lease', reply: 'OK' });
  });

  it('no such row, and its lease gone and taken by another reader: the release leaves that lease alone', async () => {
    const sim = await createTestSim({ actors: ['R1', 'R2'], readMitigation: 'lease' });
    await sim.dispatch({ type: 'sql', actor: 'console', sql: 'DELETE FROM users WHERE id = 1' });
    await sim.dispatch({ type: 'read', actor: 'R1', id: 1 });
    await stepInOrder(sim, ['R1', 'R1', 'R1']);
    await sim.dispatch({ type: 'advanceClock', ms: 11_000 });
    await sim.dispatch({ type: 'read', actor: 'R2', id: 1 });
    await stepInOrder(sim, ['R2', 'R2', 'R1']);
    const snap = await sim.snapshot();
    expect(snap.events.at(-1)).toMatchObject({
      actor: 'R1',
      label: 'release',
      reply: '(integer) 0',
    });
    const lease = snap.cache.find((c) => c.key === 'lease:user:1');
    expect(lease?.value).toMatch(/^R2-/);
  });

  it('Redis gone before the fill: the row read is returned, with a cache error, and no second SELECT', async () => {
    const sim = await createTestSim({ actors: ['R1'], readMitigation: 'lease' });
    await sim.dispatch({ type: 'read', actor: 'R1', id: 1 });
    await stepInOrder(sim, ['R1', 'R1', 'R1']);
    await sim.dispatch({ type: 'setCacheAvailable', isUp: false });
    while (sim.readyActors().length) await sim.dispatch({ type: 'stepActor', actor: 'R1' });
    const snap = await sim.snapshot();
    expect(
      snap.events.filter((e) => e.actor === 'R1').map((e) => `${e.label} ${e.reply.slice(0, 9)}`),
    ).toEqual(['get (nil)', 'lease OK', 'select 1 row', 'fill (error) C', 'release (error) C']);
    expect(snap.results[0]).toMatchObject({ hadCacheError: true, version: 1, filledVersion: null });
    expect(snap.sqlLog.filter((l) => l.sql.startsWith('SELECT'))).toHaveLength(1);
  });

  it('a reader that never gets the lease gives up after maxRetries and reads the database without filling', async () => {
    const sim = await createTestSim({ actors: ['R1', 'R2'], readMitigation: 'lease' });
    await sim.dispatch({ type: 'read', actor: 'R1', id: 1 });
    await sim.dispatch({ type: 'read', actor: 'R2', id: 1 });
    await stepInOrder(sim, ['R1', 'R1']); // R1 holds the lease and stalls
    while (sim.pendingStep('R2')) await sim.dispatch({ type: 'stepActor', actor: 'R2' });
    const steps = (await sim.snapshot()).events.filter((e) => e.actor === 'R2');
    const labels = steps.map((e) => e.label);
    // maxRetries 5: six rounds of GET + SET NX, five waits between them, then the database.
    expect(labels.filter((l) => l === 'get')).toHaveLength(6);
    expect(labels.filter((l) => l === 'lease')).toHaveLength(6);
    expect(labels.filter((l) => l === 'wait')).toHaveLength(5);
    expect(labels.at(-1)).toBe('give-up');
    const snap = await sim.snapshot();
    expect(snap.results.at(-1)).toMatchObject({
      actor: 'R2',
      isHit: false,
      filledVersion: null,
      version: 1,
    });
    expect(snap.cache.map((c) => c.key)).toEqual(['lease:user:1']);
  });
});
