import type { SqlJsStatic } from 'sql.js';
import type { ConnectionFactory } from './cache';
import { VirtualClock } from './clock';
import { EventQueue } from './eventQueue';
import { openingSeeded, seedUsersInSlices } from './userSeed';
import { BucketBuilder, LatencyHistogram, type MetricsBucket } from './metrics';
import {
  DEFAULT_PROGRAM_SETTINGS,
  type BackgroundResult,
  type ProgramResult,
  type Step,
} from './programs/types';
import { jobOf } from './programs/patterns';
import { createMockRedisServer, dropMockRedisServer } from './redisMock';
import { Rng, ZipfSampler } from './rng';
import type { WorkloadConfig } from './workloadConfig';
import { scheduleFaults, type RestartEmptied } from './faultSchedule';
import { summarizeWorkload, type WorkloadSummary } from './workloadSummary';
import { EVENTS_PER_CHECK, type WorkloadHooks } from './workloadHooks';
import { Runtime, sentBy, type Task } from './runtime';
import { mayTouchQueue, takesFromTail } from './queueTouch';
import { queueChecked, queueExpired } from './queueLoss';
import { newOutcome } from './stepOutcome';
import { refusedInLab } from './labTransactions';
import {
  addCounted,
  newInFlight,
  reuseInFlight,
  withdrawUnfinished,
  type InFlight,
} from './requestsInFlight';

// The config and the summary are imported from here in many places (the lab, the CLI, the tests).
export {
  DEFAULT_SLOW_FACTOR,
  DEFAULT_WORKLOAD,
  type Fault,
  type WorkloadConfig,
} from './workloadConfig';
export type { WorkloadSummary } from './workloadSummary';

/** Events (arrivals, steps taking effect, replies) between two reports at most. */
const EVENTS_PER_REPORT = 50_000;
/** Closed buckets between two reports at most. */
const BUCKETS_PER_REPORT = 2_000;

/** Bucket width for a run of this expected length: at most ~600 buckets, in round numbers. */
export function bucketWidthMs(expectedDurationMs: number): number {
  const target = expectedDurationMs / 600;
  for (const w of [
    100, 250, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000,
    900_000, 1_800_000, 3_600_000,
  ])
    if (w >= target) return w;
  return 3_600_000;
}

/**
 * Runs a timed workload: requests arrive as a Poisson process, pick keys by Zipf popularity, and
 * run the real read or write program; each step completes after its latency, so requests overlap
 * in virtual time and races arise from the workload itself.
 */
export async function runWorkload(
  SQL: SqlJsStatic,
  config: WorkloadConfig,
  hooks: WorkloadHooks = {},
): Promise<{ summary: WorkloadSummary; series: MetricsBucket[] }> {
  // Whatever way the run ends (done, stopped, thrown), its database and keyspace are freed.
  const server = hooks.connect ? null : createMockRedisServer();
  const connect: ConnectionFactory = hooks.connect ?? (server as ConnectionFactory);
  const opened: Runtime[] = [];
  try {
    return await runTimedWorkload(SQL, config, { ...hooks, connect }, opened);
  } finally {
    for (const runtime of opened) runtime.close();
    if (server) await dropMockRedisServer(server);
  }
}

