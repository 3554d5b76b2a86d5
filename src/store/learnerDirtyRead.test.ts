// A learner's write path that sets the cache before its UPDATE commits puts a version in the
// cache the database has not committed yet. A read that hits it while the UPDATE is still to
// come reads ahead of the database (a dirty read), as the key's AHEAD badge says: told so, not
// as a stale read, and counted as reads ahead are (not stale).
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, expect, it } from 'vitest';
import { READ_STARTER } from '../engine/programs/learnerSources';
import { loadSqlJsNode } from '../engine/testSim';
import { learnerBeside } from '../app/testLearner';
import { createSandboxStore } from './sandboxStore';
import { selectToldStep } from './narrationSelectors';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

const SET_FIRST = `function* write(id, changes, ctx) {
  const row = yield selectUser(id);
  yield redis('SET', cacheKey(id), JSON.stringify({ ...row, ...changes, version: row.version + 1 }), ...expiry(ctx));
  yield updateUser(id, changes);
}
`;

async function stores() {
  const sandbox = createSandboxStore();
  await sandbox.getState().start(SQL);
  await sandbox.getState().loadScenario(null);
  const learner = await learnerBeside(sandbox, SQL);
  return { sandbox, learner };
}

it('B hits the version A set before its UPDATE: AHEAD, told as a dirty read, not counted stale', async () => {
  const { sandbox, learner } = await stores();
  learner.getState().setDraft('write', SET_FIRST);
  expect(await learner.getState().run(['write'])).toBeNull();
  expect(await sandbox.getState().startWrite('A', 1, { plan: 'team' })).toBeNull();
  await sandbox.getState().stepActor('A'); // SELECT
  await sandbox.getState().stepActor('A'); // SET version 2
  expect(sandbox.getState().snapshot?.cache.find((e) => e.key === 'user:1')).toMatchObject({
    version: 2,
    isAhead: true,
    isStale: false,
  });
  expect(
    sandbox.getState().snapshot?.cache.find((e) => e.key === 'user:1')?.isNeverCommitted,
  ).toBeUndefined();
  await sandbox.getState().startRead('B', 1);
  await sandbox.getState().stepActor('B');
  expect(selectToldStep(sandbox.getState())).toBe(
    "Step 3: B sends GET user:1 and hits version 2, ahead of the database's version 1: a version a write of the row still running put in the cache before its UPDATE committed it. A DIRTY READ: it returned a value the database has not committed yet (a read ahead of the database, not a stale one).",
  );
  expect(sandbox.getState().snapshot?.stats).toMatchObject({ staleReads: 0, hits: 1 });
});

it('with the read starter as B’s read path too, the hit on A’s copy is a dirty read, not a row the database never had', async () => {
  const { sandbox, learner } = await stores();
  learner.getState().setDraft('read', READ_STARTER);
  learner.getState().setDraft('write', SET_FIRST);
  expect(await learner.getState().run(['read', 'write'])).toBeNull();
  expect(await sandbox.getState().startWrite('A', 1, { plan: 'team' })).toBeNull();
  await sandbox.getState().stepActor('A'); // SELECT
  await sandbox.getState().stepActor('A'); // SET version 2
  await sandbox.getState().startRead('B', 1);
  await sandbox.getState().stepActor('B'); // GET: a hit, returned
  expect(selectToldStep(sandbox.getState())).toMatch(
    /^Step 3: B sends GET user:1 and hits version 2, ahead of the database's version 1: .* A DIRTY READ/,
  );
  const snap = sandbox.getState().snapshot;
  const read = snap?.results.find((r) => r.kind === 'read');
  expect(read).toMatchObject({ version: 2 });
  expect(read?.error).toBeUndefined();
  expect(snap?.stats).toMatchObject({ staleReads: 0, hits: 1, failedRequests: 0 });
  // Once A's UPDATE has committed version 2 with its own updated_at, the copy A made up is a
  // row the database never had: no write is left to make it.
  await sandbox.getState().stepActor('A'); // UPDATE
  await sandbox.getState().startRead('B', 1);
  await sandbox.getState().stepActor('B');
  const later = sandbox.getState().snapshot?.results.filter((r) => r.kind === 'read')[1];
  expect(later?.error).toMatch(
    /^Your read path returned the cached copy unchanged, but that copy is a row the database never had: user 1 at version 2 with updated_at 0, where the database committed version 2 with updated_at [\d.]+\. It was written by A's SET/,
  );
});

it('with no write running, a version ahead in the cache is still a row the database never had', async () => {
  const { sandbox, learner } = await stores();
  learner.getState().setDraft('read', READ_STARTER);
  expect(await learner.getState().run(['read'])).toBeNull();
  const row = { id: 1, name: 'x', email: 'x', plan: 'free', version: 2, updated_at: 0 };
  await sandbox.getState().runRedis(`SET user:1 '${JSON.stringify(row)}'`);
  await sandbox.getState().startRead('B', 1);
  await sandbox.getState().stepActor('B');
  const read = sandbox.getState().snapshot?.results.find((r) => r.kind === 'read');
  expect(read?.error).toMatch(
    /^Your read path returned the cached copy unchanged, but that copy is a row the database never had: user 1 at version 2, a version the database never committed/,
  );
});
