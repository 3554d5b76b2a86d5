import type { ConsistencySummary } from './consistency';
import type { RestartEmptied } from './faultSchedule';
import type { LatencyHistogram } from './metrics';
import type { LostWrites } from './patternLedger';
import type { COUNTED_FIGURES } from './requestsInFlight';
import type { Runtime } from './runtime';
import type { WorkloadConfig } from './workloadConfig';

/** What a timed run reports (the CLI prints this as JSON). */
export interface WorkloadSummary {
  requests: number;
  reads: number;
  writes: number;
  hits: number;
  misses: number;
  /**
   * Hits / GETs Redis answered (hits + misses); null when it answered none (no reads, or every
   * read's GET failed): a share of nothing is undefined, not 0.
   */
  hitRate: number | null;
  dbReads: number;
  dbWrites: number;
  staleReads: number;
  /** Stale reads / reads; null when there were no reads (as `hitRate`: no share of nothing). */
  staleReadRate: number | null;
  /**
   * Fills that left an older row cached with no invalidation on its way: it stays until its TTL
   * or a later write of the row (see `StepOutcome.isStaleFill`).
   */
  staleFills: number;
  /** The longest a stale read was behind, ms; null when no read was stale (a longest of none). */
  maxStalenessMs: number | null;
  evictions: number;
  cacheErrors: number;
  /**
   * Of `cacheErrors`, the commands Redis refused for memory, told from its reply (the OOM error
   * under `noeviction` once Max keys is reached): a read still returned the row from the
   * database, but its copy was not kept. Absent from a summary saved before it was counted.
   */
  oomRefusals?: number;
  lostInvalidations: number;
  /**
   * Writes whose invalidation (or cache update) Redis refused or could not be reached for, the
   * writer's own or, under CDC, the change log consumer's: they removed no copy, whether or not
   * one was left (`lostInvalidations` counts those that left an older one). Absent from a
   * summary saved before it was counted.
   */
  failedInvalidations?: number;
  /**
   * Invalidations (the writes' own, or under CDC the change log consumer's) that removed a cached
   * copy of their row: one of a key that held none, or one that failed, removed nothing. Absent
   * from a summary saved before it was counted.
   */
  removedCopies?: number;
  /**
   * The cache layer's own work: write-behind writes flushed to the database, writes lost (and
   * why: `lostBy`, absent from a summary saved before it was counted), how long the database
   * lagged behind the cache (queueing to UPDATE, ms), and refresh-ahead's background reloads.
   */
  writeBehind: {
    flushed: number;
    lost: number;
    lostBy?: LostWrites;
    /**
     * Writes the application wrote to the database itself, around the queue, because the cache
     * could not take them (Redis down, its SET or RPUSH refused): neither flushed nor lost.
     * Absent from a summary saved before it was counted.
     */
    writtenAround?: number;
    /** Null when no write was flushed: a lag of no write is no figure. */
    meanLagMs: number | null;
    maxLagMs: number | null;
  };
  refreshes: number;
  /**
   * The reads whose GET missed and whose own fill then landed (requests that finished), and the
   * mean time from that GET taking effect to the fill taking effect, ms (null: none): the refill
   * the analytic model takes to be instant, as this run measured it. Absent from a summary saved
   * before it was measured.
   */
  refills?: { count: number; meanMs: number | null };
  /**
   * Under CDC invalidation: invalidations the consumer delivered, dropped and held back, and
   * its reads of the change log (not in `dbReads`, which is the application's).
   */
  cdc?: {
    delivered: number;
    lost: number;
    reordered: number;
    logReads: number;
    /**
     * Invalidations sent whose DEL Redis refused or could not be reached for (not delivered;
     * absent from a summary saved before they were counted).
     */
    failed?: number;
  };
  /**
   * For every write, the share whose cache held nothing older than it within 1 s, 10 s and 60 s
   * of virtual time, a write-behind write from its flush on (see `consistency.ts`; the lab
   * writes them as nines).
   */
  consistency: ConsistencySummary;
  /**
   * Live keys in Redis at the end of the run (after the drain, see `requestWindow`): user rows,
   * and any lock, lease or write-behind queue key.
   */
  cachedKeys: number;
  /**
   * Each restart the run's faults made, and the live keys Redis held just before it (0: it
   * emptied nothing). Absent when there was none, and from a summary saved before it was kept.
   */
  restarts?: { atMs: number; keys: number }[];
  /** Request latencies, arrival to reply; null when no request finished (no sample). */
  latencyMs: { mean: number; p50: number; p99: number } | null;
  /**
   * Virtual time the run covered, ms: the requests and then the drain of the cache layer's own
   * work still pending when the last request completed (CDC invalidations on their way,
   * write-behind flushes, refreshes), which can be far longer than the requests themselves. A
   * run of a set length in which no request arrived covered that length; one stopped before its
   * first request, none.
   */
  virtualDurationMs: number;
  /**
   * When requests were being served, in virtual ms: from the first request's arrival to the last
   * one's completion (to the stop, for a stopped run). Rates "per second" are over this window;
   * `virtualDurationMs - endMs` is the drain. `cachedKeys` is the live key count at `endMs`.
   * Null when no request arrived: a window of no request is none, not one from 0 to 0.
   */
  requestWindow: { startMs: number; endMs: number; cachedKeys: number } | null;
  /** True when stopped before the end. */
  stopped: boolean;
  /**
   * Requests that had arrived but not finished when Stop ended the run (0 for a run that ended
   * by itself). Every other figure leaves them out: `hits` and `misses` count only the GETs of
   * the reads in `reads`, so the hit rate describes the requests counted, and so do `dbWrites`,
   * `cacheErrors`, `evictions`, `staleFills` and the writes `consistency` judges (the database and
   * Redis did run their commands; the series leaves them out too).
   */
  inFlight: number;
  /**
   * The database reads those requests in flight had made, left out of `dbReads` so that it
   * counts the reads of the requests counted (a summary saved before has none).
   */
  inFlightDbReads?: number;
  config: WorkloadConfig;
}

