import { CHALLENGES } from '../engine/challengeCatalog';
import { CheckerNotLoadedError, type CheckOutcome } from '../engine/learnerCheck';
import type { CheckerReply, CheckerRequest } from './checkerProtocol';
import { errorMessage } from '../engine/errorMessage';

let seq = 0;

/** The checker's worker as the runner needs it (a test passes its own). */
export type CheckerWorker = Pick<Worker, 'postMessage' | 'terminate'> & {
  onmessage: ((e: MessageEvent<CheckerReply>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
};

const pageWorker = (): CheckerWorker =>
  new Worker(new URL('./checkerWorker.ts', import.meta.url), { type: 'module' });

/** Why a check was cancelled: the learner pressed Cancel. */
export const CHECK_CANCELLED = 'the check was cancelled';

/**
 * Checks a learner's source against a challenge in a Web Worker of its own (`checkerWorker.ts`),
 * ended once it answers: the page's thread runs none of the check's simulations, so it answers
 * its input whatever the code does at each step. `signal` ends the worker at once (Cancel): the
 * promise rejects with {@link CHECK_CANCELLED}. A worker that did not load (its file or what it
 * loads out of reach) rejects with a {@link CheckerNotLoadedError}; one that failed after (its
 * memory ran out) with a message saying so.
 */
export function checkInWorker(
  challenge: string,
  source: string,
  {
    signal,
    createWorker = pageWorker,
  }: { signal?: AbortSignal; createWorker?: () => CheckerWorker } = {},
): Promise<CheckOutcome> {
  const path = CHALLENGES.find((c) => c.id === challenge)?.path;
  if (path === undefined) return Promise.reject(new Error(`unknown challenge "${challenge}"`));
  if (signal?.aborted) return Promise.reject(new Error(CHECK_CANCELLED));
  let worker: CheckerWorker;
  try {
    worker = createWorker();
  } catch (e) {
    return Promise.reject(new CheckerNotLoadedError(errorMessage(e)));
  }
  const id = ++seq;
  let isReady = false;
  let onAbort = (): void => {};
  return new Promise<CheckOutcome>((resolve, reject) => {
    onAbort = () => reject(new Error(CHECK_CANCELLED));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.onmessage = (e: MessageEvent<CheckerReply>) => {
      const reply = e.data;
      if (reply.type === 'ready') {
        isReady = true;
        return;
      }
      if (reply.id !== id) return;
      if (reply.type === 'checked') resolve(reply.outcome);
      else if (reply.type === 'not-loaded') reject(new CheckerNotLoadedError(reply.message));
      else reject(new Error(reply.message));
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      const why = e.message ? ` (${e.message})` : '';
      reject(
        isReady
          ? new Error(`the checker's worker failed${why}`)
          : new CheckerNotLoadedError(`its worker did not start${why}`),
      );
    };
    worker.postMessage({ id, challenge, path, source } satisfies CheckerRequest);
  }).finally(() => {
    signal?.removeEventListener('abort', onAbort);
    worker.terminate();
  });
}
