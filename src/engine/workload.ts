import type { SqlJsStatic } from 'sql.js';
import {
  EVICTION_POLICIES,
  RedisCommandError,
  type ConnectionFactory,
  type EvictionPolicy,
} from './cache';
import { VirtualClock } from './clock';
import { EventQueue } from './eventQueue';
import { BucketBuilder, LatencyHistogram, type MetricsBucket } from './metrics';
import {
  READ_MITIGATIONS,
  WRITE_POLICIES,
  type ReadMitigation,
  type WritePolicy,
} from './programs/catalog';
import {
  DEFAULT_PROGRAM_SETTINGS,
  type Program,
  type ProgramResult,
  type Step,
} from './programs/types';
import { createMockRedisServer, dropMockRedisServer } from './redisMock';
import { Rng, ZipfSampler } from './rng';
import { Runtime, type StepOutcome, type Task } from './runtime';

/** A scheduled fault: the cache unreachable, restarted (emptied), or the database slowed. */
export interface Fault {
  kind: 'cache-down' | 'cache-restart' | 'db-slow';
  /** Virtual seconds from the start of the run. */
  startSeconds: number;
  /** Length in seconds (a restart is instantaneous and ignores it). */
  durationSeconds: number;
  /** db-slow: latency multiplier. */
  factor?: number;
}

/** A timed workload. Field names are the CLI's flags in camelCase. */
export interface WorkloadConfig {
  seed: number;
  /** Requests to run (reads and writes); with `durationSeconds` the run stops at whichever comes first. */
  requests: number;
  /** Virtual seconds to run; 0 means until `requests` are done. */
  durationSeconds: number;
  /** Distinct users, 1..keys (also the database's rows). */
  keys: number;
  /** Zipf alpha of key popularity; 0 is uniform. */
  zipf: number;
  /** Total requests per second (Poisson arrivals). */
  rate: number;
  /** Fraction of requests that are reads. */
  readRatio: number;
  /** Seconds; 0 = no expiry. */
  ttl: number;
  writePolicy: WritePolicy;
  readMitigation: ReadMitigation;
  /** 0 = unbounded. */
  maxKeys: number;
  eviction: EvictionPolicy;
  /** Redis round trip, ms. */
  cacheLatency: number;
  /** Indexed database read, ms. */
  dbLatency: number;
  /** Database write, ms. */
  dbWriteLatency: number;
  /** App-server connections the requests are spread over. */
  connections: number;
  faults: Fault[];
}

export const DEFAULT_WORKLOAD: WorkloadConfig = {
  seed: 1,
  requests: 100_000,
  durationSeconds: 0,
  keys: 1000,
  zipf: 0.9,
  rate: 1000,
  readRatio: 0.95,
  ttl: 60,
  writePolicy: 'invalidate',
  readMitigation: 'none',
  maxKeys: 0,
  eviction: 'noeviction',
  cacheLatency: 0.3,
  dbLatency: 2,
  dbWriteLatency: 5,
  connections: 4,
  faults: [],
};

/** The limits a workload config must respect (the CLI and the lab both enforce them). */
export const WORKLOAD_LIMITS = {
  requests: { min: 1, max: 10_000_000, integer: true },
  durationSeconds: { min: 0, max: 86_400 },
  keys: { min: 1, max: 1_000_000, integer: true },
  zipf: { min: 0, max: 5 },
  rate: { min: 0.001, max: 1_000_000 },
  readRatio: { min: 0, max: 1 },
  ttl: { min: 0, max: 31_536_000 },
  maxKeys: { min: 0, max: 1_000_000, integer: true },
  cacheLatency: { min: 0, max: 10_000 },
  dbLatency: { min: 0, max: 10_000 },
  dbWriteLatency: { min: 0, max: 10_000 },
  connections: { min: 1, max: 64, integer: true },
  seed: { min: 0, max: 4_294_967_295, integer: true },
} as const;

/**
 * Checks a partial config and fills in defaults. Returns the config or a list of messages, each
 * naming the field and what it accepts.
 */
