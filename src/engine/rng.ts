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

  /** The generator's whole state, to put back with {@link loadState} (Back's checkpoints). */
  saveState(): number {
    return this.state;
  }

  loadState(state: number): void {
    this.state = state;
  }

  /** A new generator whose stream is independent of this one, derived from it. */
  fork(salt: number): Rng {
    return new Rng((this.int(0x7fffffff) ^ Math.imul(salt + 1, 0x27d4eb2d)) >>> 0);
  }
}

/**
 * Zipf(alpha) over keys 1..n: P(i) proportional to 1 / i^alpha (alpha 0 is uniform). Sampling
 * uses Vose's alias table: one uniform draw and O(1) work per key, whatever n is.
 */
export class ZipfSampler {
  readonly n: number;
  readonly alpha: number;
  private readonly p: Float64Array;
  /**
   * The alias table, each column's cut and alias side by side (cut at 2i, alias at 2i + 1), so a
   * draw reads one place in memory rather than two.
   */
  private readonly table: Float64Array;

  constructor(n: number, alpha: number) {
    if (!Number.isInteger(n) || n < 1)
      throw new RangeError(`key count must be a positive integer, got ${n}`);
    if (!(alpha >= 0) || !Number.isFinite(alpha))
      throw new RangeError(`zipf alpha must be >= 0, got ${alpha}`);
    this.n = n;
    this.alpha = alpha;
    // Each weight's power is taken once (a million keys: a million Math.pow, not two), and the
    // work lists are typed stacks, not arrays of boxed numbers: the lab draws a million-key
    // table before its first request, and a worker busy here cannot hear Stop.
    const p = new Float64Array(n);
    let sum = 0;
    for (let i = 1; i <= n; i++) {
      const w = 1 / Math.pow(i, alpha);
      p[i - 1] = w;
      sum += w;
    }
    for (let i = 0; i < n; i++) p[i] = p[i] / sum;
    this.p = p;
    // Vose: split scaled probabilities into those under and over 1, pair each small with a large.
    const cut = new Float64Array(n);
    const alias = new Int32Array(n);
    const scaled = new Float64Array(n);
    for (let i = 0; i < n; i++) scaled[i] = p[i] * n;
    const small = new Int32Array(n);
    const large = new Int32Array(n);
    let smalls = 0;
    let larges = 0;
    for (let i = n - 1; i >= 0; i--) {
      if (scaled[i] < 1) small[smalls++] = i;
      else large[larges++] = i;
    }
    while (smalls > 0 && larges > 0) {
      const s = small[--smalls];
      const l = large[--larges];
      cut[s] = scaled[s];
      alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      if (scaled[l] < 1) small[smalls++] = l;
      else large[larges++] = l;
    }
    for (let k = 0; k < larges; k++) cut[large[k]] = 1;
    for (let k = 0; k < smalls; k++) cut[small[k]] = 1; // only rounding error leaves any here
    this.table = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      this.table[2 * i] = cut[i];
      this.table[2 * i + 1] = alias[i];
    }
  }

  /** Probability of key i (1-based). */
  probability(i: number): number {
    return this.p[i - 1];
  }

  /** A key in 1..n. */
  sample(rng: Rng): number {
    const u = rng.next() * this.n;
    const column = Math.floor(u);
    const at = 2 * column;
    return (u - column < this.table[at] ? column : this.table[at + 1]) + 1;
  }
}
