import '../platform/ioredisMockGlobals';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { runWorkload, type WorkloadConfig, type WorkloadSummary } from '../engine/workload';
import { isNoneArrived, runSpan } from '../engine/requestWindow';
import { unusedSettings, writesUpdateOnly } from '../engine/programs/patterns';
import { NO_STALE_READ_RATE, noHitRateText, shareText } from '../lab/hitRateText';
import {
  hitRateText as hitRateShare,
  msText,
  perSecondText,
  staleReadRateText,
  virtualTimeText,
} from '../lab/summaryFigures';
import { AFTER_RUN_NOTE, describeFault, startsAfterRun } from '../lab/labConfig';
import { oomRefusalsText, type OomSource } from '../lab/cacheErrorsText';
import { analyticHitRate } from '../lab/analytic';
import { analyticModelText } from '../lab/modelBreaks';
import { parseSimArgs, SIM_FLAGS, simHelp } from './args';
import { counted, fixedNumber, formatNumber, ttlText } from '../schema/fields';
import { consistencyLine, patternLines } from './patternSummary';
import { createPacer, openRealRedis, scaleForWallClock } from './realRedis';
import { errorMessage } from '../engine/errorMessage';

/** The hit rate, or why there is none (Redis answered no GET). */
const hitRateText = (s: WorkloadSummary): string =>
  s.hitRate === null ? noHitRateText(s) : `hit rate ${hitRateShare(s.hitRate)}`;

/** The reads line: no GET counts when there were no reads to make them. */
function readsText(s: WorkloadSummary): string {
  if (s.reads === 0) return `0: ${hitRateText(s)}`;
  return `${formatNumber(s.reads)}: GETs ${counted(s.hits, 'hit')}, ${counted(s.misses, 'miss', 'misses')}, ${hitRateText(s)}`;
}

/**
 * The write and read settings that took part (a pattern's own write path is named as such). In a
 * run that made no write no write setting did: until 2026-12-07 a run at read ratio 1 was told
 * "write invalidate".
 */
function policyText(c: WorkloadConfig, s: WorkloadSummary): string {
  const unused = unusedSettings(c);
  const write =
    s.writes === 0
      ? 'no write ran (so no write policy took part)'
      : !unused.has('writePolicy')
        ? `write ${c.writePolicy}${unused.has('doubleDeleteDelayMs') ? '' : ` (second DEL ${formatNumber(c.doubleDeleteDelayMs)} ms after the UPDATE)`}`
        : writesUpdateOnly(c.pattern, c.invalidation)
          ? 'write UPDATE only (the change log invalidates)'
          : `write as ${c.pattern} does`;
  return unused.has('readMitigation')
    ? `${write}, no read mitigation`
    : `${write}, read mitigation ${c.readMitigation}`;
}

/**
 * What a median of 0 means under the lognormal model: the operation takes no time, so it has no
 * tail and never stalls (`LatencyModel.draw`), whatever the stall chance the line names.
 */
function zeroMedianText(c: WorkloadConfig): string {
  if (c.latencyModel !== 'lognormal') return '';
  const zero = [
    c.cacheLatency === 0 && 'Redis',
    c.dbLatency === 0 && 'DB read',
    c.dbWriteLatency === 0 && 'DB write',
  ].filter(Boolean);
  if (zero.length === 0) return '';
  return ` (${zero.join(', ')} at 0 ms take${zero.length === 1 ? 's' : ''} no time: no tail, no stall)`;
}

/**
 * The run's virtual time: the requests' window, then the drain of background work if any, each
 * span in the lab's words (`virtualTimeText`, as the lab's summary writes the same run), not the
 * narration's `durationText`, which says an exact clock move ("1 h"), not a measured span.
 */
function runSpanText(s: WorkloadSummary): string {
  const span = runSpan(s);
  const window = `${virtualTimeText(span.windowSeconds)} virtual`;
  return span.hasDrain
    ? `${window}, then ${virtualTimeText(span.drainSeconds)} draining the cache layer's background work (${virtualTimeText(span.totalSeconds)} in all)`
    : window;
}

/** Keys in Redis when the requests ended, and at the end of the drain when that differs. */
function keysText(s: WorkloadSummary): string {
  if (isNoneArrived(s)) return 'no keys in Redis: no request arrived';
  const atEnd = s.requestWindow?.cachedKeys ?? s.cachedKeys;
  return runSpan(s).hasDrain && s.cachedKeys !== atEnd
    ? `${counted(atEnd, 'key')} in Redis when the requests ended (${formatNumber(s.cachedKeys)} after the drain)`
    : `${counted(atEnd, 'key')} in Redis when the requests ended`;
}

/**
 * The scheduled faults, one a line, in the lab's words; one the run ended before is marked as the
 * lab's list marks it. Nothing when none is scheduled.
 */
function faultLines(s: WorkloadSummary): string[] {
  // A run in which no request arrived covered the duration it was given (its heading says so).
  return s.config.faults.map(
    (f, i) =>
      `  ${i === 0 ? 'faults'.padEnd(14) : ''.padEnd(14)}${describeFault(f)}${startsAfterRun(f, s.virtualDurationMs) ? ` ${AFTER_RUN_NOTE}` : ''}`,
  );
}

