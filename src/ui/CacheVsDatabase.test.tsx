// @vitest-environment jsdom
import type { SqlJsStatic } from 'sql.js';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { CacheVsDatabase } from './CacheVsDatabase';
import { mountWithSandbox, perform, type MountedView } from './mountWithSandbox';

let SQL: SqlJsStatic;
let view: MountedView;

beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

beforeEach(async () => {
  view = await mountWithSandbox(SQL, <CacheVsDatabase />);
});

afterEach(() => view.unmount());

const region = () => view.container.querySelector('[aria-label="Cache vs database"]');
const side = (key: string, which: 'cached' | 'row') =>
  region()?.querySelector(`[data-testid="compare.${key}"] [data-testid="compare.${which}"]`)
    ?.textContent ?? null;

describe('CacheVsDatabase', () => {
  it('stale-read: the copy at version 1, STALE, its plan beside the row at version 2', async () => {
    await perform(() => view.store.getState().loadScenario('stale-read'));
    expect(side('user:123', 'cached')).toMatch(/^Redisv1TTL /);
    expect(side('user:123', 'row')).toBe('SQLite rowv1');

    await perform(() => view.store.getState().step());
    await perform(() => view.store.getState().step());
    expect(side('user:123', 'cached')).toMatch(/^Redisv1STALETTL .*plan "free"$/);
    expect(side('user:123', 'row')).toBe('SQLite rowv2plan "team"');
    // The versions and the differing cells are marked on both sides, not only coloured.
    const marks = [...(region()?.querySelectorAll('mark') ?? [])].map((m) => m.textContent);
    expect(marks).toEqual(['v1', 'plan "free"', 'v2', 'plan "team"']);
  });

  it('ttl-expiry: nothing, then not cached, then a TTL that moves with the virtual clock', async () => {
    await perform(() => view.store.getState().loadScenario('ttl-expiry'));
    expect(region()?.textContent).toBe('Cache vs database: no row read or written yet.');

    await perform(() => view.store.getState().step());
    expect(side('user:7', 'cached')).toBe('Redisnot cached');
    expect(side('user:7', 'row')).toBe('SQLite rowv1');

    await perform(() => view.store.getState().step());
    const ttl = () => region()?.querySelector('[aria-label="TTL of user:7"]')?.textContent;
    expect(ttl()).toBe('TTL 1 min 0 s');
    await perform(() => view.store.getState().step()); // 30 s of virtual time pass
    expect(ttl()).toBe('TTL 30 s');
  });

  it('rows read, cached, then deleted: no row to compare, and the copy Redis still holds is said', async () => {
    await perform(() => view.store.getState().loadScenario('stale-read'));
    await perform(() => view.store.getState().runSql('DELETE FROM users WHERE id = 123'));
    expect(region()?.textContent).toBe(
      'Cache vs database: the rows read or written were deleted, so no row is left to compare with; Redis still holds a copy of one (STALE · row deleted).',
    );
    await perform(() => view.store.getState().runRedis('DEL user:123'));
    expect(region()?.textContent).toBe(
      'Cache vs database: the rows read or written were deleted, so no row is left to compare with.',
    );
  });

  it('a key Redis holds while it is unreachable is marked down', async () => {
    await perform(() => view.store.getState().loadScenario('stale-read'));
    await perform(() => view.store.getState().setCacheAvailable(false));
    expect(side('user:123', 'cached')).toMatch(/^Redisdownv1TTL /);
  });

  it('writes a direction override or a NUL in a differing field or a value that is no row as an escape', async () => {
    const store = view.store;
    await perform(() => store.getState().startRead('A', 1));
    for (let i = 0; i < 3; i++) await perform(() => store.getState().step());
    // The row changes under its copy: the differing name is shown on both sides.
    await perform(() =>
      store
        .getState()
        .runSql("UPDATE users SET name = 'Ada ' || char(8238) || 'x' || char(0) WHERE id = 1"),
    );
    await perform(() => store.getState().runRedis('SET user:2 "v\\\\n\\xe2\\x80\\xaev"'));
    const text = region()?.textContent ?? '';
    expect(side('user:1', 'row')).toContain('name "Ada \\u202Ex\\u0000"');
    expect(side('user:2', 'cached')).toContain('v\\\\n\\u202Ev');
    expect(text).not.toContain('\u0000');
    expect(text).not.toContain('\u202e');
  });
});
