import type { StoreApi } from 'zustand/vanilla';
import type { MetricsBucket } from '../engine/metrics';
import type { YourPaths } from '../engine/programs/patterns';
import type { LearnerSources } from '../engine/programs/learner';
import type { Fault, WorkloadConfig, WorkloadSummary } from '../engine/workload';
import type { Refusal } from '../schema/fields';
import type { LabDraft } from './labConfig';
import type { LabRunner } from './labProtocol';

export type JobKind = 'run' | 'compare' | 'sweep';

/** What is running now. */
export interface JobProgress {
  job: JobKind;
  /** What the progress bar says is running. */
  label: string;
  /** Requests done in the run in flight, and how many it was asked for. */
  done: number;
  total: number;
  /** 0..1 of the whole job (a sweep counts all its runs). */
  fraction: number;
  /** Wall-clock ms left at the recent pace (see `timeLeft.ts`); null until that means something. */
  etaMs: number | null;
  isStopping: boolean;
  /** A large database's rows seeded so far, while it is seeded before the first request. */
  seeding: { seeded: number; total: number } | null;
}

/** One run as the lab keeps it: its config, the series streamed so far, and its summary once done. */
export interface LabRun {
  id: number;
  name: string;
  config: WorkloadConfig;
  series: MetricsBucket[];
  summary: WorkloadSummary | null;
  analyticHitRate: number | null;
  /** Which paths were the learner's own (absent: ours ran). */
  yours?: YourPaths;
}

export interface SweepPoint {
  ttl: number;
  /** Null when Redis answered no GET (see `WorkloadSummary.hitRate`). */
  hitRate: number | null;
  /** Null with no reads (see `WorkloadSummary.staleReadRate`). */
  staleReadRate: number | null;
  /** Null with no reads (see `analyticHitRate`). */
  analyticHitRate: number | null;
  /**
   * Where this TTL's run did not keep to the analytic model, from its own settings and counts
   * (`modelBreaks`), as the run summary's model row says them.
   */
  modelBreaks: string[];
}

export interface SweepResult {
  config: WorkloadConfig;
  ttls: number[];
  points: SweepPoint[];
  /** Which paths were the learner's own in the runs so far (absent: ours ran). */
  yours?: YourPaths;
  /** The requests each point ran, when fewer than asked (the learner's programs are capped). */
  requestsRan?: number;
}

export interface Notice {
  tone: 'info' | 'error';
  text: string;
  /** The refusals the alert lists under its text (the first few, then how many more). */
  refusals?: readonly Refusal[];
}

export const MAX_COMPARED = 4;

export interface LabState {
  draft: LabDraft;
  /**
   * Why the settings in the controls were refused, each naming its field (the control marked in
   * red): a control stays marked while it holds a value refused, whatever notice replaces the
   * refusal (a sweep, which does not read the TTL field, a file refused), and is checked again
   * as it is edited, so the mark goes once its value is valid. Settings refused from elsewhere
   * (a link, a file) mark none: the controls do not hold them, and their notice lists them.
   */
  errors: Refusal[];
  notice: Notice | null;
  progress: JobProgress | null;
  /** The run on the charts: the last one started with valid settings. */
  current: LabRun | null;
  comparison: LabRun[];
  sweep: SweepResult | null;
  /**
   * Which of the learner's paths run in the sandbox now, in place of ours: a cache-aside run
   * would run them (`runsLearnerPrograms`), so the settings only our paths act on say so.
   */
  learnerPaths: YourPaths;

  fieldEdited(field: Exclude<keyof LabDraft, 'faults'>, value: string): void;
  faultScheduled(fault: Fault): void;
  faultRemoved(index: number): void;
  /**
   * Runs the settings as typed; resolves to the summary, or to why there is none (the text of
   * the notice saying so: settings refused, a run in progress, the run failed).
   */
  runRequested(): Promise<WorkloadSummary | string>;
  stopRequested(): void;
  comparisonRequested(): Promise<void>;
  comparisonRemoved(id: number): void;
  /**
   * Replaces the comparison with one run per pattern of `COMPARED_PATTERNS` (labStore.ts), each
   * on the current settings and seed: the same workload under each pattern.
   */
  patternsCompared(): Promise<void>;
  comparisonCleared(): void;
  sweepRequested(ttlsText: string): Promise<void>;
  /** A configuration file was chosen: a bad one changes nothing but the notice. */
  configImported(fileName: string, content: string | { bytes: number }): boolean;
  /**
   * Settings arrived from outside (the URL, the automation API): checked, then put in the
   * controls. With `isTyped` (the automation API) a number must be a number, as `configure()`
   * and a settings file take it; a link's are text.
   */
  settingsLoaded(input: unknown, source: string, isTyped?: boolean): WorkloadConfig | null;
  /** The learner's programs in the sandbox changed (Run my version, Reset to ours). */
  learnerProgramsChanged(): void;
}

export type LabStoreApi = StoreApi<LabState>;

export interface LabDeps {
  runner: LabRunner;
  /** Wall-clock ms, for the time-left estimate. */
  now: () => number;
  /** Told of each config a run starts with (the page puts it in the URL). */
  onRunStarted?: (config: WorkloadConfig) => void;
  /** The learner's programs while "Run my version" has them in the sandbox (empty: ours). */
  learnerSources?: () => LearnerSources;
}
