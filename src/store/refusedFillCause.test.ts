// A refused fill names every way its lease or entry can be gone, not only a write's delete: on
// paths nobody scripted the TTL, a restart or the console removes it.
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';
import { selectToldStep } from './selectors';

async function sandbox(config: object) {
  const store = await freePlaySandbox(config);
  return store;
}

it('lease: Redis restarted between the lease and the fill, with no write at all', async () => {
  const store = await sandbox({ readMitigation: 'lease' });
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().restartCache();
  await store.getState().stepActor('A');
  expect(store.getState().snapshot?.stats.dbWrites).toBe(0);
  expect(selectToldStep(store.getState())).toMatch(
    /: \(integer\) 0, the fill is refused: A's lease is gone \(a write deleted it, it expired, or a restart or a console command removed it\)\. Nothing is cached this time, though version 1 was the current row\.$/,
  );
});

it('refresh-ahead: the entry expired before the reload stored it, with no write at all', async () => {
  const store = await sandbox({ pattern: 'refresh-ahead', ttlSeconds: 10 });
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().advanceClock(9000);
  await store.getState().startRead('B', 1);
  await store.getState().stepActor('B');
  await store.getState().stepActor('B');
  await store.getState().advanceClock(2000);
  await store.getState().step();
  await store.getState().step();
  const told = selectToldStep(store.getState()) ?? '';
  expect(told).toMatch(/^Step 7: The cache's refresher sends EVAL /);
  expect(told).toContain(
    '(integer) 0, the fill is refused: the entry is gone (a write deleted it, it expired, or a restart or a console command removed it) or Redis holds a newer row',
  );
});
