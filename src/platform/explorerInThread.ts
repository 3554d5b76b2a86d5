// The explorer worker's work (`explorerWorker.ts`) run on the calling thread under Node: what the
// unit tests of the explorer's store and panel explore with. Node's loaders stand in for the
// browser's; the learner's sources are compiled in QuickJS for each request, as the worker does.
import { countEstimate } from '../engine/interleavingCount';
import { exploreQueued, type ExploreRequest } from '../engine/interleavingGrid';
import type { LearnerSources, ProgramOverrides } from '../engine/programs/learner';
import { compileSources } from './learnerPrograms';
import { loadQuickJsNode } from './quickjsNode';
import { loadSqlJsNode } from './sqlJsNode';

/** An explore runner (the store's `ExploreRunner`) that runs each request on this thread. */
export async function createInThreadExploreRunner() {
  const SQL = await loadSqlJsNode();
  const quickjs = await loadQuickJsNode();
  const withPrograms = async <T>(
    sources: LearnerSources | undefined,
    work: (programs?: ProgramOverrides) => Promise<T>,
  ): Promise<T> => {
    if (!sources) return work();
    const compiled = compileSources(quickjs, sources);
    if (!compiled.ok) throw new Error(compiled.message);
    try {
      return await work(compiled.programs);
    } finally {
      compiled.dispose();
    }
  };
  return {
    count: (request: ExploreRequest, sources?: LearnerSources) =>
      withPrograms(sources, (p) => countEstimate(SQL, request, p)),
    explore: (
      request: ExploreRequest,
      onProgress: (done: number, of: number) => void,
      sources?: LearnerSources,
    ) => withPrograms(sources, (p) => exploreQueued(SQL, request, onProgress, p)),
  };
}
