import { describe, expect, it } from 'vitest';
import { READ_RECHECK_FIX, READ_STARTER } from '../engine/programs/learnerSources';
import { createInThreadExploreRunner } from '../platform/explorerInThread';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { basisLeftBy, hasLeftBasis } from './exploreBasis';
import { createExplorerStore } from './explorerStore';
import type { ExploreRunner } from './explorerState';
import { createSandboxStore } from './sandboxStore';

/** A sandbox with A's read and B's write of user 1 queued, explored by `runner`. */
async function raceSandbox(runner?: ExploreRunner) {
  const sandbox = createSandboxStore();
  await sandbox.getState().start(await loadSqlJsNode());
  const explorer = createExplorerStore(sandbox, runner ?? (await createInThreadExploreRunner()));
  await sandbox.getState().startRead('A', 1);
  await sandbox.getState().startWrite('B', 1, { name: 'New' });
  return { sandbox, explorer };
}

/** The race sandbox, its first exploration held until `release` (the others run at once). */
async function raceSandboxFirstExploreHeld() {
  const real = await createInThreadExploreRunner();
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  let calls = 0;
  const { sandbox, explorer } = await raceSandbox({
    count: real.count,
    explore: async (request, onProgress, sources) => {
      if (calls++ === 0) await held;
      return real.explore(request, onProgress, sources);
    },
  });
  return { sandbox, explorer, release };
}

