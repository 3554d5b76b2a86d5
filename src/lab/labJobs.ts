// One job at a time (a run, a comparison, a sweep) in the lab's runner: its runs reported into
// the store's progress, the learner's programs put in where they apply, and Stop.
import type { StoreApi } from 'zustand/vanilla';
import type { MetricsBucket } from '../engine/metrics';
import type { YourPaths } from '../engine/programs/patterns';
import type { WorkloadConfig } from '../engine/workload';
import { yourPathsOf, type LearnerSources } from '../engine/programs/learner';
import { errorMessage } from '../engine/errorMessage';
import { expectedRunSeconds } from './labConfig';
import { LEARNER_RUN_MAX_REQUESTS, runsLearnerPrograms } from './labPrograms';
import type { RunHandle, RunProgress, RunResult } from './labProtocol';
import type { JobKind, LabDeps, LabState, Notice } from './labState';
import { createRunPace, jobTimeLeftMs } from './timeLeft';

/**
 * The learner's programs replace cache-aside's read and write paths, so only a cache-aside run
 * uses them; such a run is capped at {@link LEARNER_RUN_MAX_REQUESTS} requests.
 */
export function withLearnerPrograms(
  config: WorkloadConfig,
  sources: LearnerSources,
): { config: WorkloadConfig; sources?: LearnerSources; note: string } {
  const isYours = sources.read !== undefined || sources.write !== undefined;
  if (!isYours || !runsLearnerPrograms(config.pattern)) return { config, note: '' };
  const fmt = (n: number) => n.toLocaleString('en-US');
  if (config.requests <= LEARNER_RUN_MAX_REQUESTS)
    return { config, sources, note: ' with your version of the programs' };
  return {
    config: { ...config, requests: LEARNER_RUN_MAX_REQUESTS },
    sources,
    note: ` with your version of the programs, capped at ${fmt(LEARNER_RUN_MAX_REQUESTS)} of the ${fmt(config.requests)} requests asked for: your code runs in QuickJS, a JavaScript interpreter, about three times slower than ours`,
  };
}

/**
 * Fraction of one run done: requests finished, or virtual time passed over the time the run's
 * arrivals span, whichever is further. With latencies far above the gaps between arrivals,
 * requests finish late, long after the clock has moved on: counted by requests alone, such a run
 * sat near 0 (and its time left was wrong) while most of its work was done. Time alone stops
 * short of the end, which the requests still in flight reach after the last arrival.
 */
function runFraction(config: WorkloadConfig, p: RunProgress): number {
  const byRequests = p.done / config.requests;
  const spanMs = expectedRunSeconds(config) * 1000;
  const byTime = spanMs > 0 ? Math.min(0.99, p.clockMs / spanMs) : 0;
  return Math.min(1, Math.max(byRequests, byTime));
}

/** The job in flight, as the store's actions start, end and stop it. */
export function createLabJobs(deps: LabDeps, set: StoreApi<LabState>['setState']) {
  let active: RunHandle | null = null;
  let stopRequested = false;
  /** Wall-clock start of the job in flight, for the time-left estimate. */
  let jobStart: number | null = null;

  /** Runs one config in the runner, reporting into `progress`; `part` places it in a multi-run job. */
  const execute = async (
    job: JobKind,
    label: string,
    config: WorkloadConfig,
    /** What new buckets change besides the progress (one `set`, so one render a report). */
    onBuckets: ((s: LabState, buckets: MetricsBucket[]) => Partial<LabState>) | null,
    onStart: ((analytic: number | null) => void) | null,
    part = { index: 0, of: 1 },
  ): Promise<RunResult & { yours?: YourPaths; ranConfig: WorkloadConfig; note: string }> => {
    const learner = withLearnerPrograms(config, deps.learnerSources?.() ?? {});
    config = learner.config;
    label += learner.note;
    const startedAt = deps.now();
    const startFraction = part.index / part.of;
    set({
      progress: {
        job,
        label,
        done: 0,
        total: config.requests,
        fraction: startFraction,
        etaMs: null,
        isStopping: stopRequested,
        seeding: null,
      },
    });
    const earlierRunsMs = startedAt - (jobStart ?? startedAt);
    // Paced by its progress reports only: a large database's seeding before them is not in it.
    const pace = createRunPace();
    active = deps.runner.run(
      config,
      {
        onStart: (analytic) => onStart?.(analytic),
        onSeeding: (seeded, total) => {
          set((s) => ({ progress: s.progress && { ...s.progress, seeding: { seeded, total } } }));
        },
        onProgress: (p) => {
          const done = runFraction(config, p);
          const fraction = startFraction + done / part.of;
          const now = deps.now();
          const etaMs = jobTimeLeftMs({
            runLeftMs: pace.report(now, done),
            runElapsedMs: now - startedAt,
            earlierRunsMs,
            part,
          });
          set((s) => ({
            ...(p.buckets.length && onBuckets ? onBuckets(s, p.buckets) : {}),
            progress: s.progress && {
              ...s.progress,
              done: p.done,
              seeding: null,
              fraction,
              etaMs,
            },
          }));
        },
      },
      learner.sources,
    );
    if (stopRequested) active.stop();
    try {
      const result = await active.result;
      // The config that ran: the learner's programs run capped (see `withLearnerPrograms`).
      const ran = { ...result, ranConfig: config, note: learner.note };
      return learner.sources ? { ...ran, yours: yourPathsOf(learner.sources) } : ran;
    } finally {
      active = null;
    }
  };
  const beginJob = (): void => {
    stopRequested = false;
    jobStart = deps.now();
  };
  const endJob = (notice: Notice | null): void => {
    jobStart = null;
    set({ progress: null, ...(notice ? { notice } : {}) });
  };
  const failJob = (e: unknown): string => {
    const text = `The run failed: ${errorMessage(e)}`;
    endJob({ tone: 'error', text });
    return text;
  };

  return {
    execute,
    beginJob,
    endJob,
    failJob,
    /** Whether Stop was pressed in the job in flight: a multi-run job starts no further run. */
    isStopRequested: () => stopRequested,
    /** Stops the run in flight, and the job's later runs. */
    stop: () => {
      stopRequested = true;
      active?.stop();
    },
  };
}
