// A write whose UPDATE the database refused wrote nothing, and one whose UPDATE committed but
// returned a row the application cannot use did write: the told step, the note and the DB
// writes counter say the same thing.
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';
import { selectToldStep } from './narrationSelectors';

const RENAME = 'ALTER TABLE users RENAME COLUMN plan TO tier';

it('an UPDATE refused after a rename is told as writing nothing, and is no DB write', async () => {
  const store = await freePlaySandbox();
  await store.getState().runSql(RENAME);
  await store.getState().startWrite('B', 5, { plan: 'team' });
  await store.getState().stepActor('B');
  expect(selectToldStep(store.getState())).toMatch(
    /: \(error\) no such column: plan\. The database refused the statement and wrote nothing, so B's write of user:5 fails\./,
  );
  expect(store.getState().snapshot?.stats).toMatchObject({ dbWrites: 0, failedRequests: 1 });
});

it('an UPDATE that committed but returned an unusable row is told as committed, and counted', async () => {
  const store = await freePlaySandbox();
  await store.getState().runSql(RENAME);
  await store.getState().startWrite('B', 5, { name: 'Zed' });
  await store.getState().stepActor('B');
  const told = selectToldStep(store.getState());
  expect(told).not.toMatch(/statement failed|refused/);
  expect(told).toMatch(
    /The database committed the UPDATE, but the row it returned cannot be used, so B's write of user:5 fails\./,
  );
  expect(store.getState().snapshot?.stats).toMatchObject({ dbWrites: 1, failedRequests: 1 });
});
