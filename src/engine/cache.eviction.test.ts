import { describe, expect, it } from 'vitest';
import type { CacheOptions } from './cache';
import { OOM_ERROR } from './cacheErrors';
import type { EvictionPolicy } from './eviction';
import { createTestCache, rejection } from './testCache';

/** {@link createTestCache}, and the keys evicted so far, in order. */
function makeCache(options: Partial<CacheOptions> = {}, seed = 1) {
  const made = createTestCache(options, seed);
  const evicted = () => made.cache.log.filter((l) => l.isEviction).map((l) => l.argv[1]);
  return { ...made, evicted };
}

describe('Cache: maxKeys under noeviction', () => {
  it('a new key beyond maxKeys fails with the OOM error; existing keys can still be set', async () => {
    const { cache, run } = makeCache({ maxKeys: 2, eviction: 'noeviction' });
    await run('SET', 'a', '1');
    await run('SET', 'b', '2');
    const e = await rejection(run('SET', 'c', '3'));
    expect(e.message).toBe("OOM command not allowed when used memory > 'maxmemory'.");
    expect(e.isConnectionError).toBe(false);
    expect(cache.errors).toBe(1);
    expect(cache.log.at(-1)).toMatchObject({ argv: ['SET', 'c', '3'], error: OOM_ERROR });
    expect(await run('GET', 'c')).toBeNull();
    expect(await run('SET', 'a', 'changed')).toBe('OK');
    expect(cache.evictions).toBe(0);
    // Deleting a key makes room again.
    await run('DEL', 'b');
    expect(await run('SET', 'c', '3')).toBe('OK');
  });

  it('an expired key does not count against maxKeys', async () => {
    const { clock, cache, run } = makeCache({ maxKeys: 2, eviction: 'noeviction' });
    await run('SET', 'a', '1', 'PX', '100');
    await run('SET', 'b', '2');
    clock.advance(100);
    expect(await run('SET', 'c', '3')).toBe('OK');
    expect(cache.evictions).toBe(0);
    expect(cache.liveKeyCount()).toBe(2);
  });

  it.each([
    ['APPEND', 'new', 'x'],
    ['INCR', 'new'],
    ['INCRBY', 'new', '5'],
    ['DECR', 'new'],
    ['DECRBY', 'new', '5'],
    ['SETNX', 'new', 'x'],
    ['SETEX', 'new', '10', 'x'],
    ['PSETEX', 'new', '10', 'x'],
    ['MSET', 'n', '1', 'new', '2'],
    ['HSET', 'new', 'f', 'v'],
    ['LPUSH', 'new', 'x'],
    ['RPUSH', 'new', 'x'],
    ['SADD', 'new', 'x'],
  ])('%s on a new key in a full cache gets the OOM error and creates nothing', async (...argv) => {
    const { run } = makeCache({ maxKeys: 2, eviction: 'noeviction' });
    await run('SET', 'n', '1');
    await run('SET', 'm', '2');
    const e = await rejection(run(...argv));
    expect(e.message).toBe(OOM_ERROR);
    expect(await run('EXISTS', 'new')).toBe(0);
    expect(Number(await run('DBSIZE'))).toBe(2);
  });

  it('writes to existing keys and commands Redis does not flag denyoom still run when full', async () => {
    const { run } = makeCache({ maxKeys: 2, eviction: 'noeviction' });
    await run('SET', 'n', '1');
    await run('SET', 's', 'a');
    expect(await run('INCR', 'n')).toBe(2);
    expect(await run('APPEND', 's', 'b')).toBe(2);
    expect(await run('MSET', 'n', '5', 's', 'x')).toBe('OK');
    // GETEX, EXPIRE and DEL never create a key, and Redis does not refuse them.
    expect(await run('GETEX', 'n', 'EX', '100')).toBe('5');
    expect(await run('EXPIRE', 's', '100')).toBe(1);
    expect(await run('DEL', 'missing')).toBe(0);
  });

  it('a key made by INCR counts at once: the next new key is refused', async () => {
    const { cache, run } = makeCache({ maxKeys: 2, eviction: 'noeviction' });
    await run('INCR', 'a');
    await run('APPEND', 'b', 'x');
    expect(cache.liveKeyCount()).toBe(2);
    expect((await rejection(run('SET', 'c', '1'))).message).toBe(OOM_ERROR);
  });
});

