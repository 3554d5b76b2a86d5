import type { WorkloadSummary } from '../engine/workload';
import { oomRefusalsText } from './cacheErrorsText';
import { noHitRateText } from './hitRateText';
import { hitRateText } from './summaryFigures';

const count = (n: number): string => n.toLocaleString('en-US');
/** "1 request", "2,000 requests". */
export const requestsText = (n: number): string =>
  `${count(n)} ${n === 1 ? 'request' : 'requests'}`;

/** Mitigations whose readers may GET more than once (they wait for a lease or a lock, then retry). */
const RETRYING_READS: ReadonlySet<string> = new Set(['lease', 'single-flight']);

/**
 * What the notice says when a run ends, from the run's own counts only. A cache error is any
 * command Redis refused (OOM under `noeviction`, a server error) or could not be reached for
 * (cache down): a failed fill or DEL is one as much as a failed GET. The OOM refusals among
 * them are named apart, from their own count. Reads are said to have gone
 * to the database for want of the cache only as many as the counts show: reads with no GET that
 * Redis answered (`reads - hits - misses`), and only when our programs ran (a learner's read path
 * may read its key by a command these counts do not see).
 */
export function runEndedText(
  summary: WorkloadSummary,
  { note = '', isLearnerRun = false }: { note?: string; isLearnerRun?: boolean } = {},
): string {
  // A large database is seeded before the first request: Stop may land there.
  if (summary.stopped && summary.requests === 0) return `Stopped${note} before the first request.`;
  const rate =
    summary.hitRate === null ? noHitRateText(summary) : `hit rate ${hitRateText(summary.hitRate)}`;
  const head = `${summary.stopped ? 'Stopped' : 'Finished'}${note}: ${requestsText(summary.requests)}, ${rate}`;
  if (!(summary.cacheErrors > 0)) return `${head}.`;
  // Redis answers every GET when its errors were all refusals for memory (only writes are).
  const isAllOom = summary.oomRefusals === summary.cacheErrors;
  const ofAnswered = summary.hitRate === null || isAllOom ? '' : ' of the GETs Redis answered';
  const which =
    oomRefusalsText(summary, summary.config) ??
    'commands Redis refused or could not be reached for';
  const errors = `${count(summary.cacheErrors)} cache ${summary.cacheErrors === 1 ? 'error' : 'errors'} (${which})`;
  const unanswered = summary.reads - summary.hits - summary.misses;
  if (isLearnerRun || !(unanswered > 0)) return `${head}${ofAnswered}; ${errors}.`;
  const atLeast = RETRYING_READS.has(summary.config.readMitigation) ? 'at least ' : '';
  const reads = `${atLeast}${count(unanswered)} ${unanswered === 1 ? 'read' : 'reads'} got no answer to a GET and went to the database`;
  return `${head}${ofAnswered}; ${errors}; ${reads}.`;
}
