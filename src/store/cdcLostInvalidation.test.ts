// The change-log consumer's DEL that fails is an invalidation lost (the consumer never sends it
// again), and the sentence says so, as it does for a write's own DEL: whether Redis holds a copy
// of the row, and which version, read from the cache (until 2026-12-05 "a copy of the row cached
// before this change, if there is one, stays", with version 1 in the Redis panel or none at all).
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';
import { seedRow } from '../engine/userSeed';
import { selectToldStep } from './narrationSelectors';

/** B writes user 1; the consumer reads the change, then sends its DEL with Redis down. */
async function writeThenFailConsumersDel(
  store: Awaited<ReturnType<typeof freePlaySandbox>>,
): Promise<void> {
  await store.getState().startWrite('B', 1, { plan: 'pro' });
  await store.getState().stepActor('B');
  await store.getState().stepActor('cdc');
  await store.getState().stepActor('cdc');
  await store.getState().setCacheAvailable(false);
  await store.getState().stepActor('cdc');
}

it('Redis down at the consumer’s DEL: the invalidation did not happen, and the old copy stays', async () => {
  const store = await freePlaySandbox({ invalidation: 'cdc' });
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await writeThenFailConsumersDel(store);
  expect(selectToldStep(store.getState())).toBe(
    'Step 7: The change-log consumer cdc sends DEL user:1: (error) Connection is closed. The command never reached Redis: it cannot be reached (a connection error). The invalidation did not happen, and the consumer does not send it again: the copy of the row Redis holds (version 1) stays until its TTL ends it or another write removes it.',
  );
  await store.getState().setCacheAvailable(true);
  await store.getState().startRead('A', 1);
  await store.getState().stepActor('A');
  expect(store.getState().snapshot?.stats.staleReads).toBe(1);
});

it('Redis down at the consumer’s DEL with nothing cached: the step says no copy is left', async () => {
  const store = await freePlaySandbox({ invalidation: 'cdc' });
  await writeThenFailConsumersDel(store);
  expect(selectToldStep(store.getState())).toBe(
    'Step 4: The change-log consumer cdc sends DEL user:1: (error) Connection is closed. The command never reached Redis: it cannot be reached (a connection error). The invalidation did not happen, and the consumer does not send it again, but Redis holds no copy of the row now, so none from before this change is left.',
  );
});

it('Redis down at the consumer’s DEL of a key and its lease: the lease it did not delete is named', async () => {
  const store = await freePlaySandbox({ invalidation: 'cdc', readMitigation: 'lease' });
  await store.getState().startRead('A', 1);
  await store.getState().stepActor('A');
  await store.getState().stepActor('A');
  await writeThenFailConsumersDel(store);
  expect(selectToldStep(store.getState())).toMatch(
    /The invalidation did not happen, and the consumer does not send it again, but Redis holds no copy of the row now, so none from before this change is left\. Nor was the lease deleted: lease:user:1 still holds \S+, so its holder's fill goes through, once Redis is reachable again and while the lease lasts \(a fill sent while Redis is down fails too\), with the row it read\.$/,
  );
});

it('Redis down at the consumer’s DEL while user:1 holds another user’s row: the step says that entry stays', async () => {
  // Until 2026-12-08 it said "Redis holds no copy of the row now, so none from before this change
  // is left": true of row 1's copies, but the entry this DEL would have removed is still there.
  const store = await freePlaySandbox({ invalidation: 'cdc' });
  await store.getState().runRedis(`SET user:1 '${JSON.stringify(seedRow(2))}' EX 60`);
  await writeThenFailConsumersDel(store);
  expect(selectToldStep(store.getState())).toMatch(
    /The invalidation did not happen, and the consumer does not send it again\. Redis holds no copy of the row, but user:1 still holds user 2's row \(version 1\), which this DEL would have removed: it stays until its TTL, if it has one, ends it or a command removes or replaces it\.$/,
  );
  expect(store.getState().snapshot?.cache.find((e) => e.key === 'user:1')?.otherUserId).toBe(2);
});
