// A read whose SELECT the database refused read nothing, and one whose SELECT ran but returned a
// row the application cannot use did read: the told step, the note and the DB reads counter say
// the same thing.
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';
import { selectToldStep } from './narrationSelectors';

it.each([
  ['DROP TABLE users', 'no such table: users'],
  ['ALTER TABLE users RENAME COLUMN id TO uid', 'no such column: id'],
])(
  'after %s a refused SELECT is told as reading nothing, and is no DB read',
  async (sql, error) => {
    const store = await freePlaySandbox();
    await store.getState().runSql(sql);
    await store.getState().startRead('A', 7);
    await store.getState().stepActor('A');
    await store.getState().stepActor('A');
    expect(selectToldStep(store.getState())).toContain(
      `: (error) ${error}. The database refused the SELECT and read nothing, so A's read of user:7 fails.`,
    );
    expect(store.getState().snapshot?.stats).toMatchObject({ dbReads: 0, failedRequests: 1 });
  },
);

it('a SELECT that ran but returned an unusable row is told as a read, and counted', async () => {
  const store = await freePlaySandbox();
  await store.getState().runSql('ALTER TABLE users RENAME COLUMN plan TO tier');
  await store.getState().startRead('A', 7);
  await store.getState().stepActor('A');
  await store.getState().stepActor('A');
  const told = selectToldStep(store.getState());
  expect(told).not.toMatch(/statement failed|refused/);
  expect(told).toMatch(
    /The database ran the SELECT \(a DB read\), but the row it returned cannot be used, so A's read of user:7 fails\./,
  );
  expect(store.getState().snapshot?.stats).toMatchObject({ dbReads: 1, failedRequests: 1 });
});
