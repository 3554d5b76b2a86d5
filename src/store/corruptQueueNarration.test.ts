// The write-behind flusher's LPOP that took entries typed in the console: the step says how
// many were corrupt and how many were writes, and why Cache errors counts it (once, a reply the
// cache layer could not use), counted as a GET that answered a corrupt cached row is.
import { expect, it } from 'vitest';
import { selectToldStep } from './narrationSelectors';
import type { SandboxStoreApi } from './sandboxStore';
import { freePlaySandbox } from './testSandbox';

const cacheErrors = (store: SandboxStoreApi) => store.getState().snapshot?.stats.cacheErrors;

async function flushUntilLpop(store: SandboxStoreApi): Promise<string> {
  for (let i = 0; i < 5; i++) {
    await store.getState().step();
    const told = selectToldStep(store.getState()) ?? '';
    if (told.includes('sends LPOP')) return told;
  }
  throw new Error('no LPOP');
}

it.each(['RPUSH', 'LPUSH'])(
  'corrupt entries %s-ed into the queue: the LPOP says which are writes, and why Cache errors counts it once',
  async (push) => {
    const store = await freePlaySandbox({ pattern: 'write-behind' });
    await store.getState().startWrite('B', 1, { plan: 'team' });
    while (store.getState().snapshot?.actors.find((a) => a.name === 'B')?.pending)
      await store.getState().stepActor('B');
    await store.getState().runRedis(`${push} write-behind:queue garbage '{"id":2}'`);
    expect(cacheErrors(store)).toBe(0);
    const told = await flushUntilLpop(store);
    expect(told).toMatch(
      /sends LPOP write-behind:queue 50: 3 items taken from the queue\. Of those, 2 are corrupt entries, no write as the application queues it \(the note says why\): the flusher logs and skips them, and the other is a write it writes to the database\. Cache errors counts this LPOP once: a reply the cache layer could not use, as a corrupt cached row is for a GET\.$/,
    );
    expect(cacheErrors(store)).toBe(1);
    // The write it could use reaches the database; the skipped entries count nothing more.
    while (store.getState().canStep) await store.getState().step();
    expect(cacheErrors(store)).toBe(1);
    expect(store.getState().snapshot?.db.find((r) => r.id === 1)?.plan).toBe('team');
  },
);

it('a queue holding only a corrupt entry: none is a write, and a corrupt GET counts the same one', async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  await store.getState().startWrite('B', 1, { plan: 'team' });
  while (store.getState().snapshot?.actors.find((a) => a.name === 'B')?.pending)
    await store.getState().stepActor('B');
  await store.getState().runRedis('DEL write-behind:queue');
  await store.getState().runRedis('RPUSH write-behind:queue garbage');
  const told = await flushUntilLpop(store);
  expect(told).toContain(
    '1 item taken from the queue. Of those, 1 is a corrupt entry, no write as the application queues it (the note says why): the flusher logs and skips it, and none is a write it can use. Cache errors counts this LPOP once',
  );
  expect(cacheErrors(store)).toBe(1);
  // A GET that answers a value that is not the row: one more, the same way.
  await store.getState().runRedis('SET user:3 garbage');
  await store.getState().startRead('A', 3);
  await store.getState().stepActor('A');
  expect(cacheErrors(store)).toBe(2);
});