async function runTimedWorkload(
  SQL: SqlJsStatic,
  config: WorkloadConfig,
  hooks: WorkloadHooks & { connect: ConnectionFactory },
  opened: Runtime[],
): Promise<{ summary: WorkloadSummary; series: MetricsBucket[] }> {
  const clock = new VirtualClock();
  const rng = new Rng(config.seed);
  const arrivals = rng.fork(11);
  const keyRng = rng.fork(12);
  const mixRng = rng.fork(13);
  // A large table is seeded in slices, saying so and heeding Stop between them; a run stopped
  // there ends before its first request, its database seeded part way (no request reads it).
  let stopped = false;
  const seeded = await seedUsersInSlices(SQL, config.keys, async (rows) => {
    if (hooks.onSeeding) await hooks.onSeeding({ seeded: rows, total: config.keys });
    stopped = hooks.shouldStop?.() === true;
    return !stopped;
  });
  // A Stop that came before the first request (pressed as Run started) runs none of them; a
  // small table is seeded in one go, without a look at Stop.
  if (!stopped) stopped = hooks.shouldStop?.() === true;
  const runtime = openingSeeded(
    seeded,
    () =>
      new Runtime(SQL, clock, rng.fork(14), hooks.connect, config, {
        settings: {
          ...DEFAULT_PROGRAM_SETTINGS,
          ttlSeconds: config.ttl,
          doubleDeleteDelayMs: config.doubleDeleteDelayMs,
        },
        rows: config.keys,
        logLimit: 0,
        ...(hooks.programs ? { programs: hooks.programs } : {}),
      }),
  );
  opened.push(runtime);
  const { cache, db, counts } = runtime;
  const zipf = new ZipfSampler(config.keys, config.zipf);
  const actors = Array.from({ length: config.connections }, (_, i) => `app${i + 1}`);
  const queue = new EventQueue<InFlight>();
  const endMs = config.durationSeconds > 0 ? config.durationSeconds * 1000 : Infinity;
  const expectedMs = Math.min(endMs, (config.requests / config.rate) * 1000);
  const width = bucketWidthMs(expectedMs);

  const restarts: RestartEmptied[] = [];
  const faults = scheduleFaults(config.faults, runtime, restarts);
  let faultIndex = 0;

  const series: MetricsBucket[] = [];
  let unreported = 0;
  // Every bucket adds its latencies to the run's histogram (see BucketBuilder), sized for the
  // requests expected, so a long run does not copy its samples as the array grows.
  const latency = new LatencyHistogram(
    Math.min(config.requests, Math.ceil((expectedMs / 1000) * config.rate)),
  );
  let bucket = new BucketBuilder(0, latency);
  // The runtime counts; a bucket is the difference between its counts at either end.
  const last = {
    ...counts,
    dbReads: 0,
    dbWrites: 0,
    evictions: 0,
    cacheErrors: 0,
    oomRefusals: 0,
  };

  const closeBucketsUntil = (t: number): void => {
    while (t >= bucket.t + width) {
      bucket.reads = counts.reads - last.reads;
      bucket.writes = counts.writes - last.writes;
      bucket.hits = counts.hits - last.hits;
      bucket.misses = counts.misses - last.misses;
      bucket.staleReads = counts.staleReads - last.staleReads;
      bucket.staleFills = counts.staleFills - last.staleFills;
      bucket.lostInvalidations = counts.lostInvalidations - last.lostInvalidations;
      bucket.dbReads = db.reads - last.dbReads;
      bucket.dbWrites = db.writes - last.dbWrites;
      bucket.evictions = cache.evictions - last.evictions;
      bucket.cacheErrors = cache.errors - last.cacheErrors;
      bucket.oomRefusals = cache.oomRefusals - last.oomRefusals;
      Object.assign(last, counts);
      last.dbReads = db.reads;
      last.dbWrites = db.writes;
      last.evictions = cache.evictions;
      last.cacheErrors = cache.errors;
      last.oomRefusals = cache.oomRefusals;
      series.push(bucket.close(counts.hits, counts.hits + counts.misses, cache.liveKeyCount()));
      bucket = new BucketBuilder(bucket.t + width, latency);
    }
  };

  const finish = (req: InFlight, returned: ProgramResult | BackgroundResult): void => {
    const result = runtime.checkAnswer(returned, req.committedAtStart);
    // The cache layer's own jobs are not requests: nothing to time or judge.
    if (result.kind === 'background') {
      runtime.ledger.ended(jobOf(result));
      return;
    }
    completed++;
    // O(1) per request: two comparisons, and the key count once in a run.
    if (completed === issued && !(issued < config.requests && nextArrival < endMs)) {
      requestsEndMs = clock.nowMs;
      keysAtRequestsEnd = cache.liveKeyCount();
    }
    if (hooks.programs && result.error !== undefined)
      throw new Error(
        `request ${completed.toLocaleString('en-US')} (${result.kind} of ${result.key}) failed, so the run stopped. ${result.error}`,
      );
    bucket.latency.add(clock.nowMs - req.arrivedMs);
    bucket.requests++;
    // Counted as the request finishes, so a stopped run's requests in flight count in neither.
    if (req.refillMs >= 0) {
      refills++;
      refillMsTotal += req.refillMs;
    }
    if (verifyHints && result.kind === 'read' && result.isHit && req.servedVersion >= 0) {
      if (req.servedVersion !== result.version)
        throw new Error(
          `version hint ${req.servedVersion} differs from the value's ${result.version} at ${result.key}`,
        );
    }
    const verdict = runtime.finish(result, req.arrivedMs, req.committedAtStart, req.servedVersion);
    if (verdict?.isStale && verdict.stalenessMs > bucket.maxStalenessMs)
      bucket.maxStalenessMs = verdict.stalenessMs;
  };

  /** Keeps a write the step committed, to withdraw it from the judged writes if Stop comes first. */
  const noteCommit = (req: InFlight): void => {
    const w = consistency.lastCommitted;
    if (w !== null) req.commits[req.commitsLength++] = w;
  };
  const consistency = runtime.consistency;

  const onStep = hooks.onStep;
  const isWriteBehind = config.pattern === 'write-behind';
  const verifyHints = hooks.verifyVersionHints === true;
  const timing = { effectMs: 0, totalMs: 0 };
  let issued = 0;
  let completed = 0;
  let refills = 0;
  let refillMsTotal = 0;
  let writeSeq = 0;
  // After a large table's seeding the run's own set-up (the table committed, a key sampler over
  // every row) takes a second or more of a loaded machine before the first request: a Stop
  // pressed then is heard here, before any request, not only at the first report.
  if (seeded !== null && !stopped) {
    const waited = hooks.onCheck?.();
    if (waited) await waited;
    stopped = hooks.shouldStop?.() === true;
  }
  let nextArrival = arrivals.exponential(config.rate) * 1000;
  const firstArrivalMs = !stopped && config.requests > 0 && nextArrival < endMs ? nextArrival : 0;
  // Noted once, when the last request completes: the rest of the run is the drain.
  let requestsEndMs = -1;
  let keysAtRequestsEnd = 0;
  const progressEvery = hooks.progressEvery ?? 10_000;
  let nextReport = progressEvery;
  let eventsSinceReport = 0;
  let eventsSinceCheck = 0;

  // The next moment anything else happens: an event in flight, an arrival, a fault, a bucket's
  // end. A step due before it can run at once instead of through the queue: the same run.
  // Written out rather than as Math.min over four arguments: it runs twice per step.
  const horizon = (): number => {
    let h = queue.peekTime();
    if (issued < config.requests && nextArrival < endMs && nextArrival < h) h = nextArrival;
    if (faultIndex < faults.length && faults[faultIndex].at < h) h = faults[faultIndex].at;
    const bucketEnd = bucket.t + width;
    return bucketEnd < h ? bucketEnd : h;
  };
  // Finished requests' records, reused by the next arrivals: a long run allocates only as many
  // as are ever in flight at once, not one (and one outcome) per request.
  const spare: InFlight[] = [];

  /**
   * A program that could not use a Redis reply it got (a corrupt cache entry) says why on its
   * next step, as `Simulation.stepActor` reads it: a cache error, and a GET it counted as a hit
   * is a miss after all (the application was not served from the cache).
   */
  const unusableReply = (req: InFlight, r: IteratorResult<Step, unknown>): void => {
    if (r.done || r.value.note === undefined || req.step.target !== 'redis') return;
    const o = req.outcome;
    if (o.error) {
      // WRONGTYPE, counted as a cache error when it failed: the read deletes the key next and
      // goes on as a miss, so it is one, as a value it cannot use is.
      if (r.value.label !== 'discard' || o.isMiss) return;
      runtime.countAsMiss(o);
      if (o.isRead) {
        addCounted(req, bucket.t, 0, 1, 0, 0, 0, 0, 0, 0);
        if (req.missAtMs < 0) req.missAtMs = req.redisAtMs;
      }
      return;
    }
    runtime.noteUnusableReply(o, r.value.note, true);
    const wasHit = o.isHit;
    if (wasHit) runtime.countAsMiss(o);
    if (wasHit && o.isRead && req.missAtMs < 0) req.missAtMs = req.redisAtMs;
    addCounted(
      req,
      bucket.t,
      wasHit && o.isRead ? -1 : 0,
      wasHit && o.isRead ? 1 : 0,
      0,
      0,
      1,
      0,
      0,
      0,
    );
  };

  /** Queues each background job's first step, as a new arrival's would be. */
  const startBackground = (): void => {
    for (let bg = runtime.nextBackground(); bg; bg = runtime.nextBackground()) {
      const first = bg.program.next();
      if (first.done) {
        finish({} as InFlight, first.value);
        continue;
      }
      runtime.timing(first.value, timing);
      queue.push(
        clock.nowMs + timing.effectMs,
        newInFlight(
          bg.program,
          bg.actor,
          clock.nowMs,
          first.value,
          clock.nowMs + timing.totalMs,
          newOutcome(),
          0,
          false,
        ),
      );
    }
  };

  while (!stopped) {
    const arrivalDue = issued < config.requests && nextArrival < endMs;
    const t = arrivalDue ? Math.min(nextArrival, queue.peekTime()) : queue.peekTime();
    if (t === Infinity) break;
    if (hooks.pace) await hooks.pace(t);
    while (faultIndex < faults.length && faults[faultIndex].at <= t) {
      clock.advanceTo(faults[faultIndex].at);
      await faults[faultIndex++].apply();
    }
    closeBucketsUntil(t);
    clock.advanceTo(t);
    // Take the next event: a new request arrives, a step in flight takes effect, or its reply
    // reaches the request.
    let req: InFlight;
    let r: IteratorResult<Step, ProgramResult | BackgroundResult> | undefined;
    if (arrivalDue && nextArrival <= queue.peekTime()) {
      issued++;
      const id = zipf.sample(keyRng);
      const task: Task =
        mixRng.next() < config.readRatio
          ? { kind: 'read', id }
          : { kind: 'write', id, changes: { name: `user-${id}-w${++writeSeq}` } };
      const actor = actors[issued % actors.length];
      const program = runtime.start(task, actor);
      nextArrival += arrivals.exponential(config.rate) * 1000;
      const reused = spare.pop();
      req = reused
        ? reuseInFlight(reused, program, actor, t, task.kind === 'read', db.committedVersion(id))
        : newInFlight(
            program,
            actor,
            t,
            undefined as unknown as Step,
            0,
            newOutcome(task.kind === 'read'),
            db.committedVersion(id),
            true,
          );
      r = program.next();
    } else {
      req = queue.pop() as InFlight;
      if (req.hasRun) {
        const o = req.outcome;
        r = o.error ? req.program.throw(o.error) : req.program.next(o.reply);
        unusableReply(req, r);
      }
    }
    // Send steps until one has to wait (to take effect, or for its reply), or the program returns.
    // Database steps and pauses are synchronous; a Redis command is awaited here, once.
    for (;;) {
      if (r !== undefined) {
        if (r.done) {
          finish(req, r.value);
          if (r.value.kind !== 'background') spare.push(req);
          break;
        }
        req.step = r.value;
        runtime.timing(req.step, timing);
        req.hasRun = false;
        req.replyAtMs = clock.nowMs + timing.totalMs;
        if (timing.effectMs > 0) {
          const at = clock.nowMs + timing.effectMs;
          if (at < horizon()) clock.advanceTo(at);
          else {
            queue.push(at, req);
            break;
          }
        }
      }
      // The step takes effect now. The write-behind queue's TTL (one your code gave it) may have
      // run out since the last: Redis removes it then, and its writes are lost now, as in the
      // sandbox, not at the flusher's next LPOP.
      if (isWriteBehind) queueExpired(runtime);
      const step = req.step;
      if (onStep) onStep(step, req.actor);
      const committedBefore = consistency.lastCommitted;
      if (step.target === 'redis') {
        const hitsBefore = counts.hits;
        const missesBefore = counts.misses;
        const errorsBefore = cache.errors;
        const oomBefore = cache.oomRefusals;
        const evictionsBefore = cache.evictions;
        const staleFillsBefore = counts.staleFills;
        const fillsBefore = runtime.fills.fills;
        // Awaits the client's own promise, once per command (see Runtime.sendRedis).
        const by = sentBy(step, req.actor);
        const sent = runtime.sendRedis(refusedInLab(step), by, req.outcome);
        if (sent !== undefined) {
          let reply: unknown;
          let isFailed = false;
          try {
            reply = await sent;
          } catch (e) {
            runtime.failRedis(step.argv, by, e, req.outcome);
            isFailed = true;
          }
          if (!isFailed) {
            const more = runtime.settleRedis(
              step.argv,
              by,
              reply,
              req.outcome,
              step.commitsWrite === true,
            );
            if (more) await more;
          }
        }
        // The write-behind queue evicted under Max keys, or removed or replaced by code of the
        // learner's (a DEL, a script, a RENAME over it): its writes are lost at this step, as in
        // the sandbox, not at the next RPUSH or the flusher's LPOP.
        if (
          isWriteBehind &&
          runtime.ledger.queuedWrites > 0 &&
          (cache.evictions > evictionsBefore || mayTouchQueue(step.argv, req.outcome.execQueue))
        )
          queueChecked(runtime, takesFromTail(step.argv, req.outcome.execQueue));
        const hits = counts.hits - hitsBefore;
        const misses = counts.misses - missesBefore;
        // A read's refill, as it took in this run: from its GET's miss to its own fill landing.
        if (req.outcome.isRead) {
          req.redisAtMs = clock.nowMs;
          if (misses > 0 && req.missAtMs < 0) req.missAtMs = clock.nowMs;
          else if (req.missAtMs >= 0 && req.refillMs < 0 && runtime.fills.fills > fillsBefore)
            req.refillMs = clock.nowMs - req.missAtMs;
        }
        const errors = cache.errors - errorsBefore;
        const evictions = cache.evictions - evictionsBefore;
        const staleFills = counts.staleFills - staleFillsBefore;
        if (hits !== 0 || misses !== 0 || errors !== 0 || evictions !== 0 || staleFills !== 0)
          addCounted(
            req,
            bucket.t,
            hits,
            misses,
            0,
            0,
            errors,
            cache.oomRefusals - oomBefore,
            evictions,
            staleFills,
          );
      } else {
        const dbReadsBefore = db.reads;
        const dbWritesBefore = db.writes;
        const staleFillsBefore = counts.staleFills;
        runtime.run(step, req.actor, req.outcome);
        const dbReads = db.reads - dbReadsBefore;
        const dbWrites = db.writes - dbWritesBefore;
        const staleFills = counts.staleFills - staleFillsBefore;
        if (dbReads !== 0 || dbWrites !== 0 || staleFills !== 0)
          addCounted(req, bucket.t, 0, 0, dbReads, dbWrites, 0, 0, 0, staleFills);
      }
      if (consistency.lastCommitted !== committedBefore) noteCommit(req);
      if (req.outcome.isHit) req.servedVersion = req.outcome.servedVersion;
      req.hasRun = true;
      if (req.replyAtMs > clock.nowMs) {
        if (req.replyAtMs < horizon()) clock.advanceTo(req.replyAtMs);
        else {
          queue.push(req.replyAtMs, req);
          break;
        }
      }
      const o = req.outcome;
      r = o.error ? req.program.throw(o.error) : req.program.next(o.reply);
      unusableReply(req, r);
    }
    // A background job a program started (a refresh, a flush) runs as the cache's own process.
    if (runtime.ledger.spawned.length > 0) startBackground();
    // A report (and a look at Stop) every `progressEvery` finished requests, and as often in
    // events or closed buckets: with latencies far above the arrival gaps, requests finish
    // rarely while the clock runs through thousands of buckets, and Stop must still answer.
    if (
      completed >= nextReport ||
      ++eventsSinceReport >= EVENTS_PER_REPORT ||
      series.length - unreported >= BUCKETS_PER_REPORT
    ) {
      if (completed >= nextReport) nextReport += progressEvery;
      eventsSinceReport = 0;
      const buckets = series.slice(unreported);
      unreported = series.length;
      if (hooks.onProgress) {
        await hooks.onProgress({
          done: completed,
          total: config.requests,
          clockMs: clock.nowMs,
          buckets,
        });
      }
      if (hooks.shouldStop?.()) {
        stopped = true;
        break;
      }
    } else if (hooks.onCheck && ++eventsSinceCheck >= EVENTS_PER_CHECK) {
      eventsSinceCheck = 0;
      const waited = hooks.onCheck();
      if (waited) await waited;
      if (hooks.shouldStop?.()) {
        stopped = true;
        break;
      }
    }
  }
  // A run of a set length in which no request arrived (the first was due past its end) covered
  // that length, and its buckets do.
  if (!stopped && issued === 0 && endMs !== Infinity) {
    clock.advanceTo(endMs);
    closeBucketsUntil(Math.ceil(endMs / width) * width - width);
  }
  // Close the last, partial bucket.
  closeBucketsUntil(bucket.t + width);
  if (hooks.onProgress)
    await hooks.onProgress({
      done: completed,
      total: config.requests,
      clockMs: clock.nowMs,
      buckets: series.slice(unreported),
    });

  const unfinished = withdrawUnfinished(queue, series, width, consistency);
  const summary = summarizeWorkload(config, runtime, {
    unfinished,
    latency,
    restarts,
    refills,
    refillMsTotal,
    issued,
    completed,
    firstArrivalMs,
    requestsEndMs,
    keysAtRequestsEnd,
    stopped,
  });
  return { summary, series };
}
