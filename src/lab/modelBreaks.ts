import type { YourPaths } from '../engine/programs/patterns';
import type { WorkloadConfig } from '../engine/workload';
import { formatNumber } from '../schema/fields';
import { learnerExpiryNote, patternModelNote } from './hitRateText';
import { slowRefillText, type MeasuredRefills } from './refillModel';
import { hitRateText, virtualTimeText } from './summaryFigures';

/** What of a run's counts the model's caveats are said from (a summary, or the totals so far). */
export interface ModelBreakCounts {
  requests: number;
  reads: number;
  evictions: number;
  /** Commands Redis refused for memory (absent from a summary saved before it was counted). */
  oomRefusals?: number;
  /** The refills the run measured (absent: a summary saved before, or the totals so far). */
  refills?: MeasuredRefills;
  /** When requests were served, virtual ms (absent or null: not known, or none arrived). */
  requestWindow?: { startMs: number; endMs: number } | null;
  /** The GETs Redis answered, as hits and misses (absent: not known). */
  hits?: number;
  misses?: number;
  /** Writes whose invalidation failed, so removed nothing (absent: not known, taken as none). */
  failedInvalidations?: number;
  /**
   * Invalidations that removed a cached copy (absent: not known, a summary saved before it was
   * counted): a DEL of a key that held none removed nothing.
   */
  removedCopies?: number;
  /**
   * Each restart the run made and the keys Redis held just before it (absent: not known, a
   * summary saved before it was kept: every restart is then taken to have emptied it).
   */
  restarts?: readonly { atMs: number; keys: number }[];
  /** Under CDC, the invalidations the change log's consumer delivered (absent: not known). */
  cdc?: { delivered: number };
  /** The run was stopped before its end (absent: not known, taken as not). */
  stopped?: boolean;
}

/**
 * The most time, s, Redis answered in one piece of the requests' window: the window cut at each
 * restart (which empties it, so its warm-up starts again), less the time each piece spent down
 * (an outage keeps the keys, but no read is answered from them meanwhile).
 */
function longestAnsweringSeconds(
  faults: WorkloadConfig['faults'],
  window: { startMs: number; endMs: number },
  restartsMs: readonly number[],
): number {
  const cuts = [...restartsMs].sort((a, b) => a - b);
  const edges = [window.startMs, ...cuts, window.endMs];
  let longest = 0;
  for (let i = 1; i < edges.length; i++) {
    const [from, to] = [edges[i - 1], edges[i]];
    // Outages may overlap: the time down is their union within the piece.
    const down = faults
      .filter((f) => f.kind === 'cache-down')
      .map((f) => [
        Math.max(from, f.startSeconds * 1000),
        Math.min(to, (f.startSeconds + f.durationSeconds) * 1000),
      ])
      .filter(([a, b]) => b > a)
      .sort((x, y) => x[0] - y[0]);
    let downMs = 0;
    let reached = from;
    for (const [a, b] of down) {
      if (b <= reached) continue;
      downMs += b - Math.max(a, reached);
      reached = b;
    }
    longest = Math.max(longest, to - from - downMs);
  }
  return longest / 1000;
}

/** A policy whose write leaves the key without its cached copy (the next read misses). */
const REMOVES_ON_WRITE: ReadonlySet<WorkloadConfig['writePolicy']> = new Set([
  'invalidate',
  'delete-first',
  'double-delete',
]);

const plural = (n: number, one: string, many: string): string =>
  `${formatNumber(n)} ${n === 1 ? one : many}`;

/**
 * Where a run did not keep to what the analytic model assumes, each said from the run's own
 * settings and counts. The model (`analyticHitRate`) is the steady state of a cache that keeps
 * every key until its TTL ends and sees no writes, so eviction, a full cache refusing the fill
 * (OOM), writes that remove the cached copy, refills slow against the gaps between a key's reads
 * (`slowRefillText`) and a run too short to leave its warm-up each make reads miss where the model hits: a measured rate far below the figure then says what the run
 * did, not that it went wrong.
 * `windowSeconds` is the requests' span, null while the run streams in (its length not known yet).
 */
