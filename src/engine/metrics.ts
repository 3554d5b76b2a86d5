/**
 * Latencies in whole microseconds, kept as samples: exact percentiles. An array rather than a
 * count per distinct value, because under a tailed latency model nearly every latency is
 * distinct, and a map of a million one-count entries costs more than sorting the samples once.
 */
export class LatencyHistogram {
  private samples = new Float64Array(256);
  private isSorted = true;
  count = 0;
  sumMs = 0;

  add(ms: number): void {
    this.push(Math.round(ms * 1000));
    this.sumMs += ms;
  }

  /** Adds every latency another histogram counted. */
  merge(other: LatencyHistogram): void {
    for (let i = 0; i < other.count; i++) this.push(other.samples[i]);
    this.sumMs += other.sumMs;
  }

  /** The q-quantile (0..1) in ms; 0 when empty. */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    if (!this.isSorted) {
      this.samples.subarray(0, this.count).sort();
      this.isSorted = true;
    }
    const rank = Math.min(this.count, Math.max(1, Math.ceil(q * this.count)));
    return this.samples[rank - 1] / 1000;
  }

  get meanMs(): number {
    return this.count === 0 ? 0 : this.sumMs / this.count;
  }

  private push(us: number): void {
    if (this.count === this.samples.length) {
      const grown = new Float64Array(this.samples.length * 2);
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.count++] = us;
    this.isSorted = false;
  }
}

/** One bucket of virtual time in a timed run's series. */
export interface MetricsBucket {
  /** Bucket start, virtual ms. */
  t: number;
  requests: number;
  reads: number;
  writes: number;
  hits: number;
  misses: number;
  /** Hits / GETs (hits + misses) in this bucket (0 without GETs). */
  hitRate: number;
  /** Hits / GETs since the run began. */
  cumulativeHitRate: number;
  dbReads: number;
  dbWrites: number;
  staleReads: number;
  staleFills: number;
  maxStalenessMs: number;
  evictions: number;
  cacheErrors: number;
  lostInvalidations: number;
  /** Keys in the cache at the bucket's end. */
  cachedKeys: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

/** Counters of a bucket before it closes. */
export class BucketBuilder {
  requests = 0;
  reads = 0;
  writes = 0;
  hits = 0;
  misses = 0;
  dbReads = 0;
  dbWrites = 0;
  staleReads = 0;
  staleFills = 0;
  maxStalenessMs = 0;
  evictions = 0;
  cacheErrors = 0;
  lostInvalidations = 0;
  latency = new LatencyHistogram();

  constructor(readonly t: number) {}

  close(cumulativeHits: number, cumulativeLookups: number, cachedKeys: number): MetricsBucket {
    return {
      t: this.t,
      requests: this.requests,
      reads: this.reads,
      writes: this.writes,
      hits: this.hits,
      misses: this.misses,
      hitRate: this.hits + this.misses === 0 ? 0 : this.hits / (this.hits + this.misses),
      cumulativeHitRate: cumulativeLookups === 0 ? 0 : cumulativeHits / cumulativeLookups,
      dbReads: this.dbReads,
      dbWrites: this.dbWrites,
      staleReads: this.staleReads,
      staleFills: this.staleFills,
      maxStalenessMs: this.maxStalenessMs,
      evictions: this.evictions,
      cacheErrors: this.cacheErrors,
      lostInvalidations: this.lostInvalidations,
      cachedKeys,
      latencyP50Ms: this.latency.quantile(0.5),
      latencyP99Ms: this.latency.quantile(0.99),
    };
  }
}

/**
 * Hit ratio of a TTL cache filled on miss (TTL not refreshed on hit) for Poisson requests at
 * `ratePerSec` to one key: lambda*T / (1 + lambda*T).
 */
export function ttlHitRatio(ratePerSec: number, ttlSeconds: number): number {
  if (ttlSeconds <= 0) return ratePerSec > 0 ? 1 : 0;
  const x = ratePerSec * ttlSeconds;
  return x / (1 + x);
}

/**
 * Expected steady-state hit ratio over keys with popularity `p` (summing to 1), total read rate
 * `readRatePerSec`: each key's hits weighted by its share of reads.
 */
export function expectedHitRatio(
  p: ArrayLike<number>,
  readRatePerSec: number,
  ttlSeconds: number,
): number {
  let sum = 0;
  for (let i = 0; i < p.length; i++) sum += p[i] * ttlHitRatio(p[i] * readRatePerSec, ttlSeconds);
  return sum;
}
