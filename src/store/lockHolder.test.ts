// Single-flight's lock taken by the console, not by a reader: the sentence does not name a
// reader that is not there.
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { createSandboxStore } from './sandboxStore';
import { selectToldStep } from './selectors';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

it('a lock set in the Redis console: someone else holds it, not another reader', async () => {
  const store = createSandboxStore();
  await store.getState().start(SQL);
  await store.getState().loadScenario(null);
  await store.getState().configure({ readMitigation: 'single-flight' });
  await store.getState().runRedis('SET lock:user:1 me');
  await store.getState().startRead('A', 1);
  await store.getState().stepActor('A');
  await store.getState().stepActor('A');
  expect(selectToldStep(store.getState())).toBe(
    'Step 2: A sends SET lock:user:1 A-1 NX PX 10000: (nil), someone else holds the lock; A waits and reads the cache again.',
  );
});
