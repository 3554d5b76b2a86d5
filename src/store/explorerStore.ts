import { createStore, type StoreApi } from 'zustand/vanilla';
import type { InvalidationSource } from '../engine/changeFeed';
import type { InterleavingCount } from '../engine/interleavingCount';
import type {
  ExploreRequest,
  ExploreResult,
  ExploredInterleaving,
} from '../engine/interleavingGrid';
import type { ReadMitigation, WritePolicy } from '../engine/programs/catalog';
import { yourPathsOf, type LearnerSources } from '../engine/programs/learner';
import {
  effectiveMitigation,
  settingsInUse,
  type Pattern,
  type YourPaths,
} from '../engine/programs/patterns';
import type { SimAction } from '../engine/simAction';
import { findScenario } from '../scenarios';
import { toSimConfig, type SandboxConfig } from './sandboxConfig';
import { mergeConfig } from './sandboxSchema';
import type { SandboxStore, SandboxStoreApi } from './sandboxStore';
import type { RunCut } from './sandboxState';
import {
  exploreLimitSchema,
  exploreOptionsSchema,
  MAX_EXPLORE_LIMIT,
  requireArgument,
} from './apiArguments';
import { errorMessage } from '../engine/errorMessage';

/** Where explorations run: a Web Worker in the page, the same thread in unit tests. */
export interface ExploreRunner {
  count(request: ExploreRequest, sources?: LearnerSources): Promise<InterleavingCount>;
  explore(
    request: ExploreRequest,
    onProgress: (done: number, of: number) => void,
    sources?: LearnerSources,
  ): Promise<ExploreResult>;
  /** Ends the exploration running now, if any (its promise rejects). */
  cancel?(): void;
}

/** The settings an exploration may change for itself (the API's overrides). */
export interface ExploreSettings {
  writePolicy: WritePolicy;
  readMitigation: ReadMitigation;
  /** `cdc`: the writer only UPDATEs and the change log's consumer is one more actor to schedule. */
  invalidation: InvalidationSource;
}

const settingsOf = (config: SandboxConfig): ExploreSettings => ({
  writePolicy: config.writePolicy,
  readMitigation: config.readMitigation,
  invalidation: config.invalidation,
});

const sameSettings = (a: ExploreSettings, b: ExploreSettings): boolean =>
  a.writePolicy === b.writePolicy &&
  a.readMitigation === b.readMitigation &&
  a.invalidation === b.invalidation;

/**
 * Whether two settings run the same programs under `pattern` (see `settingsInUse`): a change of a
 * setting that takes no part (the write policy under cdc, both under write-through, a mitigation
 * whose consumer sends the same DEL) replaces its cost row instead of adding one that reads the
 * same.
 */
const sameInUse = (
  pattern: Pattern,
  a: ExploreSettings,
  b: ExploreSettings,
  yours: YourPaths,
): boolean =>
  a.invalidation === b.invalidation &&
  (!settingsInUse(pattern, a.invalidation, yours).writePolicy || a.writePolicy === b.writePolicy) &&
  effectiveMitigation(pattern, a.invalidation, a.readMitigation, yours) ===
    effectiveMitigation(pattern, b.invalidation, b.readMitigation, yours);

/** What an exploration started from: enough to load one of its interleavings later. */
export interface ExploreBasis {
  /** The sandbox's timeline position the requests were queued at. */
  cursor: number;
  /** The scenario the sandbox was in (null: free play): the summary says when it left it. */
  scenarioId: string | null;
  /** The newest of the sandbox's `runCuts` then (0: none): the later ones came after the grid. */
  cutSerial: number;
  setup: SimAction[];
  /** The caching pattern the runs used (part of `requestsKey`; the summary names it). */
  pattern: Pattern;
  settings: ExploreSettings;
  /** The setup and every setting but those above, to tell when the queued requests changed. */
  requestsKey: string;
  /** The learner's programs the runs used (empty: ours). */
  sources: LearnerSources;
  /** The change log's chances the runs used (under cdc the summary names them). */
  changeFeed: { cdcReorder: number; cdcLoss: number };
}

/** What each explored setting cost for the same queued requests (newest last). */
export interface SettingCost {
  /** The caching pattern the runs used: a row per pattern tried, as per write policy. */
  pattern: Pattern;
  settings: ExploreSettings;
  /** The runs used the learner's programs, not ours. */
  isYours: boolean;
  /** Which of the paths were the learner's. */
  yours: YourPaths;
  /**
   * Which version of the learner's code ran (1 for the first explored, 2 for the next different
   * one ...), 0 for ours: two versions of your code under the same settings keep a row each.
   */
  version: number;
  total: number;
  sampled: boolean;
  outcomes: ExploreResult['outcomes'];
  /** Means over the interleavings run. */
  dbReads: number;
  roundTrips: number;
}

