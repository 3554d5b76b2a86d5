// A program's DEL of a user's key is told by what the key held: "the cached copy" only when it
// held a copy of the row the read path serves, and otherwise what it did hold.
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { createSandboxStore } from './sandboxStore';
import { selectNarration, selectToldStep } from './narrationSelectors';
import { freePlaySandbox } from './testSandbox';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

/** stale-set to B's DEL (beat 4), with `line` typed in the Redis console after beat 2. */
async function staleSetDel(line: string): Promise<string | null> {
  const store = createSandboxStore();
  await store.getState().start(SQL);
  await store.getState().loadScenario('stale-set');
  await store.getState().step();
  await store.getState().step();
  expect((await store.getState().runRedis(line)).isError).toBe(false);
  await store.getState().step();
  await store.getState().step();
  return selectNarration(store.getState());
}

it('stale-set: a DEL of "x" typed by hand is not called the cached copy', async () => {
  expect(await staleSetDel('SET user:123 x NX')).toBe(
    'B sends DEL user:123: (integer) 1, removed user:123, which held "x", not a cached row.',
  );
});

it("stale-set: a DEL of another user's row says whose row it was", async () => {
  const row = JSON.stringify({ id: 7, name: 'Ann', version: 3 });
  expect(await staleSetDel(`SET user:123 '${row}' NX`)).toBe(
    "B sends DEL user:123: (integer) 1, removed user:123, which held user 7's row (version 3), not a copy of user:123's row.",
  );
});

it('stale-set: a DEL of a hash says it held a hash', async () => {
  expect(await staleSetDel('HSET user:123 name Ann')).toBe(
    'B sends DEL user:123: (integer) 1, removed user:123, which held a hash, not a cached row.',
  );
});

it('stale-set: a DEL of a copy of the row is still the cached copy', async () => {
  const store = createSandboxStore();
  await store.getState().start(SQL);
  await store.getState().loadScenario('stale-set');
  await store.getState().step();
  await store.getState().step();
  // The reader's own fill, sent early by hand: a copy of the row (version 1).
  const row = store.getState().snapshot?.db.find((r) => r.id === 123);
  expect(row).toBeDefined();
  await store.getState().runRedis(`SET user:123 '${JSON.stringify(row)}'`);
  await store.getState().step();
  await store.getState().step();
  expect(selectNarration(store.getState())).toBe(
    'B sends DEL user:123: (integer) 1, the cached copy is gone.',
  );
});

it("a DEL that failed while Redis is down does not call another user's row a copy of this one", async () => {
  const store = await freePlaySandbox();
  const row = JSON.stringify({ id: 7, name: 'Ann', version: 3 });
  await store.getState().runRedis(`SET user:5 '${row}'`);
  await store.getState().setCacheAvailable(false);
  await store.getState().startWrite('B', 5, { plan: 'team' });
  await store.getState().stepActor('B');
  await store.getState().stepActor('B');
  const told = selectToldStep(store.getState());
  expect(told).toMatch(/^Step 2: B sends DEL user:5: \(error\) Connection is closed\./);
  expect(told).not.toMatch(/copy of the row Redis holds/);
  // What the DEL would have removed is told as what it is: user 7's row, which stays.
  expect(told).toMatch(
    /Redis holds no copy of the row, but user:5 still holds user 7's row \(version 3\), which this DEL would have removed: it stays/,
  );
});
