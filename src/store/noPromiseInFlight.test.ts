import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { createSandboxStore } from './sandboxStore';
import { selectNarration } from './selectors';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

const NO_PROMISE =
  'The scenario makes no promise for these settings (Pattern: write-behind): judge the run from its steps.';

describe('a setting the scenario makes no promise for, with a request still in flight', () => {
  it("cdc-late-invalidation under write-behind: the banner says B's write is still in flight, then that the run is over", async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().loadScenario('cdc-late-invalidation');
    for (let beat = 1; beat <= 9; beat++) await store.getState().step();
    expect(await store.getState().configure({ pattern: 'write-behind' })).toBeNull();
    const s = store.getState();
    // Write-behind's write sends GET, SET, RPUSH: the one step the script gives B sends its GET.
    expect(s.snapshot?.actors.find((a) => a.name === 'B')?.task).toBe('write user:42');
    expect(s.snapshot?.stats.dbWrites).toBe(0);
    expect(selectNarration(s)).toContain('Still running: B (write user:42).');
    expect(s.outcome).toEqual({
      description: `${NO_PROMISE} B (write user:42) still has a request in flight: Step on to see it finish.`,
      isMet: false,
      isJudged: false,
    });
    while (store.getState().canStep) await store.getState().step();
    const end = store.getState();
    expect(end.snapshot?.stats.dbWrites).toBe(1);
    expect(end.outcome).toEqual({ description: NO_PROMISE, isMet: false, isJudged: false });
  });

  it("write-then-read under write-behind: the flusher's flush is a job of the cache, not a request in flight", async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().loadScenario('write-then-read');
    while (store.getState().canStep && store.getState().outcome === null)
      await store.getState().step();
    expect(await store.getState().configure({ pattern: 'write-behind' })).toBeNull();
    const s = store.getState();
    // Every request has returned: only the flusher, waiting to flush the queued write, has work.
    expect(
      s.snapshot?.actors.filter((a) => a.pending !== null).map((a) => [a.name, a.program]),
    ).toEqual([['flusher', 'background']]);
    // Before: "flusher (flush the write-behind queue) still has a request in flight".
    expect(s.outcome?.description).toBe(
      `${NO_PROMISE} flusher (flush the write-behind queue) still has a job under way: Step on to see it finish.`,
    );
    while (store.getState().canStep) await store.getState().step();
    expect(store.getState().snapshot?.stats.flushedWrites).toBe(1);
    expect(store.getState().outcome?.description).toBe(NO_PROMISE);
  });
});
