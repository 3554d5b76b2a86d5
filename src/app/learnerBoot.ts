import { CheckerNotLoadedError } from '../engine/learnerCheck';
import { learnerSourcesChanged, provideLearnerSources } from '../lab/labPrograms';
import { loadSqlJsBrowser } from '../platform/sqlJsBrowser';
import { createLearnerApi } from '../store/learnerApi';
import { addressWith } from '../platform/address';
import { CODE_HASH_PREFIX, readCodeLink } from '../store/learnerLink';
import { createLearnerStore, type LearnerStoreApi } from '../store/learnerStore';
import type { SandboxStoreApi } from '../store/sandboxStore';
import { STARTERS } from '../engine/programs/learnerSources';
import { browserStorage, canKeep, sayingRefusals } from '../platform/versionedStorage';
import { CODE_DOCUMENT } from '../store/storedCode';
import { afterRender } from './afterRender';
import { restoreCode, startCodePersistence } from './codePersistence';
import { errorMessage } from '../engine/errorMessage';

/**
 * The learner's own code: its store, `window.cacheAside.setProgram` and friends, and code a link
 * carries (shown, never run, until the learner presses Run). QuickJS, the sandbox the code runs
 * in, loads on first use only, so the first page does not carry it.
 */
export function bootLearner(sandbox: SandboxStoreApi): LearnerStoreApi {
  const learner = createLearnerStore(sandbox, {
    compile: async (path, source) => {
      const [
        { loadQuickJsBrowser },
        { compileLearnerProgramInSlices },
        { probeOffThread, pageTurn },
      ] = await Promise.all([
        import('../platform/quickjsBrowser'),
        import('../platform/quickjsSandbox'),
        import('../platform/lineProbesOffThread'),
      ]);
      // In pieces, each a task of its own: in one, 60 kB of code held the page for seconds.
      const result = await compileLearnerProgramInSlices(await loadQuickJsBrowser(), path, source, {
        probe: probeOffThread,
        pause: pageTurn,
      });
      return result.ok
        ? { ok: true, runner: result.program.runner, dispose: result.program.dispose }
        : result;
    },
    loadSql: loadSqlJsBrowser,
    // Off the page's thread: a check runs a fresh simulation of the code per interleaving.
    check: async (id, source, signal) => {
      const { checkInWorker } = await import('../platform/checkerRunner').catch((e: unknown) => {
        throw new CheckerNotLoadedError(errorMessage(e));
      });
      return checkInWorker(id, source, { signal });
    },
  });
  // The lab's runs use the programs running in the sandbox (the lab knows no sandbox).
  provideLearnerSources(() => {
    const { running } = learner.getState();
    return {
      ...(running.read === null ? {} : { read: running.read }),
      ...(running.write === null ? {} : { write: running.write }),
    };
  });
  learner.subscribe((state, prev) => {
    if (state.running !== prev.running) learnerSourcesChanged();
  });
  // Beside the sandbox's methods (bootSandbox made the object first).
  if (window.cacheAside) Object.assign(window.cacheAside, createLearnerApi(learner, afterRender));
  // What was typed on an earlier visit comes back into the editors (a link's code wins).
  const storage = browserStorage();
  const hasCodeLink = window.location.hash.includes('code=');
  if (storage) {
    const restored = restoreCode(storage, [...STARTERS]);
    if (restored.notice) sandbox.getState().notify(restored.notice, 'error');
    // Restored under a link's code too: a link that does not load leaves the learner's own.
    if (restored.drafts) learner.getState().restoreDrafts(restored.drafts);
    if (restored.drafts && !hasCodeLink) {
      sandbox
        .getState()
        .notify(
          'Your code from your last visit is back: Edit the code (in the code panel) shows it. It runs when you press Run my version.',
          'info',
        );
    }
    // Storage that fills up later refuses the drafts: said once (a browser that keeps nothing
    // was told so when the page opened).
    const saving = canKeep(storage)
      ? sayingRefusals(storage, [CODE_DOCUMENT], (text) => sandbox.getState().notify(text, 'error'))
      : storage;
    startCodePersistence(learner, saving);
    // Once the learner edits, a code link in the address bar (shared by them or sent to them) is
    // no longer what the editors hold: a reload brings back their saved edits, not the link's.
    learner.subscribe((state, prev) => {
      if (state.edits === prev.edits || !window.location.hash.startsWith(CODE_HASH_PREFIX)) return;
      window.history.replaceState(
        window.history.state,
        '',
        addressWith(window.location.search, ''),
      );
    });
  }
  const showCodeLink = (hash: string): void =>
    void readCodeLink(hash).then((read) => {
      if (read === null) return;
      if ('error' in read) {
        sandbox.getState().notify(`The code in this link was not loaded: ${read.error}.`, 'error');
        return;
      }
      learner.getState().showFromLink(read.drafts);
      sandbox
        .getState()
        .notify(
          'This link carries code. It is shown in the editors of the code panel and runs only when you press Run my version.',
          'info',
        );
    });
  showCodeLink(window.location.hash);
  // A code link opened in a tab that already has the page: the address changes, the page stays.
  // Back (or Forward) from it to an address without code: the editors hold what they held before
  // it, as Back returns to the scenario before (a link opened as a new page had never saved its
  // code over the learner's, so Back there found theirs too).
  window.addEventListener('hashchange', (event) => {
    if (window.location.hash.includes('code=')) showCodeLink(window.location.hash);
    else if (new URL(event.oldURL).hash.includes('code=') && learner.getState().leaveLink())
      sandbox
        .getState()
        .notify(
          "Back from the code link: the editors hold the code they held before it, not the link's (Forward shows it again).",
          'info',
        );
  });
  return learner;
}
