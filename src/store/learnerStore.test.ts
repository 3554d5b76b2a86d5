import type { SqlJsStatic } from 'sql.js';
import { beforeAll, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { loadQuickJsNode } from '../platform/quickjsNode';
import { compileLearnerProgram } from '../platform/quickjsSandbox';
import { createLearnerStore } from './learnerStore';
import { createSandboxStore } from './sandboxStore';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

/** A sandbox and the learner's code beside it, with QuickJS as the page has it. */
async function setUp() {
  const sandbox = createSandboxStore();
  await sandbox.getState().start(SQL);
  const quickjs = await loadQuickJsNode();
  const learner = createLearnerStore(sandbox, {
    compile: (path, source) => {
      const result = compileLearnerProgram(quickjs, path, source);
      return Promise.resolve(
        result.ok
          ? { ok: true, runner: result.program.runner, dispose: result.program.dispose }
          : result,
      );
    },
    loadSql: () => Promise.resolve(SQL),
  });
  return { sandbox, learner };
}

it('checking a challenge leaves the program the sandbox runs alone: a read in flight finishes', async () => {
  const { sandbox, learner } = await setUp();
  expect(await learner.getState().run(['read'])).toBeNull();
  expect(await sandbox.getState().startRead('A', 123)).toBe(true);
  expect(await sandbox.getState().stepActor('A')).toBe(true); // GET: a miss
  const verdict = await learner.getState().check('stale-set');
  expect(verdict.checked).toBeGreaterThan(0);
  while (await sandbox.getState().stepActor('A'));
  const s = sandbox.getState().snapshot!;
  expect(s.results.at(-1)).toMatchObject({ kind: 'read' });
  expect(s.results.at(-1)?.error).toBeUndefined();
  expect(s.events.map((e) => e.command.split(' ')[0])).toEqual(['GET', 'SELECT', 'SET']);
});

it('a Run whose write path does not compile leaves the read path the sandbox runs working', async () => {
  const { sandbox, learner } = await setUp();
  expect(await learner.getState().run(['read'])).toBeNull();
  expect(await sandbox.getState().startRead('A', 123)).toBe(true);
  expect(await sandbox.getState().stepActor('A')).toBe(true); // GET: a miss
  // The read edited (it still compiles), the write broken: Run fails on the write.
  learner.getState().setDraft('read', `${learner.getState().drafts.read}\n// edited`);
  learner.getState().setDraft('write', 'function* write(id, changes, ctx) {');
  expect(await learner.getState().run()).toMatchObject({ error: expect.any(String) });
  expect(learner.getState().running.write).toBeNull();
  // The read in flight finishes with the version that ran, and Back replays it.
  while (await sandbox.getState().stepActor('A'));
  const s = sandbox.getState().snapshot!;
  expect(s.results.at(-1)?.error).toBeUndefined();
  expect(s.events.map((e) => e.command.split(' ')[0])).toEqual(['GET', 'SELECT', 'SET']);
  expect(await sandbox.getState().back()).toBe(true);
  expect(sandbox.getState().snapshot!.events).toHaveLength(2);
  expect(sandbox.getState().snapshot!.results.every((r) => r.error === undefined)).toBe(true);
});
