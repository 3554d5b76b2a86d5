// INFO's uptime and counters are the server's, as redis-server 7.0.15 reports them for the same
// lines (checked by hand against a real server): a restart starts them again from zero.
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { createSandboxStore } from './sandboxStore';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

/** INFO's `field:value` lines that a real server would give the same values. */
async function counters(store: ReturnType<typeof createSandboxStore>) {
  const text = (await store.getState().runRedis('INFO')).text;
  const field = (name: string) => Number(new RegExp(`^${name}:(\\d+)\\r?$`, 'm').exec(text)?.[1]);
  return {
    uptime: field('uptime_in_milliseconds'),
    processed: field('total_commands_processed'),
    hits: field('keyspace_hits'),
    misses: field('keyspace_misses'),
    errors: field('total_error_replies'),
  };
}

describe("INFO counts what the server counted since it started, as Redis' does", () => {
  it('starts again at a restart, leaves out the INFO asking, and counts failed commands', async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().startRead('A', 1);
    for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
    await store.getState().advanceClock(60_000);
    const before = await counters(store);
    expect(before.uptime).toBe(Math.floor(store.getState().snapshot?.clockMs ?? 0));
    expect(before).toEqual({
      uptime: before.uptime,
      processed: 2, // the read's GET and SET
      hits: 0,
      misses: 1,
      errors: 0,
    });

    await store.getState().restartCache();
    expect(await counters(store)).toEqual({
      uptime: 0,
      processed: 0,
      hits: 0,
      misses: 0,
      errors: 0,
    });

    await store.getState().advanceClock(1_000);
    for (const line of ['SET s abc', 'INCR s', 'HSET h f v', 'GET h', 'GET s', 'GET nope'])
      await store.getState().runRedis(line);
    // redis-server: 7 commands (the INFO before them and these six), 2 error replies (INCR's
    // and GET h's WRONGTYPE), GET h and GET s hits, GET nope a miss.
    expect(await counters(store)).toEqual({
      uptime: 1_000,
      processed: 7,
      hits: 2,
      misses: 1,
      errors: 2,
    });

    // Back to before a read's first step (the last INFO stays): the same counts, plus that INFO.
    await store.getState().startRead('B', 2);
    await store.getState().stepActor('B');
    await store.getState().back();
    expect(await counters(store)).toEqual({
      uptime: 1_000,
      processed: 8,
      hits: 2,
      misses: 1,
      errors: 2,
    });
  });
});

describe('CONFIG GET answers the eviction settings the page has', () => {
  it("names the Eviction setting's policy and samples, as Redis names them", async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().configure({ eviction: 'allkeys-lfu', maxKeys: 50 });
    expect((await store.getState().runRedis('CONFIG GET maxmemory-policy')).text).toBe(
      '1) "maxmemory-policy"\n2) "allkeys-lfu"',
    );
    expect((await store.getState().runRedis('INFO memory')).text).toContain(
      'maxmemory_policy:allkeys-lfu',
    );
  });
});

describe("INFO's connected_clients counts the clients that talk to Redis", () => {
  it('is the console alone on a fresh page, as redis-cli alone counts itself, then each actor that sent a command', async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    const clients = async () =>
      /connected_clients:(\d+)/.exec((await store.getState().runRedis('INFO clients')).text)?.[1];
    expect(await clients()).toBe('1');
    await store.getState().startRead('A', 1);
    await store.getState().stepActor('A');
    expect(await clients()).toBe('2');
    // A restart drops the connections; ioredis reconnects each client, as the page's do.
    await store.getState().restartCache();
    expect(await clients()).toBe('2');
  });
});

describe("INFO's connected_clients and the cache layer, library code in the application's process", () => {
  const clientsOf = async (store: ReturnType<typeof createSandboxStore>) =>
    /connected_clients:(\d+)/.exec((await store.getState().runRedis('INFO clients')).text)?.[1];
  const pending = (store: ReturnType<typeof createSandboxStore>, name: string) =>
    store.getState().snapshot!.actors.some((a) => a.name === name && a.pending !== null);

  it("counts no client for a request's load: it goes over the process's own connection", async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().configure({ pattern: 'read-through' });
    await store.getState().startRead('A', 1);
    await store.getState().startRead('B', 2);
    while (pending(store, 'A') || pending(store, 'B')) {
      if (pending(store, 'A')) await store.getState().stepActor('A');
      if (pending(store, 'B')) await store.getState().stepActor('B');
    }
    // The log names the loads' SETs the cache layer's, for A and for B.
    expect(
      store
        .getState()
        .snapshot!.redisLog.filter((e) => e.argv[0] === 'SET')
        .map((e) => [e.actor, e.forActor]),
    ).toEqual([
      ['cache', 'A'],
      ['cache', 'B'],
    ]);
    // The console, A's process and B's: a library in each holds that process's one connection.
    expect(await clientsOf(store)).toBe('3');
  });

  it("counts the cache layer's background worker (the flusher) as one client of its own", async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().configure({ pattern: 'write-behind' });
    await store.getState().startWrite('B', 1, { plan: 'team' });
    while (pending(store, 'B')) await store.getState().stepActor('B');
    // B's write, every command of it sent by the cache layer in B's process: B's connection.
    expect(await clientsOf(store)).toBe('2');
    while (pending(store, 'flusher')) await store.getState().stepActor('flusher');
    expect(await clientsOf(store)).toBe('3');
  });
});