export function validateWorkload(
  input: Partial<Record<keyof WorkloadConfig, unknown>>,
): { ok: true; config: WorkloadConfig } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const config = { ...DEFAULT_WORKLOAD, faults: [] as Fault[] } as WorkloadConfig;
  const known = new Set(Object.keys(DEFAULT_WORKLOAD));
  for (const key of Object.keys(input))
    if (!known.has(key)) errors.push(`unknown setting "${key}" (valid: ${[...known].join(', ')})`);
  for (const [key, range] of Object.entries(WORKLOAD_LIMITS) as [
    keyof typeof WORKLOAD_LIMITS,
    { min: number; max: number; integer?: boolean },
  ][]) {
    const v = input[key];
    if (v === undefined) continue;
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    const mustBeInt = range.integer === true;
    if (
      typeof n !== 'number' ||
      !Number.isFinite(n) ||
      n < range.min ||
      n > range.max ||
      (mustBeInt && !Number.isInteger(n))
    ) {
      errors.push(
        `${key} must be ${mustBeInt ? 'an integer' : 'a number'} from ${range.min} to ${range.max}, got ${JSON.stringify(v)}`,
      );
    } else (config as unknown as Record<string, number>)[key] = n;
  }
  const choice = <T extends string>(key: keyof WorkloadConfig, valid: readonly T[]): void => {
    const v = input[key];
    if (v === undefined) return;
    if (typeof v !== 'string' || !valid.includes(v as T))
      errors.push(`${key} must be one of ${valid.join(', ')}, got ${JSON.stringify(v)}`);
    else (config as unknown as Record<string, string>)[key] = v;
  };
  choice('writePolicy', WRITE_POLICIES);
  choice('readMitigation', READ_MITIGATIONS);
  choice('eviction', EVICTION_POLICIES);
  if (input.faults !== undefined) {
    if (!Array.isArray(input.faults)) errors.push('faults must be a list');
    else
      input.faults.forEach((f: unknown, i) => {
        const fault = f as Partial<Fault>;
        if (
          typeof f !== 'object' ||
          f === null ||
          !['cache-down', 'cache-restart', 'db-slow'].includes(String(fault.kind))
        )
          errors.push(`faults[${i}].kind must be cache-down, cache-restart or db-slow`);
        else if (
          typeof fault.startSeconds !== 'number' ||
          fault.startSeconds < 0 ||
          typeof fault.durationSeconds !== 'number' ||
          fault.durationSeconds < 0
        )
          errors.push(`faults[${i}] needs startSeconds and durationSeconds >= 0`);
        else if (
          fault.kind === 'db-slow' &&
          (typeof fault.factor !== 'number' || fault.factor < 1 || fault.factor > 1000)
        )
          errors.push(`faults[${i}].factor must be a number from 1 to 1000`);
        else
          config.faults.push({
            kind: fault.kind,
            startSeconds: fault.startSeconds,
            durationSeconds: fault.durationSeconds,
            ...(fault.kind === 'db-slow' ? { factor: fault.factor } : {}),
          } as Fault);
      });
  }
  return errors.length ? { ok: false, errors } : { ok: true, config };
}

/** What a timed run reports (the CLI prints this as JSON). */
export interface WorkloadSummary {
  requests: number;
  reads: number;
  writes: number;
  hits: number;
  misses: number;
  hitRate: number;
  dbReads: number;
  dbWrites: number;
  staleReads: number;
  staleReadRate: number;
  maxStalenessMs: number;
  evictions: number;
  cacheErrors: number;
  lostInvalidations: number;
  cachedKeys: number;
  latencyMs: { mean: number; p50: number; p99: number };
  /** Virtual time the run covered, ms. */
  virtualDurationMs: number;
  /** True when stopped before the end. */
  stopped: boolean;
  config: WorkloadConfig;
}

export interface WorkloadProgress {
  done: number;
  total: number;
  clockMs: number;
  /** Buckets closed since the last report. */
  buckets: MetricsBucket[];
}

export interface WorkloadHooks {
  /** Called every `progressEvery` requests; may return a promise (a Worker yields to its messages there). */
  onProgress?: (p: WorkloadProgress) => void | Promise<void>;
  progressEvery?: number;
  /** Checked at each progress report: true ends the run, keeping what ran. */
  shouldStop?: () => boolean;
  /** Sees every step before it runs (the benchmark records the bare command sequence with it). */
  onStep?: (step: Step, actor: string) => void;
  /** Checks every hit's version hint against the value itself (tests). */
  verifyVersionHints?: boolean;
  /** Replaces the in-memory Redis (to run against another ioredis-compatible client). */
  connect?: ConnectionFactory;
}

