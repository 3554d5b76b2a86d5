import {
  Cache,
  RedisCommandError,
  type CacheOptions,
  type CacheState,
  type ConnectionFactory,
} from './cache';
import type { VirtualClock } from './clock';
import { scriptKeys, WRONGTYPE } from './redisCommandKit';
import { clientReply } from './redisCli';
import { Database, type DatabaseOptions, type DatabaseState, type UserRow } from './database';
import { LatencyModel, type OperationTiming } from './latency';
import { READ_PROGRAMS, WRITE_PROGRAMS, type ReadMitigation } from './programs/catalog';
import { versionOf } from './programs/steps';
import { rowIdOf } from './rowVersion';
import type { ProgramOverrides } from './programs/learner';
import type { RedisStep } from './programs/types';
import type { WriteContext } from './programs/writePaths';
import type { ChangeCaptureContext } from './programs/changeCapture';
import type {
  BackgroundResult,
  Program,
  ProgramResult,
  ProgramSettings,
  Step,
} from './programs/types';
import { WRITE_BEHIND_QUEUE, type BackgroundJob } from './programs/cacheLayer';
import {
  backgroundActor,
  backgroundProgram,
  effectiveMitigation,
  readProgramFor,
  writeProgramFor,
  writesUpdateOnly,
} from './programs/patterns';
import { PatternLedger, type PatternLedgerState } from './patternLedger';
import { ChangeFeed, DEFAULT_CHANGE_CAPTURE, type ChangeFeedState } from './changeFeed';
import type { EngineConfig } from './engineConfig';
import type { RunCounts, StepOutcome } from './stepOutcome';
import { ReadChecker, type ReadVerdict } from './readChecker';
import { INVALIDATE_IF_OLDER, writeUpdateOnly } from './programs/changeCapture';
import { ConsistencyTracker, fillExpiryMs, type ConsistencyState } from './consistency';
import type { Rng } from './rng';
import type { SqlJsStatic } from 'sql.js';

/** A request the application serves: read a user, or write changes to one. */
export type Task =
  | { kind: 'read'; id: number }
  | { kind: 'write'; id: number; changes: Partial<Pick<UserRow, 'name' | 'email' | 'plan'>> };

/** A {@link Runtime} as data (see `saveState`). */
export interface RuntimeState {
  nowMs: number;
  cache: CacheState;
  db: DatabaseState;
  counts: RunCounts;
  dbSlowFactor: number;
  rng: number;
  latency: { rng: number; spare: number };
  perRow: [Int32Array, Int32Array, Float64Array, Float64Array];
  tokenSeq: number;
  /** The cache layer's own state: the write-behind queue's story, background jobs. */
  ledger: PatternLedgerState;
  consistency: ConsistencyState;
  /** The change consumer's cursor and backlog, and invalidations it owes per row. */
  changeFeed?: ChangeFeedState;
  invalidationsPending?: Int32Array;
}

export interface RuntimeOptions {
  settings: ProgramSettings;
  rows: number;
  /** Log lines kept by the cache and database adapters (0: none, for long runs). */
  logLimit?: number;
  /** Programs that replace the catalog's read or write path (a learner's own code). */
  programs?: ProgramOverrides;
}

