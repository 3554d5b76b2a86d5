/**
 * Seeded pseudo-random numbers (mulberry32 seeded through splitmix32). Every chance event in the
 * engine draws from one of these, so the same seed gives the same run.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    // splitmix32 spreads nearby seeds (1, 2, 3 ...) far apart.
    let z = (seed >>> 0) + 0x9e3779b9;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    this.state = (z ^ (z >>> 16)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Exponential with the given rate (events per unit): the gap between Poisson arrivals. */
  exponential(rate: number): number {
    return -Math.log(1 - this.next()) / rate;
  }

  /** A new generator whose stream is independent of this one, derived from it. */
  fork(salt: number): Rng {
    return new Rng((this.int(0x7fffffff) ^ Math.imul(salt + 1, 0x27d4eb2d)) >>> 0);
  }
}

/**
 * Zipf(alpha) over keys 1..n: P(i) proportional to 1 / i^alpha (alpha 0 is uniform). Sampling is
 * a binary search over the precomputed cumulative distribution.
 */
export class ZipfSampler {
  readonly n: number;
  readonly alpha: number;
  private readonly cdf: Float64Array;

  constructor(n: number, alpha: number) {
    if (!Number.isInteger(n) || n < 1)
      throw new RangeError(`key count must be a positive integer, got ${n}`);
    if (!(alpha >= 0) || !Number.isFinite(alpha))
      throw new RangeError(`zipf alpha must be >= 0, got ${alpha}`);
    this.n = n;
    this.alpha = alpha;
    this.cdf = new Float64Array(n);
    let sum = 0;
    for (let i = 1; i <= n; i++) {
      sum += 1 / Math.pow(i, alpha);
      this.cdf[i - 1] = sum;
    }
    for (let i = 0; i < n; i++) this.cdf[i] /= sum;
    this.cdf[n - 1] = 1;
  }

  /** Probability of key i (1-based). */
  probability(i: number): number {
    return i === 1 ? this.cdf[0] : this.cdf[i - 1] - this.cdf[i - 2];
  }

  /** A key in 1..n. */
  sample(rng: Rng): number {
    const u = rng.next();
    let lo = 0;
    let hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cdf[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo + 1;
  }
}
