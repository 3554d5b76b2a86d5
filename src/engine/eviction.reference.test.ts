// The lab's eviction against a plain reference implementation of Redis 7's algorithm, written
// here from src/evict.c (evictionPoolPopulate, performEvictions) and src/db.c (updateLFU),
// on one seeded trace driven through the real cache adapter.
import { describe, expect, it } from 'vitest';
import { Cache } from './cache';
import { VirtualClock } from './clock';
import type { EvictionPolicy } from './eviction';
import { createMockRedisServer } from './redisMock';
import { Rng, ZipfSampler } from './rng';

interface RefObject {
  /** robj->lru: LRU clock seconds, or for LFU (ldt minutes, counter) kept as two numbers. */
  lru: number;
  ldt: number;
  counter: number;
}

/** Redis 7 eviction, as plainly as evict.c writes it: one db, allkeys-lru or allkeys-lfu. */
class RedisEvictionReference {
  private readonly dict = new Map<string, RefObject>();
  /** The dict's keys, for sampling (a hash table's buckets stand in as a random order). */
  private readonly keyArray: string[] = [];
  private readonly slot = new Map<string, number>();
  private readonly pool: { idle: number; key: string | null }[] = Array.from(
    { length: 16 },
    () => ({ idle: 0, key: null }),
  );
  hits = 0;
  reads = 0;

  constructor(
    private readonly policy: 'allkeys-lru' | 'allkeys-lfu',
    private readonly maxKeys: number,
    private readonly rng: Rng,
  ) {}

  private LRU_CLOCK(now: number): number {
    return Math.floor(now / 1000); // LRU_CLOCK_RESOLUTION 1000 ms
  }
  private LFUGetTimeInMinutes(now: number): number {
    return Math.floor(now / 1000 / 60);
  }
  private LFUDecrAndReturn(o: RefObject, now: number): number {
    const numPeriods = Math.floor((this.LFUGetTimeInMinutes(now) - o.ldt) / 1); // lfu-decay-time 1
    if (numPeriods) return numPeriods > o.counter ? 0 : o.counter - numPeriods;
    return o.counter;
  }
  private LFULogIncr(counter: number): number {
    if (counter === 255) return 255;
    const r = this.rng.next();
    let baseval = counter - 5; // LFU_INIT_VAL
    if (baseval < 0) baseval = 0;
    const p = 1.0 / (baseval * 10 + 1); // lfu-log-factor 10
    if (r < p) counter++;
    return counter;
  }
  private createObject(now: number): RefObject {
    return this.policy === 'allkeys-lfu'
      ? { lru: 0, ldt: this.LFUGetTimeInMinutes(now), counter: 5 }
      : { lru: this.LRU_CLOCK(now), ldt: 0, counter: 0 };
  }
  private lookupKey(key: string, now: number): RefObject | undefined {
    const o = this.dict.get(key);
    if (o) {
      if (this.policy === 'allkeys-lfu') {
        const counter = this.LFUDecrAndReturn(o, now);
        o.counter = this.LFULogIncr(counter);
        o.ldt = this.LFUGetTimeInMinutes(now);
      } else o.lru = this.LRU_CLOCK(now);
    }
    return o;
  }

  /** GET; on a miss, SET (the cache-aside fill), then performEvictions. */
  access(key: string, now: number): void {
    this.reads++;
    if (this.lookupKey(key, now)) {
      this.hits++;
      return;
    }
    this.dict.set(key, this.createObject(now));
    this.slot.set(key, this.keyArray.length);
    this.keyArray.push(key);
    this.performEvictions(now);
  }

  private dbDelete(key: string): void {
    const i = this.slot.get(key) as number;
    const last = this.keyArray.pop() as string;
    if (last !== key) {
      this.keyArray[i] = last;
      this.slot.set(last, i);
    }
    this.slot.delete(key);
    this.dict.delete(key);
  }

  /** dictGetSomeKeys: `count` distinct keys of the dict, at random. */
  private dictGetSomeKeys(count: number): string[] {
    const n = this.keyArray.length;
    const picked = new Set<number>();
    while (picked.size < Math.min(count, n)) picked.add(this.rng.int(n));
    return [...picked].map((i) => this.keyArray[i]);
  }

