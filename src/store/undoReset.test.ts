// A stray R (or Reset) during a class must not cost the run: its notice offers to put it back.
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { isResetUndoable } from './resetUndo';
import { createSandboxStore } from './sandboxStore';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

async function stepped(id: string, presses: number) {
  const store = createSandboxStore();
  await store.getState().start(SQL);
  await store.getState().loadScenario(id);
  for (let i = 0; i < presses; i++) await store.getState().step();
  return store;
}

describe('undoing a Reset', () => {
  it('puts the run back where it was, console lines included', async () => {
    const store = await stepped('stale-set', 3);
    await store.getState().runRedis('SET note kept');
    const before = store.getState();
    const { beat, timeline, cursor } = before;
    const snapshot = before.snapshot;
    await store.getState().reset();
    expect(store.getState().beat).toBe(0);
    expect(store.getState().notices.at(-1)?.text).toBe(
      'Reset to the start (the run was at step 3, with 1 console line).',
    );
    expect(await store.getState().undoReset()).toBe(true);
    const after = store.getState();
    expect([after.beat, after.cursor, after.timeline]).toEqual([beat, cursor, timeline]);
    expect(after.snapshot?.cache).toEqual(snapshot?.cache);
    expect(after.snapshot?.db).toEqual(snapshot?.db);
    // The offer is spent, and its notice gone.
    expect(after.notices.map((n) => n.text)).not.toContain(
      'Reset to the start (the run was at step 3, with 1 console line).',
    );
    expect(await store.getState().undoReset()).toBe(false);
  });

  it('in free play, says what it cleared besides steps: console lines, requests, other actions', async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().runRedis('SET a 1');
    await store.getState().runSql('SELECT 1');
    await store.getState().startRead('A', 1);
    await store.getState().advanceClock(5);
    await store.getState().reset();
    expect(store.getState().notices.at(-1)?.text).toBe(
      'Reset to the start (the run was at step 0, with 2 console lines, 1 request started and 1 other action (the clock, Redis or the database)).',
    );
  });

  it('is no longer offered once the run moved on, or another scenario was opened', async () => {
    const store = await stepped('stale-set', 2);
    await store.getState().reset();
    expect(isResetUndoable(store.getState())).toBe(true);
    await store.getState().step();
    expect(isResetUndoable(store.getState())).toBe(false);
    expect(await store.getState().undoReset()).toBe(false);
    expect(store.getState().beat).toBe(1);

    const other = await stepped('stale-set', 2);
    await other.getState().reset();
    await other.getState().loadScenario('cold-read');
    expect(await other.getState().undoReset()).toBe(false);
  });

  it('is not offered under settings or code changed after the Reset', async () => {
    const store = await stepped('stale-set', 4);
    await store.getState().reset();
    await store.getState().configure({ readMitigation: 'lease' });
    expect(isResetUndoable(store.getState())).toBe(false);
    expect(await store.getState().undoReset()).toBe(false);

    const other = await stepped('stale-set', 4);
    await other.getState().reset();
    await other.getState().usePrograms(null);
    expect(await other.getState().undoReset()).toBe(false);
    expect(other.getState().beat).toBe(0);
  });

  it('puts back a run that was stepped Back to its start before the Reset', async () => {
    const store = await stepped('stale-set', 4);
    for (let i = 0; i < 4; i++) await store.getState().back();
    expect(store.getState().cursor).toBe(0);
    await store.getState().reset();
    expect(await store.getState().undoReset()).toBe(true);
    // Back where it was: at the start, with the four steps to redo.
    expect(store.getState().cursor).toBe(0);
    await store.getState().step();
    expect(store.getState().beat).toBe(1);
    expect(store.getState().timeline.length).toBeGreaterThanOrEqual(4);
  });

  it('offers nothing when there was nothing to lose', async () => {
    const store = await stepped('stale-set', 0);
    await store.getState().reset();
    expect(store.getState().notices).toEqual([]);
    expect(isResetUndoable(store.getState())).toBe(false);
  });
});
