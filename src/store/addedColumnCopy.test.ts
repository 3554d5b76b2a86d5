// A column added in the SQL console with no default holds NULL in every row: no row's data
// changed (the console says "0 rows changed"), so a copy cached before it, which has no such
// field, is still the row. Until 2026-12-06 the page said the ALTER left the copy STALE and the
// next hit was counted a stale read "at version 1 it has phone missing where the row has null".
// A column added with a default is another matter: every row now holds a value the copy lacks.
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';
import { selectToldInput } from './narrationSelectors';

async function cachedUser1() {
  const store = await freePlaySandbox({});
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A'); // GET, SELECT, SET
  return store;
}

it('ALTER TABLE users ADD COLUMN phone TEXT leaves a cached copy fresh, and its next hit fresh', async () => {
  const store = await cachedUser1();
  await store.getState().runSql('ALTER TABLE users ADD COLUMN phone TEXT');
  expect(store.getState().snapshot!.cache[0]).toMatchObject({ key: 'user:1', isStale: false });
  expect(selectToldInput(store.getState())).toBe(
    "You ran ALTER TABLE users ADD COLUMN phone TEXT in the SQL console: the database changed behind the cache's back. No cached copy differs from its row.",
  );
  await store.getState().startRead('B', 1);
  await store.getState().stepActor('B'); // GET user:1: a hit
  expect(store.getState().snapshot!.stats).toMatchObject({ reads: 2, hits: 1, staleReads: 0 });
  // And the other way: a copy filled with phone: null is the row once the column is dropped.
  await store.getState().startRead('A', 3);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  expect(store.getState().snapshot!.cache.find((e) => e.key === 'user:3')?.value).toContain(
    '"phone":null',
  );
  // That copy is the application's own fill of the row as SELECT * gave it: the next read hits
  // it. Until 2026-12-06 the read path took it for a corrupt entry ("not a user row as this
  // application writes it"), so every read after the ALTER missed and counted a cache error.
  await store.getState().startRead('B', 3);
  await store.getState().stepActor('B');
  expect(store.getState().snapshot!.stats).toMatchObject({ reads: 4, hits: 2, cacheErrors: 0 });
  await store.getState().runSql('ALTER TABLE users DROP COLUMN phone');
  expect(store.getState().snapshot!.cache.find((e) => e.key === 'user:3')).toMatchObject({
    isStale: false,
  });
}, 30_000);

it('a column added with a default is a value the copy lacks: the copy is stale', async () => {
  const store = await cachedUser1();
  await store.getState().runSql("ALTER TABLE users ADD COLUMN tier TEXT NOT NULL DEFAULT 'gold'");
  expect(store.getState().snapshot!.cache[0]).toMatchObject({ key: 'user:1', isStale: true });
}, 30_000);
