import type { InvalidationSource } from '../engine/changeFeed';
import type { InterleavingVerdict } from '../engine/interleavingGrid';
import type { ReadMitigation, WritePolicy } from '../engine/programs/catalog';
import { isYours } from './exploreBasis';
import type { ExplorerStoreApi } from './explorerState';
import type { SandboxStoreApi } from './sandboxStore';

/** What `window.cacheAside.explore()` resolves to. */
export interface ExploreApiResult {
  /** Interleavings of the queued requests (the estimate when sampled, see `isTotalLowerBound`). */
  total: number;
  /** There are more than `total`: the estimate was under the limit, but more than it turned up. */
  isTotalLowerBound: boolean;
  /** There are at least `total`, the distinct ones a sample ran: the estimate was no bound. */
  isTotalAtLeast: boolean;
  /** `total` is exact: every interleaving ran, or the count before running was exact. */
  isTotalExact: boolean;
  /** A sample ran fewer than the limit: no new interleaving turned up in many more draws. */
  isSampleShort: boolean;
  sampled: boolean;
  /** Whose programs the runs used: the learner's (after Run my version) or ours. */
  programs: 'yours' | 'ours';
  outcomes: Record<InterleavingVerdict, number>;
  /**
   * The rows (user ids) a queued request reads or writes that no write changed in any
   * interleaving run: an all-fresh grid over them proves nothing. Empty when some run changed them.
   */
  unchangedRows: number[];
  /**
   * The rows (user ids) a queued read reads whose key no read filled in any interleaving run
   * (none filled it, found it cached, or had the fill refused): nothing was cached for a write to
   * race, so an all-fresh grid proves nothing about the fill. Empty when some run filled one.
   */
  unfilledRows: number[];
  /**
   * Of `unfilledRows`, those whose reads looked up or stored other keys instead, with the
   * commands (`{ id: 1, commands: ['SET user:2'] }`). Empty when none did.
   */
  unfilledElsewhere: { id: number; commands: string[] }[];
  /** In the grid's order: the shortest of each outcome first. */
  interleavings: {
    schedule: string[];
    outcome: InterleavingVerdict;
    dbReads: number;
    roundTrips: number;
    /** An error cell: what failed first, and whose. */
    error?: string;
  }[];
}

export interface ExploreOptions {
  readMitigation?: ReadMitigation;
  writePolicy?: WritePolicy;
  /** `cdc`: the writer only UPDATEs and the change log's consumer steps as one more actor. */
  invalidation?: InvalidationSource;
  /** Most interleavings to run (1 to 5000); above it a seeded sample. */
  limit?: number;
}

/**
 * `window.cacheAside.explore(options)`: explores the requests queued in the sandbox (under the
 * given settings, the sandbox's own otherwise), shows the grid, and resolves once it is drawn.
 */
export function createExplorerApi(
  sandbox: SandboxStoreApi,
  explorer: ExplorerStoreApi,
  afterRender: () => Promise<void>,
): { explore(options?: ExploreOptions): Promise<ExploreApiResult> } {
  return {
    explore: async (options = {}) => {
      await new Promise<void>((resolve) => {
        if (sandbox.getState().status !== 'loading') return resolve();
        const off = sandbox.subscribe((s) => {
          if (s.status !== 'loading') {
            off();
            resolve();
          }
        });
      });
      const result = await explorer.getState().explore(options);
      await afterRender();
      return {
        total: result.total,
        isTotalLowerBound: result.isTotalLowerBound,
        isTotalAtLeast: result.isTotalAtLeast,
        isTotalExact: result.isTotalExact,
        isSampleShort: result.isSampleShort,
        sampled: result.sampled,
        programs: isYours(explorer.getState().basis?.sources ?? {}) ? 'yours' : 'ours',
        outcomes: { ...result.outcomes },
        unchangedRows: [...result.unchangedRows],
        unfilledRows: [...result.unfilledRows],
        unfilledElsewhere: (result.unfilledElsewhere ?? []).map(({ id, commands }) => ({
          id,
          commands: [...commands],
        })),
        interleavings: result.interleavings.map(
          ({ schedule, outcome, dbReads, roundTrips, error }) => ({
            schedule: [...schedule],
            outcome,
            dbReads,
            roundTrips,
            ...(error === undefined ? {} : { error }),
          }),
        ),
      };
    },
  };
}
