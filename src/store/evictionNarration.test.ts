// A command that made Redis evict keys (maxKeys with an allkeys policy) says which went: the
// Redis panel lists them, and the step that caused it tells it, a write-behind queue above all.
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';
import { selectToldStep } from './narrationSelectors';

it('a fill in a full cache: the sentence names the key evicted for it', async () => {
  const store = await freePlaySandbox({ maxKeys: 1, eviction: 'allkeys-lru' });
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().startRead('B', 2);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('B');
  expect(store.getState().snapshot?.cache.map((e) => e.key)).toEqual(['user:2']);
  expect(selectToldStep(store.getState())).toMatch(
    /^Step 6: B sends SET user:2 .*: OK\. Redis holds version 1, the current row\. Redis was at its key limit, so it evicted user:1 to make room\.$/,
  );
});

it('write-behind: a fill that evicts the queue says the queued writes went with it', async () => {
  const store = await freePlaySandbox({
    maxKeys: 2,
    eviction: 'allkeys-lru',
    pattern: 'write-behind',
  });
  await store.getState().startWrite('A', 1, { plan: 'pro' });
  for (let i = 0; i < 4; i++) await store.getState().stepActor('A');
  await store.getState().startRead('B', 2);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('B');
  expect(store.getState().snapshot?.cache.some((e) => e.key === 'write-behind:queue')).toBe(false);
  expect(selectToldStep(store.getState())).toMatch(
    /Redis was at its key limit, so it evicted write-behind:queue to make room: the write-behind queue, with every write still queued in it, which the database has not got\.$/,
  );
  // Counted on the step that evicted it, not when the flusher next finds the queue gone.
  expect(store.getState().snapshot?.stats).toMatchObject({ pendingWrites: 0, lostWrites: 1 });
  expect(store.getState().snapshot?.events.at(-1)?.lostWrites).toBe(1);
});
