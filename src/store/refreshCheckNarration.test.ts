// Refresh-ahead checks an entry's TTL on each hit (PTTL) and starts a reload below the refresh
// share, one per key at a time. A check that starts none says why, from the reply and the share:
// until 2026-12-05 it said "not below the refresh share (or a reload is under way)" either way,
// also of 3,999 ms left of a 10 s TTL, below the 5,000 ms share, while the refresher ran.
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';
import { selectToldStep } from './narrationSelectors';
import type { SandboxStoreApi } from './sandboxStore';

async function steps(store: SandboxStoreApi, actor: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) expect(await store.getState().stepActor(actor)).toBeNull();
}

async function cached(): Promise<SandboxStoreApi> {
  const store = await freePlaySandbox({ pattern: 'refresh-ahead', ttlSeconds: 10, actorCount: 3 });
  await store.getState().startRead('A', 1);
  await steps(store, 'A', 3);
  return store;
}

it('more than the share left: not below it, with the share in ms', async () => {
  const store = await cached();
  await store.getState().startRead('B', 1);
  await steps(store, 'B', 2);
  expect(selectToldStep(store.getState())).toBe(
    'Step 5: The cache (for B) sends PTTL user:1: 10,000 ms (10 s) of its TTL remain, not below the refresh share, 5,000 ms (5 s), so no reload starts.',
  );
});

it('below the share while a reload of the key runs: no second one, and it says so', async () => {
  const store = await cached();
  await store.getState().advanceClock(6000);
  await store.getState().startRead('B', 1);
  await steps(store, 'B', 2);
  expect(store.getState().snapshot?.stats.refreshes).toBe(1);
  await store.getState().startRead('C', 1);
  await steps(store, 'C', 2);
  expect(store.getState().snapshot?.stats.refreshes).toBe(1);
  expect(selectToldStep(store.getState())).toBe(
    "Step 7: The cache (for C) sends PTTL user:1: 3,999 ms of its TTL remain, below the refresh share, 5,000 ms (5 s), but a reload of user:1 is already under way (the refresher's box in the diagram), so no second one starts.",
  );
});
