// Single-flight's lock taken by the console, not by a reader: the sentence does not name a
// reader that is not there.
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';
import { selectToldStep } from './selectors';

it('a lock set in the Redis console: someone else holds it, not another reader', async () => {
  const store = await freePlaySandbox({ readMitigation: 'single-flight' });
  await store.getState().runRedis('SET lock:user:1 me');
  await store.getState().startRead('A', 1);
  await store.getState().stepActor('A');
  await store.getState().stepActor('A');
  expect(selectToldStep(store.getState())).toBe(
    'Step 2: A sends SET lock:user:1 A-1 NX PX 10000: (nil), someone else holds the lock; A waits and reads the cache again.',
  );
});