describe('the explorer store', () => {
  it('refuses to explore when nothing is queued', async () => {
    const sandbox = createSandboxStore();
    await sandbox.getState().start(await loadSqlJsNode());
    const explorer = createExplorerStore(sandbox, await createInThreadExploreRunner());
    await expect(explorer.getState().explore()).rejects.toThrow(/Nothing is queued/);
  });

  it('refuses a limit outside 1 to 5000, and samples that many (the same ones again) above it', async () => {
    const { explorer } = await raceSandbox();
    await expect(explorer.getState().explore({ limit: 0 })).rejects.toThrow(/limit must be/);
    const sample = await explorer.getState().explore({ limit: 4 });
    expect(sample).toMatchObject({ total: 10, sampled: true });
    expect(sample.interleavings).toHaveLength(4);
    expect(await explorer.getState().explore({ limit: 4 })).toEqual(sample);
  });

  it('loads a stale interleaving at its first step, and Step reproduces it exactly', async () => {
    const { sandbox, explorer } = await raceSandbox();
    const result = await explorer.getState().explore();
    const index = result.interleavings.findIndex((i) => i.outcome === 'staleCache');
    const run = result.interleavings[index];
    expect(run.schedule).toEqual(['A', 'A', 'B', 'B', 'A']);
    expect(await explorer.getState().load(index)).toBe(true);
    expect(sandbox.getState().snapshot?.events).toHaveLength(0);
    while (await sandbox.getState().step());
    const snap = sandbox.getState().snapshot!;
    expect(snap.events.map((e) => e.actor)).toEqual(run.schedule);
    expect(snap.events.map((e) => e.command.split(' ')[0])).toEqual([
      'GET',
      'SELECT',
      'UPDATE',
      'DEL',
      'SET',
    ]);
    expect(snap.cache[0]).toMatchObject({ key: 'user:1', isStale: true });
    expect(snap.stats.dbReads).toBe(run.dbReads);
  });

  it('re-explores when the read mitigation changes, and keeps what each setting cost', async () => {
    const { sandbox, explorer } = await raceSandbox();
    await explorer.getState().explore();
    await sandbox.getState().configure({ readMitigation: 'lease' });
    await expect
      .poll(() => explorer.getState().basis?.settings.readMitigation, { timeout: 60_000 })
      .toBe('lease');
    await expect.poll(() => explorer.getState().status, { timeout: 60_000 }).toBe('done');
    const { result, costs } = explorer.getState();
    expect(result?.outcomes.staleCache).toBe(0);
    expect(result?.outcomes.staleRead).toBe(0);
    expect(costs.map((c) => c.settings.readMitigation)).toEqual(['none', 'lease']);
    expect(costs[0].outcomes.staleCache).toBe(1);
    expect(costs[0].dbReads).toBe(1);
  });

  it('keeps one cost row per set of settings that take part: the write policy is not one under write-through', async () => {
    const sandbox = createSandboxStore();
    await sandbox.getState().start(await loadSqlJsNode());
    expect(await sandbox.getState().configure({ pattern: 'write-through' })).toBeNull();
    const explorer = createExplorerStore(sandbox, await createInThreadExploreRunner());
    await sandbox.getState().startRead('A', 1);
    await sandbox.getState().startWrite('B', 1, { name: 'New' });
    await explorer.getState().explore();
    await explorer.getState().explore({ writePolicy: 'delete-first' });
    expect(explorer.getState().costs).toHaveLength(1);
    expect(explorer.getState().costs[0].settings.writePolicy).toBe('delete-first');
    // Under cache-aside the policy takes part: two rows, beside write-through's.
    await sandbox.getState().configure({ pattern: 'cache-aside' });
    await explorer.getState().explore();
    await explorer.getState().explore({ writePolicy: 'delete-first' });
    expect(explorer.getState().costs.map((c) => `${c.pattern} ${c.settings.writePolicy}`)).toEqual([
      'write-through delete-first',
      'cache-aside invalidate',
      'cache-aside delete-first',
    ]);
  });

  it('keeps a cost row per pattern tried for the same requests, as per write policy', async () => {
    // Before, a Pattern change explored the grid again and the table kept only the new row.
    const { sandbox, explorer } = await raceSandbox();
    await explorer.getState().explore();
    for (const pattern of ['write-through', 'write-behind'] as const) {
      await sandbox.getState().configure({ pattern });
      await expect
        .poll(() => explorer.getState().basis?.pattern, { timeout: 60_000 })
        .toBe(pattern);
      await expect.poll(() => explorer.getState().status, { timeout: 60_000 }).toBe('done');
    }
    const rows = explorer.getState().costs.map((c) => [c.pattern, c.outcomes.staleCache]);
    // The stale set (A A B B A) under cache-aside; neither write-through nor write-behind leaves one.
    expect(rows).toEqual([
      ['cache-aside', 1],
      ['write-through', 0],
      ['write-behind', 0],
    ]);
    // Back to cache-aside: its row is replaced, not added twice.
    await sandbox.getState().configure({ pattern: 'cache-aside' });
    await expect
      .poll(() => explorer.getState().basis?.pattern, { timeout: 60_000 })
      .toBe('cache-aside');
    await expect.poll(() => explorer.getState().status, { timeout: 60_000 }).toBe('done');
    expect(explorer.getState().costs.map((c) => c.pattern)).toEqual([
      'write-through',
      'write-behind',
      'cache-aside',
    ]);
    // Other requests start the table again.
    await sandbox.getState().startRead('A', 2);
    await explorer.getState().explore();
    expect(explorer.getState().costs.map((c) => c.pattern)).toEqual(['cache-aside']);
  });

  it("keeps one row per read mitigation with our read path, and one with the learner's, where none takes part", async () => {
    const { explorer } = await raceSandbox();
    explorer.getState().useSources({ read: READ_RECHECK_FIX });
    await explorer.getState().explore();
    await explorer.getState().explore({ readMitigation: 'lease' });
    // Your read path ran both times: the mitigation took no part, so the row is replaced.
    expect(explorer.getState().costs).toHaveLength(1);
    expect(explorer.getState().costs[0]).toMatchObject({
      yours: { read: true, write: false },
      settings: { readMitigation: 'lease' },
    });
  });

  it("explores with the learner's programs while they are active, and with ours after", async () => {
    const { explorer } = await raceSandbox();
    explorer.getState().useSources({ read: READ_RECHECK_FIX });
    const yours = await explorer.getState().explore();
    expect(explorer.getState().basis?.sources).toEqual({ read: READ_RECHECK_FIX });
    // The fix re-reads the row after its SET: A takes 4 or 5 steps, not 3.
    expect(yours.interleavings.every((i) => i.schedule.filter((a) => a === 'A').length >= 4)).toBe(
      true,
    );
    expect(yours.outcomes).toMatchObject({ staleCache: 0, staleRead: 0, error: 0 });
    expect(yours.outcomes.fresh).toBe(yours.total);
    // Ours again: the grid on screen is explored again, and the stale set is back.
    explorer.getState().useSources({});
    await expect.poll(() => explorer.getState().basis?.sources, { timeout: 60_000 }).toEqual({});
    await expect.poll(() => explorer.getState().status, { timeout: 60_000 }).toBe('done');
    expect(explorer.getState().result?.outcomes.staleCache).toBe(1);
    expect(explorer.getState().costs.map((c) => c.isYours)).toEqual([true, false]);
    // Another version of your code under the same settings keeps a row of its own.
    explorer.getState().useSources({ read: READ_STARTER });
    await expect
      .poll(() => explorer.getState().basis?.sources, { timeout: 60_000 })
      .toEqual({ read: READ_STARTER });
    await expect.poll(() => explorer.getState().status, { timeout: 60_000 }).toBe('done');
    expect(explorer.getState().costs.map((c) => c.version)).toEqual([1, 0, 2]);
    explorer.getState().useSources({ read: READ_RECHECK_FIX });
    await expect
      .poll(() => explorer.getState().basis?.sources, { timeout: 60_000 })
      .toEqual({ read: READ_RECHECK_FIX });
    await expect.poll(() => explorer.getState().status, { timeout: 60_000 }).toBe('done');
    // The first version again replaces its own row, not the other version's.
    expect(explorer.getState().costs.map((c) => c.version)).toEqual([0, 2, 1]);
  });
  it("never calls the count exact with the learner's code: a wait on a lock comes only when the requests interleave", async () => {
    // Run one after another, neither request waits (the lock is free before and after the
    // write), so each took the same steps whichever ran first: the count said "70
    // interleavings" and that each takes the same steps, and exploring found more than 300.
    // The write here leaves the cache alone (3 steps, 35 orders counted): the runs that show
    // the count low are half as many as with its DEL, each one QuickJS run of both programs.
    const read = `function* read(id, ctx) {
  while ((yield redis('GET', 'lock')) !== null) yield sleep(10);
  const cached = yield redis('GET', cacheKey(id));
  if (cached !== null) return cached;
  const row = yield selectUser(id);
  yield redis('SET', cacheKey(id), JSON.stringify(row));
  return row;
}`;
    const write = `function* write(id, changes, ctx) {
  yield redis('SET', 'lock', '1');
  yield updateUser(id, changes);
  yield redis('DEL', 'lock');
}`;
    const { explorer } = await raceSandbox();
    explorer.getState().useSources({ read, write });
    await expect.poll(() => explorer.getState().countStatus, { timeout: 60_000 }).toBe('counted');
    expect(explorer.getState().count).toMatchObject({ estimate: 35, isExact: false });
    // One over the count's 35 is enough to show it low: the full run passes the limit, so the
    // total is a lower bound (each run over the limit is another QuickJS run, 100 took half again).
    const result = await explorer.getState().explore({ limit: 36 });
    expect(result).toMatchObject({ total: 36, isTotalLowerBound: true, isTotalExact: false });
  });

  it('a read path whose count is an estimate: a sample of the limit, of at least that many, with the errors the orders one after another miss', async () => {
    // A lease: the reader without it waits once, then gives up if the entry is still missing.
    const read = `function* read(id, ctx) {
  const key = cacheKey(id);
  const cached = yield redis('GET', key);
  if (cached !== null) return cached;
  const lease = yield redis('SET', key + ':lease', ctx.token, 'NX', 'PX', ctx.leaseMs);
  if (lease === null) {
    yield sleep(ctx.retryDelayMs);
    const again = yield redis('GET', key);
    if (again === null) throw new Error('still a miss after waiting');
    return again;
  }
  const row = yield selectUser(id);
  yield redis('SET', key, JSON.stringify(row), ...expiry(ctx));
  return row;
}
`;
    const sandbox = createSandboxStore();
    await sandbox.getState().start(await loadSqlJsNode());
    const explorer = createExplorerStore(sandbox, await createInThreadExploreRunner());
    explorer.getState().useSources({ read });
    await sandbox.getState().startRead('A', 1);
    await sandbox.getState().startRead('B', 1);
    // Each read counted with its most steps (a miss, when it runs first): 4 and 4, 70 orders.
    await expect.poll(() => explorer.getState().count?.estimate, { timeout: 60_000 }).toBe(70);
    const sample = await explorer.getState().explore({ limit: 10 });
    // Far above the limit, the estimate is no bound: the sample says only that there are 10.
    expect(sample).toMatchObject({ sampled: true, total: 10, isTotalAtLeast: true });
    expect(sample.interleavings).toHaveLength(10);
    // Run one after the other, B hits; in the orders where B waits and misses again it fails.
    expect(sample.outcomes.error).toBeGreaterThan(0);
  });

  it('loads a cell after Back undid its requests: the timeline still holds them', async () => {
    const { sandbox, explorer } = await raceSandbox();
    const result = await explorer.getState().explore();
    const index = result.interleavings.findIndex((i) => i.outcome === 'staleCache');
    const at = sandbox.getState().cursor;
    await sandbox.getState().back();
    expect(sandbox.getState().cursor).toBeLessThan(at);
    expect(await explorer.getState().load(index)).toBe(true);
    while (await sandbox.getState().step());
    const snap = sandbox.getState().snapshot!;
    expect(snap.events.map((e) => e.actor)).toEqual(['A', 'A', 'B', 'B', 'A']);
    expect(snap.cache[0]).toMatchObject({ key: 'user:1', isStale: true });
  });

  it('explores again when the pattern changes, and refuses to load a cell explored under other settings', async () => {
    const { sandbox, explorer } = await raceSandbox();
    await explorer.getState().explore();
    await sandbox.getState().configure({ pattern: 'write-through' });
    await expect
      .poll(() => explorer.getState().basis?.pattern, { timeout: 60_000 })
      .toBe('write-through');
    await expect.poll(() => explorer.getState().status, { timeout: 60_000 }).toBe('done');
    expect(explorer.getState().result?.outcomes.staleCache).toBe(0);
    // A TTL changed since: the grid's schedules would not end as its cells say.
    await sandbox.getState().configure({ ttlSeconds: 1 });
    const cursor = sandbox.getState().cursor;
    expect(await explorer.getState().load(0)).toBe(false);
    expect(sandbox.getState().cursor).toBe(cursor);
    expect(sandbox.getState().notices.at(-1)?.text).toMatch(
      /explored under other settings \(ttlSeconds changed since\)/,
    );
    // The refusal spoke of this run: a scenario opened (the presenter's next one) takes it away.
    await sandbox.getState().loadScenario('stale-set');
    expect(sandbox.getState().notices.map((n) => n.text)).toEqual([]);
  });
  it('explores again under the new pattern when it changes while an exploration is under way', async () => {
    // Before, the exploration under way finished under the old pattern and its grid stayed, while
    // the sandbox (and the count above the grid) had moved on to write-through.
    const { sandbox, explorer, release } = await raceSandboxFirstExploreHeld();
    const first = explorer.getState().explore();
    expect(explorer.getState().status).toBe('running');
    await sandbox.getState().configure({ pattern: 'write-through' });
    release();
    await first;
    await expect.poll(() => explorer.getState().status, { timeout: 60_000 }).toBe('done');
    expect(explorer.getState().basis?.pattern).toBe('write-through');
    expect(explorer.getState().result?.outcomes.staleCache).toBe(0);
    expect(explorer.getState().costs.map((c) => c.outcomes.staleCache)).toEqual([0]);
  });

  it("explores again with the learner's programs when they start running while an exploration is under way", async () => {
    const { explorer, release } = await raceSandboxFirstExploreHeld();
    const first = explorer.getState().explore();
    explorer.getState().useSources({ read: READ_RECHECK_FIX });
    release();
    await first;
    await expect.poll(() => explorer.getState().status, { timeout: 60_000 }).toBe('done');
    expect(explorer.getState().basis?.sources).toEqual({ read: READ_RECHECK_FIX });
    expect(explorer.getState().result?.outcomes.staleCache).toBe(0);
  });

  it('stops a long exploration: the button is free again and the grid shown before stays', async () => {
    const real = await createInThreadExploreRunner();
    let isCancelled = false;
    let isSlow = false;
    const runner: ExploreRunner = {
      count: real.count,
      explore: (request, onProgress, sources) =>
        isSlow
          ? new Promise((_resolve, reject) => {
              runner.cancel = () => {
                isCancelled = true;
                reject(new Error('stopped'));
              };
            })
          : real.explore(request, onProgress, sources),
    };
    const { explorer } = await raceSandbox(runner);
    const first = await explorer.getState().explore();
    isSlow = true;
    const slow = explorer.getState().explore({ readMitigation: 'lease' });
    expect(explorer.getState().status).toBe('running');
    explorer.getState().stop();
    await expect(slow).rejects.toThrow('stopped');
    expect(isCancelled).toBe(true);
    expect(explorer.getState()).toMatchObject({ status: 'done', result: first, progress: null });
    expect(explorer.getState().basis?.settings.readMitigation).toBe('none');
  });
});

