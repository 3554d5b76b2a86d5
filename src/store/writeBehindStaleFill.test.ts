// Under write-behind a reader that misses while a write of its row is queued caches the row the
// database still holds. The flush then moves the database past that copy and sends no DEL: an
// older row left in the cache for good, the README's stale fill.
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';
import { selectToldStep } from './narrationSelectors';

it('a copy cached behind the queue is counted a stale fill when the flush passes it', async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  const s = () => store.getState();
  await s().startWrite('A', 1, { plan: 'team' });
  for (let i = 0; i < 4; i++) await s().stepActor('A');
  // The write's copy is gone; B misses and caches the row the queue has not reached.
  await s().runRedis('DEL user:1');
  await s().startRead('B', 1);
  for (let i = 0; i < 3; i++) await s().stepActor('B');
  expect(s().snapshot?.stats.staleFills).toBe(0);
  // The flusher: its wait, LPOP, the UPDATE.
  for (let i = 0; i < 3; i++) await s().stepActor('flusher');
  const snap = s().snapshot!;
  expect(snap.db.find((r) => r.id === 1)?.version).toBe(2);
  expect(snap.stats.staleFills).toBe(1);
  expect(selectToldStep(s())).toBe(
    "Step 10: The cache's flusher runs UPDATE users SET plan = 'team', version = version + 1, updated_at = now WHERE id = 1 RETURNING *: the database gets a queued write at last, and the row becomes version 2. Redis holds an older copy of the row (version 1), loaded or built while this write was queued, and a flush does not touch the cache: that copy is now stale, a STALE FILL (no DEL is on its way), and stays until it expires, is evicted or another write replaces it.",
  );
  // The flusher's last LPOP finds the queue empty: the fill is not counted twice.
  await s().stepActor('flusher');
  expect(s().snapshot?.stats.staleFills).toBe(1);
});

it('a copy cached before the write was queued and replaced by it is no stale fill', async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  const s = () => store.getState();
  await s().startRead('B', 1);
  for (let i = 0; i < 3; i++) await s().stepActor('B');
  await s().startWrite('A', 1, { plan: 'team' });
  for (let i = 0; i < 4; i++) await s().stepActor('A');
  for (let i = 0; i < 4; i++) await s().stepActor('flusher');
  expect(s().snapshot?.db.find((r) => r.id === 1)?.version).toBe(2);
  expect(s().snapshot?.stats.staleFills).toBe(0);
});

it('under CDC the copy behind the queue waits for the consumer: no stale fill, and the flush says so', async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind', invalidation: 'cdc' });
  const s = () => store.getState();
  await s().startWrite('A', 1, { plan: 'team' });
  for (let i = 0; i < 4; i++) await s().stepActor('A');
  await s().runRedis('DEL user:1');
  await s().startRead('B', 1);
  for (let i = 0; i < 3; i++) await s().stepActor('B');
  for (let i = 0; i < 3; i++) await s().stepActor('flusher');
  expect(selectToldStep(s())).toMatch(
    /that copy is now stale, until the change consumer's DEL for this change removes it\.$/,
  );
  for (let i = 0; i < 3; i++) await s().stepActor('cdc');
  expect(selectToldStep(s())).toBe(
    'Step 13: The change-log consumer cdc sends DEL user:1: (integer) 1, the cached copy is gone.',
  );
  expect(s().snapshot?.stats.staleFills).toBe(0);
});
