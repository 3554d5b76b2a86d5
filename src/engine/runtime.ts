import { Cache, type CacheOptions, type ConnectionFactory } from './cache';
import type { VirtualClock } from './clock';
import { Database, type DatabaseOptions, type UserRow } from './database';
import { LatencyModel, type OperationTiming } from './latency';
import { READ_PROGRAMS, WRITE_PROGRAMS, type ReadMitigation } from './programs/catalog';
import type { ProgramOverrides } from './programs/learner';
import type { RedisStep } from './programs/types';
import type {
  BackgroundResult,
  Program,
  ProgramResult,
  ProgramSettings,
  Step,
  WriteResult,
} from './programs/types';
import type { BackgroundJob } from './programs/cacheLayer';
import {
  backgroundActor,
  backgroundProgram,
  effectiveMitigation,
  readProgramFor,
  writeProgramFor,
  writesUpdateOnly,
} from './programs/patterns';
import { PatternLedger } from './patternLedger';
import { ChangeFeed, DEFAULT_CHANGE_CAPTURE } from './changeFeed';
import type { EngineConfig } from './engineConfig';
import { resetOutcome, type RunCounts, type StepOutcome } from './stepOutcome';
import { FillTracker, isTombstone } from './fillTracker';
import { rowIdOf, versionOf } from './rowVersion';
import { RedisReplies } from './redisReplies';
import { ReadChecker, type ReadVerdict } from './readChecker';
import { writeUpdateOnly } from './programs/changeCapture';
import { ConsistencyTracker } from './consistency';
import type { Rng } from './rng';
import { CACHE_WORKER_CONNECTION, type Sender } from './sender';
import { BACKGROUND_ACTORS } from './simActor';
import type { SqlJsStatic } from 'sql.js';
import { RunContext } from './runContext';
import { runDatabaseStep } from './databaseStep';

/**
 * Who a step's command is logged as sent by, in both logs: `cache` for the cache layer's (a
 * library in the application's process that sends them on a request's behalf, or runs its own
 * job: read-through's loader, write-through's store, the flusher), so the log names one sender
 * for a load's SELECT and its SET, as the narration and the diagram do, and keeps whom it sent
 * each for (`actor`: the request's, or the background job's); the actor otherwise. A request's
 * goes over that actor's own connection: the library shares its process's client, so Redis
 * counts one client for the process, as it would a real one's. The background jobs (the flusher,
 * the refresher) run in the cache layer's worker, with one connection of its own.
 */
export const sentBy = (step: Step, actor: string): Sender =>
  step.via === 'cache'
    ? {
        name: 'cache',
        for: actor,
        connection: BACKGROUND_ACTORS.includes(actor) ? CACHE_WORKER_CONNECTION : actor,
      }
    : actor;

/** A request the application serves: read a user, or write changes to one. */
export type Task =
  | { kind: 'read'; id: number }
  | { kind: 'write'; id: number; changes: Partial<Pick<UserRow, 'name' | 'email' | 'plan'>> };

export interface RuntimeOptions {
  settings: ProgramSettings;
  rows: number;
  /** Log lines kept by the cache and database adapters (0: none, for long runs). */
  logLimit?: number;
  /** Programs that replace the catalog's read or write path (a learner's own code). */
  programs?: ProgramOverrides;
}

/**
 * The stores and the programs together: runs one step against the real Redis (ioredis-mock) or
 * SQL (sql.js), draws its timing from the latency model, counts hits, misses and stale fills as
 * they happen, and judges finished reads against the database's committed versions. The
 * interactive simulation and timed workloads are two schedulers over this.
 */
