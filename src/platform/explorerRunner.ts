import type { ExploreRequest, ExploreResult, InterleavingCount } from '../engine/interleavingGrid';
import type { LearnerSources } from '../engine/programs/learner';
import type { ExplorerReply, ExplorerRequest } from './explorerProtocol';

/** Most a count waits for an idle moment of the page (a busy page still gets its count). */
const IDLE_TIMEOUT_MS = 300;

/** Resolves when the page's thread is idle (after the frame that shows the change), or soon. */
export const whenIdle = (): Promise<void> =>
  new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function')
      requestIdleCallback(() => resolve(), { timeout: IDLE_TIMEOUT_MS });
    else setTimeout(resolve, 0);
  });

/**
 * Runs explorations in a Web Worker (`explorerWorker.ts`): even a small one starts a fresh
 * simulation per interleaving, more than a frame's work, so the page's thread never runs them.
 * The worker loads on the first request. A new exploration replaces one still running (the
 * worker is terminated and a new one started), so the page never waits on a stale grid.
 */
export function createWorkerExploreRunner() {
  let worker: Worker | null = null;
  let seq = 0;
  const pending = new Map<
    number,
    { onReply: (reply: ExplorerReply) => void; reject: (e: Error) => void }
  >();
  const running = new Set<number>();

  const spawn = (): Worker => {
    const w = new Worker(new URL('./explorerWorker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<ExplorerReply>) => pending.get(e.data.id)?.onReply(e.data);
    w.onerror = () => {
      for (const p of pending.values()) p.reject(new Error('the explorer worker failed'));
      pending.clear();
      running.clear();
      worker = null;
    };
    return w;
  };

  function ask<T>(
    kind: ExplorerRequest['kind'],
    request: ExploreRequest,
    sources: LearnerSources | undefined,
    settle: (reply: ExplorerReply, resolve: (v: T) => void) => void,
  ): Promise<T> {
    worker ??= spawn();
    const id = ++seq;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, {
        reject,
        onReply: (reply) => {
          if (reply.type === 'error') {
            pending.delete(id);
            running.delete(id);
            reject(new Error(reply.message));
          } else settle(reply, resolve);
        },
      });
      (worker as Worker).postMessage({ id, kind, request, sources } satisfies ExplorerRequest);
    }).finally(() => {
      pending.delete(id);
      running.delete(id);
    });
  }

  /** Ends an exploration still running: the worker is terminated (a new one starts when asked). */
  function stopRunning(reason: string): void {
    if (running.size === 0 || !worker) return;
    worker.terminate();
    worker = null;
    for (const p of pending.values()) p.reject(new Error(reason));
    pending.clear();
    running.clear();
  }

  return {
    cancel: () => stopRunning('stopped'),
    // A count replays the whole run in the worker; started at once it would take a core from the
    // press that asked for it (a Back at step 500 waited on it). It starts once the page is idle.
    count: async (request: ExploreRequest, sources?: LearnerSources) => {
      await whenIdle();
      return ask<InterleavingCount>('count', request, sources, (r, resolve) => {
        if (r.type === 'counted') resolve(r.count);
      });
    },
    explore: (
      request: ExploreRequest,
      onProgress: (done: number, of: number) => void,
      sources?: LearnerSources,
    ) => {
      stopRunning('replaced by a newer exploration');
      const promise = ask<ExploreResult>('explore', request, sources, (r, resolve) => {
        if (r.type === 'progress') onProgress(r.done, r.of);
        else if (r.type === 'explored') resolve(r.result);
      });
      running.add(seq);
      return promise;
    },
  };
}
