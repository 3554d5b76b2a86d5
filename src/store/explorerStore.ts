import { createStore } from 'zustand/vanilla';
import type { ExploredInterleaving } from '../engine/interleavingGrid';
import { yourPathsOf, type LearnerSources } from '../engine/programs/learner';
import { toSimConfig } from './sandboxConfig';
import { mergeConfig } from './sandboxSchema';
import type { SandboxStore, SandboxStoreApi } from './sandboxStore';
import { exploreLimitSchema, exploreOptionsSchema, requireArgument } from './apiArguments';
import { errorMessage } from '../engine/errorMessage';
import {
  DEFAULT_EXPLORE_LIMIT,
  type ExploreBasis,
  type ExploreRunner,
  type ExplorerStore,
  type ExplorerStoreApi,
  type SettingCost,
} from './explorerState';
import {
  changedSettings,
  hasLeftBasis,
  hasQueued,
  isYours,
  jsonOf,
  requestsBesidePattern,
  requestsKeyOf,
  sameInUse,
  sameSettings,
  sameSources,
  settingsOf,
  setupJsonOf,
  setupOf,
} from './exploreBasis';

const mean = (runs: readonly ExploredInterleaving[], f: (r: ExploredInterleaving) => number) =>
  runs.length === 0 ? 0 : runs.reduce((sum, r) => sum + f(r), 0) / runs.length;

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
