import { expectedHitRatio } from '../engine/metrics';
import { ZipfSampler } from '../engine/rng';
import type { WorkloadConfig } from '../engine/workload';

/**
 * The steady-state hit rate of a TTL cache (filled on miss, TTL not refreshed on hit) for this
 * config's key popularity and read rate: lambda*T/(1+lambda*T) per key, weighted by each key's
 * share of reads. It leaves out writes, eviction and faults, and takes a refill to be instant (the
 * reads that arrive while a miss loads the row miss too: about lambda*T/(1+lambda*(T+d)) for a
 * refill of d), so it is a reference, not a forecast.
 * O(keys): the worker computes it, not the page. Null with no reads: no GET, so no hit rate.
 */
export function analyticHitRate(config: WorkloadConfig): number | null {
  if (config.readRatio === 0) return null;
  const zipf = new ZipfSampler(config.keys, config.zipf);
  const p = new Float64Array(config.keys);
  for (let i = 0; i < config.keys; i++) p[i] = zipf.probability(i + 1);
  return expectedHitRatio(p, config.rate * config.readRatio, config.ttl);
}
