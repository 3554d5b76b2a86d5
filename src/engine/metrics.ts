/**
 * Latencies in whole microseconds, kept as samples: exact percentiles. An array rather than a
 * count per distinct value, because under a tailed latency model nearly every latency is
 * distinct, and a map of a million one-count entries costs more than selecting from the samples.
 */
export class LatencyHistogram {
  private samples: Float64Array;
  count = 0;
  /**
   * The sum of latencies, kept in two parts: what earlier segments (buckets sharing this
   * histogram) summed, and the open segment. Summing per segment then adding the segments keeps
   * the mean the same to the last bit as one histogram per bucket merged into the run's.
   */
  private closedSumMs = 0;
  private openSumMs = 0;

  /** `expected`: samples the caller expects to add (a run's requests), so the array rarely grows. */
  constructor(expected = 256) {
    this.samples = new Float64Array(Math.max(16, expected));
  }

  add(ms: number): void {
    this.push(Math.round(ms * 1000));
    this.openSumMs += ms;
  }

  /** Ends a segment of the sum (see {@link closedSumMs}). */
  closeSegment(): void {
    this.closedSumMs += this.openSumMs;
    this.openSumMs = 0;
  }

  get sumMs(): number {
    return this.closedSumMs + this.openSumMs;
  }

  /** Adds every latency another histogram counted. */
  merge(other: LatencyHistogram): void {
    for (let i = 0; i < other.count; i++) this.push(other.samples[i]);
    this.openSumMs += other.sumMs;
  }

  /** The q-quantile (0..1) in ms; 0 when empty. */
  quantile(q: number): number {
    return this.quantileFrom(0, q);
  }

  /**
   * The q-quantile (0..1), in ms, of the samples added since the count was `from` (0 when none).
   * It reorders those samples in place (a selection, not a sort: linear time): the set of
   * samples, and every quantile of it, stays the same.
   */
  quantileFrom(from: number, q: number): number {
    const n = this.count - from;
    if (n <= 0) return 0;
    const rank = Math.min(n, Math.max(1, Math.ceil(q * n)));
    const at = from + rank - 1;
    selectInPlace(this.samples, from, this.count - 1, at);
    return this.samples[at] / 1000;
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
  }
}

/**
 * Moves the k-th smallest of `a[lo..hi]` to `a[k]`, smaller ones before it and larger ones after
 * (Hoare's selection with a median-of-three pivot). A range that does not shrink fast enough (an
 * input that defeats the pivot) is sorted instead, so the worst case stays n log n.
 */
function selectInPlace(a: Float64Array, lo: number, hi: number, k: number): void {
  let budget = 2 * Math.ceil(Math.log2(hi - lo + 2)) + 8;
  while (hi > lo) {
    if (budget-- === 0) {
      a.subarray(lo, hi + 1).sort();
      return;
    }
    const x = a[lo];
    const y = a[(lo + hi) >>> 1];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
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
  /**
   * Hits / GETs (hits + misses) in this bucket; null when Redis answered none in it (a share of
   * nothing is no figure: a gap in the chart, an empty CSV cell).
   */
  hitRate: number | null;
  /** Hits / GETs since the run began; null until Redis has answered one. */
  cumulativeHitRate: number | null;
  dbReads: number;
  dbWrites: number;
  staleReads: number;
  staleFills: number;
  /**
   * The longest a stale read in this bucket was behind, ms; null when none was stale (a longest
   * of none is no figure: a gap in the chart, an empty CSV cell).
   */
  maxStalenessMs: number | null;
  evictions: number;
  cacheErrors: number;
  /** Of `cacheErrors`, the commands Redis refused for memory (its OOM error, under noeviction). */
  oomRefusals: number;
  lostInvalidations: number;
  /** Keys in the cache at the bucket's end. */
  cachedKeys: number;
  /**
   * The median and 99th percentile of the requests that finished in this bucket, ms; null when
   * none finished in it (a percentile of nothing is no figure: a gap in the chart, an empty CSV
   * cell, not 0 ms).
   */
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
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
  oomRefusals = 0;
  lostInvalidations = 0;
  /** Where this bucket's latencies go: its own, or the run's, which it shares with the other buckets. */
  readonly latency: LatencyHistogram;
  /** The run histogram's count when this bucket opened: its samples are the ones after. */
  private readonly latencyFrom: number;

  /**
   * With `runLatency`, latencies are added to the run's histogram and the bucket's percentiles
   * come from its own stretch of it, so closing a bucket copies nothing.
   */
  constructor(
    readonly t: number,
    runLatency?: LatencyHistogram,
  ) {
    this.latency = runLatency ?? new LatencyHistogram();
    this.latencyFrom = this.latency.count;
  }

  close(cumulativeHits: number, cumulativeLookups: number, cachedKeys: number): MetricsBucket {
    const hasLatency = this.latency.count > this.latencyFrom;
    const closed: MetricsBucket = {
      t: this.t,
      requests: this.requests,
      reads: this.reads,
      writes: this.writes,
      hits: this.hits,
      misses: this.misses,
      hitRate: this.hits + this.misses === 0 ? null : this.hits / (this.hits + this.misses),
      cumulativeHitRate: cumulativeLookups === 0 ? null : cumulativeHits / cumulativeLookups,
      dbReads: this.dbReads,
      dbWrites: this.dbWrites,
      staleReads: this.staleReads,
      staleFills: this.staleFills,
      maxStalenessMs: this.staleReads === 0 ? null : this.maxStalenessMs,
      evictions: this.evictions,
      cacheErrors: this.cacheErrors,
      oomRefusals: this.oomRefusals,
      lostInvalidations: this.lostInvalidations,
      cachedKeys,
      latencyP50Ms: hasLatency ? this.latency.quantileFrom(this.latencyFrom, 0.5) : null,
      latencyP99Ms: hasLatency ? this.latency.quantileFrom(this.latencyFrom, 0.99) : null,
    };
    this.latency.closeSegment();
    return closed;
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