/** What a timed run counted, besides its runtime's counts, that its summary reports. */
export interface RunTally {
  /** What the requests Stop left unfinished had counted (`withdrawUnfinished`). */
  unfinished: Record<(typeof COUNTED_FIGURES)[number], number>;
  latency: LatencyHistogram;
  restarts: RestartEmptied[];
  refills: number;
  refillMsTotal: number;
  issued: number;
  completed: number;
  firstArrivalMs: number;
  /** When the last request completed (-1: it did not, the run was stopped). */
  requestsEndMs: number;
  keysAtRequestsEnd: number;
  stopped: boolean;
}

/** The summary of a timed run that has ended, from its runtime and what the run loop tallied. */
export function summarizeWorkload(
  config: WorkloadConfig,
  runtime: Runtime,
  tally: RunTally,
): WorkloadSummary {
  const { cache, db, counts, clock } = runtime;
  const hits = counts.hits - tally.unfinished.hits;
  const misses = counts.misses - tally.unfinished.misses;
  const total = counts;
  const requests = total.reads + total.writes;
  return {
    requests,
    reads: total.reads,
    writes: total.writes,
    hits,
    misses,
    hitRate: hits + misses === 0 ? null : hits / (hits + misses),
    dbReads: db.reads - tally.unfinished.dbReads,
    dbWrites: db.writes - tally.unfinished.dbWrites,
    staleReads: total.staleReads,
    staleReadRate: total.reads === 0 ? null : total.staleReads / total.reads,
    staleFills: total.staleFills - tally.unfinished.staleFills,
    maxStalenessMs: total.staleReads === 0 ? null : total.maxStalenessMs,
    evictions: cache.evictions - tally.unfinished.evictions,
    cacheErrors: cache.errors - tally.unfinished.cacheErrors,
    oomRefusals: cache.oomRefusals - tally.unfinished.oomRefusals,
    lostInvalidations: total.lostInvalidations,
    failedInvalidations: total.failedInvalidations,
    removedCopies: total.removedCopies,
    writeBehind: {
      flushed: runtime.ledger.flushedWrites,
      lost: runtime.ledger.lostWrites,
      lostBy: { ...runtime.ledger.lostBy },
      writtenAround: runtime.ledger.writtenAroundWrites,
      meanLagMs: runtime.ledger.flushedWrites === 0 ? null : runtime.ledger.meanLagMs,
      maxLagMs: runtime.ledger.flushedWrites === 0 ? null : runtime.ledger.maxLagMs,
    },
    refreshes: runtime.ledger.refreshes,
    refills: {
      count: tally.refills,
      meanMs: tally.refills === 0 ? null : tally.refillMsTotal / tally.refills,
    },
    ...(runtime.isCdc
      ? {
          cdc: {
            delivered: runtime.changeFeed.delivered,
            lost: runtime.changeFeed.lost,
            reordered: runtime.changeFeed.reordered,
            logReads: db.changeReads,
            failed: runtime.changeFeed.failed,
          },
        }
      : {}),
    consistency: runtime.consistency.summary(clock.nowMs),
    cachedKeys: cache.liveKeyCount(),
    ...(tally.restarts.length > 0 ? { restarts: tally.restarts } : {}),
    latencyMs:
      tally.latency.count === 0
        ? null
        : {
            mean: tally.latency.meanMs,
            p50: tally.latency.quantile(0.5),
            p99: tally.latency.quantile(0.99),
          },
    virtualDurationMs: clock.nowMs,
    requestWindow:
      tally.issued === 0
        ? null
        : tally.requestsEndMs >= 0
          ? {
              startMs: tally.firstArrivalMs,
              endMs: tally.requestsEndMs,
              cachedKeys: tally.keysAtRequestsEnd,
            }
          : // Stopped before the last request completed: the window ends at the stop.
            { startMs: tally.firstArrivalMs, endMs: clock.nowMs, cachedKeys: cache.liveKeyCount() },
    stopped: tally.stopped,
    inFlight: tally.issued - tally.completed,
    inFlightDbReads: tally.unfinished.dbReads,
    config,
  };
}
