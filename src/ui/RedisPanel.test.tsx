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
