// The application reads a row through sql.js, which answers an INTEGER as a JavaScript number:
// past 2^53 - 1 a version would be read rounded (9007199254740993 as ...992), so every panel
// would show a version the database does not hold. The console refuses such a line instead, in
// words, and the database stays as it was before it.
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';

const refusal = (version: string, id: number, read: string) =>
  `user ${id} would hold version ${version}, past 9,007,199,254,740,991 (2^53 - 1): the application reads a version as a JavaScript number, which holds whole numbers exactly only up to there (${read}), so the line was not run. The database is as it was before it.`;

it.each([
  [
    'UPDATE users SET version = 9007199254740993 WHERE id = 1',
    '9007199254740993',
    1,
    'it would read 9007199254740993 as 9007199254740992',
  ],
  [
    'UPDATE users SET version = 9007199254740992 WHERE id = 1',
    '9007199254740992',
    1,
    'the next write of the row would make 9007199254740993, which it would read as 9007199254740992',
  ],
  [
    "INSERT INTO users (id, name, email, plan, version) VALUES (1001, 'N', 'e', 'free', 18014398509481985)",
    '18014398509481985',
    1001,
    'it would read 18014398509481985 as 18014398509481984',
  ],
])('%s is refused, and nothing of it is kept', async (sql, version, id, read) => {
  const store = await freePlaySandbox();
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  const before = store.getState().snapshot;
  expect(await store.getState().runSql(sql)).toEqual({ error: refusal(version, id, read) });
  expect(store.getState().snapshot?.db).toEqual(before?.db);
  expect(store.getState().snapshot?.cache).toEqual(before?.cache);
  const max = await store.getState().runSql('SELECT max(version) FROM users');
  expect(max).toMatchObject({ rows: [[1]] });
});

it('2^53 - 1 itself is a version the page shows exactly', async () => {
  const store = await freePlaySandbox();
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().runSql('UPDATE users SET version = 9007199254740991 WHERE id = 1');
  expect(store.getState().snapshot?.db.find((r) => r.id === 1)?.version).toBe(
    Number.MAX_SAFE_INTEGER,
  );
});
