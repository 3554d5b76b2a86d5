import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { SCENARIOS } from '../scenarios';
import { createSandboxStore } from './sandboxStore';
import { MAX_COMPARED_ROWS, selectComparedRows } from './comparedRows';
import { selectNextActor } from './selectors';

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

  it("shows the row a console RENAME or COPY moved a copy onto, the destination's row first", async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().startRead('A', 3);
    while (selectNextActor(store.getState()) !== null) await store.getState().step();
    await store.getState().startRead('A', 4);
    while (selectNextActor(store.getState()) !== null) await store.getState().step();
    await store.getState().runRedis('RENAME user:3 user:7');
    const compared = selectComparedRows(store.getState());
    // Row 7 holds the copy of row 3 now (version 1 each): it is what the command was about.
    expect(compared.pairs.map((p) => [p.key, p.entry === undefined])).toEqual([
      ['user:3', true],
      ['user:7', false],
    ]);
    expect(compared.inPlay).toBe(3);
    await store.getState().runRedis('COPY user:7 user:9');
    expect(selectComparedRows(store.getState()).pairs.map((p) => p.key)).toEqual([
      'user:7',
      'user:9',
    ]);
  });
});

describe("what the scenarios' words point at, presenter mode shows", () => {
  // Presenter mode hides the Redis panel, the database panel and the log; its cache-vs-database
  // rows stand in for the first two. Each sentence that points at something is checked against
  // what those rows hold at that step.
  it('no narration or note names a hidden panel; each STALE badge, TTL and uncached key it points at is there', async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    const checked: string[] = [];
    for (const sc of SCENARIOS) {
      await store.getState().loadScenario(sc.id);
      for (let beat = 0; beat <= sc.beats.length; beat++) {
        if (beat > 0) await store.getState().step();
        const said =
          beat === 0
            ? `${sc.intro} ${sc.introNotes ?? ''}`
            : `${sc.beats[beat - 1].narration} ${sc.beats[beat - 1].notes ?? ''}`;
        const where = `${sc.id} step ${beat}`;
        expect(said, where).not.toMatch(
          /Redis panel|database panel|in the log\b|the log is\b|TTL column/i,
        );
        const { pairs } = selectComparedRows(store.getState());
        if (/STALE badge|see the badge/.test(said)) {
          expect(
            pairs.some((p) => p.entry?.isStale),
            where,
          ).toBe(true);
          checked.push(`${where}: STALE`);
        }
        if (/(Point at|Look at|Show)[^.]*TTL/.test(said)) {
          expect(
            pairs.some((p) => (p.entry?.ttlMs ?? -1) > 0),
            where,
          ).toBe(true);
          checked.push(`${where}: TTL`);
        }
        if (/(Point at|Look at|Show|see)[^.]*not cached/.test(said)) {
          expect(
            pairs.some((p) => p.entry === undefined),
            where,
          ).toBe(true);
          checked.push(`${where}: not cached`);
        }
      }
    }
    // The sentences this guards (a rewording that drops one from the match fails here).
    expect(checked).toEqual([
      'cold-read step 3: TTL',
      'ttl-expiry step 1: not cached',
      'ttl-expiry step 2: TTL',
      'stale-read step 2: STALE',
      'invalidate-on-write step 2: STALE',
      'write-then-read step 1: STALE',
      'stale-set step 5: STALE',
    ]);
  }, 60_000);
});
