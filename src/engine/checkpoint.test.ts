// Back's checkpoints (issue 12.2): a simulation saved between programs and restored must go on
// exactly as the original does, whatever came before (keys, TTLs, eviction data, the database,
// the clock, every seeded draw). Compared with the simulation that never stopped.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { READ_MITIGATIONS, WRITE_POLICIES } from './programs/catalog';
import { Simulation, type SimAction, type SimCheckpoint, type SimConfig } from './simulation';
import { createTestSim, loadSqlJsNode } from './testSim';

const id = fc.integer({ min: 1, max: 5 });
const key = fc.constantFrom('user:1', 'user:2', 'x', 'h');
const action: fc.Arbitrary<SimAction> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('read' as const),
      actor: fc.constantFrom('A', 'B'),
      id,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('write' as const),
      actor: fc.constantFrom('A', 'B'),
      id,
      changes: fc.constantFrom({ name: 'Ada' }, { plan: 'team' }),
    }),
  },
  { weight: 10, arbitrary: fc.constant({ type: 'step' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('advanceClock' as const),
      ms: fc.constantFrom(1, 999, 2500, 70_000),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('setCacheAvailable' as const), isUp: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.constant({ type: 'restartCache' as const }) },
  {
    weight: 3,
    arbitrary: fc
      .oneof(
        key.map((k) => ['DEL', k]),
        key.map((k) => ['SET', k, 'v', 'PX', '1500']),
        key.map((k) => ['HSET', k, 'f', 'v']),
        key.map((k) => ['RPUSH', k, 'a', 'b']),
        fc.constant<string[]>(['MSET', 'x', '1', 'y', '2', 'z', '3']),
        fc.constant<string[]>(['FLUSHALL']),
      )
      .map((argv) => ({ type: 'redis' as const, actor: 'console', argv })),
  },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        id.map((i) => `UPDATE users SET plan = 'pro' WHERE id = ${i}`),
        fc.constant("INSERT INTO users VALUES (50, 'N', 'n@x', 'free', 1, 0)"),
        fc.constant('PRAGMA recursive_triggers = 1'),
        fc.constant('SELECT id FROM users WHERE id < 4'),
      )
      .map((sql) => ({ type: 'sql' as const, actor: 'console', sql })),
  },
  { weight: 1, arbitrary: fc.constant({ type: 'resetDatabase' as const, actor: 'console' }) },
);

const config: fc.Arbitrary<Partial<SimConfig>> = fc.record({
  seed: fc.integer({ min: 0, max: 1000 }),
  rows: fc.constant(60),
  writePolicy: fc.constantFrom(...WRITE_POLICIES),
  readMitigation: fc.constantFrom(...READ_MITIGATIONS),
  maxKeys: fc.constantFrom(0, 3),
  eviction: fc.constantFrom(
    'allkeys-lru' as const,
    'allkeys-lfu' as const,
    'allkeys-random' as const,
  ),
  scheduler: fc.constantFrom('manual' as const, 'timed' as const),
  latencyModel: fc.constantFrom('constant' as const, 'lognormal' as const),
});

describe('Simulation.checkpoint and restore', () => {
  it('a restored simulation goes on exactly as the one it was saved from', async () => {
    const SQL = await loadSqlJsNode();
    let restored = 0;
    await fc.assert(
      fc.asyncProperty(
        config,
        fc.array(action, { minLength: 10, maxLength: 60 }),
        async (c, actions) => {
          const sim = Simulation.create(SQL, c);
          const saved: { at: number; cp: SimCheckpoint }[] = [];
          for (let i = 0; i < actions.length; i++) {
            await sim.dispatch(actions[i]);
            const cp = sim.checkpoint();
            if (cp) saved.push({ at: i + 1, cp });
          }
          const end = await sim.snapshot();
          // Each checkpoint twice over: restoring must not use it up.
          for (const { at, cp } of [...saved.slice(-3), ...saved.slice(-1)]) {
            const copy = Simulation.restore(SQL, c, cp);
            for (const a of actions.slice(at)) await copy.dispatch(a);
            expect(await copy.snapshot()).toEqual(end);
            expect(copy.actions).toEqual(sim.actions);
            await copy.close();
            restored++;
          }
          await sim.close();
        },
      ),
      { seed: 11, numRuns: 40 },
    );
    expect(restored).toBeGreaterThan(40);
  }, 300_000);

  it('is null while a program is in flight', async () => {
    const sim = await createTestSim();
    expect(sim.checkpoint()).not.toBeNull();
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    expect(sim.checkpoint()).toBeNull();
    await sim.dispatch({ type: 'step' });
    expect(sim.checkpoint()).toBeNull();
    await sim.dispatch({ type: 'step' });
    await sim.dispatch({ type: 'step' });
    expect(sim.readyActors()).toEqual([]);
    expect(sim.checkpoint()).not.toBeNull();
  });
});
