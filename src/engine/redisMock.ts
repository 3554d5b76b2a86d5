// The host installs the globals this bundle needs before it loads (src/platform/
// ioredisMockGlobals.ts): the engine reads no globals it did not define and writes none.
import RedisMockModule from 'ioredis-mock';
import type { MockRedisClient } from 'ioredis-mock';
import { boundLuaScripts } from './luaBudget';

export type { MockRedisClient };

// The bundle is CommonJS; depending on the loader its class arrives as the default export or
// as that export's own `default`.
const RedisMock = ((RedisMockModule as unknown as { default?: unknown }).default ??
  RedisMockModule) as typeof RedisMockModule;

let instanceCounter = 0;

/**
 * Returns a factory of connections to one fresh in-memory keyspace. ioredis-mock shares a
 * keyspace between instances with the same host:port, so each call picks a port no other
 * keyspace uses: one connection per actor, all on the same "server". Its scripts (EVAL,
 * EVALSHA) stop after a fixed count of Lua instructions (see {@link boundLuaScripts}).
 */
export function createMockRedisServer(): () => MockRedisClient {
  boundLuaScripts();
  instanceCounter += 1;
  const port = 10_000 + instanceCounter;
  return () => new RedisMock({ host: 'cache-aside-lab', port });
}

/**
 * Empties a keyspace from {@link createMockRedisServer} and closes the connection used to do it.
 * ioredis-mock keeps each host:port's data in a module-level map for the life of the thread, so
 * a host that runs many workloads (the lab worker) would otherwise keep every run's keys.
 */
export async function dropMockRedisServer(connect: () => MockRedisClient): Promise<void> {
  const conn = connect();
  await conn.flushall();
  conn.disconnect();
}