describe('Cache: over its key limit under noeviction', () => {
  /** A full cache that SMOVE (not flagged denyoom, as in Redis) took over its limit of 2. */
  async function overLimit() {
    const made = makeCache({ maxKeys: 2, eviction: 'noeviction' });
    await made.run('RPUSH', 'list', 'a', 'c');
    await made.run('SADD', 'from', 'x', 'y');
    expect(await made.run('SMOVE', 'from', 'to', 'x')).toBe(1);
    expect(made.cache.liveKeyCount()).toBe(3);
    return made;
  }

  it.each([
    ['LINSERT', 'list', 'BEFORE', 'c', 'b'],
    ['LSET', 'list', '0', 'z'],
    ['LPUSHX', 'list', 'z'],
    ['RPUSHX', 'list', 'z'],
  ])(
    '%s on an existing list gets the OOM error, as Redis refuses a denyoom command',
    async (...argv) => {
      const { cache, run } = await overLimit();
      expect((await rejection(run(...argv))).message).toBe(OOM_ERROR);
      expect(await run('LRANGE', 'list', '0', '-1')).toEqual(['a', 'c']);
      // Typed in the console, the same.
      await expect(cache.execConsole('console', argv)).rejects.toThrow(OOM_ERROR);
      expect(await run('LRANGE', 'list', '0', '-1')).toEqual(['a', 'c']);
    },
  );

  it('commands Redis does not flag denyoom still run: LPOP, LREM, SREM', async () => {
    const { run } = await overLimit();
    expect(await run('LPOP', 'list')).toBe('a');
    expect(await run('SREM', 'to', 'x')).toBe(1);
  });
});

