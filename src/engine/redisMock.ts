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
 * Most connections one keyspace from {@link createMockRedisServer} expects at once: a workload's
 * 64 app connections, the adapter's own, and room for the few a host opens besides (the one
 * that drops the keyspace, a console's).
 */
export const MAX_CONNECTIONS_PER_SERVER = 80;

/** The part of an ioredis-mock connection that the fix below reaches into. */
interface MockContext {
  context?: { modifiedKeyEvents?: { setMaxListeners?: (n: number) => unknown } };
}

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
  return () => {
    const conn = new RedisMock({ host: 'cache-aside-lab', port });
    // Every connection to a host:port adds a listener to one emitter the keyspace shares (it
    // tells WATCH a key changed). Node's default of 10 listeners an emitter warns of a leak from
    // the 11th connection on, though 64 are allowed: the limit is the connections allowed.
    (conn as unknown as MockContext).context?.modifiedKeyEvents?.setMaxListeners?.(
      MAX_CONNECTIONS_PER_SERVER,
    );
    return conn;
  };
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