interface InFlight {
  program: Program<ProgramResult>;
  actor: string;
  arrivedMs: number;
  /** The reply (or error) of the step in flight, delivered when its latency has passed. */
  reply: unknown;
  error: Error | undefined;
  /** Version of the value the last GET returned, from the adapter's index (-1: unknown). */
  servedVersion: number;
}

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
  const runtime = new Runtime(SQL, clock, rng.fork(14), hooks.connect, {
    writePolicy: config.writePolicy,
    readMitigation: config.readMitigation,
    settings: { ...DEFAULT_PROGRAM_SETTINGS, ttlSeconds: config.ttl },
    cache: {
      roundTripMs: config.cacheLatency,
      maxKeys: config.maxKeys,
      eviction: config.eviction,
      logLimit: 0,
    },
    database: {
      rows: config.keys,
      readLatencyMs: config.dbLatency,
      writeLatencyMs: config.dbWriteLatency,
      logLimit: 0,
    },
  });
  opened.push(runtime);
  const { cache, db } = runtime;
  const zipf = new ZipfSampler(config.keys, config.zipf);
  const actors = Array.from({ length: config.connections }, (_, i) => `app${i + 1}`);
  const queue = new EventQueue<InFlight>();
  const endMs = config.durationSeconds > 0 ? config.durationSeconds * 1000 : Infinity;
  const expectedMs = Math.min(endMs, (config.requests / config.rate) * 1000);
  const width = bucketWidthMs(expectedMs);
  const baseDbRead = config.dbLatency;
  const baseDbWrite = config.dbWriteLatency;

  const faults = config.faults.flatMap((f) =>
    f.kind === 'cache-restart'
      ? [{ at: f.startSeconds * 1000, apply: () => cache.restart() }]
      : f.kind === 'cache-down'
        ? [
            { at: f.startSeconds * 1000, apply: () => cache.setAvailable(false) },
            {
              at: (f.startSeconds + f.durationSeconds) * 1000,
              apply: () => cache.setAvailable(true),
            },
          ]
        : [
            { at: f.startSeconds * 1000, apply: () => setDbLatency(f.factor ?? 10) },
            { at: (f.startSeconds + f.durationSeconds) * 1000, apply: () => setDbLatency(1) },
          ],
  );
  faults.sort((a, b) => a.at - b.at);
  let faultIndex = 0;
  function setDbLatency(factor: number): void {
    db.options.readLatencyMs = baseDbRead * factor;
    db.options.writeLatencyMs = baseDbWrite * factor;
  }

  const series: MetricsBucket[] = [];
  let unreported = 0;
  let bucket = new BucketBuilder(0);
  let lastDbReads = 0;
  let lastDbWrites = 0;
  let lastEvictions = 0;
  let lastErrors = 0;
  const total = {
    reads: 0,
    writes: 0,
    hits: 0,
    staleReads: 0,
    maxStalenessMs: 0,
    lostInvalidations: 0,
  };
  const latency = new LatencyHistogram();

  const closeBucketsUntil = (t: number): void => {
    while (t >= bucket.t + width) {
      bucket.dbReads = db.reads - lastDbReads;
      bucket.dbWrites = db.writes - lastDbWrites;
      bucket.evictions = cache.evictions - lastEvictions;
      bucket.cacheErrors = cache.errors - lastErrors;
      lastDbReads = db.reads;
      lastDbWrites = db.writes;
      lastEvictions = cache.evictions;
      lastErrors = cache.errors;
      series.push(bucket.close(total.hits, total.reads, cache.liveKeyCount()));
      latency.merge(bucket.latency);
      bucket = new BucketBuilder(bucket.t + width);
    }
  };

  const finish = (req: InFlight, result: ProgramResult): void => {
    completed++;
    const took = clock.nowMs - req.arrivedMs;
    bucket.latency.add(took);
    bucket.requests++;
    if (result.kind === 'read') {
      total.reads++;
      bucket.reads++;
      if (result.isHit) {
        total.hits++;
        bucket.hits++;
      } else bucket.misses++;
      // A hit's version comes from what the adapter wrote to that key (see versionHint).
      const version = result.isHit && req.servedVersion >= 0 ? req.servedVersion : result.version;
      if (verifyHints && version !== result.version)
        throw new Error(
          `version hint ${version} differs from the value's ${result.version} at ${result.key}`,
        );
      const verdict = runtime.judgeRead(result.id, version, req.arrivedMs);
      if (verdict.isStale) {
        total.staleReads++;
        bucket.staleReads++;
        if (verdict.stalenessMs > bucket.maxStalenessMs)
          bucket.maxStalenessMs = verdict.stalenessMs;
        if (verdict.stalenessMs > total.maxStalenessMs) total.maxStalenessMs = verdict.stalenessMs;
      }
    } else {
      total.writes++;
      bucket.writes++;
      if (result.isInvalidationLost) {
        total.lostInvalidations++;
        bucket.lostInvalidations++;
      }
    }
  };

  const onStep = hooks.onStep;
  const verifyHints = hooks.verifyVersionHints === true;
  let issued = 0;
  let completed = 0;
  let writeSeq = 0;
  let nextArrival = arrivals.exponential(config.rate) * 1000;
  const progressEvery = hooks.progressEvery ?? 10_000;
  let nextReport = progressEvery;
  let stopped = false;

  while (true) {
    const arrivalDue = issued < config.requests && nextArrival < endMs;
    const t = arrivalDue ? Math.min(nextArrival, queue.peekTime()) : queue.peekTime();
    if (t === Infinity) break;
    while (faultIndex < faults.length && faults[faultIndex].at <= t) {
      clock.advanceTo(faults[faultIndex].at);
      await faults[faultIndex++].apply();
    }
    closeBucketsUntil(t);
    clock.advanceTo(t);
    // Take the next event: a new request arrives, or a reply reaches a request in flight.
    let req: InFlight;
    let r: IteratorResult<Step, ProgramResult>;
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
      req = { program, actor, arrivedMs: t, reply: undefined, error: undefined, servedVersion: -1 };
      r = program.next();
    } else {
      req = queue.pop() as InFlight;
      r = req.error ? req.program.throw(req.error) : req.program.next(req.reply);
    }
    // Run its steps until one has to wait for its reply (latency), or the program returns.
    // Database steps and pauses are synchronous; a Redis command is awaited here, once.
    let isWaiting = false;
    while (!r.done) {
      const step = r.value;
      if (onStep) onStep(step, req.actor);
      let latencyMs: number;
      if (step.target === 'redis') {
        const argv = step.argv;
        try {
          const sent = cache.send(req.actor, argv);
          if (sent === undefined) req.reply = await cache.exec(req.actor, argv);
          else {
            try {
              req.reply = await sent;
            } catch (e) {
              throw cache.failed(req.actor, argv, e);
            }
            const rechecked = cache.received(req.actor, argv, req.reply);
            if (rechecked) await rechecked;
          }
          req.error = undefined;
          // What a GET served is what the last SET of that key wrote: note its version now,
          // before other requests change the key.
          if (argv[0] === 'GET' && req.reply !== null)
            req.servedVersion = cache.versionHint(argv[1]) ?? -1;
        } catch (e) {
          if (!(e instanceof RedisCommandError)) throw e;
          req.reply = undefined;
          req.error = e;
        }
        latencyMs = cache.latencyMs();
      } else {
        const outcome = runtime.run(step, req.actor) as StepOutcome;
        req.reply = outcome.reply;
        req.error = outcome.error;
        latencyMs = outcome.latencyMs;
      }
      if (latencyMs > 0) {
        // The reply arrives later; the program resumes then.
        queue.push(clock.nowMs + latencyMs, req);
        isWaiting = true;
        break;
      }
      r = req.error ? req.program.throw(req.error) : req.program.next(req.reply);
    }
    if (!isWaiting && r.done) finish(req, r.value);
    if (completed >= nextReport) {
      nextReport += progressEvery;
      if (hooks.onProgress) {
        const buckets = series.slice(unreported);
        unreported = series.length;
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
    }
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

  const requests = total.reads + total.writes;
  const summary: WorkloadSummary = {
    requests,
    reads: total.reads,
    writes: total.writes,
    hits: total.hits,
    misses: total.reads - total.hits,
    hitRate: total.reads === 0 ? 0 : total.hits / total.reads,
    dbReads: db.reads,
    dbWrites: db.writes,
    staleReads: total.staleReads,
    staleReadRate: total.reads === 0 ? 0 : total.staleReads / total.reads,
    maxStalenessMs: total.maxStalenessMs,
    evictions: cache.evictions,
    cacheErrors: cache.errors,
    lostInvalidations: total.lostInvalidations,
    cachedKeys: cache.liveKeyCount(),
    latencyMs: { mean: latency.meanMs, p50: latency.quantile(0.5), p99: latency.quantile(0.99) },
    virtualDurationMs: clock.nowMs,
    stopped,
    config,
  };
  return { summary, series };
}
