import RedisMockModule from 'ioredis-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { WORKLOAD_LIMITS } from '../schema/workload';
import {
  createMockRedisServer,
  dropMockRedisServer,
  MAX_CONNECTIONS_PER_SERVER,
} from './redisMock';
import { loadSqlJsNode } from './testSim';
import { DEFAULT_WORKLOAD, runWorkload } from './workload';

describe('createMockRedisServer', () => {
  const warnings: Error[] = [];
  const onWarning = (w: Error): void => void warnings.push(w);
  afterEach(() => {
    process.off('warning', onWarning);
    warnings.length = 0;
  });

  it('holds as many connections as a workload may open', () => {
    // Each app connection, plus the adapter's own and the one that drops the keyspace.
    expect(MAX_CONNECTIONS_PER_SERVER).toBeGreaterThanOrEqual(WORKLOAD_LIMITS.connections.max + 2);
  });

  it('warns of no listener leak when a run uses the most connections allowed', async () => {
    process.on('warning', onWarning);
    const SQL = await loadSqlJsNode();
    const connections = WORKLOAD_LIMITS.connections.max;
    const { summary } = await runWorkload(SQL, {
      ...DEFAULT_WORKLOAD,
      requests: 300,
      keys: 50,
      connections,
    });
    expect(summary.requests).toBe(300);
    // A warning is emitted on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
  });

  it('lets each connection of one server listen for changed keys', () => {
    const connect = createMockRedisServer();
    const conns = Array.from({ length: MAX_CONNECTIONS_PER_SERVER }, () => connect());
    const events = (conns[0] as unknown as { context: { modifiedKeyEvents: NodeJS.EventEmitter } })
      .context.modifiedKeyEvents;
    expect(events.listenerCount('modified')).toBe(MAX_CONNECTIONS_PER_SERVER);
    expect(events.getMaxListeners()).toBeGreaterThanOrEqual(MAX_CONNECTIONS_PER_SERVER);
    for (const c of conns) c.disconnect();
  });

  it('empties a dropped keyspace, expiries too, and leaves no connection of its own on it', async () => {
    const connect = createMockRedisServer();
    const conn = connect();
    await conn.set('user:1', 'v1', 'EX', 60);
    await conn.set('user:2', 'v2');
    const events = (conn as unknown as { context: { modifiedKeyEvents: NodeJS.EventEmitter } })
      .context.modifiedKeyEvents;
    await dropMockRedisServer(connect);
    expect(await conn.keys('*')).toEqual([]);
    // No expiry left behind for a key set again later (the mock keeps them apart from the data).
    expect(
      (conn as unknown as { expires: { has(k: string): boolean } }).expires.has('user:1'),
    ).toBe(false);
    expect(events.listenerCount('modified')).toBe(1);
    conn.disconnect();
    await expect(dropMockRedisServer(() => conn)).rejects.toThrow(/not a keyspace/);
  });

  it("answers every command name as ioredis-mock's own connection does, refusals included", () => {
    const RedisMock = ((RedisMockModule as unknown as { default?: unknown }).default ??
      RedisMockModule) as typeof RedisMockModule;
    const theirs = new RedisMock({ host: 'cache-aside-lab', port: 9_999 });
    const ours = createMockRedisServer()() as Record<string, unknown>;
    // The same commands of its own on each connection, bound to it.
    expect(Object.keys(ours)).toEqual(Object.keys(theirs));
    const names = Object.getOwnPropertyNames(theirs);
    for (const name of names)
      expect([name, typeof ours[name]]).toEqual([name, typeof theirs[name]]);
    const refusalOf = (conn: Record<string, unknown>, name: string): string => {
      try {
        (conn[name] as () => unknown)();
      } catch (e) {
        return (e as Error).message;
      }
      return 'no refusal';
    };
    // ioredis-mock lacks hundreds of Redis' commands; each is refused by name, as before.
    const refused = names.filter((n) => !Object.getOwnPropertyDescriptor(theirs, n)?.enumerable);
    expect(refused.length).toBeGreaterThan(400);
    expect(refused).toContain('bitop');
    for (const name of refused) expect(refusalOf(ours, name)).toBe(refusalOf(theirs, name));
    expect(refusalOf(ours, 'bitop')).toMatch(/^Unsupported command: "bitop"/);
    // What the class itself answers is not refused.
    expect(ours.multi).toBe(RedisMock.prototype.multi);
    theirs.disconnect();
    (ours.disconnect as () => void)();
  });
});
