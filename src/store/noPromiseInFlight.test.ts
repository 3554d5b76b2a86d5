import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { createSandboxStore } from './sandboxStore';
import { selectNarration } from './narrationSelectors';
import { parseViewParams, viewLink } from './urlState';

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

// `runAtScriptEnd` judges the run at the end of the script: when a read or a write is started
// after the last beat while the scenario's own request is still in flight, the end of the script
// is never reached on its own (`startedEarly`), and the request the banner named is no longer the
// run shown: the steps that follow finish it among the learner's own.
describe('a request started after the last beat while the scenario’s own is still in flight', () => {
  const LEASE_NO_PROMISE =
    'The scenario makes no promise for these settings (Read mitigation: lease): judge the run from its steps.';

  async function coldReadUnderLeaseAtItsEnd() {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().loadScenario('cold-read');
    expect(await store.getState().configure({ readMitigation: 'lease' })).toBeNull();
    while (store.getState().beat < 4) await store.getState().step();
    // Under a lease a miss takes four steps, so the last beat ends with A's second read sent
    // and not yet returned.
    const s = store.getState();
    expect(s.snapshot!.actors.find((a) => a.name === 'A')).toMatchObject({
      task: 'read user:123',
      queued: 0,
    });
    expect(s.snapshot!.actors.find((a) => a.name === 'A')!.pending).not.toBeNull();
    expect(s.outcome).toEqual({
      description: `${LEASE_NO_PROMISE} A (read user:123) still has a request in flight: Step on to see it finish.`,
      isMet: false,
      isJudged: false,
    });
    return store;
  }

  it.each([
    ['A', 'queued behind its own unfinished read'],
    ['B', 'beside it'],
  ])(
    'a read of user:5 for %s (%s): no verdict, no "still in flight" once the run has moved past it, and the same after Back and in its link',
    async (actor) => {
      const store = await coldReadUnderLeaseAtItsEnd();
      expect(await store.getState().startRead(actor, 5)).toBeNull();
      const started = store.getState();
      // The scenario's read is still on its way, but the Steps that finish it are free play now:
      // the banner gives no verdict and does not ask to Step on for a verdict it will never give.
      expect(started.snapshot!.actors.find((a) => a.name === 'A')!.pending).not.toBeNull();
      expect(started.outcome).toEqual({
        description: LEASE_NO_PROMISE,
        isMet: false,
        isJudged: false,
      });
      // Each Step now finishes A's read of user:123, then the read of user:5.
      while (store.getState().canStep) await store.getState().step();
      const end = store.getState();
      expect(end.snapshot!.actors.every((a) => a.task === null)).toBe(true);
      expect(end.snapshot!.results.filter((r) => r.kind === 'read').map((r) => r.id)).toEqual([
        123, 123, 5,
      ]);
      expect(end.snapshot!.stats).toMatchObject({ reads: 3, misses: 2, hits: 1 });
      expect(end.outcome).toEqual(started.outcome);
      // What started the free play is kept through Back: the banner stays as it was.
      while (store.getState().snapshot!.results.length > 1) await store.getState().back();
      expect(store.getState().outcome).toEqual(started.outcome);
      // The link rebuilds the run, the read started early with it, to the same words.
      const { view, problems } = parseViewParams(viewLink(end).search);
      expect(problems).toEqual([]);
      const copy = createSandboxStore();
      await copy.getState().start(SQL, view);
      expect(copy.getState().snapshot!.stats).toEqual(end.snapshot!.stats);
      expect(copy.getState().outcome).toEqual(end.outcome);
    },
  );
});