  private evictionPoolPopulate(now: number): void {
    const pool = this.pool;
    for (const key of this.dictGetSomeKeys(5)) {
      const o = this.dict.get(key) as RefObject;
      const idle =
        this.policy === 'allkeys-lru'
          ? (this.LRU_CLOCK(now) - o.lru) * 1000
          : 255 - this.LFUDecrAndReturn(o, now);
      let k = 0;
      while (k < 16 && pool[k].key && pool[k].idle < idle) k++;
      if (k === 0 && pool[15].key !== null) continue;
      else if (k < 16 && pool[k].key === null) {
        /* empty slot */
      } else {
        if (pool[15].key === null) {
          for (let i = 15; i > k; i--) pool[i] = pool[i - 1];
          pool[k] = { idle: 0, key: null };
        } else {
          k--;
          for (let i = 0; i < k; i++) pool[i] = pool[i + 1];
          pool[k] = { idle: 0, key: null };
        }
      }
      pool[k].key = key;
      pool[k].idle = idle;
    }
  }

  private performEvictions(now: number): void {
    while (this.dict.size > this.maxKeys) {
      let bestkey: string | null = null;
      while (bestkey === null) {
        if (this.dict.size === 0) return;
        this.evictionPoolPopulate(now);
        for (let k = 15; k >= 0; k--) {
          const key = this.pool[k].key;
          if (key === null) continue;
          this.pool[k].key = null;
          this.pool[k].idle = 0;
          if (this.dict.has(key)) {
            bestkey = key;
            break;
          }
        }
      }
      this.dbDelete(bestkey);
    }
  }
}

/**
 * The trace: Zipf(0.8) reads over 2,000 users at 200 per second for 500 s, the popular users
 * changing halfway (so that LFU's decay matters), against a cache of 200 keys.
 */
function trace(seed: number): { key: string; atMs: number }[] {
  const rng = new Rng(seed);
  const zipf = new ZipfSampler(2000, 0.8);
  const out: { key: string; atMs: number }[] = [];
  let t = 0;
  for (let i = 0; i < 100_000; i++) {
    t += rng.exponential(200) * 1000;
    const rank = zipf.sample(rng);
    const id = i < 50_000 ? rank : ((rank + 997) % 2000) + 1;
    out.push({ key: `user:${id}`, atMs: Math.round(t * 1000) / 1000 });
  }
  return out;
}

async function labHitRate(policy: EvictionPolicy, requests: { key: string; atMs: number }[]) {
  const clock = new VirtualClock();
  const cache = new Cache(clock, new Rng(7), createMockRedisServer(), {
    maxKeys: 200,
    eviction: policy,
    logLimit: 0,
  });
  let hits = 0;
  for (const { key, atMs } of requests) {
    clock.advanceTo(atMs);
    if ((await cache.exec('app', ['GET', key])) !== null) hits++;
    else await cache.exec('app', ['SET', key, 'v']);
  }
  expect(cache.liveKeyCount()).toBe(200);
  return { hitRate: hits / requests.length, evictions: cache.evictions };
}

function referenceHitRate(
  policy: 'allkeys-lru' | 'allkeys-lfu',
  requests: { key: string; atMs: number }[],
) {
  const ref = new RedisEvictionReference(policy, 200, new Rng(99));
  for (const { key, atMs } of requests) ref.access(key, atMs);
  return ref.hits / ref.reads;
}

describe("eviction against a reference implementation of Redis' algorithm", () => {
  const requests = trace(2024);

  it.each(['allkeys-lru', 'allkeys-lfu'] as const)(
    '%s: the hit rate is within 0.3 points of the reference on the same trace',
    async (policy) => {
      const lab = await labHitRate(policy, requests);
      const reference = referenceHitRate(policy, requests);
      // Printed so a run shows the figures the README quotes.
      console.log(
        `${policy}: lab ${(lab.hitRate * 100).toFixed(2)}%, reference ${(reference * 100).toFixed(2)}%`,
      );
      expect(lab.evictions).toBe(Math.round(requests.length * (1 - lab.hitRate)) - 200);
      expect(Math.abs(lab.hitRate - reference) * 100).toBeLessThan(0.3);
    },
    60_000,
  );

  it('the policies differ on this trace, so the comparison can tell them apart', () => {
    const lru = referenceHitRate('allkeys-lru', requests);
    const lfu = referenceHitRate('allkeys-lfu', requests);
    expect(Math.abs(lru - lfu) * 100).toBeGreaterThan(1);
  });
});
