import type { MetricsBucket } from '../engine/metrics';
import { isNoneArrived, runSpan, windowEndsAtStop } from '../engine/requestWindow';
import { bucketWidth } from './chartData';
import { patternRows } from './consistencyText';
import { analyticModelText } from './modelBreaks';
import { oomRefusalsText } from './cacheErrorsText';
import { NO_STALE_READ_RATE, noHitRateText } from './hitRateText';
import {
  hitRateText,
  msText,
  perSecondText,
  staleReadRateText,
  virtualTimeText as virtualTime,
} from './summaryFigures';
import type { LabRun } from './labState';

const count = (n: number): string => n.toLocaleString('en-US');
/**
 * Why Redis can hold more keys than the table has rows: it counts every key, and the cache
 * layer's own (a lock, a lease, the write-behind queue) are keys beside the rows' copies.
 */
const MORE_KEYS_THAN_ROWS =
  '; locks, leases and the write-behind queue are keys too, beside the copies of rows';

/** Totals of the buckets streamed so far, for the summary while a run is going. */
function totals(series: readonly MetricsBucket[]) {
  const t = {
    requests: 0,
    reads: 0,
    hits: 0,
    misses: 0,
    dbReads: 0,
    dbWrites: 0,
    staleReads: 0,
    staleFills: 0,
    maxStalenessMs: 0,
  };
  let evictions = 0;
  let cacheErrors = 0;
  let oomRefusals = 0;
  let lostInvalidations = 0;
  for (const b of series) {
    t.requests += b.requests;
    t.reads += b.reads;
    t.hits += b.hits;
    t.misses += b.misses;
    t.dbReads += b.dbReads;
    t.dbWrites += b.dbWrites;
    t.staleReads += b.staleReads;
    t.staleFills += b.staleFills;
    t.maxStalenessMs = Math.max(t.maxStalenessMs, b.maxStalenessMs ?? 0);
    evictions += b.evictions;
    cacheErrors += b.cacheErrors;
    oomRefusals += b.oomRefusals ?? 0;
    lostInvalidations += b.lostInvalidations;
  }
  const last = series.at(-1);
  const virtualDurationMs = last ? last.t + bucketWidth(series) : 0;
  return {
    ...t,
    hitRate: t.hits + t.misses ? t.hits / (t.hits + t.misses) : null,
    staleReadRate: t.reads ? t.staleReads / t.reads : null,
    evictions,
    cacheErrors,
    oomRefusals,
    lostInvalidations,
    cachedKeys: last?.cachedKeys ?? 0,
    virtualDurationMs,
    requestWindow: { startMs: 0, endMs: virtualDurationMs, cachedKeys: last?.cachedKeys ?? 0 },
    latencyMs: null as { p50: number; p99: number } | null,
    stopped: false,
    inFlight: 0,
    inFlightDbReads: 0,
  };
}

/**
 * A stopped run's note: the requests still in flight at the stop are named apart, since no
 * figure of the summary counts them (a summary saved before they were counted has none).
 */
const stoppedText = (inFlight: number | undefined): string =>
  inFlight
    ? ` (stopped early; ${count(inFlight)} more in flight at the stop, not counted)`
    : ' (stopped early)';

/**
 * The summary of the run on screen: the figures `npm run sim` prints. While the run streams in
 * it shows the totals so far (latency percentiles need the whole run, so they wait for it).
 */