export class Runtime {
  readonly clock: VirtualClock;
  readonly cache: Cache;
  readonly db: Database;
  readonly config: EngineConfig;
  /**
   * Whether a hit's copy is checked against what the database held ({@link ReadChecker.judgeCopy}): only
   * where a console may write copies our programs never make, not in a timed workload's hot path.
   */
  judgesCopies = false;
  /**
   * How many write requests of row `id` are running: those started and not finished here (a
   * timed workload's); the simulation, which runs the actors, tells its own. A hit on a version
   * one of them may still commit is a read ahead of the database, not a stale read
   * ({@link ReadChecker.judgeCopy}), nor a row the database never had
   * ({@link ReadChecker.checkAnswer}).
   */
  writesRunning: (id: number) => number = (id) => this.fills.writesInFlight[id] ?? 0;
  /**
   * The read mitigation the programs act on (`effectiveMitigation`): another pattern, or the
   * learner's read path, does not use it (its control is off), so our writes invalidate plainly
   * whatever was left set.
   */
  readonly mitigation: ReadMitigation;
  /** The application's write only UPDATEs: the change log's consumer invalidates (`writesUpdateOnly`). */
  private readonly isUpdateOnly: boolean;
  readonly settings: ProgramSettings;
  readonly latency: LatencyModel;
  readonly counts: RunCounts = {
    reads: 0,
    writes: 0,
    hits: 0,
    misses: 0,
    staleReads: 0,
    staleFills: 0,
    maxStalenessMs: 0,
    lostInvalidations: 0,
    failedInvalidations: 0,
    removedCopies: 0,
  };
  /** Multiplies database latencies (the workload's slow-database fault). */
  dbSlowFactor = 1;
  /** The cache layer's background jobs and the write-behind queue (see `patternLedger.ts`). */
  readonly ledger = new PatternLedger();
  /** Every write's time to consistency (see `consistency.ts`). */
  readonly consistency: ConsistencyTracker;
  /** The change-data-capture consumer's view of the change log (see `changeFeed.ts`). */
  readonly changeFeed: ChangeFeed;
  /** The runtime's seeded draws (see {@link random}); a checkpoint keeps its place. */
  readonly rng: Rng;
  private readonly contexts = new Map<string, RunContext>();
  /** Next lease or lock token number (shared by all actors, so tokens are unique). */
  tokenSeq = 0;
  /**
   * The number this run's tokens are counted on from (0: its first request holds `-1`): a
   * token's number less this is its request's place in the run (see {@link numberTokensAfter}).
   */
  tokensAfter = 0;
  private readonly programs: ProgramOverrides;
  /** Judges finished reads against the database's committed versions. */
  private readonly checker: ReadChecker;
  /** Per row, the fill the cache holds: judges stale fills and lost invalidations. */
  readonly fills: FillTracker;
  /** Sends Redis commands and counts what their replies did. */
  readonly replies: RedisReplies;

  constructor(
    SQL: SqlJsStatic,
    clock: VirtualClock,
    rng: Rng,
    connect: ConnectionFactory,
    config: EngineConfig,
    options: RuntimeOptions,
  ) {
    this.clock = clock;
    this.rng = rng;
    this.config = config;
    const pattern = config.pattern ?? 'cache-aside';
    const invalidation = config.invalidation ?? 'app';
    // With the learner's read path in place of ours, our write path's DEL is plain, as the
    // controls say (the mitigation is off): before, under versioned-fill it left a tombstone the
    // learner's read returned, failing the request. Under cdc the consumer still follows it.
    const yours = {
      read: options.programs?.read !== undefined,
      write: options.programs?.write !== undefined,
    };
    this.mitigation = effectiveMitigation(pattern, invalidation, config.readMitigation, yours);
    this.isUpdateOnly = writesUpdateOnly(pattern, invalidation);
    this.settings = options.settings;
    this.programs = options.programs ?? {};
    const logLimit = options.logLimit === undefined ? {} : { logLimit: options.logLimit };
    const cacheOptions: Partial<CacheOptions> = {
      roundTripMs: config.cacheLatency,
      maxKeys: config.maxKeys,
      eviction: config.eviction,
      ...logLimit,
    };
    const dbOptions: Partial<DatabaseOptions> = {
      rows: options.rows,
      readLatencyMs: config.dbLatency,
      writeLatencyMs: config.dbWriteLatency,
      ...logLimit,
    };
    this.cache = new Cache(clock, rng.fork(1), connect, cacheOptions);
    this.db = new Database(SQL, clock, dbOptions);
    this.checker = new ReadChecker(
      clock,
      this.db,
      config,
      this.programs,
      this.cache,
      this.ledger,
      (id) => this.writesRunning(id),
      (id, version) => this.consistency.isLostWrite(id, version),
    );
    // A learner's read may return any row: it is checked against every version committed.
    if (options.programs?.read !== undefined) this.db.keepRowHistory();
    this.latency = new LatencyModel(config, rng.fork(2));
    this.consistency = new ConsistencyTracker(options.rows);
    this.fills = new FillTracker(
      options.rows,
      clock,
      this.db,
      this.counts,
      this.consistency,
      config.pattern,
    );
    this.replies = new RedisReplies(
      clock,
      this.cache,
      this.counts,
      this.ledger,
      this.consistency,
      this.fills,
    );
    this.changeFeed = new ChangeFeed({ ...DEFAULT_CHANGE_CAPTURE, ...config }, config.seed);
  }

  /** The change consumer invalidates (not the application's write path). */
  get isCdc(): boolean {
    return this.config.invalidation === 'cdc';
  }

