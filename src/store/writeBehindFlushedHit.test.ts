// Under write-behind the cache commits a write first and the flush stamps updated_at when it
// reaches the database, so the cached copy keeps the older stamp by design. A read of that copy
// after the flush is fresh (the checker counts it fresh), and the sentence says so rather than
// calling it "not the database's version".
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';
import { selectToldStep } from './selectors';

it('a hit on the copy a flushed write left is told fresh, as it is counted', async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  await store.getState().startWrite('A', 1, { plan: 'pro' });
  for (let i = 0; i < 4; i++) await store.getState().stepActor('A');
  // The flusher: its wait, LPOP, the UPDATE that stamps updated_at, the LPOP that finds none.
  for (let i = 0; i < 4; i++) await store.getState().stepActor('flusher');
  expect(store.getState().snapshot?.db.find((r) => r.id === 1)?.version).toBe(2);
  await store.getState().startRead('B', 1);
  await store.getState().stepActor('B');
  expect(selectToldStep(store.getState())).toBe(
    'Step 9: B sends GET user:1 and hits version 2: fresh.',
  );
  expect(store.getState().snapshot?.stats.staleReads).toBe(0);
});

it('a copy typed in the console with another plan at the row version is still told as such', async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  await store.getState().startWrite('A', 1, { plan: 'pro' });
  for (let i = 0; i < 4; i++) await store.getState().stepActor('A');
  for (let i = 0; i < 4; i++) await store.getState().stepActor('flusher');
  const cached = store.getState().snapshot!.cache.find((e) => e.key === 'user:1')!.value;
  await store.getState().runRedis(`SET user:1 '${cached.replace('"pro"', '"team"')}'`);
  await store.getState().startRead('B', 1);
  await store.getState().stepActor('B');
  expect(selectToldStep(store.getState())).toMatch(/plan "team" where the row has "pro"/);
});
