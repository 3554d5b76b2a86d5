// The narration of a learner's own code, told from the engine's events: what the code did, never
// what ours would have done in its place.
import { describe, expect, it } from 'vitest';
import { learnerReadProgram } from '../engine/programs/learner';
import { READ_STARTER } from '../engine/programs/learnerSources';
import { Simulation, type SimAction } from '../engine/simulation';
import { loadQuickJsNode } from '../platform/quickjsNode';
import { compileLearnerProgram } from '../platform/quickjsSandbox';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { describeEvent } from './narrate';

async function withRead(read: string) {
  const c = compileLearnerProgram(await loadQuickJsNode(), 'read', read);
  if (!c.ok) throw new Error(c.error);
  return Simulation.create(await loadSqlJsNode(), {
    actors: ['A', 'B'],
    rows: 10,
    programs: { read: learnerReadProgram(c.program.runner) },
  });
}

const firstStep = (step: string) =>
  READ_STARTER.replace(
    "const cached = yield redis('GET', key);",
    `${step}\n  const cached = null;`,
  );

describe('a Redis error the learner’s read path does not catch', () => {
  it.each<[string, string, SimAction[]]>([
    ['Redis down', READ_STARTER, [{ type: 'setCacheAvailable', isUp: false }]],
    ['a SET of the wrong arity', firstStep("yield redis('SET', key);"), []],
    ['an EXPIRE of a non-integer', firstStep("yield redis('EXPIRE', key, 'abc');"), []],
    ['an over-size SET', firstStep("yield redis('SET', key, 'x'.repeat(2e6));"), []],
  ])('%s: the read fails, as told, and reads no database row', async (_, read, before) => {
    const sim = await withRead(read);
    for (const action of before) await sim.dispatch(action);
    await sim.dispatch({ type: 'read', actor: 'A', id: 7 });
    await sim.dispatch({ type: 'stepActor', actor: 'A' });
    const { events, stats } = await sim.snapshot();
    expect(stats).toMatchObject({ dbReads: 0, failedRequests: 1 });
    const text = describeEvent(events[0]);
    expect(text).toMatch(/A's read fails: your code did not catch the error\.$/);
    expect(text).not.toContain('database');
  });
});