describe('what took away the requests a grid explored', () => {
  // The summary guessed it from the run now: after another scenario and free play again it
  // said "before Reset", then, with a read, "before Back and another input", neither pressed.
  it('is the scenario opened, not a Reset or a Back nobody pressed', async () => {
    const { sandbox, explorer } = await raceSandbox();
    await explorer.getState().explore();
    const basis = explorer.getState().basis!;
    await sandbox.getState().loadScenario('stale-set');
    expect(basisLeftBy(sandbox.getState(), basis)).toMatchObject({
      cause: 'scenario',
      scenarioId: 'stale-set',
    });
    await sandbox.getState().loadScenario(null);
    await sandbox.getState().startRead('A', 2);
    expect(hasLeftBasis(sandbox.getState(), basis)).toBe(true);
    expect(basisLeftBy(sandbox.getState(), basis)).toMatchObject({
      cause: 'scenario',
      scenarioId: null,
    });
  });

  it('is the Reset, with a request queued since', async () => {
    const { sandbox, explorer } = await raceSandbox();
    await explorer.getState().explore();
    const basis = explorer.getState().basis!;
    await sandbox.getState().reset();
    await sandbox.getState().startRead('A', 2);
    expect(basisLeftBy(sandbox.getState(), basis)).toMatchObject({ cause: 'reset', kept: 0 });
  });

  it('is Back then another input, and no Reset once the Reset is undone', async () => {
    const { sandbox, explorer } = await raceSandbox();
    await explorer.getState().explore();
    const basis = explorer.getState().basis!;
    await sandbox.getState().reset();
    expect(await sandbox.getState().undoReset()).toBe(true);
    expect(hasLeftBasis(sandbox.getState(), basis)).toBe(false);
    await sandbox.getState().back();
    await sandbox.getState().startWrite('B', 2, { name: 'Other' });
    expect(basisLeftBy(sandbox.getState(), basis)).toMatchObject({ cause: 'input', kept: 0 });
  });

  it('is not an input after Back that kept every entry the grid ran from', async () => {
    const { sandbox, explorer } = await raceSandbox();
    await explorer.getState().explore();
    const basis = explorer.getState().basis!;
    await sandbox.getState().step();
    await sandbox.getState().back();
    await sandbox.getState().startRead('C', 3);
    expect(hasLeftBasis(sandbox.getState(), basis)).toBe(false);
    expect(basisLeftBy(sandbox.getState(), basis)).toBeNull();
  });
});

