import { provideLearnerSources } from '../lab/labPrograms';
import { loadSqlJsBrowser } from '../platform/sqlJsBrowser';
import { createLearnerApi } from '../store/learnerApi';
import { readCodeLink } from '../store/learnerLink';
import { createLearnerStore, type LearnerStoreApi } from '../store/learnerStore';
import type { SandboxStoreApi } from '../store/sandboxStore';
import { afterRender } from './afterRender';

/**
 * The learner's own code: its store, `window.cacheAside.setProgram` and friends, and code a link
 * carries (shown, never run, until the learner presses Run). QuickJS, the sandbox the code runs
 * in, loads on first use only, so the first page does not carry it.
 */
export function bootLearner(sandbox: SandboxStoreApi): LearnerStoreApi {
  const learner = createLearnerStore(sandbox, {
    compile: async (path, source) => {
      const [{ loadQuickJsBrowser }, { compileLearnerProgram }] = await Promise.all([
        import('../platform/quickjsBrowser'),
        import('../platform/quickjsSandbox'),
      ]);
      const result = compileLearnerProgram(await loadQuickJsBrowser(), path, source);
      return result.ok
        ? { ok: true, runner: result.program.runner, dispose: result.program.dispose }
        : result;
    },
    loadSql: loadSqlJsBrowser,
  });
  // The lab's runs use the programs running in the sandbox (the lab knows no sandbox).
  provideLearnerSources(() => {
    const { running } = learner.getState();
    return {
      ...(running.read === null ? {} : { read: running.read }),
      ...(running.write === null ? {} : { write: running.write }),
    };
  });
  // Beside the sandbox's methods (bootSandbox made the object first).
  if (window.cacheAside) Object.assign(window.cacheAside, createLearnerApi(learner, afterRender));
  void readCodeLink(window.location.hash).then((read) => {
    if (read === null) return;
    if ('error' in read) {
      sandbox.getState().notify(`The code in this link was not loaded: ${read.error}.`, 'error');
      return;
    }
    learner.getState().showFromLink(read.drafts);
    sandbox
      .getState()
      .notify(
        'This link carries code. It is shown in the code panel and runs only when you press Run my version.',
        'info',
      );
  });
  return learner;
}
