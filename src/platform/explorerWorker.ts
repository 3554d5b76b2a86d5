/// <reference lib="webworker" />
// The interleaving explorer's worker: runs every schedule of the sandbox's queued requests (one
// fresh simulation each) off the page's thread, so a large exploration never freezes the page.
import './ioredisMockGlobals';
import { ExplorerCache } from '../engine/explorerCache';
import { countEstimate } from '../engine/interleavingCount';
import { exploreQueued } from '../engine/interleavingGrid';
import type { ExplorerReply, ExplorerRequest } from './explorerProtocol';
import { loadSqlJsBrowser } from './sqlJsBrowser';
import { compileInWorker } from './workerLearnerPrograms';
import { errorMessage } from '../engine/errorMessage';

/** The least time between two progress messages. */
const PROGRESS_EVERY_MS = 100;

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (reply: ExplorerReply): void => scope.postMessage(reply);

/**
 * Kept for the worker's life: after a Step the count restores the setup's checkpoint instead of
 * replaying the run from the seed, and Back to a step counted before is not counted again.
 */
const cache = new ExplorerCache();

scope.onmessage = (event: MessageEvent<ExplorerRequest>) => {
  const { id, kind, request, sources } = event.data;
  const work = async (): Promise<void> => {
    const SQL = await loadSqlJsBrowser();
    const { programs, dispose } = await compileInWorker(sources);
    try {
      if (kind === 'count') {
        post({ id, type: 'counted', count: await countEstimate(SQL, request, programs, cache) });
        return;
      }
      let postedAt = -Infinity;
      const result = await exploreQueued(
        SQL,
        request,
        (done, of) => {
          // Each post is a render of the panel on the page's thread: a few a second, not one for
          // each of 5,000 runs.
          const now = performance.now();
          if (now - postedAt < PROGRESS_EVERY_MS) return;
          postedAt = now;
          post({ id, type: 'progress', done, of });
        },
        programs,
        cache,
      );
      post({ id, type: 'explored', result });
    } finally {
      dispose();
    }
  };
  work().catch((e: unknown) => post({ id, type: 'error', message: errorMessage(e) }));
};
