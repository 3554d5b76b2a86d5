import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONNECTION_ERROR } from './cacheErrors';
import { createTestCache, rejection } from './testCache';

describe('Cache: commands and the MONITOR-style log', () => {
  it('logs every command with its time, actor, argv and reply, in order', async () => {
    const { clock, cache } = createTestCache();
    await cache.exec('A', ['SET', 'user:1', 'v1', 'EX', '60']);
    clock.advance(0.3);
    await cache.exec('B', ['GET', 'user:1']);
    await cache.exec('B', ['GET', 'user:2']);
    clock.advance(1);
    await cache.exec('A', ['DEL', 'user:1', 'user:2']);
    expect(cache.log).toEqual([
      {
        seq: 1,
        timeMs: 0,
        order: 1,
        actor: 'A',
        argv: ['SET', 'user:1', 'v1', 'EX', '60'],
        reply: 'OK',
        reachedServer: true,
      },
      {
        seq: 2,
        timeMs: 0.3,
        order: 2,
        actor: 'B',
        argv: ['GET', 'user:1'],
        reply: 'v1',
        reachedServer: true,
      },
      {
        seq: 3,
        timeMs: 0.3,
        order: 3,
        actor: 'B',
        argv: ['GET', 'user:2'],
        reply: null,
        reachedServer: true,
      },
      {
        seq: 4,
        timeMs: 1.3,
        order: 4,
        actor: 'A',
        argv: ['DEL', 'user:1', 'user:2'],
        reply: 1,
        reachedServer: true,
      },
    ]);
    expect(cache.commands).toBe(4);
    expect(cache.errors).toBe(0);
  });

  it('gives each actor its own connection to one shared keyspace', async () => {
    const { cache } = createTestCache();
    await cache.exec('A', ['SET', 'k', 'from A']);
    expect(await cache.exec('B', ['GET', 'k'])).toBe('from A');
  });

  it('keeps separate caches apart (each has its own keyspace)', async () => {
    const one = createTestCache();
    const two = createTestCache();
    await one.run('SET', 'k', 'one');
    expect(await two.run('GET', 'k')).toBeNull();
  });

  it('drops the oldest log entries beyond logLimit, and keeps none with logLimit 0', async () => {
    const { cache, run } = createTestCache({ logLimit: 3 });
    for (let i = 0; i < 5; i++) await run('SET', `k${i}`, 'v');
    expect(cache.log.map((e) => e.seq)).toEqual([3, 4, 5]);
    const silent = createTestCache({ logLimit: 0 });
    await silent.run('SET', 'k', 'v');
    expect(silent.cache.log).toEqual([]);
  });

  it('logs a server error with its message, counts it, and rejects', async () => {
    const { cache, run } = createTestCache();
    await run('SET', 'k', 'v');
    const e = await rejection(run('SET', 'k', 'v', 'NX', 'XX'));
    expect(e.isConnectionError).toBe(false);
    expect(cache.errors).toBe(1);
    expect(cache.log.at(-1)).toMatchObject({ error: e.message, reachedServer: true });
  });

  it('rejects an unknown command with an ERR message', async () => {
    const { run } = createTestCache();
    const e = await rejection(run('NOSUCHCOMMAND', 'x'));
    expect(e.message).toBe("ERR unknown command 'NOSUCHCOMMAND'");
  });
});

describe('Cache: availability', () => {
  it('down: every command rejects with a connection error, is logged as not reaching the server, and counts an error', async () => {
    const { cache, run } = createTestCache();
    await run('SET', 'k', 'v');
    cache.setAvailable(false);
    expect(cache.isUp).toBe(false);
    for (const argv of [
      ['GET', 'k'],
      ['SET', 'k', 'w'],
      ['DEL', 'k'],
    ]) {
      const e = await rejection(run(...argv));
      expect(e.message).toBe(CONNECTION_ERROR);
      expect(e.isConnectionError).toBe(true);
      expect(cache.log.at(-1)).toMatchObject({
        argv,
        error: CONNECTION_ERROR,
        reachedServer: false,
      });
    }
    expect(cache.errors).toBe(3);
    // Nothing reached the keyspace while it was down.
    cache.setAvailable(true);
    expect(await run('GET', 'k')).toBe('v');
  });

  it('restart: the server comes back up and empty', async () => {
    const { cache, run } = createTestCache();
    await run('SET', 'a', '1');
    await run('SET', 'b', '2', 'EX', '100');
    cache.setAvailable(false);
    await cache.restart();
    expect(cache.isUp).toBe(true);
    expect(await run('GET', 'a')).toBeNull();
    expect(await run('DBSIZE')).toBe(0);
    expect(cache.liveKeyCount()).toBe(0);
    expect(cache.trackedKeys()).toEqual([]);
  });
});

