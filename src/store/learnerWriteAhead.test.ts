// Learner code may cache a row ahead of its UPDATE (SET first, then UPDATE). While that write
// is on its way the copy is AHEAD, a write the database does not have yet, as the badge says of
// write-behind's own copies; only a copy no write of the row is on its way to commit is never
// committed.
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { compileSources } from '../platform/learnerPrograms';
import { loadQuickJsNode } from '../platform/quickjsNode';
import { createSandboxStore } from './sandboxStore';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

const SET_FIRST = `function* write(id, changes, ctx) {
  const row = yield selectUser(id);
  yield redis('SET', cacheKey(id), JSON.stringify({ ...row, ...changes, version: row.version + 1 }));
  yield updateUser(id, changes);
}
`;

const SET_ONLY = `function* write(id, changes, ctx) {
  const row = yield selectUser(id);
  yield redis('SET', cacheKey(id), JSON.stringify({ ...row, ...changes, version: row.version + 1 }));
}
`;

async function sandboxWith(write: string) {
  const store = createSandboxStore();
  await store.getState().start(SQL);
  await store.getState().loadScenario(null);
  const compiled = compileSources(await loadQuickJsNode(), { write });
  if (!compiled.ok) throw new Error(compiled.message);
  await store.getState().usePrograms(compiled.programs);
  return store;
}

const entryOf = (store: Awaited<ReturnType<typeof sandboxWith>>) =>
  store.getState().snapshot?.cache.find((e) => e.key === 'user:1');

it('a copy your write path set before its UPDATE is AHEAD while that UPDATE is on its way', async () => {
  const store = await sandboxWith(SET_FIRST);
  await store.getState().startWrite('A', 1, { plan: 'pro' });
  await store.getState().stepActor('A');
  await store.getState().stepActor('A');
  expect(entryOf(store)).toMatchObject({ version: 2, isAhead: true });
  expect(entryOf(store)?.isNeverCommitted).toBeUndefined();
});

it('a copy your write path set ahead with no UPDATE to follow is never committed once it ends', async () => {
  const store = await sandboxWith(SET_ONLY);
  await store.getState().startWrite('A', 1, { plan: 'pro' });
  await store.getState().stepActor('A');
  await store.getState().stepActor('A');
  expect(store.getState().snapshot?.actors.find((a) => a.name === 'A')?.task ?? null).toBeNull();
  expect(entryOf(store)).toMatchObject({ version: 2, isAhead: true, isNeverCommitted: true });
});
