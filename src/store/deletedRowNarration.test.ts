// A fill of a row the database no longer holds is never told as "the current row", whether or
// not the engine judges it a stale fill yet (a write of the row still in flight judges it later).
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';
import { selectToldLatest, selectToldStep } from './narrationSelectors';

it('a fill made after the row was deleted, while a write of it is in flight, is not the current row', async () => {
  const store = await freePlaySandbox();
  await store.getState().startWrite('B', 1, { plan: 'pro' });
  await store.getState().stepActor('B');
  await store.getState().startRead('A', 1);
  await store.getState().stepActor('A');
  await store.getState().stepActor('A');
  await store.getState().runSql('DELETE FROM users WHERE id = 1');
  await store.getState().stepActor('A');
  const s = store.getState();
  expect(s.snapshot?.db.find((u) => u.id === 1)).toBeUndefined();
  expect(s.snapshot?.cache.find((e) => e.key === 'user:1')?.version).toBe(2);
  const told = selectToldStep(s) ?? '';
  expect(told).toMatch(/^Step 4: A sends SET user:1 .* EX 3600: OK\. Redis holds version 2/);
  expect(told).not.toContain('the current row');
  expect(told).toMatch(/of a row the database no longer holds \(another process deleted it\)\.$/);
});

it('a hit on a copy of a row deleted before the read, with the read going on (refresh-ahead), is not fresh', async () => {
  const store = await freePlaySandbox({ pattern: 'refresh-ahead', ttlSeconds: 10 });
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().runSql('DELETE FROM users WHERE id = 1');
  await store.getState().startRead('B', 1);
  await store.getState().stepActor('B');
  const told = selectToldStep(store.getState()) ?? '';
  expect(told).toMatch(/^Step 4: B sends GET user:1 and hits version 1/);
  expect(told).not.toContain('fresh');
  expect(told).toContain('a row the database no longer holds');
  await store.getState().stepActor('B');
  expect(store.getState().snapshot?.stats.staleReads).toBe(1);
});

it('a console DELETE, then DROP TABLE: the copies left are told as copies of rows the database no longer holds', async () => {
  const store = await freePlaySandbox();
  for (const id of [1, 2]) {
    await store.getState().startRead('A', id);
    for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  }
  await store.getState().runSql('DELETE FROM users WHERE id = 1');
  expect(selectToldLatest(store.getState())).toBe(
    "You ran DELETE FROM users WHERE id = 1 in the SQL console: the database changed behind the cache's back. Redis holds a copy of a row the database no longer holds: user:1; a read that hits it is STALE.",
  );
  await store.getState().runSql("UPDATE users SET plan = 'free' WHERE id = 2");
  expect(selectToldLatest(store.getState())).toMatch(
    /Redis holds a copy that no longer matches its row: user:2; a read that hits it is STALE\. Redis holds a copy of a row the database no longer holds: user:1; a read that hits it is STALE\.$/,
  );
  await store.getState().runSql('DROP TABLE users');
  expect(selectToldLatest(store.getState())).toMatch(
    /Redis holds copies of rows the database no longer holds: user:1 and user:2; a read that hits them is STALE\.$/,
  );
});
