import { CHALLENGES, type CheckOutcome } from '../engine/challenges';
import type { CheckerReply, CheckerRequest } from './checkerProtocol';

let seq = 0;

/**
 * Checks a learner's source against a challenge in a Web Worker of its own (`checkerWorker.ts`),
 * ended once it answers: the page's thread runs none of the check's simulations, so it answers
 * its input whatever the code does at each step. A worker that fails (it did not load, its
 * memory ran out) rejects with a message saying so.
 */
export function checkInWorker(challenge: string, source: string): Promise<CheckOutcome> {
  const path = CHALLENGES.find((c) => c.id === challenge)?.path;
  if (path === undefined) return Promise.reject(new Error(`unknown challenge "${challenge}"`));
  const worker = new Worker(new URL('./checkerWorker.ts', import.meta.url), { type: 'module' });
  const id = ++seq;
  return new Promise<CheckOutcome>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<CheckerReply>) => {
      if (e.data.id !== id) return;
      if (e.data.type === 'checked') resolve(e.data.outcome);
      else reject(new Error(e.data.message));
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      reject(new Error(`the checker's worker failed${e.message ? ` (${e.message})` : ''}`));
    };
    worker.postMessage({ id, challenge, path, source } satisfies CheckerRequest);
  }).finally(() => worker.terminate());
}
