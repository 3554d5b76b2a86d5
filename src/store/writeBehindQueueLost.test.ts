// Write-behind: the queue deleted before the flusher took it holds acknowledged writes. They are
// lost when the queue goes (a console DEL, an eviction, its TTL running out as the clock moves),
// and Pending writes and Writes lost say so at once; the flusher's LPOP then counts nothing twice.
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';
import { selectToldStep } from './narrationSelectors';

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
    lost: 1,
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

it("the queue expiring during the flusher's wait: the write is lost at that step, and the LPOP counts nothing twice", async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  await store.getState().startWrite('A', 1, { plan: 'pro' });
  for (let i = 0; i < 4; i++) await store.getState().stepActor('A');
  await store.getState().runRedis('PEXPIRE write-behind:queue 1');
  expect(store.getState().snapshot?.stats).toMatchObject({ pendingWrites: 1, lostWrites: 0 });
  // The flusher's 1 s wait moves the clock past the expiry: Redis removes the queue then.
  await store.getState().stepActor('flusher');
  expect(store.getState().snapshot?.stats).toMatchObject({ pendingWrites: 0, lostWrites: 1 });
  expect(store.getState().snapshot?.events.at(-1)?.note).toMatch(
    /^The write-behind queue's TTL ran out at [\d.]+ s, during this step: Redis removed write-behind:queue with 1 write /,
  );
  await store.getState().stepActor('flusher');
  expect(store.getState().snapshot?.stats.lostWrites).toBe(1);
  expect(selectToldStep(store.getState())).toMatch(/: \(nil\), the queue is empty \(/);
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
