import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BucketBuilder, expectedHitRatio, LatencyHistogram, ttlHitRatio } from './metrics';

describe('LatencyHistogram', () => {
  it('is 0 everywhere when empty', () => {
    const h = new LatencyHistogram();
    expect(h.count).toBe(0);
    expect(h.meanMs).toBe(0);
    expect(h.quantile(0.5)).toBe(0);
    expect(h.quantile(0.99)).toBe(0);
  });

  it('gives nearest-rank quantiles: 1..100 ms has p50 50, p99 99, p100 100, p0 1', () => {
    const h = new LatencyHistogram();
    // Added in a scrambled order: the histogram must not depend on it.
    for (let i = 0; i < 100; i++) h.add(((i * 37) % 100) + 1);
    expect(h.count).toBe(100);
    expect(h.quantile(0.5)).toBe(50);
    expect(h.quantile(0.99)).toBe(99);
    expect(h.quantile(1)).toBe(100);
    expect(h.quantile(0)).toBe(1);
    expect(h.meanMs).toBeCloseTo(50.5, 10);
  });

  it('keeps microsecond resolution: 0.3 ms and 2.3 ms stay distinct and exact', () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 9; i++) h.add(0.3);
    h.add(2.3);
    expect(h.quantile(0.9)).toBe(0.3);
    expect(h.quantile(0.91)).toBe(2.3);
    expect(h.meanMs).toBeCloseTo(0.5, 10);
  });

  it('matches the nearest-rank quantile of the sorted sample (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50_000 }), { minLength: 1, maxLength: 300 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (micros, q) => {
          const h = new LatencyHistogram();
          for (const us of micros) h.add(us / 1000);
          const sorted = [...micros].sort((a, b) => a - b);
          const rank = Math.max(1, Math.ceil(q * sorted.length));
          expect(h.quantile(q)).toBe(sorted[rank - 1] / 1000);
          const mean = micros.reduce((s, x) => s + x, 0) / micros.length / 1000;
          expect(h.meanMs).toBeCloseTo(mean, 9);
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });

  it('selects the same quantiles as a sort for inputs that defeat a naive pivot', () => {
    const n = 20_000;
    const inputs: [string, (i: number) => number][] = [
      ['ascending', (i) => i],
      ['descending', (i) => n - i],
      ['all equal', () => 7],
      ['organ pipe', (i) => Math.min(i, n - i)],
      ['sorted runs', (i) => (i % 2500) * 3],
      ['two values', (i) => (i % 3 === 0 ? 1 : 2)],
    ];
    for (const [name, valueAt] of inputs) {
      const micros = Array.from({ length: n }, (_, i) => valueAt(i));
      const sorted = [...micros].sort((a, b) => a - b);
      const h = new LatencyHistogram();
      for (const us of micros) h.add(us / 1000);
      // A bucket's stretch first (the samples added after the first half), as a run closes its
      // buckets before it asks for its own quantiles; the run's reorder every sample.
      const tail = micros.slice(n / 2).sort((a, b) => a - b);
      expect(h.quantileFrom(n / 2, 0.99), name).toBe(tail[Math.ceil(0.99 * (n / 2)) - 1] / 1000);
      for (const q of [0, 0.01, 0.5, 0.9, 0.99, 0.999, 1]) {
        const rank = Math.max(1, Math.ceil(q * n));
        expect(h.quantile(q), `${name}, q ${q}`).toBe(sorted[rank - 1] / 1000);
      }
    }
  });
});

describe('ttlHitRatio', () => {
  it('is lambda*T / (1 + lambda*T)', () => {
    expect(ttlHitRatio(1, 1)).toBe(0.5);
    expect(ttlHitRatio(4, 1)).toBe(0.8);
    expect(ttlHitRatio(0.5, 2)).toBe(0.5);
    expect(ttlHitRatio(10, 0.1)).toBe(0.5);
    expect(ttlHitRatio(3, 3)).toBeCloseTo(0.9, 12);
    expect(ttlHitRatio(0, 60)).toBe(0);
  });

  it('TTL 0 means no expiry: every read but the first hits in the long run', () => {
    expect(ttlHitRatio(5, 0)).toBe(1);
    expect(ttlHitRatio(0, 0)).toBe(0);
  });

  it('grows with the rate and with the TTL, and stays below 1', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        (rate, ttl) => {
          const h = ttlHitRatio(rate, ttl);
          expect(h).toBeGreaterThan(0);
          expect(h).toBeLessThan(1);
          expect(ttlHitRatio(rate * 2, ttl)).toBeGreaterThanOrEqual(h);
          expect(ttlHitRatio(rate, ttl * 2)).toBeGreaterThanOrEqual(h);
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });
});

describe('expectedHitRatio', () => {
  it('for one key is ttlHitRatio', () => {
    expect(expectedHitRatio([1], 3, 2)).toBeCloseTo(ttlHitRatio(3, 2), 12);
  });

  it('for k equally popular keys is ttlHitRatio at rate/k', () => {
    const p = new Array<number>(10).fill(0.1);
    expect(expectedHitRatio(p, 50, 1)).toBeCloseTo(ttlHitRatio(5, 1), 12);
  });

  it('weights each key by its share of reads', () => {
    // Key 1: 3 reads/s at T=1 -> 3/4 of its reads hit; key 2: 1 read/s -> 1/2.
    expect(expectedHitRatio([0.75, 0.25], 4, 1)).toBeCloseTo(0.75 * 0.75 + 0.25 * 0.5, 12);
  });
});

describe('BucketBuilder', () => {
  it('closes into hit rates per bucket and since the start, and latency percentiles', () => {
    const b = new BucketBuilder(1000);
    b.reads = 4;
    b.hits = 3;
    b.misses = 1;
    for (const ms of [0.3, 0.3, 0.3, 2.6]) b.latency.add(ms);
    const closed = b.close(30, 40, 7);
    expect(closed).toMatchObject({
      t: 1000,
      hitRate: 0.75,
      cumulativeHitRate: 0.75,
      cachedKeys: 7,
      latencyP50Ms: 0.3,
      latencyP99Ms: 2.6,
    });
    // Without a GET Redis answered there is no share to report: null, not 0.
    expect(new BucketBuilder(0).close(0, 0, 0)).toMatchObject({
      hitRate: null,
      cumulativeHitRate: null,
    });
    expect(new BucketBuilder(0).close(30, 40, 7)).toMatchObject({
      hitRate: null,
      cumulativeHitRate: 0.75,
    });
  });

  it('a bucket in which no request finished has no latency percentiles: null, not 0 ms', () => {
    const run = new LatencyHistogram();
    const first = new BucketBuilder(0, run);
    first.latency.add(4);
    expect(first.close(0, 0, 0)).toMatchObject({ latencyP50Ms: 4, latencyP99Ms: 4 });
    // The run's histogram holds a sample, but none of this bucket's.
    expect(new BucketBuilder(100, run).close(0, 0, 0)).toMatchObject({
      latencyP50Ms: null,
      latencyP99Ms: null,
    });
    expect(new BucketBuilder(200).close(0, 0, 0)).toMatchObject({
      latencyP50Ms: null,
      latencyP99Ms: null,
    });
  });
});
