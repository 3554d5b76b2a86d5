// No console line, link or API call can break the sandbox: whatever the cache holds, the read
// path treats what it cannot use as a corrupt entry (a cache error: it reads the database and
// says why), every panel gets text, a snapshot can always be taken and Step always works.

import fc from 'fast-check';
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { LineGenerator } from './parity/lineGenerator';
import { DEFAULT_SANDBOX_CONFIG } from './sandboxConfig';
import { createSandboxStore, type SandboxStoreApi } from './sandboxStore';
import { selectLogLines } from './logLines';
import type { TimelineInput } from './timeline';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

async function freePlay(inputs: TimelineInput[] = []): Promise<SandboxStoreApi> {
  const store = createSandboxStore();
  await store.getState().start(SQL, { scenarioId: null, config: DEFAULT_SANDBOX_CONFIG, inputs });
  return store;
}

/**
 * Steps until nobody has work; every Step must resolve. The bound only catches a wedge: a read
 * that waits on a lease someone else holds (`SET lease:user:1 x` from the console) retries
 * five times before it gives up, about 18 steps, and an actor may have several reads queued.
 */
async function stepToEnd(store: SandboxStoreApi): Promise<void> {
  for (let i = 0; i < 1000 && store.getState().canStep; i++)
    expect(await store.getState().step()).toBe(true);
  expect(store.getState().canStep).toBe(false);
}

/** Every cached value the panels render is text. */
function expectPanelsGetText(store: SandboxStoreApi): void {
  const snapshot = store.getState().snapshot;
  expect(snapshot).not.toBeNull();
  for (const entry of snapshot!.cache) expect(typeof entry.value).toBe('string');
  for (const line of selectLogLines(snapshot!)) expect(typeof line.result).toBe('string');
  expect(() => structuredClone(snapshot)).not.toThrow();
}

describe('a key of another type in free play', () => {
  it('HSET h f v answers, and the Redis panel shows the hash as text', async () => {
    const store = await freePlay();
    expect(await store.getState().runRedis('HSET h f v')).toEqual({
      text: '(integer) 1',
      isError: false,
    });
    const entry = store.getState().snapshot!.cache.find((e) => e.key === 'h');
    expect(entry).toMatchObject({ type: 'hash', value: '{"f":"v"}', version: null });
    expectPanelsGetText(store);
  });

  it.each([
    ['HSET user:1 f v', 'hash'],
    ['SADD user:1 x', 'set'],
    ['RPUSH user:1 x', 'list'],
  ])(
    '%s, then a read: WRONGTYPE is a cache error, the read deletes the key and refills it from the database',
    async (line) => {
      const store = await freePlay();
      await store.getState().runRedis(line);
      expect(await store.getState().startRead('A', 1)).toBeNull();
      await stepToEnd(store);
      const snapshot = store.getState().snapshot!;
      // The console's own command is an event too; the application's steps are A's.
      const events = snapshot.events.filter((e) => e.actor === 'A');
      expect(events[0]).toMatchObject({ command: 'GET user:1', isError: true });
      expect(events[0].reply).toContain('WRONGTYPE');
      expect(events[0].note).toContain('an error (WRONGTYPE');
      expect(events.slice(1).map((e) => [e.label, e.reply])).toEqual([
        ['discard', '(integer) 1'],
        ['select', expect.stringMatching(/^1 row/)],
        ['set', 'OK'],
      ]);
      expect(snapshot.results.at(-1)).toMatchObject({
        kind: 'read',
        hadCacheError: true,
        version: 1,
        filledVersion: 1,
      });
      expect(snapshot.stats.cacheErrors).toBe(1);
      // Later actions keep working.
      expect(await store.getState().startWrite('B', 1, { plan: 'pro' })).toBeNull();
      await stepToEnd(store);
      expectPanelsGetText(store);
    },
  );
});

describe('a string the application cannot use is a corrupt entry', () => {
  const row = (id: number) =>
    JSON.stringify({
      id,
      name: 'X',
      email: 'x@example.com',
      plan: 'free',
      version: 9,
      updated_at: 0,
    });
  it.each([
    ['SET user:123 garbage', 'SET user:123 garbage', 'not JSON'],
    ['JSON without a version', `SET user:123 '{"name":"x"}'`, 'JSON without a version'],
    ["another user's row", `SET user:123 '${row(7)}'`, "user 7's row"],
    // Long is not corrupt (a row of 100,000 characters the application wrote is a hit): not JSON is.
    ['70,000 characters of x', `SET user:123 ${'x'.repeat(70_000)}`, 'not JSON'],
  ])(
    '%s, then a read: Step keeps working and the narration and log say why',
    async (_, line, why) => {
      const store = await freePlay();
      await store.getState().runRedis(line);
      expect(await store.getState().startRead('A', 123)).toBeNull();
      await stepToEnd(store);
      const snapshot = store.getState().snapshot!;
      const events = snapshot.events.filter((e) => e.actor === 'A');
      const get = events[0];
      expect(get.command).toBe('GET user:123');
      expect(get.note).toContain(why);
      expect(get.note).toContain('reads the database');
      expect(events.slice(1).map((e) => [e.command, e.reply])).toEqual([
        ['DEL user:123', '(integer) 1'],
        ['SELECT * FROM users WHERE id = 123', expect.stringMatching(/^1 row/)],
        [expect.stringMatching(/^SET user:123 /), 'OK'],
      ]);
      expect(snapshot.results.at(-1)).toMatchObject({
        hadCacheError: true,
        version: 1,
        isHit: false,
      });
      expect(snapshot.stats.cacheErrors).toBe(1);
      const logged = selectLogLines(snapshot).find((l) => l.text.includes('"GET" "user:123"'));
      expect(logged?.result).toContain(why);
      expectPanelsGetText(store);
    },
  );

  it('a row this application wrote is still a hit', async () => {
    const store = await freePlay();
    await store.getState().startRead('A', 5);
    await stepToEnd(store);
    await store.getState().startRead('A', 5);
    await stepToEnd(store);
    expect(store.getState().snapshot!.results.at(-1)).toMatchObject({ isHit: true });
  });
});

