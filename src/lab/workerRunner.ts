import type { WorkloadConfig } from '../engine/workload';
import type { FromWorker, LabRunner, RunListener, RunResult } from './labProtocol';

interface Pending {
  listener: RunListener;
  resolve: (r: RunResult) => void;
  reject: (e: Error) => void;
}

/** How long a run may take to end after Stop before its worker is ended instead. */
export const STOP_GRACE_MS = 5_000;

/**
 * A runner over one lab Web Worker, created on the first run. Runs queue in the worker in the
 * order they were asked for; the lab's store asks for one at a time.
 */
export function createWorkerRunner(): LabRunner {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const ensureWorker = (): Worker => {
    if (worker) return worker;
    worker = new Worker(new URL('./labWorker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const m = event.data;
      const p = pending.get(m.runId);
      if (!p) return;
      if (m.type === 'started') p.listener.onStart(m.analyticHitRate);
      else if (m.type === 'seeding') p.listener.onSeeding?.(m.seeded, m.total);
      else if (m.type === 'progress')
        p.listener.onProgress({
          done: m.done,
          total: m.total,
          clockMs: m.clockMs,
          buckets: m.buckets,
        });
      else {
        pending.delete(m.runId);
        if (m.type === 'done')
          p.resolve({
            summary: m.summary,
            series: m.series,
            analyticHitRate: m.analyticHitRate,
          });
        else p.reject(new Error(m.message));
      }
    };
    worker.onerror = (event) => {
      const error = new Error(`the lab worker failed: ${event.message || 'unknown error'}`);
      for (const p of pending.values()) p.reject(error);
      pending.clear();
      worker?.terminate();
      worker = undefined;
    };
    return worker;
  };

  return {
    run(config: WorkloadConfig, listener, sources) {
      const runId = nextId++;
      const w = ensureWorker();
      const result = new Promise<RunResult>((resolve, reject) => {
        pending.set(runId, { listener, resolve, reject });
      });
      w.postMessage({ type: 'run', runId, config, ...(sources ? { sources } : {}) });
      let isStopAsked = false;
      const stop = (): void => {
        w.postMessage({ type: 'stop', runId });
        if (isStopAsked) return;
        isStopAsked = true;
        // A worker heeds Stop between requests. One held inside a single call (a builtin of a
        // learner's code that never polls) would leave the lab "Stopping" and every later run
        // queued behind it: ended here instead, and the next run starts a fresh worker.
        setTimeout(() => {
          if (!pending.has(runId) || worker !== w) return;
          const error = new Error(
            `the lab's worker did not stop within ${STOP_GRACE_MS / 1000} s of Stop (one call of the code it ran held it), so it was ended; the next run starts a new one`,
          );
          for (const p of pending.values()) p.reject(error);
          pending.clear();
          w.terminate();
          worker = undefined;
        }, STOP_GRACE_MS);
      };
      return { result, stop };
    },
  };
}