/** The cache errors, and which of them Redis refused for memory, in the lab summary's words. */
function cacheErrorsText(s: WorkloadSummary, source: OomSource): string {
  const oom = oomRefusalsText(s, s.config, source);
  return `${counted(s.cacheErrors, 'error')}${oom ? ` (${oom})` : ''}`;
}

function describe(s: WorkloadSummary, source: OomSource = 'in-browser'): string {
  const c = s.config;
  return [
    isNoneArrived(s)
      ? `${c.pattern} run: 0 requests: none arrived within the run's ${virtualTimeText(c.durationSeconds)} of virtual time, seed ${c.seed}`
      : `${c.pattern} run: ${counted(s.requests, 'request')} over ${runSpanText(s)}, seed ${c.seed}`,
    `  workload      ${counted(c.keys, 'key')}, zipf ${c.zipf}, ${formatNumber(c.rate)} req/s, ${shareText(c.readRatio, 2)} reads, ${ttlText(c.ttl)}`,
    `  policy        ${policyText(c, s)}, max keys ${c.maxKeys ? `${formatNumber(c.maxKeys)} (${c.eviction})` : 'unbounded'}${s.writes === 0 ? '' : `, invalidation ${c.invalidation === 'cdc' ? `cdc (delay ${formatNumber(c.cdcDelayMs)} ms, reorder ${c.cdcReorder}, loss ${c.cdcLoss})` : 'app'}`}`,
    ...faultLines(s),
    `  reads         ${readsText(s)}`,
    // The lab summary's "Hit rate (analytic TTL model)" row, in its words (none before 2026-12-06).
    `  model         analytic TTL model ${analyticModelText({ config: c, analyticHitRate: analyticHitRate(c) }, s, runSpan(s).windowSeconds)}`,
    `  latency model ${c.latencyModel}${c.latencyModel === 'lognormal' ? `, p99 ${c.latencyTail}x the median, stalls ${c.stallChance} of ops, mean ${formatNumber(c.stallMs)} ms` : ''}; medians Redis ${formatNumber(c.cacheLatency)}, DB read ${formatNumber(c.dbLatency)}, DB write ${formatNumber(c.dbWriteLatency)} ms${zeroMedianText(c)}`,
    `  writes        ${formatNumber(s.writes)}`,
    `  database      ${counted(s.dbReads, 'read')}${runSpan(s).windowSeconds > 0 ? ` (${perSecondText(runSpan(s).dbReadsPerSecond)}/s over the requests)` : ''}, ${counted(s.dbWrites, 'write')}`,
    `  staleness     ${counted(s.staleReads, 'stale read')} (${s.staleReadRate === null ? NO_STALE_READ_RATE : staleReadRateText(s.staleReadRate)}), longest ${s.maxStalenessMs === null ? 'none (no stale read)' : `${msText(s.maxStalenessMs)} ms`}; ${counted(s.staleFills, 'stale fill')}`,
    `  cache         ${keysText(s)}, ${counted(s.evictions, 'eviction')}, ${cacheErrorsText(s, source)}, ${counted(s.lostInvalidations, 'lost invalidation')}`,
    consistencyLine(s),
    ...patternLines(s, source === 'server'),
    s.requests === 0 || s.latencyMs === null
      ? '  latency (ms)  none: no request finished'
      : `  latency (ms)  mean ${msText(s.latencyMs.mean)}, p50 ${msText(s.latencyMs.p50)}, p99 ${msText(s.latencyMs.p99)}`,
  ].join('\n');
}

/** Why a setting takes no part in a run (`unusedSettings`), as a note on the flag that set it. */
const WHY_UNUSED: Partial<Record<keyof WorkloadConfig, string>> = {
  writePolicy: "the pattern's own write path runs (or, under cdc, the change log invalidates)",
  readMitigation: "it changes none of this run's read programs (the pattern's, or cdc's consumer)",
  doubleDeleteDelayMs: 'only --write-policy double-delete waits for it',
  latencyTail: 'only --latency-model lognormal draws tails',
  stallChance: 'only --latency-model lognormal draws stalls',
  stallMs: 'only --latency-model lognormal draws stalls',
  cdcDelayMs: 'only --invalidation cdc has a change-log consumer',
  cdcReorder: 'only --invalidation cdc has a change-log consumer',
  cdcLoss: 'only --invalidation cdc has a change-log consumer',
  eviction: 'without --max-keys nothing is evicted',
};

/**
 * A note for each flag given that takes no part in the run: the run is made all the same (the
 * lab shows such a setting as unused), but a flag typed and then ignored in silence reads as if
 * it had been applied (`--read-mitigation lease --pattern read-through`).
 */