  /**
   * What the application's next write of a row does to a copy of it in Redis: removes it (a
   * deleting write policy, or the change log's consumer), replaces it with the new row
   * (update-cache, write-through, write-behind), leaves it (ttl-only), or what the learner's own
   * write path does. A stale fill is told by it: under ttl-only no write ends one.
   */
  get writeOnCachedCopy(): 'removes' | 'replaces' | 'leaves' | 'yours' {
    if (this.programs.write !== undefined) return 'yours';
    if (this.isUpdateOnly) return 'removes';
    const pattern = this.config.pattern ?? 'cache-aside';
    if (pattern === 'write-through' || pattern === 'write-behind') return 'replaces';
    if (this.config.writePolicy === 'ttl-only') return 'leaves';
    return this.config.writePolicy === 'update-cache' ? 'replaces' : 'removes';
  }

  /**
   * Rows changed in the database (by the application, the console or a reset): under CDC each
   * change is owed an invalidation, and the consumer is started unless it is running.
   */
  changesCommitted(ids: Iterable<number>): void {
    if (!this.isCdc) return;
    for (const id of ids)
      if (id > 0 && id < this.fills.invalidationsPending.length)
        this.fills.invalidationsPending[id]++;
    this.ledger.spawn({ job: 'cdc' });
  }

  /** Frees the database and closes the Redis connections; the runtime is unusable after. */
  close(): void {
    this.cache.disconnect();
    this.db.close();
  }

  /** Starts the program for a task; its first step is ready before anything runs. */
  start(task: Task, actor: string): Program<ProgramResult> {
    let ctx = this.contexts.get(actor);
    if (!ctx) {
      ctx = new RunContext(this, actor);
      this.contexts.set(actor, ctx);
    }
    ctx.startRun();
    const config = this.config;
    const { read, write } = this.programs;
    const plain = config.pattern === undefined || config.pattern === 'cache-aside';
    if (task.kind === 'read')
      return read !== undefined
        ? read(task.id, ctx)
        : plain
          ? READ_PROGRAMS[config.readMitigation](task.id, ctx)
          : readProgramFor(config, task.id, ctx);
    if (task.id < this.fills.writesInFlight.length) this.fills.writesInFlight[task.id]++;
    return write !== undefined
      ? write(task.id, task.changes, ctx)
      : this.isUpdateOnly
        ? writeUpdateOnly(task.id, task.changes)
        : plain
          ? WRITE_PROGRAMS[config.writePolicy](task.id, task.changes, ctx)
          : writeProgramFor(config, task.id, task.changes, ctx);
  }

  /**
   * Takes the next background job a program started (a refresh-ahead reload, a write-behind
   * flush), with its program and the actor it runs as; undefined when there is none.
   */
  nextBackground():
    { job: BackgroundJob; actor: string; program: Program<BackgroundResult> } | undefined {
    const job = this.ledger.spawned.shift();
    if (job === undefined) return undefined;
    const actor = backgroundActor(job);
    let ctx = this.contexts.get(actor);
    if (!ctx) {
      ctx = new RunContext(this, actor);
      this.contexts.set(actor, ctx);
    }
    return { job, actor, program: backgroundProgram(job, ctx) };
  }

  /**
   * Numbers the tokens of the requests started from now on after `n` (the next is `-<n+1>`), and
   * remembers it, so the narration counts a token's request from where the count starts: the
   * stampede challenge runs again with no A, its tokens numbered further on.
   */
  numberTokensAfter(n: number): void {
    this.tokenSeq = n;
    this.tokensAfter = n;
  }

  /** A seeded uniform draw for programs (early refresh). */
  random(): number {
    return this.rng.next();
  }

  /** When a step takes effect and when its reply arrives, ms after it is sent (seeded draw). */
  timing(step: Step, out: OperationTiming): OperationTiming {
    switch (step.target) {
      case 'redis':
        return this.latency.draw('redis', this.config.cacheLatency, out);
      case 'db':
        return step.op !== 'update'
          ? this.latency.draw('dbRead', this.config.dbLatency * this.dbSlowFactor, out)
          : this.latency.draw('dbWrite', this.config.dbWriteLatency * this.dbSlowFactor, out);
      case 'wait':
        out.effectMs = 0;
        out.totalMs = step.ms;
        return out;
    }
  }

  /**
   * Runs one step now, as `actor`, into `out`. Database steps and pauses complete synchronously
   * (sql.js is synchronous); only Redis commands return a promise, so the hot path awaits once
   * per command.
   */
  run(step: Step, actor: string, out: StepOutcome): void | Promise<void> {
    resetOutcome(out);
    switch (step.target) {
      case 'redis':
        return this.replies.runRedis(step, sentBy(step, actor), out);
      case 'db':
        return runDatabaseStep(this, step, actor, out);
      case 'wait':
        out.reply = null;
        return;
    }
  }

  /** See {@link RedisReplies.sendRedis}. */
  sendRedis(step: RedisStep, actor: Sender, out: StepOutcome): Promise<unknown> | undefined {
    return this.replies.sendRedis(step, actor, out);
  }

