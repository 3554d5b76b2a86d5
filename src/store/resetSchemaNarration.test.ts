import { describe, expect, it } from 'vitest';
import { selectLogLines } from './logLines';
import { selectToldLatest } from './narrationSelectors';
import { selectSequenceRows } from './sequenceRows';
import { freePlaySandbox } from './testSandbox';

describe('Reset database says what it did to the schema, from what it did', () => {
  it('a table the console dropped is made again, its own table and index removed: all three say so', async () => {
    // Until 2026-12-07 each said only "You put the database back to its seeded rows" and "1000
    // rows changed", though the reset had made the users table again and dropped two objects.
    const store = await freePlaySandbox();
    await store.getState().runSql('DROP TABLE users');
    await store
      .getState()
      .runSql('CREATE TABLE notes (body TEXT); CREATE INDEX notes_body ON notes (body)');
    expect(await store.getState().resetDatabase()).toBeNull();
    const told = selectToldLatest(store.getState());
    expect(told).toMatch(
      /^You put the database back to its seeded rows and schema: it created table users, created trigger users_version, created trigger users_changes, dropped table notes and dropped index notes_body\. /,
    );
    for (const phrase of ['created table users', 'dropped table notes', 'dropped index notes_body'])
      expect(told).toContain(phrase);
    const snap = store.getState().snapshot!;
    expect(selectLogLines(snap).at(-1)?.result).toMatch(
      /^1000 rows changed; the schema changed: .*created table users/,
    );
    expect(selectSequenceRows(snap).at(-1)?.reply).toMatch(
      /^1000 rows changed; the schema changed: /,
    );
  });

  it('a reset of rows alone says rows alone', async () => {
    const store = await freePlaySandbox();
    await store.getState().runSql("UPDATE users SET plan = 'team' WHERE id = 1");
    await store.getState().resetDatabase();
    expect(selectToldLatest(store.getState())).toMatch(
      /^You put the database back to its seeded rows\. No cached copy/,
    );
    expect(selectLogLines(store.getState().snapshot!).at(-1)?.result).toBe('1 row changed');
  });
});
