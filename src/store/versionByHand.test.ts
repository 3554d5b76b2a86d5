// A version set by hand is taken at its word, but for the value the row already has: the
// users_version trigger sees only the row before and after the statement, so it cannot tell
// `SET name = 'X', version = 1` on a row at version 1 from `SET name = 'X'`, and adds 1. The
// README says so wherever it says a version set by hand is taken at its word.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';
import { selectToldInput } from './narrationSelectors';

it('SET version to the version the row has: the row moves on one, and the step calls the copy of the old one stale', async () => {
  const store = await freePlaySandbox({});
  await store.getState().startRead('A', 123);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().runSql("UPDATE users SET name = 'X', version = 1 WHERE id = 123");
  const snap = store.getState().snapshot!;
  expect(snap.db.find((r) => r.id === 123)).toMatchObject({ name: 'X', version: 2 });
  expect(snap.cache.find((e) => e.key === 'user:123')?.version).toBe(1);
  expect(selectToldInput(store.getState())).toBe(
    "You ran UPDATE users SET name = 'X', version = 1 WHERE id = 123 in the SQL console: the database changed behind the cache's back. Redis holds a copy that no longer matches its row: user:123; a read that hits it is STALE.",
  );
});

it('the README says the exception wherever it says a version set by hand is taken at its word', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').replace(
    /\s+/g,
    ' ',
  );
  // A failure names the sentence, not the README's 300,000 characters.
  const says = (text: string) => expect(readme.includes(text), text).toBe(true);
  says(
    "a `version` set to the value the row already has is added 1 to as well, since the trigger sees only the row before and after the statement and cannot tell `SET name = 'X', version = 1` on a row at version 1 from `SET name = 'X'` (the row becomes version 2, as the database panel shows, and a copy of version 1 cached before it is STALE",
  );
  says(
    'is not bumped by the trigger: the row holds the version it set, unless it set the version the row already had, which the trigger cannot tell from leaving `version` alone, so it adds 1',
  );
  says('is taken at its word (a version set to the one the row has is added 1 to');
  const unqualified = [
    'An `UPDATE` that sets `version` itself is taken at its word',
    'is not bumped by the trigger: the row holds the version it set.',
  ];
  expect(unqualified.filter((text) => readme.includes(text))).toEqual([]);
});
