// What a learner's runaway code costs the page: the time of one read whose code allocates
// without end, loops on a builtin that allocates, or sends an oversized value. A measurement,
// not a timed assertion: it runs only with LEARNER_COST=1.
//   LEARNER_COST=1 npx vitest run src/engine/programs/learnerLimits.cost.test.ts
// (learner.test.ts asserts the messages, and quickjsSandbox.test.ts the work done, in every run.)

import { describe, expect, it } from 'vitest';
import { loadQuickJsNode } from '../../platform/quickjsNode';
import { compileLearnerProgram } from '../../platform/quickjsSandbox';
import { loadSqlJsNode } from '../../platform/sqlJsNode';
import { Simulation } from '../simulation';
import { learnerReadProgram } from './learner';

const CASES: [string, string][] = [
  [
    'an array of 1 MB strings without end',
    "const a = []; while (true) a.push('x'.repeat(1e6) + a.length);",
  ],
  ["'x'.repeat(1e6) without end, kept by none", "for (;;) 'x'.repeat(1e6);"],
  ...[1, 5, 20].map((mb): [string, string] => [
    `SET of a ${mb} MB value`,
    `yield redis('SET', 'big', 'x'.repeat(${mb} * 1e6));`,
  ]),
];

describe.skipIf(!process.env.LEARNER_COST)('the cost of runaway learner code', () => {
  it.each(CASES)(
    'times one read: %s',
    async (_name, body) => {
      const compiled = compileLearnerProgram(
        await loadQuickJsNode(),
        'read',
        `function* read(id) {\n  ${body}\n}`,
      );
      if (!compiled.ok) throw new Error(compiled.error);
      const sim = await Simulation.create(await loadSqlJsNode(), {
        actors: ['A'],
        rows: 10,
        programs: { read: learnerReadProgram(compiled.program.runner) },
      });
      const started = performance.now();
      await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
      while (sim.readyActors().length > 0) await sim.dispatch({ type: 'stepActor', actor: 'A' });
      const ms = performance.now() - started;
      const snap = await sim.snapshot();
      console.log(`${_name}: ${ms.toFixed(0)} ms: ${snap.results[0]?.error ?? 'no error'}`);
      expect(snap.results).toHaveLength(1);
      compiled.program.dispose();
    },
    300_000,
  );
});
