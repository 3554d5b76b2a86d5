import { createStore } from 'zustand/vanilla';
import type { Pattern } from '../engine/programs/patterns';
import { DEFAULT_WORKLOAD } from '../engine/workload';
import {
  checkConfig,
  checkTypedConfig,
  checkDraft,
  draftFromConfig,
  importedText,
  parseConfigFile,
  type LabDraft,
} from './labConfig';
import { refusalsText, type Refusal } from '../schema/fields';
import { yourPathsOf } from '../engine/programs/learner';
import { createLabJobs, withLearnerPrograms } from './labJobs';
import {
  MAX_COMPARED,
  type LabDeps,
  type LabRun,
  type LabState,
  type LabStoreApi,
  type Notice,
  type SweepPoint,
} from './labState';
import { requestsText, runEndedText } from './runNotice';
import { modelBreaks } from './modelBreaks';
import { runSpan } from '../engine/requestWindow';
import { parseTtlList } from './sweepTtls';
import { whatIsWrong } from './whatIsWrong';
import { keptText, marksOf, NO_ERRORS, remarked } from './refusalMarks';

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

    const jobs = createLabJobs(deps, set);
    const { execute, beginJob, endJob, failJob } = jobs;

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
        jobs.stop();
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
            if (jobs.isStopRequested() || result.summary.stopped) break;
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
          for (let i = 0; i < ttls.length && !jobs.isStopRequested(); i++) {
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
