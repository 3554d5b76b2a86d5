import type { MetricsBucket } from '../engine/metrics';
import type { LearnerSources } from '../engine/programs/learner';
import type { WorkloadConfig, WorkloadSummary } from '../engine/workload';

/** Messages the page sends the lab worker. */
export type ToWorker =
  | {
      type: 'run';
      runId: number;
      config: WorkloadConfig;
      /** The learner's programs instead of ours (compiled in the worker's QuickJS). */
      sources?: LearnerSources;
    }
  | { type: 'stop'; runId: number };

/** Messages the lab worker sends back. Buckets arrive in order, each run's exactly once. */
export type FromWorker =
  | { type: 'started'; runId: number; analyticHitRate: number | null }
  /** A large database's rows seeded so far, before the first request (see `onSeeding`). */
  | { type: 'seeding'; runId: number; seeded: number; total: number }
  | {
      type: 'progress';
      runId: number;
      done: number;
      total: number;
      clockMs: number;
      buckets: MetricsBucket[];
    }
  | {
      type: 'done';
      runId: number;
      summary: WorkloadSummary;
      series: MetricsBucket[];
      analyticHitRate: number | null;
    }
  | { type: 'error'; runId: number; message: string };

/** One run's result: the CLI's summary and the bucketed series. */
export interface RunResult {
  summary: WorkloadSummary;
  series: MetricsBucket[];
  /**
   * Steady-state hit rate a TTL cache would have for this popularity and read rate (no writes, no
   * eviction); null when the run has no reads.
   */
  analyticHitRate: number | null;
}

export interface RunProgress {
  done: number;
  total: number;
  clockMs: number;
  /** Buckets closed since the previous report. */
  buckets: MetricsBucket[];
}

/** Runs workloads somewhere off the main thread; the store knows only this. */
export interface LabRunner {
  run(config: WorkloadConfig, listener: RunListener, sources?: LearnerSources): RunHandle;
}

export interface RunListener {
  /** The run began; the analytic hit rate is known before any request. */
  onStart(analyticHitRate: number | null): void;
  /** The rows of a large database seeded so far (it is seeded before the first request). */
  onSeeding?(seeded: number, total: number): void;
  onProgress(p: RunProgress): void;
}

export interface RunHandle {
  result: Promise<RunResult>;
  /** Ends the run at its next progress report (or slice of the seeding), keeping what ran. */
  stop(): void;
}