const isTombstone = (value: string): boolean => value.startsWith('{"tombstone"');

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
   * The read mitigation the programs act on (`effectiveMitigation`): another pattern does not use
   * it (its control is off), so its writes invalidate plainly whatever was left set.
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
  };
  /** Multiplies database latencies (the workload's slow-database fault). */
  dbSlowFactor = 1;
  /** The cache layer's background jobs and the write-behind queue (see `patternLedger.ts`). */
  readonly ledger = new PatternLedger();
  /** Every write's time to consistency (see `consistency.ts`). */
  readonly consistency: ConsistencyTracker;
  /** The change-data-capture consumer's view of the change log (see `changeFeed.ts`). */
  readonly changeFeed: ChangeFeed;
  /** Per row: changes committed whose invalidation the consumer has not delivered or dropped. */
  private readonly invalidationsPending: Int32Array;
  private readonly rng: Rng;
  private readonly contexts = new Map<string, RunContext>();
  /**
   * Per row: writes in flight; the version the last fill put in the cache while no delete or
   * tombstone has removed it since (0: none); when it landed; the last fill counted as stale.
   */
  private readonly writesInFlight: Int32Array;
  private readonly filledVersion: Int32Array;
  private readonly lastFillMs: Float64Array;
  private readonly countedFillMs: Float64Array;
  /** Next lease or lock token number (shared by all actors, so tokens are unique). */
  tokenSeq = 0;
  private readonly programs: ProgramOverrides;
  /** Judges finished reads against the database's committed versions. */
  private readonly checker: ReadChecker;

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
    this.mitigation = effectiveMitigation(pattern, invalidation, config.readMitigation);
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
    this.checker = new ReadChecker(clock, this.db, config, this.programs);
    // A learner's read may return any row: it is checked against every version committed.
    if (options.programs?.read !== undefined) this.db.keepRowHistory();
    this.latency = new LatencyModel(config, rng.fork(2));
    this.writesInFlight = new Int32Array(options.rows + 1);
    this.filledVersion = new Int32Array(options.rows + 1);
    this.lastFillMs = new Float64Array(options.rows + 1).fill(-1);
    this.countedFillMs = new Float64Array(options.rows + 1).fill(-1);
    this.invalidationsPending = new Int32Array(options.rows + 1);
    this.consistency = new ConsistencyTracker(options.rows);
    this.changeFeed = new ChangeFeed({ ...DEFAULT_CHANGE_CAPTURE, ...config }, config.seed);
  }

  /** The change consumer invalidates (not the application's write path). */
  get isCdc(): boolean {
    return this.config.invalidation === 'cdc';
  }

  /**
   * Rows changed in the database (by the application, the console or a reset): under CDC each
   * change is owed an invalidation, and the consumer is started unless it is running.
   */
  changesCommitted(ids: Iterable<number>): void {
    if (!this.isCdc) return;
    for (const id of ids)
      if (id > 0 && id < this.invalidationsPending.length) this.invalidationsPending[id]++;
    this.ledger.spawn({ job: 'cdc' });
  }

  /**
   * The consumer is done with a change of row `id`. When it was the last one owed and it never
   * arrived (dropped, or the DEL failed), an older row the cache still holds stays there until
   * its TTL: a lost invalidation.
   */
  invalidated(id: number, isDelivered: boolean): void {
    if (!(id > 0 && id < this.invalidationsPending.length)) return;
    if (this.invalidationsPending[id] > 0) this.invalidationsPending[id]--;
    if (isDelivered || this.invalidationsPending[id] > 0) return;
    const version = this.filledVersion[id];
    if (version > 0 && version < this.db.committedVersion(id)) this.counts.lostInvalidations++;
  }

  /** Frees the database and closes the Redis connections; the runtime is unusable after. */
  close(): void {
    this.cache.disconnect();
    this.db.close();
  }

  /**
   * Everything the runtime and its stores hold, as data, while no program runs (Back's
   * checkpoints; a program is a generator, which cannot be copied). Null with a client other
   * than ioredis-mock.
   */
  saveState(): RuntimeState | null {
    const cache = this.cache.saveState();
    if (!cache) return null;
    return {
      nowMs: this.clock.nowMs,
      cache,
      db: this.db.saveState(),
      counts: { ...this.counts },
      dbSlowFactor: this.dbSlowFactor,
      rng: this.rng.saveState(),
      latency: this.latency.saveState(),
      perRow: [this.writesInFlight, this.filledVersion, this.lastFillMs, this.countedFillMs].map(
        (a) => a.slice(),
      ) as RuntimeState['perRow'],
      tokenSeq: this.tokenSeq,
      ledger: this.ledger.saveState(),
      consistency: this.consistency.saveState(),
      ...(this.isCdc
        ? {
            changeFeed: this.changeFeed.saveState(),
            invalidationsPending: this.invalidationsPending.slice(),
          }
        : {}),
    };
  }

  /** Puts a {@link saveState} back, into a fresh runtime of the same config. */
  loadState(state: RuntimeState): void {
    this.clock.advanceTo(state.nowMs);
    this.cache.loadState(state.cache);
    this.db.loadState(state.db);
    Object.assign(this.counts, state.counts);
    this.dbSlowFactor = state.dbSlowFactor;
    this.rng.loadState(state.rng);
    this.latency.loadState(state.latency);
    this.writesInFlight.set(state.perRow[0]);
    this.filledVersion.set(state.perRow[1]);
    this.lastFillMs.set(state.perRow[2]);
    this.countedFillMs.set(state.perRow[3]);
    this.tokenSeq = state.tokenSeq;
    this.ledger.loadState(state.ledger);
    this.consistency.loadState(state.consistency);
    if (state.changeFeed) this.changeFeed.loadState(state.changeFeed);
    if (state.invalidationsPending) this.invalidationsPending.set(state.invalidationsPending);
  }

  /** Starts the program for a task; its first step is ready before anything runs. */
  start(task: Task, actor: string): Program<ProgramResult> {
    let ctx = this.contexts.get(actor);
    if (!ctx) {
      ctx = new RunContext(this, actor);
      this.contexts.set(actor, ctx);
    }
    const config = this.config;
    const { read, write } = this.programs;
    const plain = config.pattern === undefined || config.pattern === 'cache-aside';
    if (task.kind === 'read')
      return read !== undefined
        ? read(task.id, ctx)
        : plain
          ? READ_PROGRAMS[config.readMitigation](task.id, ctx)
          : readProgramFor(config, task.id, ctx);
    if (task.id < this.writesInFlight.length) this.writesInFlight[task.id]++;
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

  /** Restarts Redis empty (no persistence): nothing filled survives. */
  async restartCache(): Promise<void> {
    await this.cache.restart();
    this.filledVersion.fill(0);
    const lostBefore = this.ledger.lostWrites;
    this.ledger.restarted();
    this.consistency.restarted(this.clock.nowMs);
    this.consistency.lostWrites(this.ledger.lostWrites - lostBefore);
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
    out.error = undefined;
    out.isHit = false;
    out.isMiss = false;
    out.isStaleFill = false;
    out.isFillRefused = false;
    out.servedVersion = -1;
    switch (step.target) {
      case 'redis':
        return this.runRedis(step, actor, out);
      case 'db': {
        // A statement the cache layer sends (read-through's loader, the flusher) is its own.
        const by = step.via === 'cache' ? 'cache' : actor;
        if (step.op === 'changes') {
          out.reply = this.db.readChanges(by, step.after, step.limit);
          return;
        }
        out.reply =
          step.op === 'select'
            ? this.db.selectUser(by, step.id)
            : this.db.updateUser(by, step.id, step.changes);
        const isFlush = step.op === 'update' && step.label === 'flush' && step.via === 'cache';
        if (isFlush && !out.reply)
          this.noteLost(() => this.ledger.flushed(this.clock.nowMs, step.id, false));
        if (step.op === 'update' && out.reply) {
          if (this.isCdc) this.changesCommitted([step.id]);
          // A flush only brings the database up to what the cache already served.
          if (isFlush) this.ledger.flushed(this.clock.nowMs, step.id);
          else
            this.consistency.committed(step.id, (out.reply as UserRow).version, this.clock.nowMs);
        }
        return;
      }
      case 'wait':
        out.reply = null;
        return;
    }
  }

  private async runRedis(step: RedisStep, actor: string, out: StepOutcome): Promise<void> {
    const sent = this.sendRedis(step, actor, out);
    if (sent === undefined) return;
    let reply: unknown;
    try {
      reply = await sent;
    } catch (e) {
      this.failRedis(step.argv, actor, e, out);
      return;
    }
    const more = this.settleRedis(step.argv, actor, reply, out);
    if (more) await more;
  }

  /**
   * The timed workload's hot path, in three parts so it awaits the client's own promise once per
   * command: send (undefined when `out` already holds the outcome: the server was unreachable),
   * then {@link settleRedis} with the reply or {@link failRedis} with the rejection.
   */
  sendRedis(step: RedisStep, actor: string, out: StepOutcome): Promise<unknown> | undefined {
    const { argv, refusal } = step;
    out.error = undefined;
    out.isHit = false;
    out.isMiss = false;
    out.isStaleFill = false;
    out.isFillRefused = false;
    out.servedVersion = -1;
    const cache = this.cache;
    try {
      // A command Redis refuses before running it (a learner's step): its error, as Redis sends it.
      if (refusal !== undefined) {
        this.failRedis(argv, actor, cache.refuse(actor, argv, refusal), out);
        return undefined;
      }
      // A learner's command: answered as Redis 7 answers it, then judged from what it left.
      if (step.checked)
        return cache
          .execConsole(actor, argv)
          .then((reply) => new Recorded(clientReply(argv[0], reply), cache.takeTouched()));
      // A learner's script: the keys it names are judged by what they hold after it ran.
      if (step.judgedByKeys)
        return cache.exec(actor, argv).then((reply) => new Recorded(reply, scriptKeys(argv)));
      const sent = cache.send(actor, argv);
      if (sent !== undefined) return sent;
      // Work that waits on Redis first (making room, the expired-key workaround): exec records
      // the reply itself, so it is marked as recorded for settleRedis.
      return cache.exec(actor, argv).then((reply) => new Recorded(reply));
    } catch (e) {
      // The server was unreachable (already logged); anything else is a bug.
      if (!(e instanceof RedisCommandError)) throw e;
      this.failRedis(argv, actor, e, out);
      return undefined;
    }
  }

  /** Records a command's rejection in `out`; a raw client rejection is logged as the server's error. */
  failRedis(argv: readonly string[], actor: string, e: unknown, out: StepOutcome): void {
    out.reply = undefined;
    out.error = e instanceof RedisCommandError ? e : this.cache.failed(actor, argv, e);
    if (argv[0] === 'LPOP' && argv[1] === WRITE_BEHIND_QUEUE) {
      // The key holds something else now (a DEL then a SET typed in the console): the writes
      // queued in it are gone, as after a DEL. Redis down, they wait in it for the next flush.
      const isReplaced = /^WRONGTYPE|does not contain a list/.test(out.error.message);
      this.noteLost(() => this.ledger.taken([], isReplaced ? 1 : undefined));
    }
  }

  /** Records a reply in `out`: counts a hit or a miss, notes fills. A promise only for scripts. */
  settleRedis(
    argv: string[],
    actor: string,
    reply: unknown,
    out: StepOutcome,
  ): Promise<void> | undefined {
    if (reply instanceof Recorded) {
      out.reply = reply.reply;
      if (reply.touched === null) this.noteReply(argv, out);
      else this.noteTouched(argv, reply.touched, out);
      return undefined;
    }
    // ioredis-mock answers GET on a hash, list or set with the value itself; Redis refuses.
    if (argv[0] === 'GET' && reply !== null && typeof reply !== 'string') {
      this.failRedis(argv, actor, new Error(WRONGTYPE), out);
      return undefined;
    }
    out.reply = reply;
    const rechecked = this.cache.received(actor, argv, reply);
    if (rechecked) return rechecked.then(() => this.noteReply(argv, out));
    this.noteReply(argv, out);
    return undefined;
  }

  private noteReply(argv: string[], out: StepOutcome): void {
    const reply = out.reply;
    switch (argv[0]) {
      case 'GET':
        return this.noteGet(out);
      case 'SET':
        if (reply === 'OK')
          this.noteFill(argv[1], argv[2], out, fillExpiryMs(argv, this.clock.nowMs));
        return;
      case 'DEL':
        for (let i = 1; i < argv.length; i++) this.noteRemoved(argv[i]);
        return;
      case 'RPUSH':
        if (argv[1] === WRITE_BEHIND_QUEUE)
          this.noteLost(() =>
            this.ledger.queued(
              this.clock.nowMs,
              argv[2],
              typeof reply === 'number' ? reply : undefined,
            ),
          );
        return;
      case 'LPOP':
        if (argv[1] === WRITE_BEHIND_QUEUE)
          this.noteLost(() =>
            this.ledger.taken(
              Array.isArray(reply) ? (reply as string[]) : typeof reply === 'string' ? [reply] : [],
              argv.length > 2 ? Number(argv[2]) : 1,
            ),
          );
        return;
      case 'EVAL': {
        if (argv[1] === INVALIDATE_IF_OLDER) {
          if (reply === 1) this.noteRemoved(argv[3]);
          return;
        }
        // The programs' fill scripts: reply 1 filled, 0 refused; the row is an argument.
        const value = argv.find((a, i) => i > 3 && a.startsWith('{"id":'));
        if (value === undefined) return;
        if (reply === 1) this.noteFill(argv[3], value, out, fillExpiryMs(argv, this.clock.nowMs));
        else if (reply === 0) out.isFillRefused = true;
        return;
      }
    }
  }

  /** A GET's reply: a miss when it answered nil (or a tombstone), a hit when it answered a value. */
  private noteGet(out: StepOutcome): void {
    const reply = out.reply;
    if (reply === null || isTombstone(reply as string)) {
      out.isMiss = true;
      if (out.isRead) this.counts.misses++;
    } else {
      out.isHit = true;
      if (out.isRead) this.counts.hits++;
      // The version of the value this GET served, read from the reply itself: a short scan
      // of a string just handed back costs less than a lookup in the adapter's key index.
      out.servedVersion = versionOf(reply as string);
    }
  }

  /**
   * What a learner's command did to the users' keys, read from the keyspace itself rather than
   * from its arguments, so every way of writing a command counts alike (`SETEX`, `ex` in lower
   * case, `PXAT`, `UNLINK`, `GETDEL`, `EXPIRE k 0`): a key that now holds the row the command
   * sent is a fill; a key gone, or holding what is not a row, holds nothing any more; a key
   * whose TTL alone changed keeps its row until the new expiry.
   */
  private noteTouched(argv: string[], touched: readonly string[] | 'all', out: StepOutcome): void {
    this.noteLookup(argv[0], out);
    if (touched === 'all') {
      this.filledVersion.fill(0);
      this.consistency.restarted(this.clock.nowMs);
      return;
    }
    // A row stored as a hash (HSET key id 1 ... version 2) is a row too, fields and all.
    const isHashWrite = argv[0] === 'HSET' || argv[0] === 'HMSET' || argv[0] === 'HSETNX';
    const sent = new Set(argv.slice(2));
    for (const key of touched) {
      const held = this.cache.held(key);
      const value = held?.value;
      const text =
        typeof value === 'string'
          ? value
          : value instanceof Map
            ? JSON.stringify(Object.fromEntries(value))
            : undefined;
      if (!key.startsWith('user:')) {
        // A row cached under another name (`profile:3`) is known by the id its JSON gives.
        const id = text === undefined || isTombstone(text) ? 0 : rowIdOf(text);
        const version = id > 0 ? versionOf(text as string) : 0;
        this.consistency.cachedUnder(
          key,
          id,
          version,
          held?.expiresAtMs ?? Infinity,
          this.clock.nowMs,
        );
        continue;
      }
      if (held === undefined || text === undefined || isTombstone(text) || versionOf(text) === 0) {
        this.noteRemoved(key);
        continue;
      }
      if (typeof value === 'string' ? sent.has(value) : isHashWrite) {
        this.noteFill(key, text, out, held.expiresAtMs);
        continue;
      }
      const id = Number(key.slice(5));
      this.consistency.cached(id, versionOf(text), held.expiresAtMs, this.clock.nowMs);
    }
  }

  /**
   * A learner's read of its key by another command than GET counts as GET's would: a hit when
   * it answers a value, a miss when it answers nothing (GETEX and GETDEL answer nil, HGETALL an
   * empty hash).
   */
  private noteLookup(name: string, out: StepOutcome): void {
    const reply = out.reply;
    switch (name) {
      case 'GET':
      case 'GETEX':
      case 'GETDEL':
        return this.noteGet(out);
      case 'HGETALL': {
        if (typeof reply !== 'object' || reply === null || Object.keys(reply).length === 0) {
          out.isMiss = true;
          if (out.isRead) this.counts.misses++;
          return;
        }
        out.isHit = true;
        if (out.isRead) this.counts.hits++;
        const version = Number((reply as { version?: unknown }).version);
        if (Number.isInteger(version) && version > 0) out.servedVersion = version;
        return;
      }
    }
  }

  /** Runs a ledger update; queued writes it finds gone (a DEL, an eviction) count as lost. */
  private noteLost(update: () => void): void {
    const before = this.ledger.lostWrites;
    update();
    if (this.ledger.lostWrites > before)
      this.consistency.lostWrites(this.ledger.lostWrites - before);
  }

  /** A delete or a tombstone removed whatever a fill had put at `key`. */
  private noteRemoved(key: string): void {
    if (!key.startsWith('user:')) return;
    const id = Number(key.slice(5));
    if (id < this.filledVersion.length) this.filledVersion[id] = 0;
    this.consistency.cached(id, 0, Infinity, this.clock.nowMs);
  }

  /** A row went into the cache: a stale fill if it is already outdated and no write will fix it. */
  private noteFill(key: string, value: string, out: StepOutcome, expiresAtMs: number): void {
    if (!key.startsWith('user:')) return;
    if (isTombstone(value)) return this.noteRemoved(key);
    const id = Number(key.slice(5));
    if (!(id < this.lastFillMs.length)) return;
    const version = versionOf(value);
    const now = this.clock.nowMs;
    // Newer than the database: a write-behind write, which commits in the cache.
    if (version > this.db.committedVersion(id)) this.consistency.committed(id, version, now);
    this.consistency.cached(id, version, expiresAtMs, now);
    this.lastFillMs[id] = this.clock.nowMs;
    this.filledVersion[id] = version;
    if (this.writesInFlight[id] > 0) return; // the write in flight judges it when it finishes
    // An invalidation is on its way from the change consumer: it will remove this entry.
    if (this.invalidationsPending[id] > 0) return;
    // A copy of a row deleted since the reader's SELECT is stale whatever its version: the
    // database holds no row for it to match (see `ReadChecker.judgeRead`).
    const isOutdated =
      version < this.db.committedVersion(id) || this.db.deletedAtMs(id) !== undefined;
    if (version > 0 && isOutdated) {
      this.countedFillMs[id] = this.clock.nowMs;
      this.counts.staleFills++;
      out.isStaleFill = true;
    }
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
      if (result.isInvalidationLost) counts.lostInvalidations++;
      this.writeFinished(result.id, startedMs, result.isInvalidationLost, out);
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

  /** See {@link ReadChecker.checkAnswer}. */
  checkAnswer<R extends ProgramResult | BackgroundResult>(result: R, committedAtStart: number): R {
    return this.checker.checkAnswer(result, committedAtStart);
  }

  /** A GET counted as a hit whose value the application could not use: a miss after all. */
  reclassifyAsMiss(out: StepOutcome): void {
    if (out.isRead) {
      this.counts.hits--;
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
    if (result.kind === 'write' && result.id < this.writesInFlight.length)
      this.writesInFlight[result.id] = Math.max(0, this.writesInFlight[result.id] - 1);
  }

  /**
   * The last write of a row in flight finished: if a fill made while it ran left an older row in
   * the cache (a reader's SET that beat the DEL, a reordered writer's SET), that entry stays
   * stale until its TTL. A lost invalidation is counted as such, not as a stale fill.
   */
  private writeFinished(id: number, startedMs: number, isLost: boolean, out?: StepOutcome): void {
    if (!(id < this.writesInFlight.length)) return;
    if (--this.writesInFlight[id] > 0 || isLost || this.invalidationsPending[id] > 0) return;
    const filledAt = this.lastFillMs[id];
    // A fill at the very instant the write started was made before it: the copy it cached was
    // the row then current, left by the policy (TTL only) rather than by a race with the write.
    if (filledAt <= startedMs || filledAt === this.countedFillMs[id]) return;
    const version = this.filledVersion[id];
    if (version > 0 && version < this.db.committedVersion(id)) {
      this.countedFillMs[id] = filledAt;
      this.counts.staleFills++;
      if (out) out.isStaleFill = true;
    }
  }
}

/**
 * A reply the cache adapter has already recorded (it came through `exec`), with `touched`: the
 * keys the command may have changed, to judge from what they hold after it (null: not known).
 */
class Recorded {
  constructor(
    readonly reply: unknown,
    readonly touched: readonly string[] | 'all' | null = null,
  ) {}
}

/**
 * What a running program sees of its environment: one per actor, reused by every program the
 * actor runs. Each read of `token` makes a new one, so a program reads it once and keeps it.
 */

class RunContext implements WriteContext, ChangeCaptureContext {
  spawn(job: BackgroundJob): boolean {
    return this.runtime.ledger.spawn(job);
  }

  tryLock(key: string): boolean {
    return this.runtime.ledger.tryLock(key);
  }

  unlock(key: string): void {
    this.runtime.ledger.unlock(key);
  }

  constructor(
    private readonly runtime: Runtime,
    private readonly actor: string,
  ) {}

  get settings(): ProgramSettings {
    return this.runtime.settings;
  }

  get mitigation(): ReadMitigation {
    return this.runtime.mitigation;
  }

  get changeFeed(): ChangeFeed {
    return this.runtime.changeFeed;
  }

  get nowMs(): number {
    return this.runtime.clock.nowMs;
  }

  invalidated(id: number, isDelivered: boolean): void {
    this.runtime.invalidated(id, isDelivered);
  }

  get token(): string {
    return `${this.actor}-${++this.runtime.tokenSeq}`;
  }

  random(): number {
    return this.runtime.random();
  }
}
