import { describe, expect, it } from 'vitest';
import { countEstimate } from '../engine/interleavingCount';
import { exploreQueued } from '../engine/interleavingGrid';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { createExplorerStore } from './explorerStore';
import type { ExploreRunner } from './explorerState';
import { createSandboxStore } from './sandboxStore';

/** The worker's work on this thread, keeping every request the store sends it. */
async function recordingRunner() {
  const SQL = await loadSqlJsNode();
  const sent: Parameters<ExploreRunner['explore']>[0][] = [];
  const runner: ExploreRunner = {
    count: (request) => countEstimate(SQL, request),
    explore: (request, onProgress) => {
      sent.push(request);
      return exploreQueued(SQL, request, onProgress);
    },
  };
  return { runner, sent };
}

async function raceSandbox() {
  const sandbox = createSandboxStore();
  await sandbox.getState().start(await loadSqlJsNode());
  const { runner, sent } = await recordingRunner();
  const explorer = createExplorerStore(sandbox, runner);
  await sandbox.getState().startRead('A', 1);
  await sandbox.getState().startWrite('B', 1, { name: 'New' });
  return { sandbox, explorer, sent };
}

describe('the explorer store under invalidation from the change log', () => {
  it("passes the sandbox's invalidation setting to the runner, and re-explores when it changes", async () => {
    const { sandbox, explorer, sent } = await raceSandbox();
    const app = await explorer.getState().explore();
    expect(sent.at(-1)?.config.invalidation).toBe('app');
    expect(app.total).toBe(10);
    await sandbox.getState().configure({ invalidation: 'cdc' });
    await expect
      .poll(() => explorer.getState().basis?.settings.invalidation, { timeout: 60_000 })
      .toBe('cdc');
    await expect.poll(() => explorer.getState().status, { timeout: 60_000 }).toBe('done');
    expect(sent.at(-1)?.config.invalidation).toBe('cdc');
    const { result, costs, count } = explorer.getState();
    // The consumer is an actor of the grid: poll, lag, DEL, poll after B's UPDATE.
    expect(count?.steps).toEqual({ A: 3, B: 1, cdc: 4 });
    expect(result).toMatchObject({ total: 56, sampled: false });
    expect(result?.outcomes.staleCache).toBe(2);
    expect(result?.interleavings.every((i) => i.schedule.includes('cdc'))).toBe(true);
    expect(costs.map((c) => c.settings.invalidation)).toEqual(['app', 'cdc']);
  });

  it('explore({ invalidation }) overrides the setting for the run, refuses a bad one, and loads a cell under it', async () => {
    const { sandbox, explorer, sent } = await raceSandbox();
    await expect(
      explorer.getState().explore({ invalidation: 'kafka' as unknown as 'cdc' }),
    ).rejects.toThrow(/invalidation/);
    const result = await explorer.getState().explore({
      invalidation: 'cdc',
      readMitigation: 'versioned-fill',
    });
    expect(sent.at(-1)?.config).toMatchObject({
      invalidation: 'cdc',
      readMitigation: 'versioned-fill',
    });
    // The sandbox itself is untouched until a cell is loaded.
    expect(sandbox.getState().config.invalidation).toBe('app');
    expect(result.outcomes).toEqual({ fresh: 56, staleRead: 0, staleCache: 0, error: 0 });

    // Loading a cell takes on the settings it was explored under, and Step replays it.
    const plain = await explorer.getState().explore({ invalidation: 'cdc' });
    const index = plain.interleavings.findIndex((i) => i.outcome === 'staleCache');
    expect(await explorer.getState().load(index)).toBe(true);
    expect(sandbox.getState().config.invalidation).toBe('cdc');
    while (await sandbox.getState().step());
    const snap = sandbox.getState().snapshot!;
    expect(snap.events.map((e) => e.actor)).toEqual(plain.interleavings[index].schedule);
    expect(
      snap.events.filter((e) => e.actor === 'cdc').map((e) => e.command.split(' ')[0]),
    ).toContain('DEL');
    expect(snap.cache.find((e) => e.key === 'user:1')).toMatchObject({ isStale: true });
  });

  // Which row a run fills depends on its settings, not on how many interleavings it ran: each
  // exploration samples a few (all of them took 12 s alone, minutes on a busy machine).
  it(
    'outside cache-aside, mitigations whose consumer sends the same command share one cost row',
    { timeout: 60_000 },
    async () => {
      const sandbox = createSandboxStore();
      await sandbox.getState().start(await loadSqlJsNode());
      expect(
        await sandbox.getState().configure({ pattern: 'write-through', invalidation: 'cdc' }),
      ).toBeNull();
      const { runner } = await recordingRunner();
      const explorer = createExplorerStore(sandbox, runner);
      await sandbox.getState().startRead('A', 1);
      await sandbox.getState().startWrite('B', 1, { name: 'New' });
      const limit = 12;
      const first = await explorer.getState().explore({ limit });
      expect(first.sampled).toBe(true);
      // single-flight changes nothing the consumer does (a plain DEL): the row is replaced.
      await explorer.getState().explore({ readMitigation: 'single-flight', limit });
      expect(explorer.getState().costs.map((c) => c.settings.readMitigation)).toEqual([
        'single-flight',
      ]);
      // A lease makes it DEL the lease too: a row of its own.
      await explorer.getState().explore({ readMitigation: 'lease', limit });
      expect(explorer.getState().costs.map((c) => c.settings.readMitigation)).toEqual([
        'single-flight',
        'lease',
      ]);
    },
  );
});
