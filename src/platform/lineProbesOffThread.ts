import { addLineProbes } from './lineProbes';
import type { ProbeReply, ProbeRequest } from './lineProbesWorker';

let worker: Worker | null = null;
let seq = 0;
const pending = new Map<number, { source: string; resolve: (probed: string) => void }>();

/**
 * How long a compile waits on the worker before it makes the probes itself. A worker that starts
 * late (a busy machine, its chunk slow to arrive) would otherwise hold Run with no end; the page's
 * own parse costs at most 0.4 s, so waiting longer than this gains nothing.
 */
export const PROBE_WAIT_MS = 2000;

/** The worker failed (it did not load, or threw): what it was asked is probed here instead. */
const fallBack = (): void => {
  worker?.terminate();
  worker = null;
  for (const { source, resolve } of pending.values()) resolve(addLineProbes(source));
  pending.clear();
};

/**
 * `addLineProbes` in a Web Worker: Lezer's parse of a program near the size limit took the page
 * 0.2 to 0.4 s. Where no worker can start (or it fails), the probes are made here, as before:
 * the result is the same either way.
 */
export function probeOffThread(source: string): Promise<string> {
  if (typeof Worker !== 'function') return Promise.resolve(addLineProbes(source));
  try {
    worker ??= new Worker(new URL('./lineProbesWorker.ts', import.meta.url), { type: 'module' });
  } catch {
    return Promise.resolve(addLineProbes(source));
  }
  worker.onmessage = (e: MessageEvent<ProbeReply>) => {
    pending.get(e.data.id)?.resolve(e.data.probed);
    pending.delete(e.data.id);
  };
  worker.onerror = fallBack;
  const id = ++seq;
  return new Promise<string>((resolve) => {
    const timer = setTimeout(() => {
      // The worker's answer, if it comes after this, finds nothing pending and is dropped.
      if (pending.delete(id)) resolve(addLineProbes(source));
    }, PROBE_WAIT_MS);
    pending.set(id, {
      source,
      resolve: (probed) => {
        clearTimeout(timer);
        resolve(probed);
      },
    });
    worker?.postMessage({ id, source } satisfies ProbeRequest);
  });
}

/** Resolves in a task of its own, after the page has had its turn (input, a frame). */
export const pageTurn = (): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, 0);
  });
