// A scenario's narration and promise are written for our programs: with the learner's code in
// their place the page says so and tells each step from the engine's events instead.
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { READ_RECHECK_FIX } from '../engine/programs/learnerSources';
import { loadSqlJsNode } from '../engine/testSim';
import { compileSources } from '../platform/learnerPrograms';
import { loadQuickJsNode } from '../platform/quickjsNode';
import { findScenario } from '../scenarios';
import { createSandboxStore } from './sandboxStore';
import { selectExpectedOutcome, selectOffScriptChanges } from './scriptSelectors';
import { selectNarration } from './narrationSelectors';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

async function staleSetWith(read: string | null) {
  const store = createSandboxStore();
  await store.getState().start(SQL);
  await store.getState().loadScenario('stale-set');
  if (read !== null) {
    const compiled = compileSources(await loadQuickJsNode(), { read });
    if (!compiled.ok) throw new Error(compiled.message);
    await store.getState().usePrograms(compiled.programs);
  }
  return store;
}

describe('a scenario run with your code', () => {
  it('makes no promise and tells the steps from the events; a fix that works is not "not met"', async () => {
    const store = await staleSetWith(READ_RECHECK_FIX);
    const sc = findScenario('stale-set')!;
    expect(selectExpectedOutcome(store.getState())).toBe(
      'The scenario makes no promise for your code (your read path in place of ours): judge the run from its steps.',
    );
    expect(selectOffScriptChanges(store.getState())).toEqual(['your read path in place of ours']);
    while (store.getState().beat < sc.beats.length) {
      await store.getState().step();
      const s = store.getState();
      expect(selectNarration(s)).not.toBe(sc.beats[s.beat - 1].narration);
    }
    const s = store.getState();
    // The recheck deleted the late fill: no stale read, and no verdict against the script's.
    expect(s.snapshot?.stats.staleReads).toBe(0);
    expect(s.outcome).toMatchObject({ isJudged: false });
  });

  it('judges the script again once ours are back', async () => {
    const store = await staleSetWith(READ_RECHECK_FIX);
    await store.getState().usePrograms(null);
    const sc = findScenario('stale-set')!;
    while (store.getState().beat < sc.beats.length) await store.getState().step();
    const s = store.getState();
    expect(selectNarration(s)).toBe(sc.beats[sc.beats.length - 1].narration);
    expect(s.outcome).toMatchObject({ isJudged: true, isMet: true });
  });
});
