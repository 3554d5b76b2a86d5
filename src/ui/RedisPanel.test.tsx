// @vitest-environment jsdom
import type { SqlJsStatic } from 'sql.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { mountWithSandbox, perform, type MountedView } from './mountWithSandbox';
import { RedisPanel } from './RedisPanel';

let SQL: SqlJsStatic;
let view: MountedView;

beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

afterEach(() => view.unmount());

describe('RedisPanel with a key holding a direction mark', () => {
  it('writes the mark as an escape in the EVICTED line, as in the key list', async () => {
    // Before, the EVICTED line showed the key's U+202E itself: "a<U+202E>b, c" read "a c ,b".
    view = await mountWithSandbox(SQL, <RedisPanel />);
    const store = view.store;
    await perform(() => store.getState().configure({ maxKeys: 1, eviction: 'allkeys-lru' }));
    await perform(() => store.getState().runRedis('SET "a\\xe2\\x80\\xaeb" 1'));
    await perform(() => store.getState().runRedis('SET c 2'));
    const evicted = view.container.querySelector('[data-testid="redis.evicted"]')?.textContent;
    expect(evicted).toContain('EVICTED a\\u202Eb');
    expect(evicted).not.toContain('\u202e');
    const keys = [...view.container.querySelectorAll('code.key-name')].map((c) => c.textContent);
    expect(keys).toEqual(['c']);
  });
});

it('writes the empty key as redis-cli does, "", in the key list', async () => {
  // Before, its name was an empty box: nothing told the learner which key held the value.
  view = await mountWithSandbox(SQL, <RedisPanel />);
  await perform(() => view.store.getState().runRedis('SET "" empty'));
  const keys = [...view.container.querySelectorAll('code.key-name')].map((c) => c.textContent);
  expect(keys).toEqual(['""']);
});

it('evicts the empty key, and writes it "" in the EVICTED line', async () => {
  // Before, ioredis-mock's DEL refused the empty key: `SET c 2` answered "ERR wrong number of
  // arguments for 'del' command" and the EVICTED line named nothing.
  view = await mountWithSandbox(SQL, <RedisPanel />);
  const store = view.store;
  await perform(() => store.getState().configure({ maxKeys: 1, eviction: 'allkeys-lru' }));
  await perform(() => store.getState().runRedis('SET "" empty'));
  let reply: unknown;
  await perform(async () => {
    reply = await store.getState().runRedis('SET c 2');
  });
  expect(reply).toEqual({ text: 'OK', isError: false });
  expect(view.container.querySelector('[data-testid="redis.evicted"]')?.textContent).toContain(
    'EVICTED ""',
  );
  const keys = [...view.container.querySelectorAll('code.key-name')].map((c) => c.textContent);
  expect(keys).toEqual(['c']);
});

it("past 200 keys, a value's preview writes its backslashes doubled, as its value box does: a line break and a typed \\n read apart", async () => {
  view = await mountWithSandbox(SQL, <RedisPanel />);
  const store = view.store;
  const pairs = Array.from({ length: 200 }, (_, i) => `p${i} 1`).join(' ');
  await perform(() => store.getState().runRedis(`MSET ${pairs}`));
  // One value holds a line break, the other the two characters \ and n.
  await perform(() => store.getState().runRedis('MSET a "x\\ny" b "x\\\\ny"'));
  const preview = (key: string) =>
    [...view.container.querySelectorAll('li')]
      .find((li) => li.querySelector('button.key-name')?.textContent === key)
      ?.querySelector('code.key-preview')?.textContent;
  expect(preview('a')).toBe('x\\ny');
  expect(preview('b')).toBe('x\\\\ny');
});

it('writes its key count and Max keys with separators, as the page writes other counts', async () => {
  // Until 2026-12-07 the heading read "Redis keys (100000)" beside "1,000 rows" elsewhere.
  view = await mountWithSandbox(SQL, <RedisPanel />);
  const pairs = Array.from({ length: 1000 }, (_, i) => `k${i} 1`).join(' ');
  await perform(() => view.store.getState().runRedis(`MSET ${pairs}`));
  expect(view.container.querySelector('h2')?.textContent).toBe('Redis keys (1,000)');
  await perform(() => view.store.getState().configure({ maxKeys: 1000 }));
  expect(view.container.querySelector('h2')?.textContent).toBe('Redis keys (1,000 of max 1,000)');
});
