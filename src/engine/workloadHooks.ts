import type { ConnectionFactory } from './cache';
import type { MetricsBucket } from './metrics';
import type { ProgramOverrides } from './programs/learner';
import type { Step } from './programs/types';

export interface WorkloadProgress {
  done: number;
  total: number;
  clockMs: number;
  /** Buckets closed since the last report. */
  buckets: MetricsBucket[];
}

export interface WorkloadHooks {
  /** Called every `progressEvery` requests; may return a promise (a Worker yields to its messages there). */
  onProgress?: (p: WorkloadProgress) => void | Promise<void>;
  progressEvery?: number;
  /**
   * Called after each slice of a large database's seeding (more than 10,000 rows, before the
   * first request), with the rows seeded so far; may return a promise, as `onProgress`.
   */
  onSeeding?: (p: { seeded: number; total: number }) => void | Promise<void>;
  /**
   * Called every {@link EVENTS_PER_CHECK} events between two reports; may return a promise. A
   * Worker yields to its messages there once a few ms of wall time have passed (which the
   * engine cannot know): 500 requests take tens of ms with Lua in their path, too long for Stop.
   */
  onCheck?: () => void | Promise<void>;
  /**
   * Checked at each progress report, after each `onCheck` and after each slice of the seeding:
   * true ends the run, keeping what ran (nothing, when it ends the seeding).
   */
  shouldStop?: () => boolean;
  /** Sees every step before it runs (the benchmark records the bare command sequence with it). */
  onStep?: (step: Step, actor: string) => void;
  /** Checks every hit's version hint against the value itself (tests). */
  verifyVersionHints?: boolean;
  /** Replaces the in-memory Redis (to run against another ioredis-compatible client). */
  connect?: ConnectionFactory;
  /**
   * Called before each event with its virtual time. A host running against a real server paces
   * the run with it (resolving once its wall clock reaches that time), so the server's own
   * clocks (TTLs, LRU, LFU decay) agree with virtual time; the engine itself never waits.
   */
  pace?: (virtualMs: number) => Promise<void> | undefined;
  /**
   * A learner's own read or write path instead of ours. A request whose program fails (it threw,
   * ran too long without a step, or asked for something that is not a step) ends the run with
   * that failure's message: a wrong program must not hide among thousands of requests.
   */
  programs?: ProgramOverrides;
}

/** Events between two calls of `onCheck`: a few dozen requests. */
export const EVENTS_PER_CHECK = 100;