describe('a link carrying such a line', () => {
  it('opens, replays and steps', async () => {
    const store = await freePlay([
      { type: 'redis', line: 'HSET user:1 f v' },
      { type: 'redis', line: 'SET user:2 garbage' },
      { type: 'read', actor: 'A', id: 1 },
      { type: 'press' },
      { type: 'read', actor: 'B', id: 2 },
    ]);
    expect(store.getState().status).toBe('ready');
    await stepToEnd(store);
    expect(store.getState().snapshot!.stats.reads).toBe(2);
    expectPanelsGetText(store);
  });
});

describe('lower-case options through the console', () => {
  it('SET k v2 nx does not overwrite, ex sets a TTL, get answers the old value', async () => {
    const store = await freePlay();
    const run = async (line: string) => (await store.getState().runRedis(line)).text;
    await run('SET k v');
    expect(await run('SET k v2 nx')).toBe('(nil)');
    expect(await run('set k v ex 100')).toBe('OK');
    expect(await run('TTL k')).toBe('(integer) 100');
    expect(await run('SET k v2 get')).toBe('"v"');
    expect(await run('SET lock 1 nx px 5000')).toBe('OK');
    expect(await run('SET lock 2 nx px 5000')).toBe('(nil)');
  });
});

describe('property: arbitrary console lines between random steps never break the sandbox', () => {
  it('a snapshot can always be taken and Step always works', async () => {
    const gen = new LineGenerator(7);
    const userLine = fc.constantFrom(
      'HSET user:1 f v',
      'SADD user:2 x',
      'RPUSH user:3 x',
      'SET user:1 garbage',
      'SET user:2 \'{"version":"x"}\'',
      'SET user:3 \'{"id":3,"version":1}\'',
      'DEL user:1 user:2 user:3',
      'EXPIRE user:1 -1',
      'FLUSHALL',
      'SET lease:user:1 x',
      'HSET lock:user:2 f v',
      // Keys moved or taken apart: a row under another user's key, a list emptied.
      'RENAME user:1 user:2',
      'RENAMENX user:3 user:1',
      'LPOP user:3 5',
      'SREM user:2 x',
      'EXPIREAT user:1 1',
    );
    const line = fc.oneof(
      userLine,
      fc.string(),
      fc
        .integer({ min: 0, max: 1_000_000 })
        .map(() =>
          gen.quote(
            gen.next([
              'SET',
              'HSET',
              'GET',
              'KEYS',
              'SCAN',
              'INCR',
              'EXPIRE',
              'LPUSH',
              'SADD',
              'GETEX',
            ]).argv,
          ),
        ),
    );
    const action = fc.oneof(
      line.map((l) => ({ kind: 'redis' as const, line: l })),
      fc.record({
        kind: fc.constant('read' as const),
        actor: fc.constantFrom('A', 'B'),
        id: fc.integer({ min: 1, max: 3 }),
      }),
      fc.record({
        kind: fc.constant('write' as const),
        actor: fc.constantFrom('A', 'B'),
        id: fc.integer({ min: 1, max: 3 }),
      }),
      fc.constant({ kind: 'step' as const }),
      fc.constant({ kind: 'step' as const }),
      fc.constant({ kind: 'clock' as const }),
    );
    const mitigation = fc.constantFrom(
      'none',
      'lease',
      'versioned-fill',
      'single-flight',
      'early-refresh',
    );
    await fc.assert(
      fc.asyncProperty(
        mitigation,
        fc.array(action, { minLength: 1, maxLength: 25 }),
        async (m, actions) => {
          const store = await freePlay();
          await store.getState().configure({ readMitigation: m as never, actorCount: 2 });
          for (const a of actions) {
            if (a.kind === 'redis') await store.getState().runRedis(a.line);
            else if (a.kind === 'read') await store.getState().startRead(a.actor, a.id);
            else if (a.kind === 'write')
              await store.getState().startWrite(a.actor, a.id, { plan: 'pro' });
            else if (a.kind === 'clock') await store.getState().advanceClock(60_000);
            else await store.getState().step();
            expect(store.getState().status).toBe('ready');
            expectPanelsGetText(store);
          }
          await stepToEnd(store);
          expectPanelsGetText(store);
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
