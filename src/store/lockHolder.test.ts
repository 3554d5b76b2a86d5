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

it('a release after the lock expired and another reader took it: the DEL frees that reader’s lock, and says so', async () => {
  const store = await freePlaySandbox({ readMitigation: 'single-flight' });
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().advanceClock(11_000);
  await store.getState().startRead('B', 1);
  await store.getState().stepActor('B');
  await store.getState().stepActor('B');
  await store.getState().stepActor('A');
  await store.getState().stepActor('A');
  expect(store.getState().snapshot?.cache.some((e) => e.key === 'lock:user:1')).toBe(false);
  expect(selectToldStep(store.getState())).toBe(
    "Step 7: A sends DEL lock:user:1: (integer) 1, but the lock it removed was no longer A's: A's own lock was gone (it expired, or a restart or a console command removed it) and another holder had taken it since (token B-2). A plain DEL frees that holder's lock, so the next reader that misses can take the lock and go to the database too.",
  );
});

it('a release of the lock it still holds: the lock is released', async () => {
  const store = await freePlaySandbox({ readMitigation: 'single-flight' });
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 5; i++) await store.getState().stepActor('A');
  expect(selectToldStep(store.getState())).toBe(
    'Step 5: A sends DEL lock:user:1: (integer) 1, the lock is released.',
  );
});
