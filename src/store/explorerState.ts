// The interleaving explorer's state and actions, and the runner it explores through.
import type { StoreApi } from 'zustand/vanilla';
import type { InvalidationSource } from '../engine/changeFeed';
import type { InterleavingCount } from '../engine/interleavingCount';
import type { ExploreRequest, ExploreResult } from '../engine/interleavingGrid';
import type { ReadMitigation, WritePolicy } from '../engine/programs/catalog';
import type { LearnerSources } from '../engine/programs/learner';
import type { Pattern, YourPaths } from '../engine/programs/patterns';
import type { SimAction } from '../engine/simAction';

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
