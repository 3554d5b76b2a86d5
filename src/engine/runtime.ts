import { Cache, RedisCommandError, type CacheOptions, type ConnectionFactory } from './cache';
import type { VirtualClock } from './clock';
import { Database, type DatabaseOptions, type UserRow } from './database';
import {
  READ_PROGRAMS,
  WRITE_PROGRAMS,
  type ReadMitigation,
  type WritePolicy,
} from './programs/catalog';
import { versionOf } from './programs/steps';
import type { WriteContext } from './programs/writePaths';
import type { Program, ProgramResult, ProgramSettings, Step } from './programs/types';
import type { Rng } from './rng';
import type { SqlJsStatic } from 'sql.js';

/** A request the application serves: read a user, or write changes to one. */
export type Task =
  | { kind: 'read'; id: number }
  | { kind: 'write'; id: number; changes: Partial<Pick<UserRow, 'name' | 'email' | 'plan'>> };

/** What running one step did. */
export interface StepOutcome {
  reply: unknown;
  error?: RedisCommandError;
  /** Virtual ms the step takes (the reply arrives that much later). */
  latencyMs: number;
  /** A value written into the cache is older than the database row (a stale fill). */
  isStaleFill: boolean;
}

/** The checker's verdict on a finished read. */
export interface ReadVerdict {
  version: number;
  committedVersion: number;
  isStale: boolean;
  /** How long the returned version had been out of date when the read returned, ms. */
  stalenessMs: number;
}

export interface RuntimeOptions {
  writePolicy: WritePolicy;
  readMitigation: ReadMitigation;
  settings: ProgramSettings;
  cache: Partial<CacheOptions>;
  database: Partial<DatabaseOptions>;
}

/**
 * The stores and the programs together: runs one step against the real Redis (ioredis-mock) or
 * SQL (sql.js), and judges finished reads against the database's committed versions. Both the
 * interactive simulation and timed workloads drive programs through this.
 */
export class Runtime {
  readonly clock: VirtualClock;
  readonly cache: Cache;
  readonly db: Database;
  readonly options: RuntimeOptions;
  private readonly rng: Rng;
  private readonly contexts = new Map<string, RunContext>();
  /** Next lease or lock token number (shared by all actors, so tokens are unique). */
  tokenSeq = 0;

  constructor(
    SQL: SqlJsStatic,
    clock: VirtualClock,
    rng: Rng,
    connect: ConnectionFactory,
    options: RuntimeOptions,
  ) {
    this.clock = clock;
    this.rng = rng;
    this.options = options;
    this.cache = new Cache(clock, rng.fork(1), connect, options.cache);
    this.db = new Database(SQL, clock, options.database);
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
    if (task.kind === 'read') return READ_PROGRAMS[this.options.readMitigation](task.id, ctx);
    return WRITE_PROGRAMS[this.options.writePolicy](task.id, task.changes, ctx);
  }

  /** A seeded uniform draw for programs (early refresh). */
  random(): number {
    return this.rng.next();
  }

  /**
   * Runs one step now, as `actor`. Database steps and pauses complete synchronously (sql.js is
   * synchronous); only Redis commands return a promise, so the hot path awaits once per command.
   */
  run(step: Step, actor: string): StepOutcome | Promise<StepOutcome> {
    switch (step.target) {
      case 'redis':
        return this.runRedis(step.argv, actor);
      case 'db':
        if (step.op === 'select')
          return {
            reply: this.db.selectUser(actor, step.id),
            latencyMs: this.db.options.readLatencyMs,
            isStaleFill: false,
          };
        return {
          reply: this.db.updateUser(actor, step.id, step.changes),
          latencyMs: this.db.options.writeLatencyMs,
          isStaleFill: false,
        };
      case 'wait':
        return { reply: null, latencyMs: step.ms, isStaleFill: false };
    }
  }

  private async runRedis(argv: string[], actor: string): Promise<StepOutcome> {
    const latencyMs = this.cache.latencyMs();
    try {
      const reply = await this.cache.exec(actor, argv);
      return { reply, latencyMs, isStaleFill: this.isStaleFill(argv, reply) };
    } catch (e) {
      if (e instanceof RedisCommandError)
        return { reply: undefined, error: e, latencyMs, isStaleFill: false };
      throw e;
    }
  }

  /**
   * A read is stale when it returns a version older than the one the database had committed
   * before the read began. A version committed while the read was in flight does not count:
   * a read that overlaps a write may return either value, with or without a cache.
   */
  judgeRead(id: number, version: number, startedMs: number): ReadVerdict {
    const committedVersion = this.db.committedVersion(id);
    if (version === 0 || version >= committedVersion)
      return { version, committedVersion, isStale: false, stalenessMs: 0 };
    const supersededAt = this.db.commitTime(id, version + 1);
    const isStale = supersededAt < startedMs;
    return {
      version,
      committedVersion,
      isStale,
      stalenessMs: isStale ? this.clock.nowMs - supersededAt : 0,
    };
  }

  /**
   * Did this command put an outdated row into the cache? A fill is a SET that succeeded, or one
   * of the programs' fill scripts (EVAL, reply 1) whose value argument is a row's JSON.
   */
  private isStaleFill(argv: readonly string[], reply: unknown): boolean {
    const cmd = argv[0];
    let key: string;
    let value: string | undefined;
    if (cmd === 'SET' && reply === 'OK') {
      key = argv[1];
      value = argv[2];
    } else if (cmd === 'EVAL' && reply === 1) {
      key = argv[3];
      value = argv.slice(3).find((a) => a.startsWith('{"id":'));
    } else return false;
    if (value === undefined || !key.startsWith('user:') || value.startsWith('{"tombstone"'))
      return false;
    const version = versionOf(value);
    return version > 0 && version < this.db.committedVersion(Number(key.slice(5)));
  }
}

/**
 * What a running program sees of its environment: one per actor, reused by every program the
 * actor runs. Each read of `token` makes a new one, so a program reads it once and keeps it.
 */
class RunContext implements WriteContext {
  constructor(
    private readonly runtime: Runtime,
    private readonly actor: string,
  ) {}

  get settings(): ProgramSettings {
    return this.runtime.options.settings;
  }

  get mitigation(): ReadMitigation {
    return this.runtime.options.readMitigation;
  }

  get token(): string {
    return `${this.actor}-${++this.runtime.tokenSeq}`;
  }

  random(): number {
    return this.runtime.random();
  }
}
