import type { SqlJsStatic } from 'sql.js';
import type { LearnerPath } from '../engine/programs/learner';
import { loadSqlJsNode } from '../engine/testSim';
import { loadQuickJsNode } from '../platform/quickjsNode';
import { compileLearnerProgram } from '../platform/quickjsSandbox';
import { createLearnerStore, type LearnerStoreApi } from '../store/learnerStore';
import type { SandboxStoreApi } from '../store/sandboxStore';
import { freePlaySandbox } from '../store/testSandbox';

/**
 * The unit tests' learner store beside `sandbox`, wired as `learnerBoot.ts` wires the page's,
 * with QuickJS and sql.js as Node has them.
 */
export async function learnerBeside(
  sandbox: SandboxStoreApi,
  SQL: SqlJsStatic,
): Promise<LearnerStoreApi> {
  const quickjs = await loadQuickJsNode();
  return createLearnerStore(sandbox, {
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
}

/**
 * The unit tests' sandbox in free play under `settings` (see `freePlaySandbox`), running the
 * learner's code `code` gives for each path (set in its editor and Run, as the page's Run does),
 * with the learner store beside it. Throws when the code does not run.
 */
export async function freePlayRunning(
  code: Partial<Record<LearnerPath, string>>,
  settings: Parameters<typeof freePlaySandbox>[0] = {},
): Promise<{ sandbox: SandboxStoreApi; learner: LearnerStoreApi }> {
  const sandbox = await freePlaySandbox(settings);
  const learner = await learnerBeside(sandbox, await loadSqlJsNode());
  const paths = (['read', 'write'] as const).filter((path) => code[path] !== undefined);
  for (const path of paths) learner.getState().setDraft(path, code[path] ?? '');
  const error = await learner.getState().run(paths);
  if (error !== null) throw new Error(`the code did not run: ${error.error}`);
  return { sandbox, learner };
}
