// A beat does several things in order (B finishes its write, A starts a read, A runs it): told
// from its events, each action is told where it happened, so a read that starts after commands
// of the same beat is not left out and its GET does not come out of nowhere.
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { createSandboxStore } from './sandboxStore';
import { selectNarration } from './narrationSelectors';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

it("stale-set under double-delete, last beat: B's second DEL, then A starts its read, then A's GET", async () => {
  const store = createSandboxStore();
  await store.getState().start(SQL);
  await store.getState().loadScenario('stale-set');
  expect(await store.getState().configure({ writePolicy: 'double-delete' })).toBeNull();
  for (let i = 0; i < 6; i++) await store.getState().step();
  expect(selectNarration(store.getState())).toMatch(
    /^B waits 500 ms, the double-delete delay, before deleting user:123 a second time\. B sends DEL user:123: \(integer\) 1, the cached copy is gone\. A starts a read of user:123\. A sends GET user:123: \(nil\), a miss/,
  );
});
