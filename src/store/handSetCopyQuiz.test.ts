// "Is user:5's copy stale?" for a copy the console SET by hand: the quiz tells it by the Redis
// panel's judgement (the fields that differ, an extra or a missing one too, or another user's
// row) and says the console set it, not that the row was set back.
import { expect, it } from 'vitest';
import { judgeQuiz } from '../scenarios/quiz';
import { freePlaySandbox } from './testSandbox';

it.each([
  [
    'other values',
    (r: Record<string, unknown>) => ({ ...r, name: 'M' }),
    'user:5 holds version 1, as the row does, but not the row: name "M" cached, "Donald Lovelace" in the database. The console set that copy by hand: STALE.',
  ],
  [
    'an extra field',
    (r: Record<string, unknown>) => ({ ...r, nickname: 'x' }),
    'user:5 holds version 1, as the row does, but not the row: nickname "x" cached, (no such column) in the database. The console set that copy by hand: STALE.',
  ],
  [
    'no updated_at',
    ({ updated_at: _, ...r }: Record<string, unknown>) => r,
    'user:5 holds version 1, as the row does, but not the row: updated_at (missing) cached, 0 in the database. The console set that copy by hand: STALE.',
  ],
  [
    "another user's row",
    () => 6,
    "user:5 holds user 6's row (version 1), not a copy of user 5's: STALE. The console set that copy by hand.",
  ],
])('a copy of user 5 set by hand with %s', async (_, make, why) => {
  const store = await freePlaySandbox();
  await store.getState().runSql('SELECT * FROM users WHERE id IN (5, 6)');
  const rows = store.getState().snapshot?.db ?? [];
  const made = make(rows.find((r) => r.id === 5) as unknown as Record<string, unknown>);
  const value = JSON.stringify(typeof made === 'number' ? rows.find((r) => r.id === made) : made);
  await store.getState().runRedis(`SET user:5 '${value}'`);
  expect(judgeQuiz({ kind: 'cache-stale', id: 5 }, [], store.getState().snapshot!)).toEqual({
    answer: 'stale',
    why,
  });
});

// A console command the log does not tie to the value (MSET) leaves who stored it unknown: the
// quiz says neither that the console nor that the application's code did.
it('a copy of user 5 stored by the console with MSET: who stored it is not claimed', async () => {
  const store = await freePlaySandbox();
  await store.getState().runSql('SELECT * FROM users WHERE id = 5');
  const row = store.getState().snapshot?.db.find((r) => r.id === 5);
  await store.getState().runRedis(`MSET user:5 '${JSON.stringify({ ...row, name: 'M' })}'`);
  expect(judgeQuiz({ kind: 'cache-stale', id: 5 }, [], store.getState().snapshot!)).toEqual({
    answer: 'stale',
    why: 'user:5 holds version 1, as the row does, but not the row: name "M" cached, "Donald Lovelace" in the database. The command log does not show what stored it (the console, or the application\'s code), and nothing set the row back to that version, so the database never had this row at that version: STALE, and a read that hits it is counted stale.',
  });
});
