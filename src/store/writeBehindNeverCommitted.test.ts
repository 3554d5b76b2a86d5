// Under write-behind a copy ahead of its row is a write on its way only while a write of that row
// is on its way (under way, queued or taken by the flusher): the read checker's rule. A copy set
// by hand with a version the database never had, or one whose queued write was lost, is not: the
// snapshot, the badge's words, the quiz and the read's verdict say the same of it.
import { expect, it } from 'vitest';
import { judgeQuiz } from '../scenarios/quiz';
import { freePlaySandbox } from './testSandbox';

const entryOf = (store: Awaited<ReturnType<typeof freePlaySandbox>>, key: string) =>
  store.getState().snapshot?.cache.find((e) => e.key === key);

it('a copy SET by hand ahead of the row is never committed, and a read that hits it is stale', async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  const copy = { id: 9, name: 'N', email: 'e', plan: 'pro', version: 7, updated_at: 0 };
  await store.getState().runRedis(`SET user:9 '${JSON.stringify(copy)}'`);
  expect(entryOf(store, 'user:9')).toMatchObject({
    version: 7,
    isAhead: true,
    isNeverCommitted: true,
  });
  const snap = store.getState().snapshot!;
  expect(judgeQuiz({ kind: 'cache-stale', id: 9 }, [], snap)).toEqual({
    answer: 'stale',
    why: 'user:9 holds version 7 and the row is version 1: no write committed version 7, and no write of the row is on its way to the database (none is under way, queued or taken by the flusher: the copy was set by hand, or its write was lost with the queue), so the copy is not the row: STALE, and a read that hits it is counted stale.',
  });
  await store.getState().startRead('A', 9);
  await store.getState().stepActor('A');
  expect(store.getState().snapshot?.results.at(-1)?.verdict).toMatchObject({
    isStale: true,
    version: 7,
  });
});

it("a write's own copy is AHEAD while it is on its way, and never committed once its queue is lost", async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  await store.getState().startWrite('A', 1, { plan: 'pro' });
  await store.getState().stepActor('A');
  for (let i = 0; i < 3 && entryOf(store, 'user:1')?.version !== 2; i++)
    await store.getState().stepActor('A');
  expect(entryOf(store, 'user:1')).toMatchObject({ version: 2, isAhead: true });
  expect(entryOf(store, 'user:1')?.isNeverCommitted).toBeUndefined();
  for (let i = 0; i < 4 && store.getState().snapshot?.actors[0].task; i++)
    await store.getState().stepActor('A');
  expect(store.getState().snapshot?.stats.pendingWrites).toBe(1);
  expect(entryOf(store, 'user:1')?.isNeverCommitted).toBeUndefined();
  // The queue goes, and the write with it: user:1 itself did not change, but its copy is now a
  // version no write will commit.
  await store.getState().runRedis('DEL write-behind:queue');
  expect(store.getState().snapshot?.stats.lostWrites).toBe(1);
  expect(entryOf(store, 'user:1')).toMatchObject({
    version: 2,
    isAhead: true,
    isNeverCommitted: true,
  });
  await store.getState().startRead('B', 1);
  await store.getState().stepActor('B');
  expect(store.getState().snapshot?.results.at(-1)?.verdict).toMatchObject({ isStale: true });
});

it('a copy at a version the row had before the console set it back is STALE · row set back, as under cache-aside', async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  await store.getState().startWrite('A', 1, { plan: 'pro' });
  for (let i = 0; i < 4; i++) await store.getState().stepActor('A');
  for (let i = 0; i < 4; i++) await store.getState().stepActor('flusher');
  expect(entryOf(store, 'user:1')).toMatchObject({ version: 2, isAhead: false, isStale: false });
  await store.getState().runSql('UPDATE users SET version = 1 WHERE id = 1');
  expect(entryOf(store, 'user:1')).toMatchObject({ version: 2, isStale: true, isSetBack: true });
  expect(entryOf(store, 'user:1')?.isAhead).toBe(false);
});
