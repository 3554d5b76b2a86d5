/// <reference lib="webworker" />
// The interleaving explorer's worker: runs every schedule of the sandbox's queued requests (one
// fresh simulation each) off the page's thread, so a large exploration never freezes the page.
import './ioredisMockGlobals';
import { countEstimate, exploreQueued } from '../engine/interleavingGrid';
import { hasSources, type ProgramOverrides } from '../engine/programs/learner';
import type { ExplorerReply, ExplorerRequest } from './explorerProtocol';
import { loadSqlJsBrowser } from './sqlJsBrowser';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (reply: ExplorerReply): void => scope.postMessage(reply);

scope.onmessage = (event: MessageEvent<ExplorerRequest>) => {
  const { id, kind, request, sources } = event.data;
  const work = async (): Promise<void> => {
    const SQL = await loadSqlJsBrowser();
    // A learner's programs run here as in the page: each in QuickJS, with the same limits.
    let programs: ProgramOverrides | undefined;
    let dispose = (): void => undefined;
    if (hasSources(sources)) {
      const [{ loadQuickJsBrowser }, { compileSources }] = await Promise.all([
        import('./quickjsBrowser'),
        import('./learnerPrograms'),
      ]);
      const compiled = compileSources(await loadQuickJsBrowser(), sources);
      if (!compiled.ok) throw new Error(compiled.message);
      programs = compiled.programs;
      dispose = compiled.dispose;
    }
    try {
      if (kind === 'count') {
        post({ id, type: 'counted', count: await countEstimate(SQL, request, programs) });
        return;
      }
      const result = await exploreQueued(
        SQL,
        request,
        (done, of) => post({ id, type: 'progress', done, of }),
        programs,
      );
      post({ id, type: 'explored', result });
    } finally {
      dispose();
    }
  };
  work().catch((e: unknown) =>
    post({ id, type: 'error', message: e instanceof Error ? e.message : String(e) }),
  );
};
