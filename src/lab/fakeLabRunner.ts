// A lab store on a runner the test drives, for the lab store's unit tests.
import type { MetricsBucket } from '../engine/metrics';
import type { WorkloadConfig, WorkloadSummary } from '../engine/workload';
import type { LabRunner, RunListener, RunResult } from './labProtocol';
import { createLabStore } from './labStore';

/** A runner the test drives: each run waits until the test finishes or the store stops it. */
export function fakeRunner() {
  const runs: {
    config: WorkloadConfig;
    listener: RunListener;
    finish: (stopped?: boolean) => void;
    isStopped: boolean;
  }[] = [];
  const runner: LabRunner = {
    run(config, listener) {
      let resolve!: (r: RunResult) => void;
      const result = new Promise<RunResult>((r) => (resolve = r));
      const entry = {
        config,
        listener,
        isStopped: false,
        finish: (stopped = false) =>
          resolve({
            summary: summaryOf(config, stopped),
            series: [bucketAt(0)],
            analyticHitRate: 0.9,
          }),
      };
      runs.push(entry);
      return { result, stop: () => ((entry.isStopped = true), entry.finish(true)) };
    },
  };
  return { runner, runs };
}

export const bucketAt = (t: number) => ({ t, requests: 1 }) as MetricsBucket;
export const summaryOf = (config: WorkloadConfig, stopped: boolean) =>
  ({
    requests: 1,
    hitRate: config.ttl / 100,
    staleReadRate: 0,
    stopped,
    config,
  }) as WorkloadSummary;
export const flush = () => new Promise((r) => setTimeout(r, 0));

export function setup() {
  const fake = fakeRunner();
  let now = 0;
  const store = createLabStore({ runner: fake.runner, now: () => now });
  return { store, ...fake, advance: (ms: number) => (now += ms) };
}
