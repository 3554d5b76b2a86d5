import type { YourPaths } from '../engine/programs/patterns';
import { runSpan } from '../engine/requestWindow';
import type { Fault, WorkloadConfig, WorkloadSummary } from '../engine/workload';
import { formatNumber } from '../schema/fields';
import { oomRefusalsText } from './cacheErrorsText';
import { describeFault } from './labConfig';
import { modelBreaks } from './modelBreaks';

/** The lab's charts, by `ChartSpec.id`. */
export type ChartId = 'hit-rate' | 'load' | 'latency' | 'staleness' | 'cache-size';

/** What in one run bends each chart, said before its caption: nothing where nothing does. */
export type ChartCaveats = Record<ChartId, string>;

const plural = (n: number, one: string, many: string): string =>
  `${formatNumber(n)} ${n === 1 ? one : many}`;

/** Whether the latency model stalls any operation: a median of 0 takes no time and never stalls. */
const stalls = (c: WorkloadConfig): boolean =>
  c.latencyModel === 'lognormal' &&
  c.stallChance > 0 &&
  c.stallMs > 0 &&
  (c.cacheLatency > 0 || c.dbLatency > 0 || c.dbWriteLatency > 0);

/**
 * What in a finished run bends each of its charts, from its own summary and settings: the model
 * it did not keep to and the faults within it (hit rate), what its cache errors were (load), the
 * latency model's stalls and a slow database (latency), lost invalidations (stale reads), a full
 * or emptied cache (keys). Each chart's caption only says the general rule, so a learner reading
 * one chart alone was not told that its figure rests on, say, SETs Redis refused for memory.
 * `faults` are those within the run (one after its end bent nothing).
 */
export function chartCaveats(
  config: WorkloadConfig,
  s: WorkloadSummary,
  yours: YourPaths | undefined,
  faults: readonly Fault[],
): ChartCaveats {
  const hitRate: string[] = [];
  const load: string[] = [];
  const latency: string[] = [];
  const staleness: string[] = [];
  const size: string[] = [];

  const breaks = modelBreaks(config, yours, s, runSpan(s).windowSeconds);
  if (breaks.length > 0)
    hitRate.push(
      `This run did not keep to the model (each makes reads miss where it hits): ${breaks.join('; ')}.`,
    );
  for (const f of faults) {
    const fault = describeFault(f);
    if (f.kind === 'cache-down') {
      hitRate.push(
        s.hitRate === null
          ? `${fault}: the reads’ GETs there failed.`
          : `${fault}: the reads’ GETs there failed and count in neither line.`,
      );
      load.push(
        `${fault}: the application could not reach Redis, so its reads went to the database and its commands count as cache errors.`,
      );
    } else if (
      f.kind === 'cache-restart' &&
      (s.requestWindow === null ||
        f.startSeconds * 1000 < s.requestWindow.startMs ||
        s.restarts?.find((r) => r.atMs === f.startSeconds * 1000)?.keys === 0)
    ) {
      // Before the first request Redis holds no key: until 2026-12-07 a restart at 0 s was said
      // to have brought Redis back empty, which changed nothing there; and so at any time
      // Redis held none (all expired, or emptied by a restart just before).
      const none =
        s.requestWindow === null || f.startSeconds * 1000 < s.requestWindow.startMs
          ? `${fault}: before the first request, when Redis held no key yet, so it emptied nothing and changed no figure.`
          : `${fault}: Redis held no key then, so it emptied nothing and changed no figure.`;
      hitRate.push(none);
      load.push(none);
      size.push(none);
    } else if (f.kind === 'cache-restart') {
      hitRate.push(
        `${fault}: Redis came back empty, so reads missed until their keys were filled again.`,
      );
      load.push(
        `${fault}: Redis came back empty, so DB reads rose until its keys were filled again.`,
      );
      size.push(`${fault}: Redis came back empty, and its keys were cached again from there.`);
    } else {
      hitRate.push(
        `${fault}: each miss took longer to refill, and the reads of its key that arrived meanwhile missed too.`,
      );
      latency.push(`${fault}: the requests that read or wrote the database took longer there.`);
    }
  }

  if (s.cacheErrors > 0) {
    const oom = oomRefusalsText(s, config);
    load.push(
      `The Cache errors/s line adds up to ${plural(s.cacheErrors, 'command', 'commands')}${oom ? ` (${oom})` : ' Redis refused or could not be reached for'}.`,
    );
  }

  // A chance of 1 stalls every operation: then no window's p99 stands out, the stalls are all.
  if (stalls(config))
    latency.push(
      config.stallChance >= 1
        ? `The latency model stalls every operation, for ${formatNumber(config.stallMs)} ms on average: its latencies are mostly those stalls.`
        : `The latency model stalls an operation with a chance of ${formatNumber(config.stallChance)}, for ${formatNumber(config.stallMs)} ms on average (as a GC pause or a slow disk would): a window’s p99 jumps where they fall.`,
    );

  if (s.lostInvalidations > 0)
    staleness.push(
      `${plural(s.lostInvalidations, 'invalidation was', 'invalidations were')} lost: the older copy stayed cached after its write, stale until its TTL or a later write removed it.`,
    );

  if (s.evictions > 0)
    size.push(
      `Max keys ${formatNumber(config.maxKeys)} (${config.eviction}) evicted ${plural(s.evictions, 'key', 'keys')}: the keys line stays at or under it.`,
    );
  const oom = s.oomRefusals ?? 0;
  if (oom > 0)
    size.push(
      config.maxKeys > 0 && config.eviction === 'noeviction'
        ? `At Max keys ${formatNumber(config.maxKeys)}, under noeviction, Redis refused ${plural(oom, 'command', 'commands')} that would add a key: the keys line stops there.`
        : `Redis refused ${plural(oom, 'command', 'commands')} for memory: no key was added by them.`,
    );

  const said = (parts: string[]): string => parts.join(' ');
  return {
    'hit-rate': said(hitRate),
    load: said(load),
    latency: said(latency),
    staleness: said(staleness),
    'cache-size': said(size),
  };
}

/** A caption with the run's caveats before it, or as it is when the run has none. */
export const withCaveats = (caveats: string, caption: string): string =>
  caveats === '' ? caption : `${caveats} ${caption}`;

/**
 * What a latency point is once a chart merges windows to fit its points: percentiles of windows
 * cannot be merged exactly, so the p50 and p99 drawn are not any window's (`mergeBuckets`).
 * Until 2026-12-07 the chart called them the median and 99th percentile with no word.
 */
export function mergedLatencyNote(windowsPerPoint: number, windowMs: number): string {
  if (windowsPerPoint <= 1) return '';
  const span =
    windowMs >= 1000 ? `${formatNumber(windowMs / 1000)} s` : `${formatNumber(windowMs)} ms`;
  return `Each point here stands for ${formatNumber(windowsPerPoint)} windows of ${span}: its p50 is their medians’ mean, weighted by their requests, and its p99 the worst of their p99s, since percentiles cannot be merged exactly (the CSV has each window’s own).`;
}
