// @vitest-environment jsdom
import { act } from 'react';
import { expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { loadQuickJsNode } from '../platform/quickjsNode';
import { compileLearnerProgram } from '../platform/quickjsSandbox';
import { createLearnerStore } from '../store/learnerStore';
import { Challenges } from './LearnerCode';
import { LearnerStoreContext } from './learnerContext';
import { mountWithSandbox, perform } from './mountWithSandbox';

it('a verdict on code edited since its check says so, and says it no longer once the code is back', async () => {
  const SQL = await loadSqlJsNode();
  const view = await mountWithSandbox(SQL, <div />);
  const quickjs = await loadQuickJsNode();
  // As the page wires it (src/app/learnerBoot.ts), with QuickJS and sql.js as Node has them.
  const learner = createLearnerStore(view.store, {
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
  view.remount(
    <LearnerStoreContext.Provider value={learner}>
      <Challenges />
    </LearnerStoreContext.Provider>,
  );
  const said = () =>
    view.container.querySelector('[data-testid="challenge.ttl-only-fresh.said"]')?.textContent;
  const checked = learner.getState().drafts.write;
  // The write editor starts from ours under invalidate (UPDATE, then DEL): it passes.
  await perform(() => learner.getState().check('ttl-only-fresh'));
  expect(said()).toMatch(/^Pass\. Passed: every one of \d+ interleavings checked\.$/);
  // Edited to UPDATE alone, which fails: "Pass." stood beside it, unmarked, until checked again.
  act(() => learner.getState().setDraft('write', checked.replace(/\n.*'DEL'.*\n/, '\n')));
  expect(learner.getState().drafts.write).not.toBe(checked);
  expect(said()).toMatch(
    /^Pass\. Passed: .*Your write path has been edited since this check, which judged it as it was then: press Check again to judge it as it is now\.$/,
  );
  act(() => learner.getState().setDraft('write', checked));
  expect(said()).toMatch(/^Pass\. Passed: every one of \d+ interleavings checked\.$/);
  view.unmount();
});
