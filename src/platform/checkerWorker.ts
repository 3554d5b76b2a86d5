/// <reference lib="webworker" />
// A challenge's check, off the page's thread: every interleaving is a fresh simulation that runs
// the learner's code, and a program that works up to the sandbox's limits at each of its 200
// steps held the page's thread 5 s and more in one interleaving (Check paused only between them).
import './ioredisMockGlobals';
import { checkLearnerProgram } from '../engine/learnerCheck';
import { loadQuickJsBrowser } from './quickjsBrowser';
import { compileLearnerProgram } from './quickjsSandbox';
import { loadSqlJsBrowser } from './sqlJsBrowser';
import type { CheckerReply, CheckerRequest } from './checkerProtocol';
import { errorMessage } from '../engine/errorMessage';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (reply: CheckerReply): void => scope.postMessage(reply);

scope.onmessage = (event: MessageEvent<CheckerRequest>) => {
  const { id, challenge, path, source } = event.data;
  const work = async (): Promise<void> => {
    let loaded;
    try {
      loaded = await Promise.all([loadSqlJsBrowser(), loadQuickJsBrowser()]);
    } catch (e) {
      post({ id, type: 'not-loaded', message: errorMessage(e) });
      return;
    }
    const [SQL, quickjs] = loaded;
    const compiled = compileLearnerProgram(quickjs, path, source);
    try {
      const outcome = await checkLearnerProgram(
        SQL,
        challenge,
        compiled.ok ? { ok: true, runner: compiled.program.runner } : compiled,
      );
      post({ id, type: 'checked', outcome });
    } finally {
      if (compiled.ok) compiled.program.dispose();
    }
  };
  work().catch((e: unknown) => post({ id, type: 'error', message: errorMessage(e) }));
};
// Loaded: an error from now on is a check that stopped, not a checker that could not be loaded.
post({ type: 'ready' });
