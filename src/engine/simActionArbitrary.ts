// Test support: one fast-check arbitrary of simulation actions, shared by the property tests
// that drive a Simulation (checkpoints, snapshot views) and the sandbox store. Not imported by
// the app.

import fc from 'fast-check';
import type { SimAction } from './simAction';

export interface SimActionOptions {
  /** Row ids the actions name, 1..maxId. */
  maxId: number;
  /** Keys the console's commands name. */
  keys: readonly string[];
  /** Weight of a bare Step among the others (reads 4, writes 2, console Redis lines 4). */
  stepWeight?: number;
}

/** Console Redis lines over `keys`: writes, deletes, expiries, other types, flushes. */
export function consoleRedisArgv(keys: readonly string[]): fc.Arbitrary<string[]> {
  const key = fc.constantFrom(...keys);
  return fc.oneof(
    key.map((k) => ['DEL', k]),
    key.map((k) => ['SET', k, 'v', 'PX', '1500']),
    key.map((k) => ['EXPIRE', k, '2']),
    key.map((k) => ['PERSIST', k]),
    key.map((k) => ['APPEND', k, '!']),
    key.map((k) => ['HSET', k, 'f', 'v']),
    key.map((k) => ['RPUSH', k, 'a', 'b']),
    fc.tuple(key, key).map(([from, to]) => ['RENAME', from, to]),
    key.map((k) => ['LPOP', k]),
    fc.constant<string[]>(['MSET', 'x', '1', 'y', '2', 'z', '3']),
    fc.constant<string[]>(['FLUSHALL']),
  );
}

/** Console SQL over rows 1..maxId: writes, deletes, inserts, SELECTs, a broken and mended schema. */
export function consoleSql(maxId: number): fc.Arbitrary<string> {
  const id = fc.integer({ min: 1, max: maxId });
  return fc.oneof(
    id.map((i) => `UPDATE users SET plan = 'pro' WHERE id = ${i}`),
    id.map((i) => `DELETE FROM users WHERE id = ${i}`),
    fc.constant("INSERT INTO users VALUES (50, 'N', 'n@x', 'free', 1, 0)"),
    fc.constant('SELECT id FROM users WHERE id BETWEEN 2 AND 9'),
    fc.constant('PRAGMA recursive_triggers = 1'),
    fc.constant('ALTER TABLE users RENAME TO people'),
    fc.constant('ALTER TABLE people RENAME TO users'),
  );
}

/**
 * Any action a learner, a scenario or a link can send a simulation of actors A and B: reads,
 * writes, steps, clock jumps, Redis down/up/restart, console Redis and SQL, Reset database.
 */
export function simAction({
  maxId,
  keys,
  stepWeight = 8,
}: SimActionOptions): fc.Arbitrary<SimAction> {
  const id = fc.integer({ min: 1, max: maxId });
  const actor = fc.constantFrom('A', 'B');
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ type: fc.constant('read' as const), actor, id }) },
    {
      weight: 2,
      arbitrary: fc.record({
        type: fc.constant('write' as const),
        actor,
        id,
        changes: fc.constantFrom({ name: 'Ada' }, { plan: 'team' }),
      }),
    },
    { weight: stepWeight, arbitrary: fc.constant({ type: 'step' as const }) },
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
      weight: 4,
      arbitrary: consoleRedisArgv(keys).map((argv) => ({
        type: 'redis' as const,
        actor: 'console',
        argv,
      })),
    },
    {
      weight: 2,
      arbitrary: consoleSql(maxId).map((sql) => ({ type: 'sql' as const, actor: 'console', sql })),
    },
    { weight: 1, arbitrary: fc.constant({ type: 'resetDatabase' as const, actor: 'console' }) },
  );
}
