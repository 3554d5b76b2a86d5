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

/** ioredis-mock's method that installs a connection's commands on it (its own, untyped). */
type InitCommands = (this: object) => void;

/**
 * ioredis-mock's connection with the commands it lacks answered from its prototype. Each
 * connection it constructs defines on itself, one by one, about 500 functions that throw
 * "Unsupported command" for the Redis commands it does not emulate: about half of what a
 * connection cost (thousands of connections a test run, one per actor of every simulation).
 * Those functions close over the command's name and nothing of the connection, so one of each,
 * on this prototype, answers every connection alike; ioredis-mock sees the name is there and
 * defines none. Its own commands are installed on each connection as before.
 */
const Connection: typeof RedisMock = (() => {
  const made: Record<string, unknown> = {};
  (RedisMock.prototype as unknown as { _initCommands: InitCommands })._initCommands.call(made);
  class WithRefusals extends RedisMock {}
  for (const name of Object.getOwnPropertyNames(made)) {
    const refusal = Object.getOwnPropertyDescriptor(made, name) as PropertyDescriptor;
    // Its commands are assigned (enumerable); only the refusals are defined, not enumerable. A
    // name the class itself answers (multi, exec, pipeline) gets no refusal on a connection.
    if (!refusal.enumerable && !(name in RedisMock.prototype))
      Object.defineProperty(WithRefusals.prototype, name, refusal);
  }
  return WithRefusals;
})();

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

/** The port of each keyspace {@link createMockRedisServer} made, by its factory. */
const serverPorts = new WeakMap<() => MockRedisClient, number>();

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
  const connect = (): MockRedisClient => {
    const conn = new Connection({ host: 'cache-aside-lab', port });
    // Every connection to a host:port adds a listener to one emitter the keyspace shares (it
    // tells WATCH a key changed). Node's default of 10 listeners an emitter warns of a leak from
    // the 11th connection on, though 64 are allowed: the limit is the connections allowed.
    (conn as unknown as MockContext).context?.modifiedKeyEvents?.setMaxListeners?.(
      MAX_CONNECTIONS_PER_SERVER,
    );
    return conn;
  };
  serverPorts.set(connect, port);
  return connect;
}

/**
 * Empties a keyspace from {@link createMockRedisServer}, as FLUSHALL does, through a connection
 * without commands (see {@link bareConnection}), closed after: dropping a simulation's keyspace
 * cost a whole connection of its own. ioredis-mock keeps each host:port's data in a module-level
 * map for the life of the thread, so a host that runs many workloads (the lab worker) would
 * otherwise keep every run's keys.
 */
export async function dropMockRedisServer(connect: () => MockRedisClient): Promise<void> {
  const port = serverPorts.get(connect);
  if (port === undefined) throw new TypeError('not a keyspace createMockRedisServer made');
  const conn = bareConnection(port) as MockFields & Record<'data' | 'expires', Clearable>;
  conn.expires.clear();
  conn.data.clear();
  conn.disconnect();
}

/** ioredis-mock's connection as the recycler below handles it (its own fields, untyped). */
type MockFields = MockRedisClient &
  Record<string, unknown> & {
    context: { modifiedKeyEvents: ModifiedKeyEvents };
    _signalModifiedKey: (key: string) => void;
    removeAllListeners(): void;
  };
interface ModifiedKeyEvents {
  on(event: 'modified', listener: (key: string) => void): unknown;
  off(event: 'modified', listener: (key: string) => void): unknown;
  setMaxListeners(n: number): unknown;
}

/** An EventEmitter's own bookkeeping: a recycled connection keeps its own (emptied). */
const EMITTER_FIELDS = new Set(['_events', '_eventsCount', '_maxListeners']);

/**
 * A connection to `port` with its fields set and none of its commands: ioredis-mock installs
 * about 1,500 functions on every connection it constructs (its whole command table, bound to the
 * connection), which is most of what a connection costs.
 */
function bareConnection(port: number): MockFields {
  const proto = RedisMock.prototype as unknown as { _initCommands: InitCommands };
  const initCommands = proto._initCommands;
  proto._initCommands = () => {};
  try {
    return new Connection({ host: 'cache-aside-lab', port }) as unknown as MockFields;
  } finally {
    proto._initCommands = initCommands;
  }
}

/**
 * Fresh keyspaces whose connections are recycled: the explorer runs a simulation per
 * interleaving (thousands for three requests), and constructing their connections was about half
 * of its time. Each `server()` is a keyspace no other uses, as {@link createMockRedisServer}'s;
 * `release()`, once every simulation on it is closed, empties it and keeps its connections for the
 * next. A recycled connection gets every field a new one has (its keyspace, no scripts, no WATCH,
 * no MULTI, connected), loses any added since it was made, and keeps only its bound commands.
 */
export function createRecyclingMockRedis(): () => {
  connect: () => MockRedisClient;
  release: () => void;
} {
  const idle: MockFields[] = [];
  /** Each connection's own fields when it was constructed: anything else was added later. */
  const pristine = new WeakMap<object, Set<string>>();
  const retarget = (conn: MockFields, port: number): void => {
    const fresh = bareConnection(port);
    fresh.context.modifiedKeyEvents.off('modified', fresh._signalModifiedKey);
    const made = pristine.get(conn) as Set<string>;
    for (const key of Object.keys(conn)) if (!made.has(key)) delete conn[key];
    for (const key of Object.keys(fresh))
      if (key !== '_signalModifiedKey' && !EMITTER_FIELDS.has(key)) conn[key] = fresh[key];
    conn.removeAllListeners();
    conn.context.modifiedKeyEvents.on('modified', conn._signalModifiedKey);
  };
  return () => {
    boundLuaScripts();
    instanceCounter += 1;
    const port = 10_000 + instanceCounter;
    const handedOut: MockFields[] = [];
    const connect = (): MockRedisClient => {
      let conn = idle.pop();
      if (conn === undefined) {
        conn = new Connection({ host: 'cache-aside-lab', port }) as unknown as MockFields;
        pristine.set(conn, new Set(Object.keys(conn)));
      } else retarget(conn, port);
      conn.context.modifiedKeyEvents.setMaxListeners(MAX_CONNECTIONS_PER_SERVER);
      handedOut.push(conn);
      return conn;
    };
    const release = (): void => {
      // ioredis-mock keeps every host:port's data for the life of the thread: emptied here, as
      // FLUSHALL does it (the connections are closed, so not by the command).
      const used = handedOut[0] as (MockFields & Record<'data' | 'expires', Clearable>) | undefined;
      used?.expires.clear();
      used?.data.clear();
      idle.push(...handedOut.splice(0));
    };
    return { connect, release };
  };
}

interface Clearable {
  clear(): void;
}

/**
 * The recycled keyspaces of this thread's explorations: the interleaving grid, its count, and
 * `exploreInterleavings` draw from the one pool of idle connections.
 */
export const explorationKeyspace = createRecyclingMockRedis();