describe('what took away the requests a grid explored, by a change after Back', () => {
  // A setting changed (or programs switched) after Back drops the steps to redo: the summary
  // named no cause ("ours, of requests the sandbox has left"), as the sandbox recorded none.
  it('is the setting changed after Back, which dropped the steps to redo', async () => {
    const { sandbox, explorer } = await raceSandbox();
    await explorer.getState().explore();
    const basis = explorer.getState().basis!;
    await sandbox.getState().back();
    expect(await sandbox.getState().configure({ ttlSeconds: 90 })).toBeNull();
    expect(hasLeftBasis(sandbox.getState(), basis)).toBe(true);
    expect(basisLeftBy(sandbox.getState(), basis)).toMatchObject({
      cause: 'settings',
      isAfterBack: true,
    });
  });

  it('is an interleaving loaded in place of the steps the grid ran from', async () => {
    const { sandbox, explorer } = await raceSandbox();
    await sandbox.getState().step();
    await sandbox.getState().step();
    await explorer.getState().explore();
    const basis = explorer.getState().basis!;
    expect(basis.cursor).toBe(4);
    // Another order loaded from the queued requests: the two steps the grid began after are gone.
    expect(await sandbox.getState().loadSchedule(2, ['B', 'A'])).toBe(true);
    expect(hasLeftBasis(sandbox.getState(), basis)).toBe(true);
    // Before, the sandbox recorded nothing: the summary said only "of requests the sandbox has
    // left", or named an older change that had not taken them.
    expect(basisLeftBy(sandbox.getState(), basis)).toMatchObject({ cause: 'schedule', kept: 2 });
  });

  it('is no change at all when nothing was left to redo', async () => {
    const { sandbox, explorer } = await raceSandbox();
    await explorer.getState().explore();
    const basis = explorer.getState().basis!;
    expect(await sandbox.getState().configure({ ttlSeconds: 90 })).toBeNull();
    expect(sandbox.getState().runCuts).toEqual([]);
    expect(hasLeftBasis(sandbox.getState(), basis)).toBe(false);
  });
});

describe('loading a cell explored under other settings', () => {
  // After Back, the setting the cell needs dropped the steps to redo, the grid's requests among
  // them: the cell loaded nothing and said nothing, and the run was gone.
  it('after Back, loads it and keeps the requests the grid explored', async () => {
    const { sandbox, explorer } = await raceSandbox();
    await explorer.getState().explore({ readMitigation: 'lease' });
    const { basis, result } = explorer.getState();
    await sandbox.getState().back();
    expect(sandbox.getState().cursor).toBeLessThan(basis!.cursor);
    expect(await explorer.getState().load(0)).toBe(true);
    const s = sandbox.getState();
    expect(s.config.readMitigation).toBe('lease');
    expect(s.cursor).toBe(basis!.cursor);
    expect(s.timeline).toHaveLength(basis!.cursor + result!.interleavings[0].schedule.length);
    expect(hasLeftBasis(s, basis!)).toBe(false);
  });
});
