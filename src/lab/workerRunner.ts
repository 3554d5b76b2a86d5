import type { WorkloadConfig } from '../engine/workload';
import type { FromWorker, LabRunner, RunListener, RunResult } from './labProtocol';

interface Pending {
  listener: RunListener;
  resolve: (r: RunResult) => void;
  reject: (e: Error) => void;
}

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
      return { result, stop: () => w.postMessage({ type: 'stop', runId }) };
    },
  };
}
