// Write-behind: the queue deleted before the flusher took it holds acknowledged writes. They are
// lost when the queue goes (a console DEL, an eviction), and Pending writes and Writes lost say so
// at once; a queue that vanished unseen is found by the flusher's LPOP, which counts and tells it.
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';
import { selectToldStep } from './selectors';

it('the queue deleted in the console: the write is lost at the DEL, in the counters and the note', async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  await store.getState().startWrite('A', 1, { plan: 'pro' });
  for (let i = 0; i < 4; i++) await store.getState().stepActor('A');
  expect(store.getState().snapshot?.stats).toMatchObject({ pendingWrites: 1, lostWrites: 0 });
  await store.getState().runRedis('DEL write-behind:queue');
  expect(store.getState().snapshot?.stats).toMatchObject({ pendingWrites: 0, lostWrites: 1 });
  // The consistency figures (the lab's "Writes consistent") count it too: the cache holds the
  // write, but the database never gets it.
  expect(store.getState().snapshot?.stats.consistency).toEqual({
    writes: 1,
    within1s: 0,
    within10s: 0,
    within60s: 0,
  });
  expect(store.getState().snapshot?.events.at(-1)).toMatchObject({
    program: 'console',
    lostWrites: 1,
    note: "The write-behind queue lost 1 write the application had queued and acknowledged (user 1's, queued at 0.0026 s): it never reaches the database, and Writes lost counts it.",
  });
  // The flusher then finds the queue empty, and counts nothing twice.
  await store.getState().stepActor('flusher');
  await store.getState().stepActor('flusher');
  expect(store.getState().snapshot?.stats.lostWrites).toBe(1);
  expect(selectToldStep(store.getState())).toMatch(/: \(nil\), the queue is empty \(/);
});

it('the queue gone unseen (it expired): the LPOP that finds it gone tells the write lost', async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  await store.getState().startWrite('A', 1, { plan: 'pro' });
  for (let i = 0; i < 4; i++) await store.getState().stepActor('A');
  await store.getState().runRedis('PEXPIRE write-behind:queue 1');
  expect(store.getState().snapshot?.stats).toMatchObject({ pendingWrites: 1, lostWrites: 0 });
  await store.getState().stepActor('flusher');
  await store.getState().stepActor('flusher');
  expect(store.getState().snapshot?.stats.lostWrites).toBe(1);
  expect(selectToldStep(store.getState())).toBe(
    "Step 6: The cache's flusher sends LPOP write-behind:queue 50: (nil), the queue is gone, and with it 1 write the application had queued and acknowledged (something removed the queue: a DEL, an eviction, an expiry): it never reaches the database, and Writes lost counts it. The flusher stops.",
  );
});

it('every queued write flushed: the empty queue stops the flusher, nothing lost', async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  await store.getState().startWrite('A', 1, { plan: 'pro' });
  for (let i = 0; i < 4; i++) await store.getState().stepActor('A');
  for (let i = 0; i < 4; i++) await store.getState().stepActor('flusher');
  expect(store.getState().snapshot?.stats.lostWrites).toBe(0);
  expect(selectToldStep(store.getState())).toMatch(
    /: \(nil\), the queue is empty \(every write is flushed/,
  );
});
