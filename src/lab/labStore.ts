import { createStore, type StoreApi } from 'zustand/vanilla';
import type { MetricsBucket } from '../engine/metrics';
import type { Pattern, YourPaths } from '../engine/programs/patterns';
import {
  DEFAULT_WORKLOAD,
  type Fault,
  type WorkloadConfig,
  type WorkloadSummary,
} from '../engine/workload';
import {
  checkConfig,
  checkTypedConfig,
  checkDraft,
  draftFromConfig,
  expectedRunSeconds,
  importedText,
  parseConfigFile,
  type LabDraft,
} from './labConfig';
import { refusalsText, type Refusal } from '../schema/fields';
import type { LabRunner, RunHandle, RunProgress, RunResult } from './labProtocol';
import { yourPathsOf, type LearnerSources } from '../engine/programs/learner';
import { LEARNER_RUN_MAX_REQUESTS, runsLearnerPrograms } from './labPrograms';
import { requestsText, runEndedText } from './runNotice';
import { modelBreaks } from './modelBreaks';
import { runSpan } from '../engine/requestWindow';
import { createRunPace, jobTimeLeftMs } from './timeLeft';
import { errorMessage } from '../engine/errorMessage';
import { parseTtlList } from './sweepTtls';
import { whatIsWrong } from './whatIsWrong';

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
/**
 * No refusals, always the same array: every settings field selects `errors`, so a new empty
 * array on each Run would re-render all of them in the click's task.
 */
const NO_ERRORS: Refusal[] = [];

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
   * Replaces the comparison with one run per pattern of {@link COMPARED_PATTERNS}, each on the
   * current settings and seed: the same workload under each pattern.
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

/**
 * What the controls hold in place of refused settings, which they do not take: until 2026-12-07
 * a link's `ttl=abc` was refused beside a TTL field showing 60, with no word of which was in use.
 */
function keptText(refusals: readonly Refusal[], draft: LabDraft): string {
  const kept = [...new Set(refusals.map((r) => r.field))].flatMap((field) =>
    field !== null &&
    Object.hasOwn(draft, field) &&
    typeof draft[field as keyof LabDraft] === 'string'
      ? [`${field} ${draft[field as keyof LabDraft] as string}`]
      : [],
  );
  return kept.length ? ` The controls keep what they held: ${kept.join(', ')}.` : '';
}

export interface LabDeps {
  runner: LabRunner;
  /** Wall-clock ms, for the time-left estimate. */
  now: () => number;
  /** Told of each config a run starts with (the page puts it in the URL). */
  onRunStarted?: (config: WorkloadConfig) => void;
  /** The learner's programs while "Run my version" has them in the sandbox (empty: ours). */
  learnerSources?: () => LearnerSources;
}

/**
 * The learner's programs replace cache-aside's read and write paths, so only a cache-aside run
 * uses them; such a run is capped at {@link LEARNER_RUN_MAX_REQUESTS} requests.
 */