export const DEFAULT_EXPLORE_LIMIT = 300;
export { MAX_EXPLORE_LIMIT };

export interface ExplorerState {
  status: 'idle' | 'running' | 'done' | 'failed';
  /** The interleavings of what is queued now, counted before running (null: not counted yet). */
  count: (InterleavingCount & { requestsKey: string }) | null;
  /**
   * What the count is doing: `none` when nothing is queued, `counting` until the newest count of
   * what is queued arrives (the count shown, if any, is of what was queued before), `counted`.
   */
  countStatus: 'none' | 'counting' | 'counted' | 'failed';
  progress: { done: number; of: number } | null;
  /** The newest exploration was stopped before it finished (the grid shown, if any, is older). */
  isStopped: boolean;
  result: ExploreResult | null;
  basis: ExploreBasis | null;
  costs: SettingCost[];
  limit: number;
  error: string | null;
  /** The learner's programs, while they run in the sandbox instead of ours (empty: ours). */
  sources: LearnerSources;
}

export interface ExplorerActions {
  /** Explores the requests queued now; resolves to the result (rejects with the reason). */
  explore(overrides?: Partial<ExploreSettings> & { limit?: number }): Promise<ExploreResult>;
  /** Loads the grid's `index`th interleaving into the sandbox at its first step. */
  load(index: number): Promise<boolean>;
  setLimit(limit: number): void;
  /** Stops the exploration running now: the grid shown before it (if any) stays. */
  stop(): void;
  /**
   * The learner's programs now run in the sandbox (empty: ours again): explorations use them too,
   * and a grid on screen is explored again with them.
   */
  useSources(sources: LearnerSources): void;
}

export type ExplorerStore = ExplorerState & ExplorerActions;
export type ExplorerStoreApi = StoreApi<ExplorerStore>;

/**
 * Whether the sandbox has left the requests a grid explored: an input since Back replaced the
 * steps the grid's run had (Back alone keeps them to redo).
 */
export function hasLeftBasis(
  s: SandboxStore,
  basis: Pick<ExploreBasis, 'cursor' | 'setup'>,
): boolean {
  return basis.cursor > s.timeline.length || setupJsonOf(s, basis.cursor) !== jsonOf(basis.setup);
}

/**
 * What took away the requests a grid explored, once the sandbox has left them: the newest change
 * since the grid that dropped entries it ran from (kept fewer than it, or opened another
 * scenario). Null when none is on record (more changes since than the sandbox keeps).
 */
export function basisLeftBy(
  s: SandboxStore,
  basis: Pick<ExploreBasis, 'cursor' | 'scenarioId' | 'cutSerial'>,
): RunCut | null {
  return (
    s.runCuts.findLast(
      (c) =>
        c.serial > basis.cutSerial && (c.kept < basis.cursor || c.scenarioId !== basis.scenarioId),
    ) ?? null
  );
}

/** What the sandbox has done so far, as engine actions: what each explored run starts from. */
function setupOf(s: SandboxStore, cursor = s.cursor): SimAction[] {
  const sc = s.scenarioId === null ? undefined : findScenario(s.scenarioId);
  return [...(sc?.setup ?? []), ...s.timeline.slice(0, cursor).flatMap((e) => e.actions)];
}

/**
 * Each entry's actions as JSON (its items, without the brackets), written once: a setup's JSON is
 * joined from them. Before, every Back and Step wrote the whole setup out three times, 1.2 MB each
 * beside 10,000 keys and a 1 MB value set from the console (about 0.1 s of the page's thread).
 */
const itemsJson = new WeakMap<readonly SimAction[], string>();

const itemsOf = (actions: readonly SimAction[]): string => {
  let json = itemsJson.get(actions);
  if (json === undefined) {
    json = JSON.stringify(actions).slice(1, -1);
    itemsJson.set(actions, json);
  }
  return json;
};

/** `JSON.stringify(actions)`, from the kept JSON of each entry's actions. */
const jsonOf = (actions: readonly SimAction[]): string => `[${itemsOf(actions)}]`;