describe('Cache: TTLs on virtual time, as Redis has them', () => {
  it('TIME answers the virtual clock (virtual 0 is 2026-01-01T00:00:00Z), the same on every run', async () => {
    const { clock, run } = createTestCache();
    expect(await run('TIME')).toEqual(['1767225600', '0']);
    clock.advance(1500.25);
    expect(await run('TIME')).toEqual(['1767225601', '500250']);
  });

  it('TTL is -2 for a missing key and -1 for a key without expiry', async () => {
    const { run } = createTestCache();
    expect(await run('TTL', 'missing')).toBe(-2);
    expect(await run('PTTL', 'missing')).toBe(-2);
    await run('SET', 'k', 'v');
    expect(await run('TTL', 'k')).toBe(-1);
    expect(await run('PTTL', 'k')).toBe(-1);
  });

  it('a plain SET drops the old TTL', async () => {
    const { clock, cache, run } = createTestCache();
    await run('SET', 'k', 'v', 'EX', '10');
    expect(await run('TTL', 'k')).toBe(10);
    await run('SET', 'k', 'w');
    expect(await run('TTL', 'k')).toBe(-1);
    clock.advance(20_000);
    expect(await run('GET', 'k')).toBe('w');
    expect(cache.trackedKeys()).toEqual([{ key: 'k', expiresAt: Infinity }]);
  });

  it('SET ... EX on a key whose TTL ran out unseen stores the new value with the new TTL', async () => {
    // Nothing reads the key between its expiry and the SET (an early refresh or an update-cache
    // write can do this). Redis expires the old key first; the new value must stay.
    const { clock, cache, run } = createTestCache();
    await run('SET', 'k', 'old', 'PX', '1');
    clock.advance(2);
    expect(await run('SET', 'k', 'new', 'EX', '60')).toBe('OK');
    expect(await run('GET', 'k')).toBe('new');
    expect(await run('PTTL', 'k')).toBe(60_000);
    expect(cache.liveKeyCount()).toBe(1);
  });

  it('DEL returns how many keys it removed (0 for a missing key)', async () => {
    const { run } = createTestCache();
    await run('SET', 'a', '1');
    await run('SET', 'b', '2');
    expect(await run('DEL', 'a', 'b', 'c')).toBe(2);
    expect(await run('DEL', 'a')).toBe(0);
  });

  it('SET NX only creates, SET XX only replaces', async () => {
    const { run } = createTestCache();
    expect(await run('SET', 'k', 'v', 'XX')).toBeNull();
    expect(await run('SET', 'k', 'v', 'NX')).toBe('OK');
    expect(await run('SET', 'k', 'w', 'NX')).toBeNull();
    expect(await run('SET', 'k', 'w', 'XX')).toBe('OK');
    expect(await run('GET', 'k')).toBe('w');
  });

  it('a key set with EX or PX is there 1 ms before its expiry and gone exactly at it (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        // Start time in whole microseconds, like the clock (latencies such as 0.3 ms make it
        // fractional).
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.oneof(
          fc.record({
            unit: fc.constant('EX' as const),
            amount: fc.integer({ min: 1, max: 100_000 }),
          }),
          fc.record({
            unit: fc.constant('PX' as const),
            amount: fc.integer({ min: 2, max: 10_000_000 }),
          }),
        ),
        async (startUs, { unit, amount }) => {
          const { clock, cache, run } = createTestCache();
          clock.advance(startUs / 1000);
          const ttlMs = unit === 'EX' ? amount * 1000 : amount;
          // Redis keeps time in whole milliseconds: the expiry is the set time's ms plus the TTL.
          const expiresAt = Math.floor(startUs / 1000) + ttlMs;
          expect(await run('SET', 'k', 'v', unit, String(amount))).toBe('OK');
          expect(await run('PTTL', 'k')).toBe(ttlMs);
          expect(cache.trackedKeys()).toEqual([{ key: 'k', expiresAt }]);
          clock.advanceTo(expiresAt - 1);
          expect(await run('GET', 'k')).toBe('v');
          expect(await run('PTTL', 'k')).toBe(1);
          clock.advanceTo(expiresAt - 0.001);
          expect(await run('GET', 'k')).toBe('v');
          expect(cache.liveKeyCount()).toBe(1);
          clock.advanceTo(expiresAt);
          expect(cache.liveKeyCount()).toBe(0);
          expect(await run('GET', 'k')).toBeNull();
          expect(await run('TTL', 'k')).toBe(-2);
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });
});

describe('Cache: peek and resync', () => {
  it('peek reads a value and its PTTL without logging or counting', async () => {
    const { cache, run } = createTestCache();
    await run('SET', 'k', 'v', 'PX', '500');
    const before = cache.log.length;
    expect(await cache.peek('k')).toEqual({ value: 'v', pttl: 500, type: 'string' });
    expect(await cache.peek('nope')).toEqual({ value: null, pttl: -2, type: 'none' });
    expect(cache.log.length).toBe(before);
    expect(cache.commands).toBe(1);
  });

  it('resync rebuilds the key index after a command it does not model (EXPIRE)', async () => {
    const { clock, cache, run } = createTestCache();
    await run('SET', 'k', 'v');
    await run('EXPIRE', 'k', '5');
    expect(cache.needsResync).toBe(true);
    await cache.resync();
    expect(cache.needsResync).toBe(false);
    expect(cache.trackedKeys()).toEqual([{ key: 'k', expiresAt: 5000 }]);
    clock.advance(5000);
    expect(cache.liveKeyCount()).toBe(0);
  });
});
