// Write-behind: the queue deleted before the flusher took it holds acknowledged writes. The
// flusher's LPOP that finds it gone is where Writes lost counts them, and its sentence says so.
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';
import { selectToldStep } from './selectors';

it('the queue deleted in the console: the LPOP that finds it gone tells the write lost', async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  await store.getState().startWrite('A', 1, { plan: 'pro' });
  for (let i = 0; i < 4; i++) await store.getState().stepActor('A');
  await store.getState().runRedis('DEL write-behind:queue');
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