describe('Cache: eviction as Redis does it', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'allkeys-lru with samples >= keys evicts exactly the least recently used key (seed %d)',
    async (seed) => {
      const { clock, cache, run, evicted } = makeCache(
        { maxKeys: 4, eviction: 'allkeys-lru', evictionSamples: 5 },
        seed,
      );
      // Redis' LRU clock ticks once a second: accesses a second apart are told apart.
      for (const k of ['a', 'b', 'c', 'd']) {
        await run('SET', k, k);
        clock.advance(1000);
      }
      for (const k of ['b', 'd', 'a', 'c']) {
        await run('GET', k);
        clock.advance(1000);
      }
      await run('SET', 'e', 'e');
      expect(await run('EXISTS', 'b')).toBe(0);
      expect(cache.evictions).toBe(1);
      clock.advance(1000);
      // Then d is the least recently used (the pool still holds d, a and c from the last
      // sample, with the idle times they had then; the new sample ranks them again).
      await run('SET', 'f', 'f');
      expect(await run('EXISTS', 'd')).toBe(0);
      expect(Number(await run('DBSIZE'))).toBe(4);
      expect(evicted()).toEqual(['b', 'd']);
      expect(cache.log.filter((l) => l.isEviction).map((l) => l.argv)).toEqual([
        ['DEL', 'b'],
        ['DEL', 'd'],
      ]);
    },
  );

  it('allkeys-lru cannot tell apart keys used within the same second, as Redis cannot', async () => {
    const victims = new Set<string>();
    for (let seed = 1; seed <= 40; seed++) {
      const { run, evicted } = makeCache({ maxKeys: 3, eviction: 'allkeys-lru' }, seed);
      for (const k of ['a', 'b', 'c']) await run('SET', k, k);
      await run('GET', 'a');
      await run('SET', 'd', 'd');
      victims.add(evicted()[0]);
    }
    // Every key, even the one just read or just written, has idle time 0 here.
    expect([...victims].sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('allkeys-lru with fewer samples than keys evicts an old key far more often than a recent one', async () => {
    const counts = new Map<string, number>();
    for (let seed = 1; seed <= 200; seed++) {
      const { clock, run, evicted } = makeCache(
        { maxKeys: 10, eviction: 'allkeys-lru', evictionSamples: 3 },
        seed,
      );
      for (let i = 0; i < 10; i++) {
        await run('SET', `k${i}`, 'v');
        clock.advance(1000);
      }
      await run('SET', 'new', 'v');
      for (const k of evicted()) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    // Three distinct samples of 11 keys: k0 is evicted whenever it is sampled (3/11, about 55
    // of 200). k9 never: any sample holds a key older than k9 besides "new".
    expect(counts.get('k0') ?? 0).toBeGreaterThan(35);
    expect(counts.get('k9') ?? 0).toBe(0);
  });

  it('the pool keeps good candidates between evictions: the oldest keys go first', async () => {
    // With 2 samples and no pool, an eviction would often take a fairly recent key; the pool
    // keeps the best of every sample so far, so successive evictions take old keys.
    const { clock, run, evicted } = makeCache(
      { maxKeys: 40, eviction: 'allkeys-lru', evictionSamples: 2 },
      3,
    );
    for (let i = 0; i < 40; i++) {
      await run('SET', `k${i}`, 'v');
      clock.advance(1000);
    }
    for (let i = 0; i < 10; i++) await run('SET', `n${i}`, 'v');
    const ages = evicted().map((k) => Number(k.slice(1)));
    expect(ages).toHaveLength(10);
    // Keys k0..k19 are the older half; the pool makes nearly every victim one of them.
    expect(ages.filter((i) => i < 20).length).toBeGreaterThanOrEqual(8);
  });

  it('allkeys-lfu keeps a frequently read key and evicts a rarely used one', async () => {
    for (let seed = 1; seed <= 8; seed++) {
      const { clock, cache, run } = makeCache(
        { maxKeys: 3, eviction: 'allkeys-lfu', evictionSamples: 5 },
        seed,
      );
      await run('SET', 'hot', 'v');
      for (let i = 0; i < 50; i++) await run('GET', 'hot');
      await run('SET', 'warm', 'v');
      await run('GET', 'warm');
      await run('SET', 'cold', 'v');
      // A minute later every counter has lost one: cold falls to 4, below the new key's 5.
      clock.advance(60_000);
      await run('SET', 'new', 'v');
      expect(await run('EXISTS', 'hot')).toBe(1);
      expect(await run('EXISTS', 'warm')).toBe(1);
      expect(await run('EXISTS', 'new')).toBe(1);
      expect(await run('EXISTS', 'cold')).toBe(0);
      expect(cache.evictions).toBe(1);
    }
  });

  it('allkeys-lfu forgets: a key hot an hour ago loses to keys read a few times lately', async () => {
    const { clock, run, evicted } = makeCache({ maxKeys: 3, eviction: 'allkeys-lfu' }, 5);
    await run('SET', 'was-hot', 'v');
    for (let i = 0; i < 200; i++) await run('GET', 'was-hot');
    clock.advance(60 * 60_000); // an hour idle: the counter decays to 0
    for (const k of ['x', 'y']) {
      await run('SET', k, 'v');
      for (let i = 0; i < 3; i++) await run('GET', k);
    }
    await run('SET', 'z', 'v');
    expect(evicted()).toEqual(['was-hot']);
  });

  it('allkeys-random evicts keys roughly uniformly, whatever their use', async () => {
    const counts = new Map<string, number>();
    const trials = 400;
    for (let seed = 1; seed <= trials; seed++) {
      const { cache, run, evicted } = makeCache({ maxKeys: 3, eviction: 'allkeys-random' }, seed);
      for (const k of ['a', 'b', 'c']) await run('SET', k, 'v');
      for (let i = 0; i < 5; i++) await run('GET', 'a');
      await run('SET', 'new', 'v');
      expect(cache.evictions).toBe(1);
      const victim = evicted()[0];
      counts.set(victim, (counts.get(victim) ?? 0) + 1);
    }
    // Any of the four keys (the new one included, as in Redis) with probability 1/4: 100
    // expected, standard deviation about 8.7.
    for (const k of ['a', 'b', 'c', 'new']) {
      expect(counts.get(k) ?? 0).toBeGreaterThan(100 - 35);
      expect(counts.get(k) ?? 0).toBeLessThan(100 + 35);
    }
  });

  it.each<EvictionPolicy>(['allkeys-lru', 'allkeys-lfu', 'allkeys-random'])(
    '%s never holds more than maxKeys and counts every eviction',
    async (eviction) => {
      const { cache, run } = makeCache({ maxKeys: 5, eviction });
      for (let i = 0; i < 40; i++) {
        await run('SET', `k${i}`, 'v');
        if (i % 3 === 0) await run('GET', `k${i - 1}`);
        expect(Number(await run('DBSIZE'))).toBeLessThanOrEqual(5);
      }
      expect(Number(await run('DBSIZE'))).toBe(5);
      expect(cache.liveKeyCount()).toBe(5);
      expect(cache.evictions).toBe(35);
      expect(cache.log.filter((l) => l.isEviction)).toHaveLength(35);
    },
  );

  it('keys made by INCR, HSET or MSET are counted and make room like SET', async () => {
    const { cache, run } = makeCache({ maxKeys: 3, eviction: 'allkeys-lru' });
    await run('SET', 'a', '1');
    await run('INCR', 'b');
    await run('HSET', 'c', 'f', 'v');
    await run('MSET', 'd', '1', 'e', '2');
    expect(cache.evictions).toBe(2);
    expect(Number(await run('DBSIZE'))).toBe(3);
    expect(cache.liveKeyCount()).toBe(3);
  });

  it('a key whose TTL passed is dropped, not evicted', async () => {
    const { clock, cache, run } = makeCache({ maxKeys: 2, eviction: 'allkeys-lru' });
    await run('SET', 'a', '1', 'EX', '10');
    await run('SET', 'b', '2');
    clock.advance(10_000);
    await run('SET', 'c', '3');
    expect(cache.evictions).toBe(0);
    expect(await run('EXISTS', 'b')).toBe(1);
    expect(await run('EXISTS', 'c')).toBe(1);
  });
});

describe("Cache: what the console's command layer reads counts as an access, as in Redis", () => {
  // The console and a learner's code run through the command layer, not ioredis-mock: their
  // reads must keep a key recent (LRU) and frequent (LFU) as the application's GET does.
  it.each([
    ['GET a', 'b'],
    ['MGET a', 'b'],
    ['STRLEN a', 'b'],
    ['GETEX a', 'b'],
    ['SET a w NX', 'b'],
    ['APPEND a x', 'b'],
    // Redis looks these up with NOTOUCH: a stays as idle as it was.
    ['EXISTS a', 'a'],
    ['TYPE a', 'a'],
    ['TTL a', 'a'],
    ['EXPIRETIME a', 'a'],
  ])('allkeys-lru: after %s, the key evicted is %s', async (line, victim) => {
    const { clock, cache, evicted } = makeCache({ maxKeys: 2, eviction: 'allkeys-lru' });
    const consoleRun = (text: string) => cache.execConsole('console', text.split(' '));
    await consoleRun('SET a v');
    clock.advance(2000);
    await consoleRun('SET b v');
    clock.advance(2000);
    await consoleRun(line);
    clock.advance(2000);
    await consoleRun('SET c v');
    expect(evicted()).toEqual([victim]);
  });

  it.each([
    ['HSET a f v', 'HGET a f'],
    ['HSET a f v', 'HGETALL a'],
    ['HSET a f v', 'HMGET a f'],
    ['RPUSH a x', 'LRANGE a 0 -1'],
    ['RPUSH a x', 'LLEN a'],
    ['SADD a x', 'SMEMBERS a'],
    ['SADD a x', 'SISMEMBER a y'],
  ])('allkeys-lru: a key made by %s is kept recent by %s', async (make, read) => {
    const { clock, cache, evicted } = makeCache({ maxKeys: 2, eviction: 'allkeys-lru' });
    const consoleRun = (text: string) => cache.execConsole('console', text.split(' '));
    await consoleRun(make);
    clock.advance(2000);
    await consoleRun('SET b v');
    clock.advance(2000);
    await consoleRun(read);
    clock.advance(2000);
    await consoleRun('SET c v');
    expect(evicted()).toEqual(['b']);
  });

  it('allkeys-lfu: a key the console reads often is kept over one written once', async () => {
    for (let seed = 1; seed <= 8; seed++) {
      const { cache, evicted } = makeCache({ maxKeys: 2, eviction: 'allkeys-lfu' }, seed);
      const consoleRun = (text: string) => cache.execConsole('console', text.split(' '));
      await consoleRun('SET hot v');
      for (let i = 0; i < 50; i++) await consoleRun('GET hot');
      await consoleRun('SET cold v');
      await consoleRun('SET new v');
      expect(evicted(), `seed ${seed}`).not.toContain('hot');
    }
  });
});

describe('Cache: maxKeys with TTLs on ioredis-mock', () => {
  it('a SET ... EX over a key whose TTL passed unread keeps the new value', async () => {
    const { clock, run } = makeCache({ maxKeys: 2, eviction: 'allkeys-lru' });
    await run('SET', 'a', 'old', 'PX', '100');
    clock.advance(100);
    expect(await run('SET', 'a', 'new', 'EX', '10')).toBe('OK');
    expect(await run('GET', 'a')).toBe('new');
    expect(await run('TTL', 'a')).toBe(10);
  });
});

describe('Cache: maxKeys after a pop empties a list', () => {
  it.each(['LPOP', 'RPOP'])(
    '%s that takes the last element leaves no key to evict: the next key evicts nothing',
    async (pop) => {
      // The write-behind flusher's LPOP of the whole queue: Redis deletes the emptied list, so a
      // fill after it fits in maxKeys 1. Before, the key index still held the queue: the fill
      // "evicted" it (an eviction counted, `DEL write-behind:queue -> 1` logged) though it was gone.
      const { cache, run, evicted } = makeCache({ maxKeys: 1, eviction: 'allkeys-lru' });
      await run('RPUSH', 'q', 'a', 'b');
      expect(await run(pop, 'q', '50')).toHaveLength(2);
      expect(await run('SET', 'k', 'v')).toBe('OK');
      expect(evicted()).toEqual([]);
      expect(cache.evictions).toBe(0);
      expect(cache.liveKeyCount()).toBe(1);
    },
  );

  it('a pop that leaves elements keeps the list a key: the next key evicts one', async () => {
    const { cache, run, evicted } = makeCache({ maxKeys: 1, eviction: 'allkeys-lru' });
    await run('RPUSH', 'q', 'a', 'b');
    expect(await run('LPOP', 'q')).toBe('a');
    expect(await run('SET', 'k', 'v')).toBe('OK');
    expect(evicted()).toHaveLength(1);
    expect(cache.evictions).toBe(1);
  });
});