export function RunSummary({ run }: { run: LabRun }) {
  const isLive = run.summary === null;
  const s = run.summary ?? totals(run.series);
  const span = runSpan(s);
  const over = `${virtualTime(span.windowSeconds)} virtual`;
  const drained = span.hasDrain
    ? `, then ${virtualTime(span.drainSeconds)} draining the cache layer's background work (${virtualTime(span.totalSeconds)} in all; the charts show the requests)`
    : '';
  const noneArrived = !isLive && isNoneArrived({ ...s, config: run.config });
  // Stop pressed before the first request (during the seeding, or as Run started): no window.
  const stoppedFirst = !isLive && s.stopped && s.requestWindow === null;
  const keysAtWindowEnd = s.requestWindow?.cachedKeys ?? s.cachedKeys;
  // The database reads of the requests a stop left in flight are no finished request's.
  const inFlightReads =
    s.stopped && s.inFlightDbReads
      ? `; ${count(s.inFlightDbReads)} more by the requests in flight, not counted`
      : '';
  // Said as what the count is: keys now while the run streams in, at the stop if Stop came first.
  const keysLabel = isLive
    ? 'Keys in Redis now'
    : windowEndsAtStop(s)
      ? 'Keys in Redis when the run was stopped'
      : 'Keys in Redis when the requests ended';
  const oomErrors = oomRefusalsText(s, run.config);
  const rows: [string, string][] = [
    [
      'Requests',
      noneArrived
        ? `0: none arrived within the run's ${virtualTime(run.config.durationSeconds)} of virtual time`
        : stoppedFirst
          ? '0: stopped before the first request'
          : `${count(s.requests)} over ${over}${drained}${s.stopped ? stoppedText(s.inFlight) : isLive ? ' so far' : ''}`,
    ],
    [
      'Hit rate (measured)',
      s.hitRate === null
        ? `${noHitRateText(s)}${isLive ? ' (so far)' : ''}`
        : hitRateText(s.hitRate),
    ],
    [
      'Hit rate (analytic TTL model)',
      // Where the run did not keep to the model (eviction, writes, a run all warm-up), said in
      // words beside the figure, as only the chart's caption did before (2026-12-06).
      analyticModelText(run, s, isLive ? null : span.windowSeconds),
    ],
    [
      'DB reads',
      `${count(s.dbReads)}${span.windowSeconds > 0 ? ` (${perSecondText(span.dbReadsPerSecond)}/s over the requests${inFlightReads})` : ''}`,
    ],
    // The CLI's "database ... N writes", from the same figure (until 2026-12-05 the lab had none).
    ['DB writes', count(s.dbWrites)],
    [
      'Latency p50 / p99',
      isLive
        ? 'when the run ends'
        : s.requests === 0 || s.latencyMs === null
          ? 'none: no request finished'
          : `${msText(s.latencyMs.p50)} ms / ${msText(s.latencyMs.p99)} ms`,
    ],
    [
      'Stale reads',
      `${count(s.staleReads)} (${s.staleReadRate === null ? NO_STALE_READ_RATE : `${staleReadRateText(s.staleReadRate)} of reads`})`,
    ],
    [
      'Longest staleness',
      // A longest of no stale read is none, not 0 ms (a summary saved before says 0 with none).
      s.maxStalenessMs === null || s.staleReads === 0
        ? `none: no stale read${isLive ? ' so far' : ''}`
        : `${msText(s.maxStalenessMs)} ms`,
    ],
    ['Stale fills (an older row left cached, no invalidation on its way)', count(s.staleFills)],
    ['Evictions', count(s.evictions)],
    // Which they were, when Redis refused some for memory (until 2026-12-06 an OOM refusal was
    // counted here as Redis being down was, and said no differently).
    ['Cache errors', `${count(s.cacheErrors)}${oomErrors ? ` (${oomErrors})` : ''}`],
    [
      'Lost invalidations',
      // Beside the consumer's dropped count, which can be larger: say which drops count.
      run.summary?.cdc && run.summary.cdc.lost > 0
        ? `${count(s.lostInvalidations)} (the change log's consumer dropped ${count(run.summary.cdc.lost)}: a drop counts only when an older copy stayed cached and no later change's DEL removed it)`
        : count(s.lostInvalidations),
    ],
    [
      noneArrived || stoppedFirst ? 'Keys in Redis' : keysLabel,
      `${noneArrived ? 'none: no request arrived, so nothing was cached' : stoppedFirst ? 'none: stopped before the first request, so nothing was cached' : count(keysAtWindowEnd)} (the users table has ${count(run.config.keys)} ${run.config.keys === 1 ? 'row' : 'rows'}${keysAtWindowEnd > run.config.keys ? MORE_KEYS_THAN_ROWS : ''})`,
    ],
    ...(span.hasDrain && s.cachedKeys !== keysAtWindowEnd
      ? [
          [
            s.stopped ? 'Keys in Redis when the run was stopped' : 'Keys in Redis after the drain',
            count(s.cachedKeys),
          ] as [string, string],
        ]
      : []),
    ...(run.summary ? patternRows(run.summary) : []),
  ];
  return (
    <table className="lab-summary" aria-label="Run summary" aria-busy={isLive}>
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
