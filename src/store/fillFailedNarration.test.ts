// Single flight and the lease fill after their SELECT: a fill that fails keeps the row read, and
// the narration says so (and that the lock or lease goes next), not that the read goes to the
// database again.
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';
import { selectToldStep } from './narrationSelectors';

it('single flight: a fill refused for memory keeps the row read and releases the lock next', async () => {
  const store = await freePlaySandbox({
    readMitigation: 'single-flight',
    maxKeys: 2,
    eviction: 'noeviction',
  });
  await store.getState().runRedis('SET other x');
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 4; i++) await store.getState().stepActor('A');
  expect(selectToldStep(store.getState())).toMatch(
    /out of memory .* nothing is stored\. A's read keeps the row it read from the database, nothing is cached, and A releases its lock next\.$/,
  );
  await store.getState().stepActor('A');
  expect(selectToldStep(store.getState())).toMatch(/the lock is released\.$/);
  expect(store.getState().snapshot?.stats).toMatchObject({ dbReads: 1, cacheErrors: 1 });
});

it('lease: Redis gone before the fill, the row read is kept and the lease release is told next', async () => {
  const store = await freePlaySandbox({ readMitigation: 'lease' });
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().setCacheAvailable(false);
  await store.getState().stepActor('A');
  expect(selectToldStep(store.getState())).toMatch(
    /A's read keeps the row it read from the database, nothing is cached, and A releases its lease next\.$/,
  );
  await store.getState().stepActor('A');
  expect(store.getState().snapshot?.stats).toMatchObject({ dbReads: 1 });
});
