import { ExplorerCache } from '../engine/explorerCache';
import { countEstimate, type InterleavingCount } from '../engine/interleavingCount';
import type { ExploreRequest, ExploreResult } from '../engine/interleavingGrid';
import type { LearnerSources } from '../engine/programs/learner';
import type { ExplorerReply, ExplorerRequest } from './explorerProtocol';
import { loadSqlJsBrowser } from './sqlJsBrowser';

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
 * A count of our programs over a setup of at most this many actions runs on the page's thread:
 * a scenario's (a dozen beats) costs a few milliseconds there, the engine's code already warm
 * from the sandbox's own runs, where starting the worker for it (its bundle, sql.js compiled
 * again, the engine run cold) cost 0.5 to 1 s of CPU on each page that stepped. A longer run
 * (a link at step 500 replays its whole setup once) and the learner's code are counted in the
 * worker, off the page's thread.
 */
export const MAX_SETUP_COUNTED_IN_PAGE = 40;

/**
 * Nor one whose console lines carry more than this many characters in all: replaying them costs
 * about their length (beside 10,000 keys and a 1 MB value set from the console, 0.1 to 0.3 s of
 * the page's thread after each Back and Step, until 2026-12-06).
 */
export const MAX_SETUP_CHARS_COUNTED_IN_PAGE = 64 * 1024;

/** Whether the count of `setup` (of our programs) is cheap enough for the page's thread. */
export function isCountedInPage(setup: ExploreRequest['setup']): boolean {
  if (setup.length > MAX_SETUP_COUNTED_IN_PAGE) return false;
  let chars = 0;
  for (const a of setup) {
    if (a.type === 'redis') for (const arg of a.argv) chars += arg.length;
    else if (a.type === 'sql') chars += a.sql.length;
    if (chars > MAX_SETUP_CHARS_COUNTED_IN_PAGE) return false;
  }
  return true;
}

/**
 * Runs explorations in a Web Worker (`explorerWorker.ts`): even a small one starts a fresh
 * simulation per interleaving, more than a frame's work, so the page's thread never runs them;
 * so do counts past {@link MAX_SETUP_COUNTED_IN_PAGE} or {@link MAX_SETUP_CHARS_COUNTED_IN_PAGE}. The worker loads on the first request. A new exploration replaces one still running (the
 * worker is terminated and a new one started), so the page never waits on a stale grid.
 */
export function createWorkerExploreRunner() {
  let worker: Worker | null = null;
  let seq = 0;
  const pending = new Map<
    number,
    {
      message: ExplorerRequest;
      onReply: (reply: ExplorerReply) => void;
      reject: (e: Error) => void;
    }
  >();
  const running = new Set<number>();
  /** The page's counts keep their checkpoints and counts between Steps, as the worker's do. */
  const pageCache = new ExplorerCache();

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
    const message: ExplorerRequest = { id, kind, request, sources };
    return new Promise<T>((resolve, reject) => {
      pending.set(id, {
        message,
        reject,
        onReply: (reply) => {
          if (reply.type === 'error') {
            pending.delete(id);
            running.delete(id);
            reject(new Error(reply.message));
          } else settle(reply, resolve);
        },
      });
      (worker as Worker).postMessage(message);
    }).finally(() => {
      pending.delete(id);
      running.delete(id);
    });
  }

  /**
   * Ends an exploration still running: the worker is terminated. A count it held is sent again to
   * a new one: Stop ends the exploration, and the count of what is queued is still wanted (until
   * 2026-12-06 it was ended too, and the panel said the interleavings "could not be counted").
   */
  function stopRunning(reason: string): void {
    if (running.size === 0 || !worker) return;
    worker.terminate();
    worker = null;
    for (const [id, p] of pending) {
      if (!running.has(id)) continue;
      p.reject(new Error(reason));
      pending.delete(id);
    }
    running.clear();
    if (pending.size === 0) return;
    const next = spawn();
    worker = next;
    for (const p of pending.values()) next.postMessage(p.message);
  }

  return {
    cancel: () => stopRunning('stopped'),
    // A count replays the run; started at once it would take a core from the press that asked for
    // it (a Back at step 500 waited on it). It starts once the page is idle.
    count: async (request: ExploreRequest, sources?: LearnerSources) => {
      await whenIdle();
      if (sources === undefined && isCountedInPage(request.setup))
        return countEstimate(await loadSqlJsBrowser(), request, undefined, pageCache);
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
