import type { SqlJsStatic } from 'sql.js';
import { loadQuickJsNode } from '../platform/quickjsNode';
import { compileLearnerProgram } from '../platform/quickjsSandbox';
import { createLearnerStore, type LearnerStoreApi } from '../store/learnerStore';
import type { SandboxStoreApi } from '../store/sandboxStore';

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