export function modelBreaks(
  config: WorkloadConfig,
  yours: YourPaths | undefined,
  s: ModelBreakCounts,
  windowSeconds: number | null,
): string[] {
  // No read, no model figure to fall short of: a run of writes only was told its writes removed
  // copies and that each key's first read missed, under a row that gives no figure (2026-12-07).
  // Nor a measured rate where Redis answered no GET (down all run): nothing missed there, and
  // its writes' DELs, which failed, removed nothing.
  if (s.reads === 0 || (s.hits !== undefined && s.hits + (s.misses ?? 0) === 0)) return [];
  const breaks: string[] = [];
  if (s.evictions > 0)
    breaks.push(
      `Max keys ${formatNumber(config.maxKeys)} evicted ${plural(s.evictions, 'key', 'keys')}, which the model keeps until ${s.evictions === 1 ? 'its' : 'their'} TTL ends`,
    );
  const oom = s.oomRefusals ?? 0;
  if (oom > 0)
    breaks.push(
      `Redis refused ${plural(oom, 'command', 'commands')} for memory (OOM${config.maxKeys > 0 && config.eviction === 'noeviction' ? ` at its Max keys of ${formatNumber(config.maxKeys)}, under noeviction` : ''}), so ${oom === 1 ? 'its copy was' : 'their copies were'} not kept, where the model fills the cache at every miss`,
    );
  const writes = s.requests - s.reads;
  // Write-through and write-behind store the row on a write (patternModelNote speaks for them);
  // a learner's write path does what its code does, which the page cannot read from settings.
  const isStoringPattern = config.pattern === 'write-through' || config.pattern === 'write-behind';
  const hasPolicyWrites = !isStoringPattern && !yours?.write;
  const isCdc = config.invalidation === 'cdc';
  if (yours?.write && !isStoringPattern && !isCdc) {
    // What its commands removed is counted however they were sent (a DEL alone, in MULTI/EXEC,
    // in a script): until 2026-12-07 the row said nothing of a learner's write path's removals.
    const removed = s.removedCopies ?? 0;
    if (removed > 0 && writes > 0)
      breaks.push(
        `your write path removed ${plural(removed, 'cached copy', 'cached copies')} of its keys, which the model leaves out`,
      );
  } else if (
    s.removedCopies !== undefined &&
    writes > 0 &&
    hasPolicyWrites &&
    (isCdc || REMOVES_ON_WRITE.has(config.writePolicy))
  ) {
    // Counted where each DEL ran: one of a key that held no copy removed nothing (until
    // 2026-12-07 every write, or every delivered invalidation, was said to remove one).
    const removed = s.removedCopies;
    if (removed > 0)
      breaks.push(
        `${isCdc ? "the change log's" : "the writes'"} invalidations removed ${plural(removed, 'cached copy', 'cached copies')} of ${isCdc ? 'written keys' : 'their keys'}, which the model leaves out`,
      );
  } else if (writes > 0 && hasPolicyWrites && isCdc) {
    // Under CDC the consumer's DEL removes the copy, not the write: one it dropped removes
    // nothing (until 2026-12-07 a run at loss 1 was told all its writes removed their copies).
    const delivered = s.cdc?.delivered ?? writes;
    if (delivered > 0)
      breaks.push(
        `${plural(delivered, 'invalidation', 'invalidations')} from the change log removed a written key's cached copy, which the model leaves out`,
      );
  } else if (writes > 0 && hasPolicyWrites && REMOVES_ON_WRITE.has(config.writePolicy)) {
    // A write whose invalidation failed (Redis down) removed nothing: until 2026-12-07 a run
    // with Redis down for part of it was told every write removed its copy.
    const failed = Math.min(writes, s.failedInvalidations ?? 0);
    const removed = writes - failed;
    if (removed > 0)
      breaks.push(
        failed === 0
          ? `${plural(writes, 'write', 'writes')} removed ${writes === 1 ? 'its' : 'their'} key's cached copy, which the model leaves out`
          : `${formatNumber(removed)} of the ${plural(writes, 'write', 'writes')} removed ${removed === 1 ? 'its' : 'their'} key's cached copy, which the model leaves out (the other ${formatNumber(failed)} removed nothing: ${failed === 1 ? 'its invalidation' : 'their invalidations'} failed)`,
      );
  }
  const slowRefill = slowRefillText(config, yours, s.refills);
  if (slowRefill !== null) breaks.push(slowRefill);
  if (config.ttl === 0)
    breaks.push(
      "with no expiry the model has every key cached, and leaves out the warm-up in which each key's first read misses",
    );
  else if (windowSeconds !== null && windowSeconds > 0 && windowSeconds < config.ttl)
    breaks.push(
      `the requests lasted ${virtualTimeText(windowSeconds)}, less than the TTL (${formatNumber(config.ttl)} s), so the whole run was the warm-up in which each key's first read misses; the model is the steady state after it`,
    );
  else if (windowSeconds !== null && windowSeconds > 0 && s.requestWindow) {
    // A run long enough whose Redis was down or restarted for most of it: the reads it answered
    // were all in a warm-up too (until 2026-12-06 only the window's length was looked at).
    const { startMs, endMs } = s.requestWindow;
    // The restarts within the window that emptied something: one of an empty Redis (every key
    // expired, or none cached yet) set no warm-up back (until 2026-12-07 each was said to empty it).
    const emptied = (
      s.restarts?.filter((r) => r.keys > 0).map((r) => r.atMs) ??
      config.faults.filter((f) => f.kind === 'cache-restart').map((f) => f.startSeconds * 1000)
    ).filter((ms) => ms > startMs && ms < endMs);
    const answering = longestAnsweringSeconds(config.faults, s.requestWindow, emptied);
    const restarted = emptied.length > 0;
    if (answering > 0 && answering < config.ttl)
      breaks.push(
        `Redis answered for ${restarted ? 'at most ' : ''}${virtualTimeText(answering)} of the requests' ${virtualTimeText(windowSeconds)}${restarted ? (emptied.length === 1 ? ' either side of a restart that emptied it' : ' between restarts, each emptying it') : ' (down for the rest)'}, less than the TTL (${formatNumber(config.ttl)} s), so the whole run was the warm-up in which each key's first read misses; the model is the steady state after it`,
      );
  }
  return breaks;
}

