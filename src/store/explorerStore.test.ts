import { describe, expect, it } from 'vitest';
import { countEstimate, exploreQueued } from '../engine/interleavingGrid';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { createExplorerStore, type ExploreRunner } from './explorerStore';
import { createSandboxStore } from './sandboxStore';

/** The worker's work, on this thread: what the page's worker runs for each message. */
async function inThreadRunner(): Promise<ExploreRunner> {
  const SQL = await loadSqlJsNode();
  return {
    count: (request) => countEstimate(SQL, request),
    explore: (request, onProgress) => exploreQueued(SQL, request, onProgress),
  };
}

async function raceSandbox() {
  const sandbox = createSandboxStore();
  await sandbox.getState().start(await loadSqlJsNode());
  const explorer = createExplorerStore(sandbox, await inThreadRunner());
  await sandbox.getState().startRead('A', 1);
  await sandbox.getState().startWrite('B', 1, { name: 'New' });
  return { sandbox, explorer };
}

describe('the explorer store', () => {
  it('refuses to explore when nothing is queued', async () => {
    const sandbox = createSandboxStore();
    await sandbox.getState().start(await loadSqlJsNode());
    const explorer = createExplorerStore(sandbox, await inThreadRunner());
    await expect(explorer.getState().explore()).rejects.toThrow(/Nothing is queued/);
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
});
