// Single-flight's lock: taken by the console, not by a reader, the sentence names the console,
// not a reader that is not there; released only while it still holds the reader's token.
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';
import { selectToldStep } from './narrationSelectors';

it('a lock set in the Redis console: the console set it, and no reader holds it', async () => {
  const store = await freePlaySandbox({ readMitigation: 'single-flight' });
  await store.getState().runRedis('SET lock:user:1 me');
  await store.getState().startRead('A', 1);
  await store.getState().stepActor('A');
  await store.getState().stepActor('A');
  expect(selectToldStep(store.getState())).toBe(
    'Step 2: A sends SET lock:user:1 A-1 NX PX 10000: (nil), the lock is taken: the console set it, token "me", and no read under way holds it, so none is loading the row: it stays until it is removed (it has no TTL); A waits and reads the cache again.',
  );
});

it('a release after the lock expired and another reader took it: the token-checked EVAL leaves that reader’s lock alone, and says so', async () => {
  const store = await freePlaySandbox({ readMitigation: 'single-flight' });
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().advanceClock(11_000);
  await store.getState().startRead('B', 1);
  await store.getState().stepActor('B');
  await store.getState().stepActor('B');
  await store.getState().stepActor('A');
  await store.getState().stepActor('A');
  // B's lock is still there, with B's token: A's release did not free it.
  const lock = store.getState().snapshot?.cache.find((e) => e.key === 'lock:user:1');
  expect(lock?.value).toBe('B-2');
  expect(selectToldStep(store.getState())).toBe(
    `Step 7: A sends EVAL RELEASE_IF_HELD 1 lock:user:1 A-1: (integer) 0, the lock was no longer A's: A's own lock was gone (it expired: the PX it was taken with ran out) and another holder has taken it since (token B-2). The script checks the token before it deletes, so it leaves that holder's lock alone.`,
  );
});

it("a lock the console's SET replaced while its reader held it: the release names that SET, not every way a lock can go", async () => {
  const store = await freePlaySandbox({ readMitigation: 'single-flight' });
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().runRedis('SET lock:user:1 mine');
  await store.getState().stepActor('A');
  await store.getState().stepActor('A');
  expect(store.getState().snapshot?.cache.find((e) => e.key === 'lock:user:1')?.value).toBe('mine');
  expect(selectToldStep(store.getState())).toBe(
    `Step 5: A sends EVAL RELEASE_IF_HELD 1 lock:user:1 A-1: (integer) 0, the lock was no longer A's: the console's SET replaced A's token with "mine". The script checks the token before it deletes, so it leaves that holder's lock alone.`,
  );
});

it('a release after the lock expired and nobody took it: the EVAL answers 0 and deletes nothing', async () => {
  const store = await freePlaySandbox({ readMitigation: 'single-flight' });
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().advanceClock(11_000);
  await store.getState().stepActor('A');
  await store.getState().stepActor('A');
  expect(selectToldStep(store.getState())).toBe(
    `Step 5: A sends EVAL RELEASE_IF_HELD 1 lock:user:1 A-1: (integer) 0, the lock was no longer A's: A's own lock was gone (it expired: the PX it was taken with ran out), so the script deleted nothing.`,
  );
});

it('a release of the lock it still holds: the lock is released', async () => {
  const store = await freePlaySandbox({ readMitigation: 'single-flight' });
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 5; i++) await store.getState().stepActor('A');
  expect(selectToldStep(store.getState())).toBe(
    `Step 5: A sends EVAL RELEASE_IF_HELD 1 lock:user:1 A-1: (integer) 1, lock:user:1 still held A's token, so the script deleted it: the lock is released.`,
  );
  expect(store.getState().snapshot?.cache.some((e) => e.key === 'lock:user:1')).toBe(false);
});

it('a lease holder whose SELECT finds no row (deleted in the SQL console) releases its lease, and says so', async () => {
  const store = await freePlaySandbox({ readMitigation: 'lease' });
  await store.getState().runSql('DELETE FROM users WHERE id = 1');
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 4; i++) await store.getState().stepActor('A');
  expect(selectToldStep(store.getState())).toBe(
    `Step 4: A sends EVAL RELEASE_IF_HELD 1 lease:user:1 A-1: (integer) 1, lease:user:1 still held A's token, so the script deleted it: the lease is released.`,
  );
  expect(store.getState().snapshot?.cache.some((e) => e.key === 'lease:user:1')).toBe(false);
  // The next reader of user:1 gets the lease at once instead of waiting until it expires.
  await store.getState().startRead('B', 1);
  await store.getState().stepActor('B');
  await store.getState().stepActor('B');
  expect(selectToldStep(store.getState())).toBe(
    "Step 6: B sends SET lease:user:1 B-2 NX PX 10000: OK, B holds the lease and may fill. Its token, B-2, numbers the run's 2nd request: every request is counted, whichever actor's.",
  );
});
