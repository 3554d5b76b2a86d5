// The page defers the explorer's look at each sandbox change to an idle moment, so a Back at
// step 500 does not gather and key the whole run before its frame. Deferred, the count still
// follows the newest state once settled, and changes made meanwhile are looked at once.

import { describe, expect, it, vi } from 'vitest';
import { countEstimate } from '../engine/interleavingCount';
import { exploreQueued } from '../engine/interleavingGrid';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { createExplorerStore } from './explorerStore';
import type { ExploreRunner } from './explorerState';
import { createSandboxStore } from './sandboxStore';

describe('a deferred explorer', () => {
  it('counts nothing until its look runs, then counts the newest state once', async () => {
    const SQL = await loadSqlJsNode();
    const runner: ExploreRunner = {
      count: vi.fn((request) => countEstimate(SQL, request)),
      explore: (request, onProgress) => exploreQueued(SQL, request, onProgress),
    };
    const looks: (() => void)[] = [];
    const sandbox = createSandboxStore();
    await sandbox.getState().start(SQL);
    const deferred = createExplorerStore(sandbox, runner, (look) => looks.push(look));
    const eager = createExplorerStore(sandbox, {
      count: (request) => countEstimate(SQL, request),
      explore: runner.explore,
    });
    looks.splice(0);

    await sandbox.getState().startRead('A', 1);
    await sandbox.getState().startWrite('B', 1, { name: 'New' });
    await sandbox.getState().step();
    await sandbox.getState().back();
    // Four changes, one look waiting; nothing counted yet.
    expect(looks).toHaveLength(1);
    expect(runner.count).not.toHaveBeenCalled();
    expect(deferred.getState().count).toBeNull();

    looks.splice(0).forEach((look) => look());
    await vi.waitFor(() => expect(deferred.getState().count).not.toBeNull());
    await vi.waitFor(() => expect(eager.getState().count).not.toBeNull());
    expect(runner.count).toHaveBeenCalledTimes(1);
    expect(deferred.getState().count).toEqual(eager.getState().count);
    expect(deferred.getState().count?.estimate).toBe(10);

    // Nothing queued any more: the next look clears the count.
    await sandbox.getState().reset();
    expect(deferred.getState().count).not.toBeNull();
    looks.splice(0).forEach((look) => look());
    expect(deferred.getState().count).toBeNull();
  });

  it('explores no second time under settings the exploration under way already has', async () => {
    // A script that configures and explores before the page's idle look ran: the look took the
    // setting for a change the grid must follow and explored again, and the page's runner, which
    // runs one exploration at a time, rejected the script's with "replaced by a newer exploration".
    const SQL = await loadSqlJsNode();
    const runner: ExploreRunner = {
      count: (request) => countEstimate(SQL, request),
      explore: vi.fn((request, onProgress) => exploreQueued(SQL, request, onProgress)),
    };
    const looks: (() => void)[] = [];
    const sandbox = createSandboxStore();
    await sandbox.getState().start(SQL);
    const explorer = createExplorerStore(sandbox, runner, (look) => looks.push(look));
    await sandbox.getState().startRead('A', 1);
    await sandbox.getState().startWrite('B', 1, { name: 'New' });
    looks.splice(0).forEach((look) => look());
    await explorer.getState().explore();

    await sandbox.getState().configure({ readMitigation: 'lease' });
    const scripted = explorer.getState().explore();
    looks.splice(0).forEach((look) => look());
    expect((await scripted).outcomes.staleCache).toBe(0);
    expect(runner.explore).toHaveBeenCalledTimes(2);
    expect(explorer.getState().costs.map((c) => c.settings.readMitigation)).toEqual([
      'none',
      'lease',
    ]);
  });

  it('keys a Back beside a long console line without writing the line out again', async () => {
    const SQL = await loadSqlJsNode();
    const runner: ExploreRunner = {
      count: () => Promise.resolve({ estimate: 1, isExact: true, steps: {} }),
      explore: (request, onProgress) => exploreQueued(SQL, request, onProgress),
    };
    const looks: (() => void)[] = [];
    const sandbox = createSandboxStore();
    await sandbox.getState().start(SQL);
    createExplorerStore(sandbox, runner, (look) => looks.push(look));
    await sandbox.getState().runRedis(`SET big ${'x'.repeat(200_000)}`);
    await sandbox.getState().startRead('A', 1);
    await sandbox.getState().step();
    looks.splice(0).forEach((look) => look());
    await sandbox.getState().back();
    const stringify = vi.spyOn(JSON, 'stringify');
    try {
      looks.splice(0).forEach((look) => look());
      const written = stringify.mock.results.reduce(
        (n, r) => n + (typeof r.value === 'string' ? r.value.length : 0),
        0,
      );
      // Before, the setup was written out three times (600,000 characters and more).
      expect(written).toBeLessThan(20_000);
    } finally {
      stringify.mockRestore();
    }
  });
});