function unusedFlagNotes(
  config: WorkloadConfig,
  given: readonly (keyof WorkloadConfig)[],
): string[] {
  const unused = unusedSettings(config);
  return SIM_FLAGS.filter((f) => given.includes(f.field) && unused.has(f.field)).map(
    (f) =>
      `--${f.flag} ${String(config[f.field])} takes no part in this run: ${WHY_UNUSED[f.field] ?? 'nothing in this run reads it'}`,
  );
}

/** Where the CLI writes: the console for `npm run sim`, a buffer for the tests. */
export interface SimOutput {
  log(line: string): void;
  error(line: string): void;
}

/** `npm run sim` with these arguments: what it prints goes to `out`; resolves to its exit code. */
export async function runSim(argv: readonly string[], out: SimOutput = console): Promise<number> {
  const parsed = parseSimArgs(argv);
  if (!parsed.ok) {
    for (const e of parsed.errors) out.error(`sim: ${e}`);
    out.error('sim: see --help');
    return 2;
  }
  if (parsed.help) {
    out.log(simHelp());
    return 0;
  }
  for (const note of unusedFlagNotes(parsed.config, parsed.given)) out.error(`sim: note: ${note}`);
  if (parsed.redisUrl !== undefined)
    return runAgainstRedis(parsed.redisUrl, parsed.config, parsed.wallSeconds, parsed.json, out);
  const { summary } = await runWorkload(await loadSqlJsNode(), parsed.config);
  out.log(describe(summary));
  if (parsed.json) out.log(JSON.stringify(summary));
  return 0;
}

/** The workload with a real Redis as the cache, paced to the wall clock, beside virtual time. */
async function runAgainstRedis(
  url: string,
  asked: WorkloadConfig,
  wallSeconds: number,
  json: boolean,
  out: SimOutput,
): Promise<number> {
  const plan = scaleForWallClock(asked, wallSeconds);
  let server;
  try {
    server = await openRealRedis(url, plan.config.connections);
  } catch (e) {
    out.error(`sim: ${errorMessage(e)}`);
    return 1;
  }
  const SQL = await loadSqlJsNode();
  // The virtual run first: it also warms up the engine (JIT, sql.js), so the paced run that
  // follows does not start behind the clock.
  const virtual = (await runWorkload(SQL, plan.config)).summary;
  const pacer = createPacer();
  let real: WorkloadSummary;
  let wallMs: number;
  try {
    ({ summary: real } = await runWorkload(SQL, plan.config, {
      connect: server.connect,
      pace: pacer.pace,
    }));
    wallMs = pacer.elapsedMs;
  } finally {
    await server.finish();
  }
  const askedRun = plan.factor === 1 ? undefined : (await runWorkload(SQL, asked)).summary;

  out.log(`real Redis ${server.version} at ${url}, paced to the wall clock (1 virtual ms = 1 ms)`);
  for (const note of plan.notes) out.log(`  scaled        ${note}`);
  out.log(
    `  wall clock    ${fixedNumber(wallMs / 1000, 1)} s; at worst ${fixedNumber(pacer.maxLagMs, 1)} ms behind the virtual schedule`,
  );
  if (pacer.maxLagMs > 100)
    out.log(
      `  note          the run fell behind the wall clock (a busy machine?): Redis' clock ran ahead of the virtual one, so its TTLs ended early; a larger --wall-seconds avoids it`,
    );
  out.log(describe(real, 'server'));
  const column = (label: string, s: WorkloadSummary | undefined) =>
    s
      ? [
          label,
          s.hitRate === null ? 'none' : hitRateShare(s.hitRate),
          s.staleReadRate === null ? 'none' : staleReadRateText(s.staleReadRate),
        ]
      : [];
  const rows = [
    column('real Redis', real),
    column('virtual time, same inputs', virtual),
    column('virtual time, as asked', askedRun),
  ].filter((r) => r.length);
  // The in-browser Redis refuses for memory only at --max-keys: what the server refused beyond
  // that (its maxmemory) the virtual runs kept, so their rates are no reference for the real one.
  const serverOnly =
    (real.oomRefusals ?? 0) - Math.max(virtual.oomRefusals ?? 0, askedRun?.oomRefusals ?? 0);
  if (serverOnly > 0)
    out.log(
      `  note          the server refused ${counted(serverOnly, 'command')} for memory (its maxmemory) that the virtual runs, whose Redis limits keys by --max-keys and not bytes, did not refuse: the rows below differ by them`,
    );
  out.log('');
  out.log(`  ${''.padEnd(27)}${'hit rate'.padEnd(12)}stale-read rate`);
  for (const [label, hit, stale] of rows) out.log(`  ${label.padEnd(27)}${hit.padEnd(12)}${stale}`);
  if (json)
    out.log(
      JSON.stringify({
        ...real,
        redis: {
          url,
          version: server.version,
          wallMs: Math.round(wallMs),
          maxLagMs: pacer.maxLagMs,
        },
        virtual: { hitRate: virtual.hitRate, staleReadRate: virtual.staleReadRate },
        ...(askedRun
          ? {
              asked: {
                hitRate: askedRun.hitRate,
                staleReadRate: askedRun.staleReadRate,
                config: asked,
              },
            }
          : {}),
      }),
    );
  return 0;
}