  /** See {@link RedisReplies.failRedis}. */
  failRedis(argv: readonly string[], actor: Sender, e: unknown, out: StepOutcome): void {
    this.replies.failRedis(argv, actor, e, out);
  }

  /** See {@link RedisReplies.settleRedis}. */
  settleRedis(
    argv: string[],
    actor: Sender,
    reply: unknown,
    out: StepOutcome,
    commitsWrite = false,
  ): Promise<void> | undefined {
    return this.replies.settleRedis(argv, actor, reply, out, commitsWrite);
  }

  /**
   * Counts a finished program; for a read, judges what it returned against the version committed
   * when it started (`committedAtStart`, from `db.committedVersion` then). `servedVersion` is the
   * version a hit's GET returned, when known (it saves scanning the value).
   */
  finish(
    result: ProgramResult,
    startedMs: number,
    committedAtStart: number,
    servedVersion: number,
    out?: StepOutcome,
  ): ReadVerdict | null {
    const counts = this.counts;
    if (result.kind === 'write') {
      counts.writes++;
      if (result.isWrittenAround === true) this.ledger.writtenAroundWrites++;
      if (result.isInvalidationLost && result.isPartlyInvalidated !== true)
        counts.failedInvalidations++;
      // A failed invalidation is lost only when a copy of the row older than the one written is
      // left in the cache: with nothing cached, or after a later DEL of its own (double-delete's
      // second) removed the copy, nothing is lost.
      if (result.isInvalidationLost && this.isOlderCopyLeft(result)) {
        counts.lostInvalidations++;
        if (out) out.isInvalidationLost = true;
      }
      this.fills.writeFinished(result.id, startedMs, result.isInvalidationLost, out);
      return null;
    }
    counts.reads++;
    const version = result.isHit && servedVersion > 0 ? servedVersion : result.version;
    const judged = this.checker.judgeRead(result.id, version, startedMs, committedAtStart);
    const verdict =
      this.judgesCopies && result.isHit && !judged.isStale
        ? this.checker.judgeCopy(result, judged, committedAtStart)
        : judged;
    if (verdict.isStale) {
      counts.staleReads++;
      if (verdict.stalenessMs > counts.maxStalenessMs) counts.maxStalenessMs = verdict.stalenessMs;
    }
    return verdict;
  }

  /**
   * Whether the cache holds a copy of a write's row older than the row the write left in the
   * database (any copy, when the write found no row): what its failed invalidation leaves
   * behind. A tombstone is no copy. Another user's row under the key is older than every write
   * of this one, whatever its version, as the fill tracker judges it. With a real server, which
   * is not read without a command, the write's own word is taken.
   */
  private isOlderCopyLeft(result: WriteResult): boolean {
    const text = this.cache.rowText(result.key);
    if (text === undefined) return true;
    if (text === null || isTombstone(text)) return false;
    const version = versionOf(text);
    if (version <= 0) return false;
    if (result.row === null || version < result.row.version) return true;
    // Parsed only for a copy at or past the version written: rare, and never on a run's hot path.
    const rowId = rowIdOf(text);
    return rowId > 0 && rowId !== result.id;
  }

  /** See {@link ReadChecker.checkAnswer}. */
  checkAnswer<R extends ProgramResult | BackgroundResult>(result: R, committedAtStart: number): R {
    return this.checker.checkAnswer(result, committedAtStart);
  }

  /**
   * What the program made of its Redis command's reply when it could not use it (`note`: a
   * corrupt entry, the flusher's unusable batch), on that command's own log line, found by its
   * number in `out`: in a timed run other requests (on the same connection, or through the cache
   * layer for someone else) may have sent commands between the command and its reply.
   */
  noteUnusableReply(out: StepOutcome, note: string, isNewError: boolean): void {
    this.cache.noteOnCommand(out.loggedSeq, note, isNewError);
  }

  /**
   * A read's GET whose answer the application could not use (a value that is no row of its, or
   * WRONGTYPE on a key of another type): the read deletes the entry and goes on as a miss, so it
   * counts as one, whether Redis answered it a value (counted a hit, undone here) or an error
   * (counted nothing yet). Redis' INFO still counts a hit for the value.
   */
  countAsMiss(out: StepOutcome): void {
    if (out.isMiss) return;
    if (out.isRead) {
      if (out.isHit) this.counts.hits--;
      this.counts.misses++;
    }
    out.isHit = false;
    out.isMiss = true;
  }

  /**
   * A program that ended failed (the database refused its statement): nothing to count or
   * judge, but a write no longer holds its row "in flight".
   */
  abandon(result: ProgramResult): void {
    if (result.kind === 'write' && result.id < this.fills.writesInFlight.length)
      this.fills.writesInFlight[result.id] = Math.max(0, this.fills.writesInFlight[result.id] - 1);
  }
}
