// A write that went straight to the database while Redis was down, overwritten by the flush of
// an older queued write of its row, is the write lost: not a newer write of the row queued since.
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';

it('a write the flush overwrote counts lost, and a newer queued write of its row is judged at its flush', async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  const { getState } = store;
  // A: GET, SELECT on a miss, SET, RPUSH: queued, its copy version 2 in the cache.
  await getState().startWrite('A', 1, { plan: 'pro' });
  for (let i = 0; i < 4; i++) await getState().stepActor('A');
  // B, with Redis down: its GET fails, its UPDATE makes the row version 2 (plan team).
  await getState().setCacheAvailable(false);
  await getState().startWrite('B', 1, { plan: 'team' });
  for (let i = 0; i < 2; i++) await getState().stepActor('B');
  await getState().setCacheAvailable(true);
  // A again: its copy (version 3) built on the first one's, queued behind it.
  await getState().startWrite('A', 1, { name: 'z' });
  for (let i = 0; i < 3; i++) await getState().stepActor('A');
  expect(getState().snapshot?.stats.pendingWrites).toBe(2);
  // The flusher's wait, its LPOP of both, and an UPDATE each.
  for (let i = 0; i < 4; i++) await getState().stepActor('flusher');
  const s = getState().snapshot!;
  expect(s.stats).toMatchObject({ flushedWrites: 2, lostWrites: 1, pendingWrites: 0 });
  expect(s.db.find((r) => r.id === 1)).toMatchObject({ plan: 'pro', name: 'z', version: 4 });
  expect(s.cache.find((k) => k.key === 'user:1')).toMatchObject({ version: 3, isStale: true });
  // The first write is consistent at its flush; B is lost; the second's copy stays older than
  // the row its flush made. It said 1 of 3 within 1 s and 2 of 3 within 10 s (B judged, the
  // second write counted lost).
  expect(s.stats.consistency).toEqual({
    writes: 3,
    within1s: 0,
    within10s: 1 / 3,
    within60s: 1 / 3,
    lost: 1,
    undecided: 1,
  });
});

// The same, with the write around the queue changing a column no queued write changes: nothing
// is lost, and the newer queued write's copy, built on the older one's, lacks that change too.
it('a write around the queue stays not consistent while a newer queued copy built without it is cached', async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  const { getState } = store;
  await getState().startWrite('A', 1, { plan: 'pro' });
  for (let i = 0; i < 4; i++) await getState().stepActor('A');
  await getState().setCacheAvailable(false);
  await getState().startWrite('B', 1, { email: 'b@example.com' });
  for (let i = 0; i < 2; i++) await getState().stepActor('B');
  await getState().setCacheAvailable(true);
  await getState().startWrite('A', 1, { name: 'z' });
  for (let i = 0; i < 3; i++) await getState().stepActor('A');
  const copy = getState().snapshot?.cache.find((k) => k.key === 'user:1');
  expect(copy).toMatchObject({ version: 3 });
  expect(copy?.value).not.toContain('b@example.com');
  // B is not consistent beside a copy without its change: it said 1 of 3 within 1 s here.
  expect(getState().snapshot?.stats.consistency).toEqual({
    writes: 3,
    within1s: 0,
    within10s: 0,
    within60s: 0,
    pending: 2,
    undecided: 1,
  });
  for (let i = 0; i < 4; i++) await getState().stepActor('flusher');
  const s = getState().snapshot!;
  expect(s.stats).toMatchObject({ flushedWrites: 2, lostWrites: 0, pendingWrites: 0 });
  expect(s.db.find((r) => r.id === 1)).toMatchObject({ email: 'b@example.com', version: 4 });
  expect(s.cache.find((k) => k.key === 'user:1')).toMatchObject({ version: 3, isStale: true });
  // The first write only: B's change and the second write's row are not what the cache holds.
  expect(s.stats.consistency).toEqual({
    writes: 3,
    within1s: 0,
    within10s: 1 / 3,
    within60s: 1 / 3,
    undecided: 2,
  });
});
