// A reader that could not take single-flight's lock or a lease waits and asks again. Its wait
// names who holds what it waits on as the engine finds it: a reader loading the row only when
// one is. Until 2026-12-05 it always said "another reader holds it and is loading the row", beside
// a lock typed in the console or a lease left by a read that ended while Redis was down.
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';
import { selectToldStep } from './narrationSelectors';
import type { SandboxStoreApi } from './sandboxStore';

async function steps(store: SandboxStoreApi, actor: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) expect(await store.getState().stepActor(actor)).toBeNull();
}

/** A's read under a lease ends while Redis is down: its fill and release fail, its lease stays. */
async function leaseLeftByA(actorCount?: number): Promise<SandboxStoreApi> {
  const store = await freePlaySandbox({
    readMitigation: 'lease',
    ...(actorCount === undefined ? {} : { actorCount }),
  });
  await store.getState().startRead('A', 1);
  await steps(store, 'A', 3);
  await store.getState().setCacheAvailable(false);
  await steps(store, 'A', 2);
  await store.getState().setCacheAvailable(true);
  return store;
}

it('another reader loading the row: the lost SET NX says someone else holds it, the wait names it', async () => {
  const store = await freePlaySandbox({ readMitigation: 'single-flight', actorCount: 2 });
  await store.getState().startRead('A', 1);
  await steps(store, 'A', 2);
  await store.getState().startRead('B', 1);
  await steps(store, 'B', 2);
  expect(selectToldStep(store.getState())).toMatch(
    /: \(nil\), someone else holds the lock; B waits and reads the cache again\.$/,
  );
  await steps(store, 'B', 1);
  expect(selectToldStep(store.getState())).toBe(
    'Step 5: B waits 50 ms: it got no row from the cache and could not take the lock (A holds it and is loading the row), so it asks the cache again after the wait.',
  );
});

it('a lock typed in the console: no reader is loading the row, and it has no TTL', async () => {
  const store = await freePlaySandbox({ readMitigation: 'single-flight' });
  await store.getState().runRedis('SET lock:user:1 me');
  await store.getState().startRead('A', 1);
  await steps(store, 'A', 3);
  expect(selectToldStep(store.getState())).toBe(
    'Step 3: A waits 50 ms: it got no row from the cache and could not take the lock (the console set it, token "me", and no read under way holds it, so none is loading the row: it stays until it is removed (it has no TTL)), so it asks the cache again after the wait.',
  );
});

it('a lease left by a read that ended while Redis was down: its holder is gone, its TTL told', async () => {
  const store = await leaseLeftByA(2);
  await store.getState().startRead('B', 1);
  await steps(store, 'B', 3);
  expect(selectToldStep(store.getState())).toBe(
    'Step 8: B waits 50 ms: it got no row from the cache and could not take the lease (A set it, token "A-1", in a read that has ended without releasing it, so none is filling the row: it stays until it is removed or its TTL runs out, in 10 s), so it asks the cache again after the wait.',
  );
});

it('a lock released between the lost SET NX and the wait: it is free now', async () => {
  const store = await freePlaySandbox({ readMitigation: 'single-flight', actorCount: 2 });
  await store.getState().startRead('A', 1);
  await steps(store, 'A', 2);
  await store.getState().startRead('B', 1);
  await steps(store, 'B', 2);
  await steps(store, 'A', 3);
  await steps(store, 'B', 1);
  expect(selectToldStep(store.getState())).toBe(
    'Step 8: B waits 50 ms: it got no row from the cache and could not take the lock (its holder has let it go since), so it asks the cache again after the wait.',
  );
});

// The lost SET NX itself, a step before the wait: it said "someone else holds the lock" of a
// token no read under way holds, the same reader's own among them.
it('a lost SET NX of a lock typed in the console says the console set it, not another reader', async () => {
  const store = await freePlaySandbox({ readMitigation: 'single-flight' });
  await store.getState().runRedis('SET lock:user:1 me PX 5000');
  await store.getState().startRead('A', 1);
  await steps(store, 'A', 2);
  expect(selectToldStep(store.getState())).toMatch(
    /^Step 2: A sends SET lock:user:1 A-1 NX PX \d+: \(nil\), the lock is taken: the console set it, token "me", and no read under way holds it, so none is loading the row: it stays until it is removed or its TTL runs out, in 5 s; A waits and reads the cache again\.$/,
  );
});

it("a reader's own lease, left by its read that ended while Redis was down, is told as its own", async () => {
  const store = await leaseLeftByA();
  await store.getState().startRead('A', 1);
  await steps(store, 'A', 2);
  expect(selectToldStep(store.getState())).toMatch(
    /: \(nil\), the lease is taken: A set it, token "A-1", in a read that has ended without releasing it, so none is filling the row: it stays until it is removed or its TTL runs out, in 10 s; A waits and retries\.$/,
  );
});
