import { describe, expect, it } from 'vitest';
import { DEFAULT_LATENCY, EFFECT_FRACTION, LatencyModel, type LatencySettings } from './latency';
import { Rng } from './rng';

const draws = (settings: Partial<LatencySettings>, n: number, seed = 1) => {
  const model = new LatencyModel({ ...DEFAULT_LATENCY, ...settings }, new Rng(seed));
  return Array.from({ length: n }, () => ({
    ...model.draw('dbWrite', 5, { effectMs: 0, totalMs: 0 }),
  }));
};
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.floor(q * xs.length)];

describe('LatencyModel', () => {
  it('constant: every operation takes its median and takes effect at its commit point', () => {
    for (const d of draws({ latencyModel: 'constant' }, 10))
      expect(d).toEqual({ effectMs: 5 * EFFECT_FRACTION.dbWrite, totalMs: 5 });
  });

  it('lognormal: the median holds and the p99 is the configured multiple of it', () => {
    const totals = draws({ latencyTail: 4, stallChance: 0 }, 40_000).map((d) => d.totalMs);
    expect(quantile(totals, 0.5)).toBeCloseTo(5, 0);
    expect(quantile(totals, 0.99) / quantile(totals, 0.5)).toBeGreaterThan(3.6);
    expect(quantile(totals, 0.99) / quantile(totals, 0.5)).toBeLessThan(4.4);
  });

  it('an operation whose median is 0 takes no time: no tail and no stall, whatever the chance', () => {
    const model = new LatencyModel({ ...DEFAULT_LATENCY, stallChance: 1 }, new Rng(1));
    for (let i = 0; i < 100; i++)
      expect(model.draw('dbRead', 0, { effectMs: 1, totalMs: 1 })).toEqual({
        effectMs: 0,
        totalMs: 0,
      });
  });

  it('stalls add long pauses, before or after the commit point, at the configured rate', () => {
    const all = draws({ latencyTail: 1, stallChance: 0.01, stallMs: 50 }, 20_000);
    const stalled = all.filter((d) => d.totalMs > 6);
    expect(stalled.length).toBeGreaterThan(140);
    expect(stalled.length).toBeLessThan(260);
    expect(stalled.some((d) => d.effectMs > 6)).toBe(true); // a late commit
    expect(stalled.some((d) => d.effectMs < 5)).toBe(true); // a late reply after an on-time commit
  });

  it('every draw takes effect inside its round trip, and the same seed draws the same', () => {
    const a = draws({}, 2000, 9);
    for (const d of a) {
      expect(d.effectMs).toBeGreaterThan(0);
      expect(d.effectMs).toBeLessThanOrEqual(d.totalMs);
    }
    expect(draws({}, 2000, 9)).toEqual(a);
    expect(draws({}, 2000, 10)).not.toEqual(a);
  });
});
