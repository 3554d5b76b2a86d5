import type { CacheState } from './cacheState';
import type { ChangeFeedState } from './changeFeed';
import type { ConsistencyState } from './consistency';
import type { DatabaseState } from './databaseState';
import type { PatternLedgerState } from './patternLedger';
import type { Runtime } from './runtime';
import type { RunCounts } from './stepOutcome';

/** A {@link Runtime} as data (see {@link saveRuntimeState}). */
export interface RuntimeState {
  nowMs: number;
  /** The clock's place in the order its two logs record (`VirtualClock.logOrder`). */
  logOrder: number;
  cache: CacheState;
  db: DatabaseState;
  counts: RunCounts;
  dbSlowFactor: number;
  rng: number;
  latency: { rng: number; spare: number };
  perRow: [Int32Array, Int32Array, Float64Array, Float64Array, Uint8Array];
  tokenSeq: number;
  tokensAfter: number;
  /** The cache layer's own state: the write-behind queue's story, background jobs. */
  ledger: PatternLedgerState;
  consistency: ConsistencyState;
  /** The change consumer's cursor and backlog, and invalidations it owes per row. */
  changeFeed?: ChangeFeedState;
  invalidationsPending?: Int32Array;
}

/**
 * Everything the runtime and its stores hold, as data, while no program runs (Back's
 * checkpoints; a program is a generator, which cannot be copied). Null with a client other
 * than ioredis-mock.
 */
export function saveRuntimeState(rt: Runtime): RuntimeState | null {
  const cache = rt.cache.saveState();
  if (!cache) return null;
  return {
    nowMs: rt.clock.nowMs,
    logOrder: rt.clock.logOrder,
    cache,
    db: rt.db.saveState(),
    counts: { ...rt.counts },
    dbSlowFactor: rt.dbSlowFactor,
    rng: rt.rng.saveState(),
    latency: rt.latency.saveState(),
    perRow: [
      rt.fills.writesInFlight,
      rt.fills.filledVersion,
      rt.fills.lastFillMs,
      rt.fills.countedFillMs,
      rt.fills.filledUnlikeRow,
    ].map((a) => a.slice()) as RuntimeState['perRow'],
    tokenSeq: rt.tokenSeq,
    tokensAfter: rt.tokensAfter,
    ledger: rt.ledger.saveState(),
    consistency: rt.consistency.saveState(),
    ...(rt.isCdc
      ? {
          changeFeed: rt.changeFeed.saveState(),
          invalidationsPending: rt.fills.invalidationsPending.slice(),
        }
      : {}),
  };
}

/** Puts a {@link saveRuntimeState} back, into a fresh runtime of the same config. */
export function loadRuntimeState(rt: Runtime, state: RuntimeState): void {
  rt.clock.advanceTo(state.nowMs);
  rt.clock.restoreLogOrder(state.logOrder);
  rt.cache.loadState(state.cache);
  rt.db.loadState(state.db);
  Object.assign(rt.counts, state.counts);
  rt.dbSlowFactor = state.dbSlowFactor;
  rt.rng.loadState(state.rng);
  rt.latency.loadState(state.latency);
  rt.fills.writesInFlight.set(state.perRow[0]);
  rt.fills.filledVersion.set(state.perRow[1]);
  rt.fills.lastFillMs.set(state.perRow[2]);
  rt.fills.countedFillMs.set(state.perRow[3]);
  rt.fills.filledUnlikeRow.set(state.perRow[4]);
  rt.tokenSeq = state.tokenSeq;
  rt.tokensAfter = state.tokensAfter;
  rt.ledger.loadState(state.ledger);
  rt.consistency.loadState(state.consistency);
  if (state.changeFeed) rt.changeFeed.loadState(state.changeFeed);
  if (state.invalidationsPending) rt.fills.invalidationsPending.set(state.invalidationsPending);
}
