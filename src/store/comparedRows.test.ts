import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { createSandboxStore } from './sandboxStore';
import { MAX_COMPARED_ROWS, selectComparedRows, selectNextActor } from './selectors';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

const keysOf = (s: ReturnType<typeof selectComparedRows>) =>
  s.pairs.map((p) => [p.key, p.row.version, p.entry?.version ?? null]);

describe('selectComparedRows', () => {
  it('pairs each row the run touched with its cached copy, or none', async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    expect(selectComparedRows(store.getState())).toEqual({ pairs: [], inPlay: 0 });
    await store.getState().loadScenario('stale-read');
    await store.getState().step();
    await store.getState().step();
    const s = store.getState();
    expect(keysOf(selectComparedRows(s))).toEqual([['user:123', 2, 1]]);
    expect(selectComparedRows(s).pairs[0].entry?.isStale).toBe(true);
    // One answer per snapshot: components subscribed to it do not re-render for nothing.
    expect(selectComparedRows(store.getState())).toBe(selectComparedRows(s));
  });

  it('keeps the rows the newest commands touched, in the database panel order, and counts the rest', async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    for (const id of [5, 9, 2]) {
      await store.getState().startRead('A', id);
      while (selectNextActor(store.getState()) !== null) await store.getState().step();
    }
    const compared = selectComparedRows(store.getState());
    expect(MAX_COMPARED_ROWS).toBe(2);
    // Row 2 was read last, row 9 before it; shown by id, as the database panel lists them.
    expect(compared.pairs.map((p) => p.key)).toEqual(['user:2', 'user:9']);
    expect(compared.inPlay).toBe(3);
  });
});
