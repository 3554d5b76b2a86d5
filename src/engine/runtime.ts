import { Cache, RedisCommandError, type CacheOptions, type ConnectionFactory } from './cache';
import type { VirtualClock } from './clock';
import { Database, type DatabaseOptions, type UserRow } from './database';
import {
  READ_PROGRAMS,
  WRITE_PROGRAMS,
  type ReadMitigation,
  type WritePolicy,
} from './programs/catalog';
import { versionOf, type ProgramContext } from './programs/steps';
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
  private tokenSeq = 0;

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

  /** Starts the program for a task; its first step is ready before anything runs. */
  start(task: Task, actor: string): Program<ProgramResult> {
    const ctx: ProgramContext = {
      settings: this.options.settings,
      token: `${actor}-${++this.tokenSeq}`,
      random: () => this.rng.next(),
    };
    if (task.kind === 'read') return READ_PROGRAMS[this.options.readMitigation](task.id, ctx);
    return WRITE_PROGRAMS[this.options.writePolicy](task.id, task.changes, {
      ...ctx,
      mitigation: this.options.readMitigation,
    });
  }

  /** Runs one step now, as `actor`. */
  async run(step: Step, actor: string): Promise<StepOutcome> {
    switch (step.target) {
      case 'redis': {
        const latencyMs = this.cache.latencyMs();
        try {
          const reply = await this.cache.exec(actor, step.argv);
          return { reply, latencyMs, isStaleFill: this.isStaleFill(step.argv, reply) };
        } catch (e) {
          if (e instanceof RedisCommandError)
            return { reply: undefined, error: e, latencyMs, isStaleFill: false };
          throw e;
        }
      }
      case 'db': {
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
      }
      case 'wait':
        return { reply: null, latencyMs: step.ms, isStaleFill: false };
    }
  }

  /**
   * A read is stale when it returns a version older than the one the database had committed
   * before the read began. A version committed while the read was in flight does not count:
   * a read that overlaps a write may return either value, with or without a cache.
   */
  judgeRead(id: number, row: UserRow | null, startedMs: number): ReadVerdict {
    const committedVersion = this.db.committedVersion(id);
    const version = row?.version ?? 0;
    if (row === null || version >= committedVersion)
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

  private isStaleFill(argv: readonly string[], reply: unknown): boolean {
    const cmd = argv[0];
    let key: string;
    let value: string;
    if (cmd === 'SET') {
      if (reply !== 'OK') return false;
      key = argv[1];
      value = argv[2];
    } else if (cmd === 'EVAL') {
      if (reply !== 1) return false;
      key = argv[3];
      value = argv[argv.length - 1 - (argv.includes('EX') ? 2 : 0)];
      value = argv.find((a) => a.startsWith('{"id":')) ?? value;
    } else return false;
    if (!key.startsWith('user:') || value.startsWith('{"tombstone"')) return false;
    const id = Number(key.slice(5));
    const version = versionOf(value);
    return version > 0 && version < this.db.committedVersion(id);
  }
}