/** `JSON.stringify(setupOf(s, cursor))`, joined from each entry's kept JSON. */
function setupJsonOf(s: SandboxStore, cursor = s.cursor): string {
  const sc = s.scenarioId === null ? undefined : findScenario(s.scenarioId);
  const parts = [sc?.setup ?? [], ...s.timeline.slice(0, cursor).map((e) => e.actions)]
    .map(itemsOf)
    .filter((json) => json !== '');
  return `[${parts.join(',')}]`;
}

/** The requests' key: the config without the write-side settings, and the setup (as JSON). */
function requestsKeyOf(config: SandboxConfig, setupJson: string): string {
  // `setup` is the last property: its JSON goes where the placeholder's `0` was.
  const head = JSON.stringify({
    ...config,
    writePolicy: null,
    readMitigation: null,
    invalidation: null,
    setup: 0,
  });
  return `${head.slice(0, -2)}${setupJson}}`;
}

/**
 * A requests key with the pattern left out: the same requests under another pattern keep the
 * cost table's rows, so the patterns can be compared side by side, as the write policies are.
 */
const requestsBesidePattern = (key: string): string =>
  JSON.stringify({ ...(JSON.parse(key) as Record<string, unknown>), pattern: null });

/** The config fields two requests keys differ in (the setup aside), by name. */
function changedSettings(explored: string, now: string): string[] {
  const a = JSON.parse(explored) as Record<string, unknown>;
  const b = JSON.parse(now) as Record<string, unknown>;
  return Object.keys({ ...a, ...b }).filter(
    (k) => k !== 'setup' && JSON.stringify(a[k]) !== JSON.stringify(b[k]),
  );
}

/** Whether any actor has a request running or queued. */
const hasQueued = (s: SandboxStore): boolean =>
  (s.snapshot?.actors ?? []).some((a) => a.task !== null || a.queued > 0);

const mean = (runs: readonly ExploredInterleaving[], f: (r: ExploredInterleaving) => number) =>
  runs.length === 0 ? 0 : runs.reduce((sum, r) => sum + f(r), 0) / runs.length;

/** Whether an exploration ran the learner's programs. */
export const isYours = (sources: LearnerSources): boolean =>
  sources.read !== undefined || sources.write !== undefined;

const sameSources = (a: LearnerSources, b: LearnerSources): boolean =>
  a.read === b.read && a.write === b.write;

/**
 * The interleaving explorer beside the sandbox: it counts what the queued requests could do,
 * explores every schedule (or a seeded sample) through `runner`, re-explores when the learner
 * changes the write policy, read mitigation or invalidation source, and loads a chosen
 * interleaving for Step.
 */