function withLearnerPrograms(
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

const LETTERS = ['A', 'B', 'C', 'D'];

/**
 * The patterns the lab compares side by side. Read-through is left out: it sends cache-aside's
 * very commands (only the sender differs), so its figures are cache-aside's.
 */
export const COMPARED_PATTERNS: readonly Pattern[] = [
  'cache-aside',
  'write-through',
  'write-behind',
  'refresh-ahead',
];

export function createLabStore(deps: LabDeps): LabStoreApi {
  let nextRunId = 1;
  let active: RunHandle | null = null;
  let stopRequested = false;
  /** Wall-clock start of the job in flight, for the time-left estimate. */
  let jobStart: number | null = null;

  return createStore<LabState>()((set, get) => {
    /** A new notice; the controls stay marked while they hold the values refused. */
    const say = (notice: Notice | null): void => set({ notice });
    // A refusal is said in the notice and handed back, so a caller reports this one (another
    // notice may replace it before the caller looks).
    const busyNotice = (): string => {
      const text = 'A run is in progress: stop it or wait for it to end.';
      say({ tone: 'error', text });
      return text;
    };

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

    /**
     * Refused settings: `marks` when they are the controls' (the controls they name are marked,
     * besides those still marked that this check did not read), else from outside (none).
     */
    const refuse = (
      refusals: Refusal[],
      what: string,
      marks: { unread?: string } | null,
      kept = '',
    ): string => {
      const text = `${what} refused: ${whatIsWrong(refusals)}.${kept} ${get().current ? 'The last run stays on screen.' : 'Nothing has run yet.'}`;
      set((s) => ({
        notice: { tone: 'error', text, refusals },
        ...(marks ? { errors: [...refusals, ...marksOf(s.errors, marks.unread)] } : {}),
      }));
      return text;
    };
    /** The marks a check that read every control but `unread` leaves: that one's, if any. */
    const marksOf = (errors: Refusal[], unread: string | undefined): Refusal[] =>
      unread === undefined || !errors.some((e) => e.field === unread)
        ? NO_ERRORS
        : errors.filter((e) => e.field === unread);
    /**
     * An edit checks a marked control again: its mark stays, saying what is wrong now, until its
     * value is valid (a control not marked is not checked as it is typed in).
     */
    const remarked = (errors: Refusal[], field: string, draft: LabDraft): Refusal[] => {
      if (!errors.some((e) => e.field === field)) return errors;
      const checked = checkDraft(draft);
      const now = checked.ok ? [] : checked.errors.filter((e) => e.field === field);
      const others = errors.filter((e) => e.field !== field);
      return now.length || others.length ? [...others, ...now] : NO_ERRORS;
    };

    return {
      draft: draftFromConfig(DEFAULT_WORKLOAD),
      errors: NO_ERRORS,
      notice: null,
      progress: null,
      current: null,
      comparison: [],
      sweep: null,
      learnerPaths: yourPathsOf(deps.learnerSources?.() ?? {}),

      fieldEdited: (field, value) =>
        set((s) => {
          const draft = { ...s.draft, [field]: value };
          return { draft, errors: remarked(s.errors, field, draft) };
        }),
      faultScheduled: (fault) =>
        set((s) => {
          const draft = {
            ...s.draft,
            faults: [...s.draft.faults, fault].sort((a, b) => a.startSeconds - b.startSeconds),
          };
          return { draft, errors: remarked(s.errors, 'faults', draft) };
        }),
      faultRemoved: (index) =>
        set((s) => {
          const draft = { ...s.draft, faults: s.draft.faults.filter((_, i) => i !== index) };
          return { draft, errors: remarked(s.errors, 'faults', draft) };
        }),

      runRequested: async () => {
        if (get().progress) return busyNotice();
        const checked = checkDraft(get().draft);
        if (!checked.ok) return refuse(checked.errors, 'Run', {});
        const { config } = checked;
        // Whose programs it runs, kept with it: the results say so once the sandbox's change.
        const runs = withLearnerPrograms(config, deps.learnerSources?.() ?? {});
        const run: LabRun = {
          id: nextRunId++,
          name: 'Run',
          config,
          series: [],
          summary: null,
          analyticHitRate: null,
          ...(runs.sources ? { yours: yourPathsOf(runs.sources) } : {}),
        };
        const update = (patch: Partial<LabRun>): void =>
          set((s) => (s.current?.id === run.id ? { current: { ...s.current, ...patch } } : {}));
        set({ errors: NO_ERRORS, notice: null, current: run });
        deps.onRunStarted?.(config);
        beginJob();
        try {
          const result = await execute(
            'run',
            `Running ${requestsText(config.requests)}`,
            config,
            (s, buckets) =>
              s.current?.id === run.id
                ? { current: { ...s.current, series: s.current.series.concat(buckets) } }
                : {},
            (analytic) => update({ analyticHitRate: analytic }),
          );
          update({
            series: result.series,
            summary: result.summary,
            analyticHitRate: result.analyticHitRate,
          });
          const { summary } = result;
          const learner = withLearnerPrograms(config, deps.learnerSources?.() ?? {});
          endJob({
            tone: 'info',
            text: runEndedText(summary, {
              note: learner.note,
              isLearnerRun: learner.sources !== undefined,
            }),
          });
          return summary;
        } catch (e) {
          return failJob(e);
        }
      },

      stopRequested: () => {
        if (!get().progress) return;
        stopRequested = true;
        active?.stop();
        set((s) => ({ progress: s.progress && { ...s.progress, isStopping: true } }));
      },

      comparisonRequested: async () => {
        if (get().progress) return void busyNotice();
        const taken = new Set(get().comparison.map((r) => r.name));
        const name = LETTERS.find((l) => !taken.has(l));
        if (!name) {
          say({
            tone: 'error',
            text: `Up to ${MAX_COMPARED} configurations can be compared: remove one first.`,
          });
          return;
        }
        const checked = checkDraft(get().draft);
        if (!checked.ok) return void refuse(checked.errors, 'Comparison run', {});
        const { config } = checked;
        set({ errors: NO_ERRORS, notice: null });
        beginJob();
        try {
          const result = await execute(
            'compare',
            `Comparing: configuration ${name}`,
            config,
            null,
            null,
          );
          const run: LabRun = {
            id: nextRunId++,
            name,
            config: result.ranConfig,
            series: result.series,
            summary: result.summary,
            ...(result.yours ? { yours: result.yours } : {}),
            analyticHitRate: result.analyticHitRate,
          };
          set((s) => ({
            comparison: [...s.comparison, run].sort((a, b) => a.name.localeCompare(b.name)),
          }));
          endJob({
            tone: 'info',
            text: `Configuration ${name} ${result.summary.stopped ? 'stopped early and ' : ''}added to the comparison.`,
          });
        } catch (e) {
          failJob(e);
        }
      },
      patternsCompared: async () => {
        if (get().progress) return void busyNotice();
        const checked = checkDraft(get().draft);
        if (!checked.ok) return void refuse(checked.errors, 'Pattern comparison', {});
        set({ errors: NO_ERRORS, notice: null, comparison: [] });
        beginJob();
        try {
          const runs: LabRun[] = [];
          for (const [index, pattern] of COMPARED_PATTERNS.entries()) {
            const config = { ...checked.config, pattern };
            const result = await execute(
              'compare',
              `Comparing patterns: ${pattern}`,
              config,
              null,
              null,
              { index, of: COMPARED_PATTERNS.length },
            );
            runs.push({
              id: nextRunId++,
              name: LETTERS[index],
              config: result.ranConfig,
              series: result.series,
              summary: result.summary,
              ...(result.yours ? { yours: result.yours } : {}),
              analyticHitRate: result.analyticHitRate,
            });
            set({ comparison: [...runs] });
            if (stopRequested || result.summary.stopped) break;
          }
          const isComplete =
            runs.length === COMPARED_PATTERNS.length && !runs.some((r) => r.summary?.stopped);
          endJob({
            tone: 'info',
            text: isComplete
              ? `${runs.length} patterns compared on the same seeded workload.`
              : `Pattern comparison stopped: ${runs.filter((r) => !r.summary?.stopped).length} of ${COMPARED_PATTERNS.length} patterns ran in full; a run stopped early is marked and is not comparable.`,
          });
        } catch (e) {
          failJob(e);
        }
      },
      comparisonRemoved: (id) =>
        set((s) => ({ comparison: s.comparison.filter((r) => r.id !== id) })),
      comparisonCleared: () => set({ comparison: [] }),

      sweepRequested: async (ttlsText) => {
        if (get().progress) return void busyNotice();
        const parsed = parseTtlList(ttlsText);
        if ('error' in parsed) {
          say({ tone: 'error', text: `Sweep refused: ${parsed.error}.` });
          return;
        }
        const { ttls } = parsed;
        // The sweep replaces the TTL: the TTL field (even half typed) is no reason to refuse it.
        const checked = checkDraft({ ...get().draft, ttl: String(ttls[0]) });
        if (!checked.ok) return void refuse(checked.errors, 'Sweep', { unread: 'ttl' });
        const base = checked.config;
        for (const ttl of ttls) {
          const c = checkConfig({ ...base, ttl });
          if (!c.ok) return void refuse(c.errors, 'Sweep', null);
        }
        // Every control but the TTL field is valid: only that one may stay marked.
        set((s) => ({
          errors: marksOf(s.errors, 'ttl'),
          notice: null,
          sweep: { config: base, ttls, points: [] },
        }));
        beginJob();
        // What the runs said of the learner's programs ("with your version ..., capped ..."),
        // for the closing notice, as a run's says it.
        let note = '';
        try {
          for (let i = 0; i < ttls.length && !stopRequested; i++) {
            const result = await execute(
              'sweep',
              `Sweep: TTL ${ttls[i]} s (${i + 1} of ${ttls.length})`,
              { ...base, ttl: ttls[i] },
              null,
              null,
              { index: i, of: ttls.length },
            );
            if (result.summary.stopped) break;
            note = result.note;
            const ran = {
              ...(result.yours ? { yours: result.yours } : {}),
              ...(result.ranConfig.requests < base.requests
                ? { requestsRan: result.ranConfig.requests }
                : {}),
            };
            const { summary } = result;
            const point: SweepPoint = {
              ttl: ttls[i],
              hitRate: summary.hitRate,
              staleReadRate: summary.staleReadRate,
              analyticHitRate: result.analyticHitRate,
              modelBreaks: modelBreaks(
                summary.config,
                result.yours,
                summary,
                // A run in which no request arrived has no span to compare with the TTL.
                summary.requestWindow ? runSpan(summary).windowSeconds : null,
              ),
            };
            set((s) => ({
              sweep: s.sweep && { ...s.sweep, ...ran, points: [...s.sweep.points, point] },
            }));
          }
          const n = get().sweep?.points.length ?? 0;
          endJob({
            tone: 'info',
            text:
              n === ttls.length
                ? `Sweep finished${note}: ${n} TTLs.`
                : `Sweep stopped after ${n} of ${ttls.length} TTLs${note}.`,
          });
        } catch (e) {
          failJob(e);
        }
      },

      configImported: (fileName, content) => {
        const checked = parseConfigFile(content);
        if (!checked.ok) {
          // The file's refusals name settings the controls do not hold: they are in the text.
          say({
            tone: 'error',
            text: `Could not import ${fileName}: ${refusalsText(checked.errors)}. Nothing was changed.`,
          });
          return false;
        }
        // A file sets what it names: the controls it leaves out keep what they hold (a value
        // refused included, still marked). Read as every default, `{"ttl": 3}` reset them all.
        const named = new Set<string>(checked.named);
        const fromFile = draftFromConfig(checked.config);
        set((s) => ({
          draft: Object.fromEntries(
            Object.entries(s.draft).map(([k, v]) => [
              k,
              named.has(k) ? fromFile[k as keyof LabDraft] : v,
            ]),
          ) as LabDraft,
          errors: s.errors.some((e) => e.field !== null && named.has(e.field))
            ? s.errors.filter((e) => e.field === null || !named.has(e.field))
            : s.errors,
          notice: { tone: 'info', text: importedText(fileName, checked.named) },
        }));
        return true;
      },

      settingsLoaded: (input, source, isTyped = false) => {
        const checked = isTyped ? checkTypedConfig(input) : checkConfig(input);
        if (!checked.ok) {
          refuse(
            checked.errors,
            `Settings from ${source}`,
            null,
            keptText(checked.errors, get().draft),
          );
          return null;
        }
        set({ draft: draftFromConfig(checked.config), errors: NO_ERRORS });
        return checked.config;
      },

      learnerProgramsChanged: () => {
        const paths = yourPathsOf(deps.learnerSources?.() ?? {});
        const { learnerPaths } = get();
        // The same object while nothing changed: every choice control selects it.
        if (paths.read !== learnerPaths.read || paths.write !== learnerPaths.write)
          set({ learnerPaths: paths });
      },
    };
  });
}
