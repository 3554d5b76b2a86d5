import { unusedSettings } from '../engine/programs/patterns';
import type { YourPaths } from '../engine/programs/patterns';
import type { WorkloadConfig } from '../engine/workload';
import { fixedNumber, formatNumber } from '../schema/fields';
import { hitRateText } from './summaryFigures';

/** z of the 99th percentile of the standard normal (as `LatencyModel`'s sigma is drawn from). */
const Z99 = 2.326348;

/**
 * The hit rate a slow refill may cost before the model row names it: 1 point. Below it the
 * refill explains too little of a gap to be worth a word (one key read 1,000 times a second at
 * TTL 1 s loses 0.2 points to its 2.3 ms refill).
 */
const WORTH_NAMING = 0.01;

/**
 * How long, on average, a miss leaves its key without a copy at these latency settings: from
 * its GET taking effect to its SET taking effect (the GET's reply, the SELECT, the SET's way to
 * Redis), ms. Each operation takes its median under `constant`; under `lognormal` its mean is the
 * median times exp(sigma^2 / 2), and a stall adds `stallMs` on average to the SELECT, and to the
 * GET's or the SET's part in this window half the time each (`LatencyModel.draw`). A median of 0
 * takes no time and never stalls. Faults (a slow database) are left out: they are named apart.
 */
export function meanRefillMs(config: WorkloadConfig): number {
  const medians = config.cacheLatency + config.dbLatency;
  if (config.latencyModel === 'constant') return medians;
  const sigma = Math.log(Math.max(1, config.latencyTail)) / Z99;
  const stalling = (config.cacheLatency > 0 ? 1 : 0) + (config.dbLatency > 0 ? 1 : 0);
  return medians * Math.exp((sigma * sigma) / 2) + stalling * config.stallChance * config.stallMs;
}

/** Whether a miss is what refills a key: not where reloads renew keys before they expire. */
function refillsOnMiss(config: WorkloadConfig, yours: YourPaths | undefined): boolean {
  if (yours?.read) return false; // the learner's read path does what its code does
  if (config.pattern === 'refresh-ahead') return false;
  return !(
    config.readMitigation === 'early-refresh' &&
    !unusedSettings(config, yours).has('readMitigation')
  );
}

/** A run's refills as it measured them (`WorkloadSummary.refills`; absent: not measured). */
export type MeasuredRefills = { count: number; meanMs: number | null } | undefined;

/** The last figures computed (a summary re-renders with the same settings many times). */
let last: { key: string; said: string | null } | null = null;

/**
 * Where a run's refills took long against the gaps between reads of a key, said in the model
 * row's words: the model takes a refill to be instant, and every read of the key that arrives
 * while one is in flight misses too (about 1 + lambda*d misses an expiry for a refill of d). Null
 * where that costs the model's figure less than a point (the defaults: a few ms against seconds
 * of TTL), with no expiry or no reads, and where a miss is not what refills a key (refresh-ahead,
 * early refresh, a learner's read path). The refill time is the run's own mean, from its misses'
 * GETs to their fills (`measured`, which takes in what the settings leave out: a slow database,
 * Redis' own time), and where it measured none (no miss refilled, a summary saved before, a run
 * streaming in) the mean these latency settings give (`meanRefillMs`), the words saying which;
 * the figure with it, lambda*T/(1+lambda*(T+d)) per key, is rough: with latencies that vary the
 * herd ends at its quickest fill, so somewhat fewer reads miss.
 */
export function slowRefillText(
  config: WorkloadConfig,
  yours: YourPaths | undefined,
  measured?: MeasuredRefills,
): string | null {
  const readRate = config.rate * config.readRatio;
  if (config.ttl === 0 || readRate === 0 || !refillsOnMiss(config, yours)) return null;
  const isMeasured = measured !== undefined && measured.meanMs !== null && measured.count > 0;
  const d = (isMeasured ? (measured.meanMs as number) : meanRefillMs(config)) / 1000;
  const ttl = config.ttl;
  // No key can lose more than d/(T+d) of its hits: short of a point, skip the O(keys) sum.
  if (d / (ttl + d) < WORTH_NAMING) return null;
  const key = [config.keys, config.zipf, readRate, ttl, d, isMeasured && measured.count].join();
  if (last?.key === key) return last.said;
  let norm = 0;
  for (let i = 1; i <= config.keys; i++) norm += 1 / Math.pow(i, config.zipf);
  let model = 0;
  let withRefill = 0;
  for (let i = 1; i <= config.keys; i++) {
    const p = 1 / Math.pow(i, config.zipf) / norm;
    const lambda = p * readRate;
    model += (p * lambda * ttl) / (1 + lambda * ttl);
    withRefill += (p * lambda * ttl) / (1 + lambda * (ttl + d));
  }
  let said: string | null = null;
  if (model - withRefill >= WORTH_NAMING) {
    // "under 0.01%" is a bound already: "about" before it said it twice.
    const rate = hitRateText(withRefill);
    const gives = /^(under|over) /.test(rate) ? rate : `about ${rate}`;
    const hottest = 1 / norm;
    const gapMs = 1000 / (hottest * readRate);
    const took = isMeasured
      ? `took ${fixedNumber(d * 1000, 1)} ms on average in this run (its ${formatNumber(measured.count)} ${measured.count === 1 ? 'refill' : 'refills'}, from the GET's miss to the SET)`
      : `takes about ${fixedNumber(d * 1000, 1)} ms on average at these latency settings (this run measured no refill of its own)`;
    said = `a miss's refill (its GET's reply, the SELECT, the SET) ${took}, where the model takes it to be instant: the hottest key (${fixedNumber(hottest * 100, 1)}% of reads) is read every ${formatNumber(Number(gapMs.toPrecision(3)))} ms, so lambda*d is about ${formatNumber(Number((hottest * readRate * d).toPrecision(3)))} for it, and every read of a key that arrives while its refill is in flight misses too; with refills that long the model gives ${gives}`;
  }
  last = { key, said };
  return said;
}
