// A restart brings Redis back up, empty: a scenario's later "bring Redis back" changes nothing,
// and the page does not say Redis came back with its memory as it was.
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { createSandboxStore } from './sandboxStore';
import { selectNarration } from './narrationSelectors';
import { selectQuietStep } from './diagramSelectors';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

it('lost-invalidation: Redis restarted while down, then the beat that brings it back', async () => {
  const store = createSandboxStore();
  await store.getState().start(SQL);
  await store.getState().loadScenario('lost-invalidation');
  for (let i = 0; i < 3; i++) await store.getState().step();
  await store.getState().restartCache();
  expect(store.getState().snapshot?.isCacheUp).toBe(true);
  expect(store.getState().snapshot?.cache).toEqual([]);
  await store.getState().step();
  const s = store.getState();
  const said = 'Redis is already reachable, so nothing changes.';
  expect(selectNarration(s)).toBe(said);
  expect(selectQuietStep(s)).toBe(said);
});
