// While the count of what is queued runs, the panel must not say nothing is queued: the store
// tells "counting" from "nothing queued" (countStatus), whatever the count holds meanwhile.

import { describe, expect, it, vi } from 'vitest';
import { countEstimate, type InterleavingCount } from '../engine/interleavingCount';
import { exploreQueued } from '../engine/interleavingGrid';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { createExplorerStore } from './explorerStore';
import type { ExploreRunner } from './explorerState';
import { createSandboxStore } from './sandboxStore';

describe('the explorer count status', () => {
  it('is counting from the moment something is queued until its count arrives', async () => {
    const SQL = await loadSqlJsNode();
    let release: (() => void) | null = null;
    const runner: ExploreRunner = {
      // The count waits for the test, as a busy worker would.
      count: (request) =>
        new Promise<InterleavingCount>((resolve) => {
          release = () => void countEstimate(SQL, request).then(resolve);
        }),
      explore: (request, onProgress) => exploreQueued(SQL, request, onProgress),
    };
    const sandbox = createSandboxStore();
    await sandbox.getState().start(SQL);
    const explorer = createExplorerStore(sandbox, runner);
    expect(explorer.getState().countStatus).toBe('none');

    await sandbox.getState().startRead('A', 1);
    await sandbox.getState().startWrite('B', 1, { name: 'New' });
    await vi.waitFor(() => expect(release).not.toBeNull());
    expect(explorer.getState()).toMatchObject({ countStatus: 'counting', count: null });

    while (release !== null) {
      const go: () => void = release;
      release = null;
      go();
      // Until the count arrives or a newer one is asked for (the read's count, overtaken by the
      // write's, never ends the counting).
      await vi.waitFor(
        () => {
          if (release === null) expect(explorer.getState().countStatus).not.toBe('counting');
        },
        { timeout: 5000 },
      );
      // Overtaken, it is still counting: not 'none', not the read's count.
      if (release !== null) expect(explorer.getState().countStatus).toBe('counting');
    }
    expect(explorer.getState().countStatus).toBe('counted');
    expect(explorer.getState().count).toMatchObject({ estimate: 10, isExact: true });

    await sandbox.getState().reset();
    await vi.waitFor(() => expect(explorer.getState().countStatus).toBe('none'));
  });
});
