// A row at user:<id> whose version looks like a number but is none the read path accepts (the
// text "2", or 2.5): the application's read path counts it a corrupt entry and reads the
// database, so the Redis panel must not show it at version 2 and the narration must not call it
// "version 2, the database's current row". Before, the snapshot scanned the digits out of it.
import { expect, it } from 'vitest';
import { selectToldLatest, selectToldStep } from './narrationSelectors';
import { freePlaySandbox } from './testSandbox';

const row = (version: string) =>
  `{"id":2,"name":"User 2","email":"user2@example.com","plan":"free","version":${version},"updated_at":0}`;

it.each([['"1"'], ['1.5']])(
  'a row whose version is %s is no row: no version, no badge, and the narration says a read counts it corrupt, as the read does',
  async (version) => {
    const store = await freePlaySandbox();
    await store.getState().runRedis(`SET user:2 '${row(version)}'`);
    const entry = store.getState().snapshot?.cache.find((e) => e.key === 'user:2');
    expect(entry?.value).toBe(row(version));
    expect(entry?.version).toBeNull();
    expect(entry?.isStale).toBe(false);
    expect(entry?.isAhead).toBe(false);
    expect(selectToldLatest(store.getState())).toMatch(
      /^You changed Redis from the console \(SET user:2 .*\)\. Redis now holds a value at user:2 that is not its row: a read counts it as a corrupt entry, a miss, so it deletes it, reads the database and fills the key as its miss path does\.$/,
    );
    await store.getState().startRead('A', 2);
    await store.getState().stepActor('A');
    expect(store.getState().snapshot?.stats).toMatchObject({ hits: 0, misses: 1 });
    expect(selectToldStep(store.getState())).toContain('a corrupt entry');
  },
);

it('a hash at user:<id> whose version field is a fraction shows no version: no read path takes it as version 2', async () => {
  const store = await freePlaySandbox();
  await store.getState().runRedis('HSET user:4 id 4 version 2.5 name x');
  const entry = store.getState().snapshot?.cache.find((e) => e.key === 'user:4');
  expect(entry?.type).toBe('hash');
  expect(entry?.version).toBeNull();
  expect(entry?.isAhead).toBe(false);
  expect(selectToldLatest(store.getState())).toBe(
    "You changed Redis from the console (HSET user:4 id 4 version 2.5 name x). Redis now holds a hash at user:4, not its row: a read's GET of it fails (WRONGTYPE), so the read deletes it, reads the database and fills the key as its miss path does.",
  );
  // A whole version in a hash's field is the row's version, as before.
  await store.getState().runRedis('HSET user:4 version 2');
  expect(store.getState().snapshot?.cache.find((e) => e.key === 'user:4')?.version).toBe(2);
});
