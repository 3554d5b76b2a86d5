// Under write-behind the cache commits a write first and the flush stamps updated_at when it
// reaches the database, so the cached copy keeps the older stamp by design. A read of that copy
// after the flush is fresh (the checker counts it fresh), and the sentence says so rather than
// calling it "not the database's version".
import { expect, it } from 'vitest';
import { seedRow } from '../engine/userSeed';
import { freePlaySandbox } from './testSandbox';
import { selectToldStep } from './narrationSelectors';

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

it('a copy typed in the console with another plan at the row version is told and counted as a stale read', async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  await store.getState().startWrite('A', 1, { plan: 'pro' });
  for (let i = 0; i < 4; i++) await store.getState().stepActor('A');
  for (let i = 0; i < 4; i++) await store.getState().stepActor('flusher');
  const cached = store.getState().snapshot!.cache.find((e) => e.key === 'user:1')!.value;
  await store.getState().runRedis(`SET user:1 '${cached.replace('"pro"', '"team"')}'`);
  await store.getState().startRead('B', 1);
  await store.getState().stepActor('B');
  expect(selectToldStep(store.getState())).toBe(
    `Step 9: B sends GET user:1 and hits version 2. A STALE READ: this copy is not the database's row: at version 2 it has plan "team" where the row has "pro".`,
  );
  expect(store.getState().snapshot?.stats.staleReads).toBe(1);
});

it('a row the SQL console replaced at the same version: the hit on the old copy is told and counted stale', async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  // B's read caches version 1; REPLACE puts in a row of other contents, still at version 1 (a
  // REPLACE is a delete and an insert: the version trigger, which fires on UPDATE, does not).
  await store.getState().startRead('B', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('B');
  await store
    .getState()
    .runSql("REPLACE INTO users(id,name,email,plan) VALUES (1,'Mallory','m@x','enterprise')");
  const row = store.getState().snapshot!.db.find((r) => r.id === 1)!;
  expect(row).toMatchObject({ version: 1, name: 'Mallory' });
  await store.getState().startRead('B', 1);
  await store.getState().stepActor('B');
  const told = selectToldStep(store.getState());
  expect(told).toMatch(
    /^Step \d+: B sends GET user:1 and hits version 1\. A STALE READ: this copy is not the database's row: at version 1 it has name "Grace Lovelace" where the row has "Mallory", email "grace\.lovelace1@example\.com" where the row has "m@x", plan "pro" where the row has "enterprise"\.$/,
  );
  expect(store.getState().snapshot?.stats.staleReads).toBe(1);
});

it('a copy ahead of the database with a write of it queued is not stale (nor "fresh": the versions differ); one typed in the console, with none, is stale', async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  await store.getState().startWrite('A', 1, { plan: 'team' });
  for (let i = 0; i < 4; i++) await store.getState().stepActor('A');
  await store.getState().startRead('B', 1);
  await store.getState().stepActor('B');
  expect(selectToldStep(store.getState())).toBe(
    "Step 5: B sends GET user:1 and hits version 2, ahead of the database's version 1: the cache's copy of an acknowledged write not yet in the database (write-behind writes the cache first), so the read is not stale.",
  );
  // user:2: nothing queued, and version 99 is no write's.
  const forged = JSON.stringify({ ...seedRow(2), version: 99 });
  await store.getState().runRedis(`SET user:2 '${forged}'`);
  await store.getState().startRead('B', 2);
  await store.getState().stepActor('B');
  expect(selectToldStep(store.getState())).toBe(
    "Step 6: B sends GET user:2 and hits version 99. A STALE READ: this copy is not the database's row: version 99, while the database holds version 1.",
  );
  expect(store.getState().snapshot?.stats.staleReads).toBe(1);
});