export function createExplorerStore(
  sandbox: SandboxStoreApi,
  runner: ExploreRunner,
  /**
   * When to look at a sandbox change (default: at once). The page defers it to an idle moment:
   * the run's actions gathered and keyed cost a Back at step 500 tens of ms before its frame.
   */
  defer: (look: () => void) => void = (look) => look(),
): ExplorerStoreApi {
  let runId = 0;
  /** Each distinct version of the learner's code explored, numbered in the order first seen. */
  const versions = new Map<string, number>();
  const versionOf = (sources: LearnerSources): number => {
    if (!isYours(sources)) return 0;
    const key = JSON.stringify([sources.read ?? null, sources.write ?? null]);
    let n = versions.get(key);
    if (n === undefined) versions.set(key, (n = versions.size + 1));
    return n;
  };
  let countId = 0;
  /** The basis of the exploration under way (null when none runs). */
  let underWay: ExploreBasis | null = null;
  /**
   * The grid a change of settings or programs must follow: the one on screen, or the one under
   * way, which would otherwise finish under what the learner has just changed.
   */
  const followedBasis = (): ExploreBasis | null => {
    const { status, basis } = store.getState();
    return status === 'running' ? underWay : status === 'done' ? basis : null;
  };
  const store = createStore<ExplorerStore>()((set, get) => ({
    status: 'idle',
    count: null,
    countStatus: 'none',
    progress: null,
    isStopped: false,
    result: null,
    basis: null,
    costs: [],
    limit: DEFAULT_EXPLORE_LIMIT,
    error: null,
    sources: {},

    explore: async (overrides = {}) => {
      const options = requireArgument('explore', 'options', exploreOptionsSchema, overrides);
      const s = sandbox.getState();
      if (s.status !== 'ready') throw new Error('the sandbox is still loading');
      if (!hasQueued(s))
        throw new Error('Nothing is queued: start a read or a write (or both) first.');
      const { limit: asked, ...settingsPatch } = options;
      const limit = asked ?? get().limit;
      const merged = mergeConfig(s.config, settingsPatch);
      if ('error' in merged) throw new Error(merged.error);
      const config = merged.config;
      const setup = setupOf(s);
      const basis: ExploreBasis = {
        cursor: s.cursor,
        scenarioId: s.scenarioId,
        cutSerial: s.runCuts.at(-1)?.serial ?? 0,
        setup,
        pattern: config.pattern,
        settings: settingsOf(config),
        requestsKey: requestsKeyOf(config, jsonOf(setup)),
        sources: get().sources,
        changeFeed: { cdcReorder: config.cdcReorder, cdcLoss: config.cdcLoss },
      };
      const id = ++runId;
      underWay = basis;
      set({ status: 'running', progress: null, isStopped: false, error: null, limit });
      try {
        const result = await runner.explore(
          { config: toSimConfig(config), setup, limit, sampleSeed: config.seed },
          (done, of) => {
            if (id === runId) set({ progress: { done, of } });
          },
          isYours(basis.sources) ? basis.sources : undefined,
        );
        if (id !== runId) return result;
        const version = versionOf(basis.sources);
        const shown = get().basis;
        const previous = get().costs.filter(
          (c) =>
            shown !== null &&
            requestsBesidePattern(shown.requestsKey) === requestsBesidePattern(basis.requestsKey) &&
            (c.pattern !== basis.pattern ||
              !sameInUse(basis.pattern, c.settings, basis.settings, yourPathsOf(basis.sources)) ||
              c.version !== version),
        );
        const cost: SettingCost = {
          pattern: basis.pattern,
          settings: basis.settings,
          isYours: isYours(basis.sources),
          yours: yourPathsOf(basis.sources),
          version,
          total: result.total,
          sampled: result.sampled,
          outcomes: result.outcomes,
          dbReads: mean(result.interleavings, (r) => r.dbReads),
          roundTrips: mean(result.interleavings, (r) => r.roundTrips),
        };
        set({
          status: 'done',
          result,
          basis,
          progress: null,
          costs: [...previous, cost],
        });
        return result;
      } catch (e) {
        if (id === runId) set({ status: 'failed', error: errorMessage(e), progress: null });
        throw e;
      }
    },

    load: async (index) => {
      const { result, basis } = get();
      const run = result?.interleavings[index];
      if (!run || !basis) return false;
      const sb = sandbox.getState();
      // Back since the exploration keeps its steps to redo: the setup is still there to load.
      if (hasLeftBasis(sb, basis)) {
        sb.notifyAboutRun(
          'The sandbox has moved on from the requests this grid explored: explore again to load one.',
          'error',
        );
        return false;
      }
      // Any other setting (the pattern, TTL, seed, scheduler ...) changes what a schedule does:
      // loaded under it, the cell's outcome would not be what Step shows.
      const changed = changedSettings(
        basis.requestsKey,
        requestsKeyOf(sb.config, jsonOf(basis.setup)),
      );
      if (changed.length > 0) {
        sb.notifyAboutRun(
          `This grid was explored under other settings (${changed.join(', ')} changed since): explore again to load one.`,
          'error',
        );
        return false;
      }
      if (!sameSources(basis.sources, get().sources)) {
        sb.notifyAboutRun(
          'This grid was explored with other programs than the sandbox runs now: explore again to load one.',
          'error',
        );
        return false;
      }
      if (!sameSettings(settingsOf(sb.config), basis.settings)) {
        // Back since: a setting changed drops the steps to redo, the grid's requests among them
        // (the cell then loaded nothing, said nothing, and the run was gone). Forward to the
        // grid's entries first: the steps after them are the ones the schedule replaces.
        if (sb.cursor < basis.cursor && !(await sb.loadSchedule(basis.cursor, []))) return false;
        const error = await sb.configure({ ...basis.settings });
        if (error !== null) return false;
      }
      return sandbox.getState().loadSchedule(basis.cursor, run.schedule);
    },

    stop: () => {
      if (get().status !== 'running') return;
      // The run's own promise then settles unseen: its id is no longer the newest.
      runId++;
      runner.cancel?.();
      set({ status: get().result === null ? 'idle' : 'done', progress: null, isStopped: true });
    },

    setLimit: (limit) => {
      if (exploreLimitSchema.safeParse(limit).success) set({ limit });
    },

    useSources: (next) => {
      const sources: LearnerSources = {
        ...(next.read === undefined ? {} : { read: next.read }),
        ...(next.write === undefined ? {} : { write: next.write }),
      };
      if (sameSources(sources, get().sources)) return;
      set({ sources });
      // Other programs take other steps: count again, and explore a grid on screen (or under way)
      // again.
      lastKey = '';
      const s = sandbox.getState();
      recount(s);
      if (followedBasis() !== null && s.status === 'ready' && hasQueued(s))
        void get()
          .explore()
          .catch(() => undefined);
    },
  }));

  /**
   * One count at a time: each replays the run in a fresh simulation, so while one runs, later
   * changes wait and only the newest of them is counted (Step pressed faster than a count takes
   * would otherwise queue a replay per press, each stale before it starts).
   */
  let isCounting = false;
  let waitingCount: (() => void) | null = null;

  function recount(s: SandboxStore, requestsKey = requestsKeyOf(s.config, setupJsonOf(s))): void {
    if (s.status !== 'ready' || !s.snapshot) return;
    const setup = setupOf(s);
    if (!hasQueued(s)) {
      countId++;
      waitingCount = null;
      store.setState({ count: null, countStatus: 'none' });
      return;
    }
    const id = ++countId;
    store.setState({ countStatus: 'counting' });
    const { sources } = store.getState();
    const request = { config: toSimConfig(s.config), setup, limit: 1 };
    const start = (): void => {
      isCounting = true;
      runner
        .count(request, isYours(sources) ? sources : undefined)
        .then(
          (count) => {
            if (id === countId)
              store.setState({ count: { ...count, requestsKey }, countStatus: 'counted' });
          },
          () => {
            // A count that failed (its worker crashed) leaves the last one shown. Stop exploring
            // and a newer exploration end the exploration only: the runner keeps the count going.
            if (id === countId)
              store.setState((s) => ({ countStatus: s.count === null ? 'failed' : 'counted' }));
          },
        )
        .finally(() => {
          isCounting = false;
          const next = waitingCount;
          waitingCount = null;
          next?.();
        });
    };
    if (isCounting) waitingCount = start;
    else start();
  }

  // The count before running follows what is queued; a shown grid follows the settings.
  let lastKey = '';
  let lastSettings = '';
  /** What the key was last computed from: most changes (a notice, playback) touch none of it. */
  let lastSeen: Pick<SandboxStore, 'timeline' | 'cursor' | 'config' | 'scenarioId'> | null = null;
  let isDeferred = false;
  sandbox.subscribe(() => {
    // Changes made before the deferred look are seen together, in the newest state.
    if (isDeferred) return;
    isDeferred = true;
    defer(() => {
      isDeferred = false;
      look(sandbox.getState());
    });
  });
  function look(s: SandboxStore): void {
    if (s.status !== 'ready' || !s.snapshot) return;
    if (
      lastSeen !== null &&
      lastSeen.timeline === s.timeline &&
      lastSeen.cursor === s.cursor &&
      lastSeen.config === s.config &&
      lastSeen.scenarioId === s.scenarioId
    )
      return;
    lastSeen = s;
    const setupJson = setupJsonOf(s);
    const key = `${JSON.stringify(s.config)}\n${setupJson}`;
    if (key === lastKey) return;
    lastKey = key;
    const requestsKey = requestsKeyOf(s.config, setupJson);
    recount(s, requestsKey);
    const settings = JSON.stringify({ ...settingsOf(s.config), pattern: s.config.pattern });
    const basis = followedBasis();
    const isSettingsChange = settings !== lastSettings;
    lastSettings = settings;
    // A learner who changes the pattern, write policy, read mitigation or invalidation source with
    // a grid on screen or under way (for the same queued requests) sees it recomputed under the
    // new settings. One already under them (explored since the change, before this idle look) is
    // left to finish: a second would replace it, rejecting a script's `explore()`.
    if (
      isSettingsChange &&
      basis !== null &&
      !(basis.pattern === s.config.pattern && sameSettings(basis.settings, settingsOf(s.config))) &&
      (basis.requestsKey === requestsKey ||
        basis.requestsKey === requestsKeyOf({ ...s.config, pattern: basis.pattern }, setupJson)) &&
      basis.cursor === s.cursor
    )
      void store
        .getState()
        .explore()
        .catch(() => undefined);
  }
  return store;
}

/** The explorer beside each sandbox store, for the UI to find (the page registers it). */
const explorers = new WeakMap<SandboxStoreApi, ExplorerStoreApi>();
export const registerExplorer = (sandbox: SandboxStoreApi, explorer: ExplorerStoreApi): void => {
  explorers.set(sandbox, explorer);
};
export const explorerFor = (sandbox: SandboxStoreApi): ExplorerStoreApi | undefined =>
  explorers.get(sandbox);
