import type { ConsistencyTracker, JudgedWrite } from './consistency';
import type { EventQueue } from './eventQueue';
import type { MetricsBucket } from './metrics';
import type { BackgroundResult, Program, ProgramResult, Step } from './programs/types';
import type { StepOutcome } from './stepOutcome';

export interface InFlight {
  program: Program<ProgramResult | BackgroundResult>;
  actor: string;
  arrivedMs: number;
  /** The step in flight: it runs when it takes effect, and its reply arrives later. */
  step: Step;
  /** True once the step has run; the event queued next is its reply's arrival. */
  hasRun: boolean;
  replyAtMs: number;
  /** The step's outcome, delivered to the program when the reply arrives. */
  outcome: StepOutcome;
  /** Version of the value the last GET hit returned (-1: unknown). */
  servedVersion: number;
  /** The row's committed version when the request arrived. */
  committedAtStart: number;
  /**
   * What its steps counted so far, bucket by bucket: a bucket's start, then its hits, misses,
   * database reads and writes, cache errors (and of them OOM refusals), evictions and stale
   * fills, {@link COUNTED} numbers a
   * bucket. When Stop leaves it unfinished they are taken back off the totals and off those
   * buckets, so both count only the requests that finished. The first `countedLength` numbers are
   * this request's: a request taken from the spare ones starts at 0 and keeps the array's room
   * (emptying it would make V8 allocate it again at the first step).
   */
  counted: number[];
  countedLength: number;
  /**
   * The writes it committed, as the consistency tracker judges them: withdrawn from its figures
   * when Stop leaves the request unfinished. The first `commitsLength` are this request's.
   */
  commits: JudgedWrite[];
  commitsLength: number;
  /** A request, not a job of the cache layer's own (whose work is no request's). */
  isRequest: boolean;
  /** When a read's GET missed (-1: none yet), and how long until its own fill landed (-1: none). */
  missAtMs: number;
  refillMs: number;
  /**
   * When a read's last Redis command took effect: a GET whose answer the read could not use (a
   * corrupt entry) is known for a miss only at its reply, and its refill is timed from here.
   */
  redisAtMs: number;
}

/** The figures a request's `counted` holds per bucket, after the bucket's start, in this order. */
export const COUNTED_FIGURES = [
  'hits',
  'misses',
  'dbReads',
  'dbWrites',
  'cacheErrors',
  'oomRefusals',
  'evictions',
  'staleFills',
] as const;
/** Numbers a request's `counted` holds per bucket (see {@link InFlight.counted}). */
export const COUNTED = 1 + COUNTED_FIGURES.length;

/** A record for a request (or a background job) that starts now, its first step `step`. */
export function newInFlight(
  program: InFlight['program'],
  actor: string,
  arrivedMs: number,
  step: Step,
  replyAtMs: number,
  outcome: StepOutcome,
  committedAtStart: number,
  isRequest: boolean,
): InFlight {
  return {
    program,
    actor,
    arrivedMs,
    step,
    hasRun: false,
    replyAtMs,
    outcome,
    servedVersion: -1,
    committedAtStart,
    counted: [],
    countedLength: 0,
    commits: [],
    commitsLength: 0,
    isRequest,
    missAtMs: -1,
    refillMs: -1,
    redisAtMs: -1,
  };
}

/**
 * A finished request's record, taken for a request that arrives now: a long run allocates only
 * as many as are ever in flight at once, not one (and one outcome) per request.
 */
export function reuseInFlight(
  req: InFlight,
  program: InFlight['program'],
  actor: string,
  arrivedMs: number,
  isRead: boolean,
  committedAtStart: number,
): InFlight {
  req.outcome.isRead = isRead;
  req.program = program;
  req.actor = actor;
  req.arrivedMs = arrivedMs;
  req.hasRun = false;
  req.replyAtMs = 0;
  req.servedVersion = -1;
  req.committedAtStart = committedAtStart;
  req.countedLength = 0;
  req.commitsLength = 0;
  req.missAtMs = -1;
  req.refillMs = -1;
  req.redisAtMs = -1;
  return req;
}

/**
 * Adds what a step counted to its request's count in the bucket now open (starting at
 * `bucketStart`): `cacheErrors` (and `oomRefusals` among them), `evictions` and `staleFills` from
 * a Redis step, `dbReads` and `dbWrites` from a database one.
 * Its figures are {@link COUNTED_FIGURES} in their order (positional: it runs at every step).
 */
export function addCounted(
  req: InFlight,
  bucketStart: number,
  hits: number,
  misses: number,
  dbReads: number,
  dbWrites: number,
  cacheErrors: number,
  oomRefusals: number,
  evictions: number,
  staleFills: number,
): void {
  const c = req.counted;
  let n = req.countedLength;
  if (n === 0 || c[n - COUNTED] !== bucketStart) {
    c[n] = bucketStart;
    for (let i = 1; i < COUNTED; i++) c[n + i] = 0;
    n += COUNTED;
    req.countedLength = n;
  }
  c[n - 8] += hits;
  c[n - 7] += misses;
  c[n - 6] += dbReads;
  c[n - 5] += dbWrites;
  c[n - 4] += cacheErrors;
  c[n - 3] += oomRefusals;
  c[n - 2] += evictions;
  c[n - 1] += staleFills;
}

/**
 * A stopped run leaves requests in flight (all of them queued: the loop stops between events).
 * What they did is not counted with the finished requests' (which the hit rate, the staleness
 * and the consistency figures describe): their GETs, database reads and writes, cache errors,
 * evictions and stale fills leave the totals and the buckets they fell in, so the series (the
 * charts, the CSV) adds up to the summary, and the writes they committed leave the judged
 * writes. The buckets streamed before are sent again whole with the result.
 * Returns what they had counted, figure by figure.
 */
export function withdrawUnfinished(
  queue: EventQueue<InFlight>,
  series: MetricsBucket[],
  width: number,
  consistency: ConsistencyTracker,
): Record<(typeof COUNTED_FIGURES)[number], number> {
  const unfinished = Object.fromEntries(COUNTED_FIGURES.map((f) => [f, 0])) as Record<
    (typeof COUNTED_FIGURES)[number],
    number
  >;
  let firstChanged = series.length;
  for (let req = queue.pop(); req; req = queue.pop()) {
    if (!req.isRequest) continue;
    const c = req.counted;
    for (let i = 0; i < req.countedLength; i += COUNTED) {
      const at = Math.round(c[i] / width);
      const b = series[at];
      COUNTED_FIGURES.forEach((f, k) => {
        b[f] -= c[i + 1 + k];
        unfinished[f] += c[i + 1 + k];
      });
      if (at < firstChanged) firstChanged = at;
    }
    for (let i = 0; i < req.commitsLength; i++) consistency.withdraw(req.commits[i]);
  }
  if (firstChanged < series.length) {
    let hitsSoFar = 0;
    let lookupsSoFar = 0;
    for (const [i, b] of series.entries()) {
      hitsSoFar += b.hits;
      lookupsSoFar += b.hits + b.misses;
      if (i < firstChanged) continue;
      const lookups = b.hits + b.misses;
      b.hitRate = lookups === 0 ? null : b.hits / lookups;
      b.cumulativeHitRate = lookupsSoFar === 0 ? null : hitsSoFar / lookupsSoFar;
    }
  }
  return unfinished;
}
