import { describe, expect, it } from 'vitest';
import { Rng, ZipfSampler } from './rng';

const draws = (rng: Rng, n: number): number[] => Array.from({ length: n }, () => rng.next());

/** Pearson correlation of two equally long samples. */
function correlation(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    cov += (a[i] - ma) * (b[i] - mb);
    va += (a[i] - ma) ** 2;
    vb += (b[i] - mb) ** 2;
  }
  return cov / Math.sqrt(va * vb);
}

describe('Rng', () => {
  it('is deterministic: the same seed gives the same stream, nearby seeds different ones', () => {
    expect(draws(new Rng(42), 100)).toEqual(draws(new Rng(42), 100));
    const one = draws(new Rng(1), 100);
    const two = draws(new Rng(2), 100);
    expect(one).not.toEqual(two);
    // Nearby seeds are spread apart, so their streams are not correlated either.
    expect(
      Math.abs(correlation(draws(new Rng(1), 20_000), draws(new Rng(2), 20_000))),
    ).toBeLessThan(0.03);
  });

  it('next() is uniform on [0, 1): every draw in range, ten equal bins pass a chi-square test', () => {
    const rng = new Rng(7);
    const n = 100_000;
    const bins = new Array<number>(10).fill(0);
    let sum = 0;
    let outOfRange = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      if (!(u >= 0 && u < 1)) outOfRange++;
      else bins[Math.floor(u * 10)]++;
      sum += u;
    }
    expect(outOfRange).toBe(0);
    const expected = n / 10;
    const chi2 = bins.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    // 9 degrees of freedom: P(chi2 > 27.88) = 0.001.
    expect(chi2).toBeLessThan(27.88);
    // Mean 1/2, standard error 1/sqrt(12 n) ≈ 0.0009.
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.005);
  });

  it('int(n) gives every integer in [0, n) and nothing else', () => {
    const rng = new Rng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const k = rng.int(7);
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true);
      seen.add(k);
    }
    expect(seen.size).toBe(7);
  });

  it.each([0.5, 1, 1000])(
    'exponential(%d) is positive with mean 1/rate and variance 1/rate^2',
    (rate) => {
      const rng = new Rng(11);
      const n = 100_000;
      let sum = 0;
      let sumSq = 0;
      let bad = 0;
      for (let i = 0; i < n; i++) {
        const x = rng.exponential(rate);
        if (!(x >= 0 && Number.isFinite(x))) bad++;
        sum += x;
        sumSq += x * x;
      }
      expect(bad).toBe(0);
      const mean = sum / n;
      // Standard error of the mean is (1/rate)/sqrt(n) ≈ 0.3% of the mean; allow 2%.
      expect(Math.abs(mean * rate - 1)).toBeLessThan(0.02);
      const variance = sumSq / n - mean * mean;
      expect(Math.abs(variance * rate * rate - 1)).toBeLessThan(0.05);
    },
  );

  it('fork gives a deterministic child whose stream is independent of its parent and siblings', () => {
    const a = new Rng(5);
    const b = new Rng(5);
    expect(draws(a.fork(1), 50)).toEqual(draws(b.fork(1), 50));

    const parent = new Rng(9);
    const child1 = parent.fork(1);
    const child2 = parent.fork(2);
    const n = 50_000;
    const s1 = draws(child1, n);
    const s2 = draws(child2, n);
    const sp = draws(parent, n);
    // Standard error of a correlation of independent samples is 1/sqrt(n) ≈ 0.0045.
    expect(Math.abs(correlation(s1, s2))).toBeLessThan(0.02);
    expect(Math.abs(correlation(s1, sp))).toBeLessThan(0.02);
    // Lagged too: a child is not its sibling shifted by one.
    expect(Math.abs(correlation(s1.slice(1), s2.slice(0, -1)))).toBeLessThan(0.02);
    // Different salts at the same parent state give different streams.
    const p1 = new Rng(9);
    const p2 = new Rng(9);
    expect(draws(p1.fork(1), 20)).not.toEqual(draws(p2.fork(2), 20));
  });

  it("drawing from a child does not change the parent's stream", () => {
    const used = new Rng(21);
    const unused = new Rng(21);
    const childUsed = used.fork(3);
    unused.fork(3);
    draws(childUsed, 1000);
    expect(draws(used, 100)).toEqual(draws(unused, 100));
  });
});

describe('ZipfSampler', () => {
  it.each([
    [10, 0.9],
    [50, 1.2],
    [7, 2],
  ])('P(i) = (1/i^alpha) / sum_j (1/j^alpha) for n=%d, alpha=%d', (n, alpha) => {
    const zipf = new ZipfSampler(n, alpha);
    let h = 0;
    for (let j = 1; j <= n; j++) h += 1 / Math.pow(j, alpha);
    let total = 0;
    for (let i = 1; i <= n; i++) {
      expect(zipf.probability(i)).toBeCloseTo(1 / Math.pow(i, alpha) / h, 12);
      total += zipf.probability(i);
    }
    expect(total).toBeCloseTo(1, 12);
    // Popularity falls with rank.
    for (let i = 2; i <= n; i++) expect(zipf.probability(i)).toBeLessThan(zipf.probability(i - 1));
  });

  it('alpha 0 is uniform', () => {
    const zipf = new ZipfSampler(8, 0);
    for (let i = 1; i <= 8; i++) expect(zipf.probability(i)).toBeCloseTo(1 / 8, 12);
  });

  it('a single key is always key 1', () => {
    const zipf = new ZipfSampler(1, 0.9);
    const rng = new Rng(1);
    expect(zipf.probability(1)).toBe(1);
    for (let i = 0; i < 100; i++) expect(zipf.sample(rng)).toBe(1);
  });

  it('rejects a key count below 1 or not an integer, and a negative or non-finite alpha', () => {
    expect(() => new ZipfSampler(0, 1)).toThrow(RangeError);
    expect(() => new ZipfSampler(2.5, 1)).toThrow(RangeError);
    expect(() => new ZipfSampler(10, -0.1)).toThrow(RangeError);
    expect(() => new ZipfSampler(10, NaN)).toThrow(RangeError);
    expect(() => new ZipfSampler(10, Infinity)).toThrow(RangeError);
  });

  it.each([
    [20, 1.1],
    [20, 0],
    [200, 0.9],
  ])('empirical frequencies of a big sample match P(i) (n=%d, alpha=%d)', (n, alpha) => {
    const zipf = new ZipfSampler(n, alpha);
    const rng = new Rng(2024);
    const samples = 200_000;
    const counts = new Array<number>(n + 1).fill(0);
    let outOfRange = 0;
    for (let s = 0; s < samples; s++) {
      const k = zipf.sample(rng);
      if (Number.isInteger(k) && k >= 1 && k <= n) counts[k]++;
      else outOfRange++;
    }
    expect(outOfRange).toBe(0);
    let chi2 = 0;
    for (let i = 1; i <= n; i++) {
      const p = zipf.probability(i);
      const sd = Math.sqrt((p * (1 - p)) / samples);
      // Each key within 5 standard errors of its probability.
      expect(Math.abs(counts[i] / samples - p)).toBeLessThan(5 * sd);
      chi2 += (counts[i] - samples * p) ** 2 / (samples * p);
    }
    // Chi-square with n-1 degrees of freedom: mean n-1, sd sqrt(2(n-1)); allow mean + 5 sd.
    expect(chi2).toBeLessThan(n - 1 + 5 * Math.sqrt(2 * (n - 1)));
  });
});
