// The headless harness of the cache adapter's unit tests: a fresh adapter on an in-memory server
// of its own, on virtual time, and the Redis error a command rejects with.
import { Cache, type CacheOptions } from './cache';
import { RedisCommandError } from './cacheErrors';
import { VirtualClock } from './clock';
import { createMockRedisServer } from './redisMock';
import { Rng } from './rng';

/** A fresh adapter on an empty server of its own, seeded; `run` sends a command as actor A. */
export function createTestCache(options: Partial<CacheOptions> = {}, seed = 1) {
  const clock = new VirtualClock();
  const cache = new Cache(clock, new Rng(seed), createMockRedisServer(), options);
  const run = (...argv: string[]) => cache.exec('A', argv);
  return { clock, cache, run };
}

/** The Redis error `p` rejects with; it fails if `p` resolves or rejects with anything else. */
export async function rejection(p: Promise<unknown>): Promise<RedisCommandError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RedisCommandError) return e;
    throw e;
  }
  throw new Error('expected the command to reject');
}
