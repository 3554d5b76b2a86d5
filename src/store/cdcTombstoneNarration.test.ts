// Under change capture with versioned fills the consumer invalidates with a script (EVAL) that
// leaves a tombstone of the change's version unless Redis holds that version or newer: each
// reply is told with what it did to the key, not as a bare "(integer) 1".
import { expect, it } from 'vitest';
import { freePlayRunning } from '../app/testLearner';
import { READ_STARTER } from '../engine/programs/learnerSources';
import { freePlaySandbox } from './testSandbox';
import { selectToldStep } from './narrationSelectors';

const config = { invalidation: 'cdc', readMitigation: 'versioned-fill', actorCount: 3 };

it('a cached version 1, the change to version 2 delivered: its tombstone replaces the copy', async () => {
  const store = await freePlaySandbox(config);
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().startWrite('B', 1, { plan: 'pro' });
  await store.getState().stepActor('B');
  for (let i = 0; i < 3; i++) await store.getState().stepActor('cdc');
  const entry = store.getState().snapshot?.cache.find((e) => e.key === 'user:1');
  expect(entry?.value).toBe('{"tombstone":true,"version":2}');
  expect(selectToldStep(store.getState())).toMatch(
    /^Step 7: The change-log consumer cdc sends EVAL .* 1 user:1 2 EX 3600: \(integer\) 1\. user:1 held version 1 of the row, older than 2, so a tombstone of version 2 replaces it: the older copy is gone, and no row older than version 2 can be filled over it\.$/,
  );
});

it('a reader refilled version 2 before the change arrived: the tombstone is not set, and the row stays', async () => {
  const store = await freePlaySandbox(config);
  await store.getState().startWrite('B', 1, { plan: 'pro' });
  await store.getState().stepActor('B');
  await store.getState().startRead('C', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('C');
  for (let i = 0; i < 3; i++) await store.getState().stepActor('cdc');
  const entry = store.getState().snapshot?.cache.find((e) => e.key === 'user:1');
  expect(entry?.version).toBe(2);
  expect(selectToldStep(store.getState())).toMatch(
    /^Step 7: The change-log consumer cdc sends EVAL .* 1 user:1 2 EX 3600: \(integer\) 0\. Redis already holds version 2 or newer \(a row refilled since, or a tombstone\), so this invalidation changes nothing: it never removes or lowers a newer entry\.$/,
  );
});

it('under read-through the tombstone is a miss the cache loads over: the step says the cache reads the database', async () => {
  const store = await freePlaySandbox({ ...config, pattern: 'read-through' });
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().startWrite('B', 1, { plan: 'pro' });
  await store.getState().stepActor('B');
  for (let i = 0; i < 3; i++) await store.getState().stepActor('cdc');
  await store.getState().startRead('C', 1);
  await store.getState().stepActor('C');
  expect(selectToldStep(store.getState())).toBe(
    'Step 8: C sends GET user:1 and finds a tombstone (version 2): the row changed, so it counts as a miss and the cache loads the row from the database for C.',
  );
  await store.getState().stepActor('C');
  await store.getState().stepActor('C');
  expect(store.getState().snapshot?.cache.find((e) => e.key === 'user:1')?.version).toBe(2);
  expect(store.getState().snapshot?.stats.cacheErrors).toBe(0);
});

it('your read path finds the tombstone: told as a miss, not as a read of the database it never sends', async () => {
  // Before: "... so it counts as a miss and C reads the database.", and C's read failed next,
  // as the starter returns what the GET found (the tombstone) and sends no SELECT.
  const { sandbox: store } = await freePlayRunning({ read: READ_STARTER }, config);
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().startWrite('B', 1, { plan: 'pro' });
  await store.getState().stepActor('B');
  for (let i = 0; i < 3; i++) await store.getState().stepActor('cdc');
  await store.getState().startRead('C', 1);
  await store.getState().stepActor('C');
  const told = selectToldStep(store.getState());
  expect(told).toMatch(
    /^Step 8: C sends GET user:1 and finds a tombstone \(version 2\): the row changed, so it counts as a miss\./,
  );
  expect(told).not.toMatch(/reads the database/);
  expect(store.getState().snapshot?.events.at(-1)?.finishes).toBe(true);
});