/** The breaks as the summary's row says them after the model's figure ('' with none). */
export function modelBreaksText(breaks: readonly string[]): string {
  return breaks.length === 0
    ? ''
    : `, from a model this run did not keep to (each makes reads miss where the model hits): ${breaks.join('; ')}.`;
}

/**
 * The analytic model's figure for a run as the summary's row and the comparison's column say
 * it: the figure, where the run did not keep to the model, and what the pattern or the learner's
 * read path does that the model leaves out (until 2026-12-06 the comparison had no such column).
 * `windowSeconds` as for {@link modelBreaks}.
 */
export function analyticModelText(
  run: { config: WorkloadConfig; yours?: YourPaths; analyticHitRate: number | null },
  s: ModelBreakCounts,
  windowSeconds: number | null,
): string {
  const { config, yours, analyticHitRate } = run;
  // With reads, the figure is null only until the run's worker has worked it out (it does so
  // as the run starts): until 2026-12-07 the row showed a bare "–" meanwhile.
  if (analyticHitRate === null)
    return config.readRatio === 0
      ? 'none: no reads, so no hit rate'
      : 'none yet: the run works it out for these settings as it starts';
  const figure = hitRateText(analyticHitRate);
  // A run that ended with no request finished: the figure stands for the settings alone, and
  // the row says so, as the other rows of such a run do (until 2026-12-07 it stood alone, as if
  // a run were beside it). One streaming in has its first requests still to come.
  if (s.requests === 0 && windowSeconds !== null)
    return `${figure} for these settings, with no measured rate to hold it against: ${
      s.stopped
        ? 'the run was stopped before any request finished'
        : config.durationSeconds > 0
          ? `no request arrived within the run's ${virtualTimeText(config.durationSeconds)}`
          : 'no request finished'
    }`;
  const breaks = modelBreaksText(modelBreaks(config, yours, s, windowSeconds));
  if (yours?.read)
    return `${figure}${breaks}${breaks ? ' Also,' : ':'} ${learnerExpiryNote(config.ttl)}`;
  // Under a pattern whose own work fills or renews keys the model (cache-aside's) is no ceiling.
  const modelNote = patternModelNote(config.pattern, yours, 'this figure');
  return `${figure}${breaks || (modelNote ? '.' : '')}${modelNote ? ` ${modelNote}` : ''}`;
}
