import { describe, expect, it } from 'vitest';
import type { Cache } from './cache';
import { Lrand48 } from './luaRandom';
import { createTestCache } from './testCache';

const newCache = () => createTestCache().cache;
const draw = (cache: Cache) => cache.exec('A', ['EVAL', 'return tostring(math.random())', '0']);

describe("a script's math.random", () => {
  it("starts where a fresh redis-server's does (lrand48 before any seed)", () => {
    // What `EVAL "return tostring(math.random())" 0` answered four times on a fresh
    // redis-server 7.0.15 (the parity test compares with a live one when it is installed).
    const g = new Lrand48();
    const shares = [1, 2, 3, 4].map(() => (g.next() % 2147483647) / 2147483647);
    expect(shares.map((x) => x.toPrecision(14))).toEqual([
      '0.39646477363839',
      '0.84048536971234',
      '0.35333609737146',
      '0.44658343468168',
    ]);
  });

  it('draws the same numbers on every run, going on from script to script', async () => {
    const first = newCache();
    const second = newCache();
    const a = [await draw(first), await draw(first), await draw(first)];
    const b = [await draw(second), await draw(second), await draw(second)];
    expect(a).toEqual(['0.39646477363839', '0.84048536971234', '0.35333609737146']);
    expect(b).toEqual(a);
  });

  it('goes on from a checkpoint as it would have (Back replays the same numbers)', async () => {
    const cache = newCache();
    await draw(cache);
    const saved = cache.saveState();
    if (saved === null) throw new Error('no state');
    const next = await draw(cache);
    const restored = newCache();
    restored.loadState(saved);
    expect(await draw(restored)).toBe(next);
  });

  it('is set back to its start by a restart, as a new server process is', async () => {
    const cache = newCache();
    await draw(cache);
    await draw(cache);
    await cache.restart();
    expect(await draw(cache)).toBe('0.39646477363839');
  });
});
