import type { InterleavingCount } from '../engine/interleavingCount';
import type { ExploreRequest, ExploreResult } from '../engine/interleavingGrid';
import type { LearnerSources } from '../engine/programs/learner';

/** The page asks the explorer's worker to count or to explore. */
export interface ExplorerRequest {
  id: number;
  kind: 'count' | 'explore';
  request: ExploreRequest;
  /** The learner's programs, when they run instead of ours (compiled in the worker's QuickJS). */
  sources?: LearnerSources;
}

/** What the worker answers, tagged with the request's id. */
export type ExplorerReply =
  | { id: number; type: 'counted'; count: InterleavingCount }
  | { id: number; type: 'progress'; done: number; of: number }
  | { id: number; type: 'explored'; result: ExploreResult }
  | { id: number; type: 'error'; message: string };
