import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMockRedisServer, createRecyclingMockRedis } from './redisMock';

/**
 * A connection's own fields that are data (its commands left out), for comparing two on
 * different keyspaces: which keyspace (its port) left out too.
 */
function fieldsOf(conn: object): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(conn as unknown as Record<string, unknown>))
    if (typeof value !== 'function' && !['context', 'data', 'expires', 'keyData'].includes(key))
      fields[key] = value instanceof Set ? [...value] : value;
  return { ...fields, options: { ...(fields.options as object), port: 0 } };
}

/** The commands this test sends to a connection (the engine's type names fewer). */
interface Conn {
  connected: boolean;
  set(key: string, value: string, ...args: (string | number)[]): Promise<unknown>;
  get(key: string): Promise<string | null>;
  eval(script: string, keys: number): Promise<unknown>;
  evalsha(sha: string, keys: number): Promise<unknown>;
  watch(key: string): Promise<unknown>;
  dbsize(): Promise<number>;
  multi(): { set(k: string, v: string): { exec(): Promise<unknown> } };
  disconnect(): void;
}

describe('recycled ioredis-mock connections', () => {
  it('hand out a used connection again as a new one to a new, empty keyspace', async () => {
    const servers = createRecyclingMockRedis();
    const first = servers();
    const a = first.connect() as unknown as Conn;
    await a.set('user:1', 'v1', 'EX', 60);
    // EVAL remembers the script on the connection: EVALSHA finds it by its digest.
    expect(await a.eval('return 1', 0)).toBe(1);
    const sha = createHash('sha1').update('return 1').digest('hex');
    expect(await a.evalsha(sha, 0)).toBe(1);
    await a.watch('user:1');
    a.multi();
    a.disconnect();
    first.release();

    const second = servers();
    const b = second.connect() as unknown as Conn;
    // The same object, made new: nothing of the run before is left on it or in its keyspace.
    expect(b).toBe(a);
    expect(b.connected).toBe(true);
    expect(await b.dbsize()).toBe(0);
    expect(await b.get('user:1')).toBeNull();
    await expect(b.evalsha(sha, 0)).rejects.toThrow(/NOSCRIPT/);
    expect(fieldsOf(b)).toEqual(fieldsOf(createMockRedisServer()()));

    // WATCH works on it again: a key another connection changes aborts its transaction.
    const other = second.connect();
    expect(other).not.toBe(b);
    await b.set('k', '1');
    await b.watch('k');
    await other.set('k', '2');
    expect(await b.multi().set('k', '3').exec()).toBeNull();
    expect(await other.get('k')).toBe('2');
  });

  it('empties a released keyspace, and never shares a connection between two open ones', async () => {
    const servers = createRecyclingMockRedis();
    const one = servers();
    const two = servers();
    const c1 = one.connect();
    const c2 = two.connect();
    expect(c1).not.toBe(c2);
    await c1.set('a', '1');
    await c2.set('b', '2');
    expect(await c1.keys('*')).toEqual(['a']);
    // A second connection to the first keyspace sees its data.
    const c3 = one.connect();
    expect(await c3.keys('*')).toEqual(['a']);
    c1.disconnect();
    c3.disconnect();
    one.release();
    expect(await c2.keys('*')).toEqual(['b']);
  });
});
