// Speaker notes are a beat's: once the run goes on past the last beat (a Step of one's own, a
// console line), the notes still shown are marked as written for that beat, not for this run.
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, expect, it } from 'vitest';
import { findScenario } from '../scenarios';
import { loadSqlJsNode } from '../engine/testSim';
import { createSandboxStore } from './sandboxStore';
import { selectNotesCaveat } from './scriptSelectors';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

async function staleSetAtEnd() {
  const store = createSandboxStore();
  await store.getState().start(SQL);
  await store.getState().loadScenario('stale-set');
  const beats = findScenario('stale-set')?.beats.length ?? 0;
  for (let b = 0; b < beats; b++) await store.getState().step();
  expect(store.getState().beat).toBe(beats);
  return store;
}

it('stale-set: at its last beat the notes carry no caveat', async () => {
  const store = await staleSetAtEnd();
  expect(selectNotesCaveat(store.getState())).toBeNull();
});

it("stale-set: Steps past the last beat mark the last beat's notes", async () => {
  const store = await staleSetAtEnd();
  expect(await store.getState().startRead('A', 123)).toBeNull();
  // A's GET: a hit of the stale copy, told from the engine's events, not by the notes.
  expect(await store.getState().step()).toBe(true);
  expect(selectNotesCaveat(store.getState())).toBe(
    'Written for step 6 as authored; the run has gone on since (a read of user:123 started for A, a Step of your own), so check them against the narration.',
  );
  // Back to the last beat: the notes describe the run again.
  while (store.getState().timeline[store.getState().cursor - 1]?.kind !== 'beat')
    expect(await store.getState().back()).toBe(true);
  expect(selectNotesCaveat(store.getState())).toBeNull();
});

it('stale-set: a console line past the last beat marks them; one that changes nothing does not', async () => {
  const store = await staleSetAtEnd();
  await store.getState().runRedis('GET user:123');
  expect(selectNotesCaveat(store.getState())).toBeNull();
  await store.getState().runRedis('DEL user:123');
  expect(selectNotesCaveat(store.getState())).toBe(
    'Written for step 6 as authored; the run has gone on since (DEL user:123 in the Redis console), so check them against the narration.',
  );
});

it('a setting changed mid-story keeps the authored caveat', async () => {
  const store = createSandboxStore();
  await store.getState().start(SQL);
  await store.getState().loadScenario('stale-set');
  await store.getState().step();
  await store.getState().runRedis('SET user:123 x');
  expect(selectNotesCaveat(store.getState())).toBe(
    'Written for the scenario as authored; this run left it, so check them against the narration.',
  );
});
