import type { SqlJsStatic } from 'sql.js';
import type { CacheLogEntry, ConnectionFactory, EvictionPolicy, PeekType } from './cache';
import { VirtualClock } from './clock';
import type { Database, SqlLogEntry, UserChanges, UserRow } from './database';
import type { ReadMitigation, WritePolicy } from './programs/catalog';
import { cacheKey, versionOf } from './programs/steps';
import {
  DEFAULT_PROGRAM_SETTINGS,
  type Program,
  type ProgramResult,
  type ProgramSettings,
  type Step,
} from './programs/types';
import { describeCommand, describeReply } from './describe';
import { createMockRedisServer } from './redisMock';
import { Rng } from './rng';
import { Runtime, type ReadVerdict, type StepOutcome, type Task } from './runtime';

/** Everything that defines an interactive simulation (with the seed, it fixes every run). */
export interface SimConfig {
  seed: number;
  actors: string[];
  writePolicy: WritePolicy;
  readMitigation: ReadMitigation;
  settings: ProgramSettings;
  cacheLatencyMs: number;
  dbReadLatencyMs: number;
  dbWriteLatencyMs: number;
  maxKeys: number;
  eviction: EvictionPolicy;
  rows: number;
  /**
   * Who steps next on a plain `step`: `manual` (the first actor with work; the learner picks
   * with `stepActor`), `scripted` (the actors `script` names, in order), or `timed` (the actor
   * whose step is due first, each step completing after its latency).
   */
  scheduler: 'manual' | 'scripted' | 'timed';
  /** The interleaving `scripted` plays: one actor name per step. */
  script: string[];
}

export const DEFAULT_SIM_CONFIG: SimConfig = {
  seed: 1,
  actors: ['A', 'B'],
  writePolicy: 'invalidate',
  readMitigation: 'none',
  settings: DEFAULT_PROGRAM_SETTINGS,
  cacheLatencyMs: 0.3,
  dbReadLatencyMs: 2,
  dbWriteLatencyMs: 5,
  maxKeys: 0,
  eviction: 'noeviction',
  rows: 1000,
  scheduler: 'manual',
  script: [],
};

/**
 * Everything a learner or a script can do to a simulation. The simulation is a pure function of
 * its config and this list: Back replays all but the last step from the seed.
 */
export type SimAction =
  | { type: 'read'; actor: string; id: number }
  | { type: 'write'; actor: string; id: number; changes: UserChanges }
  | { type: 'step' }
  | { type: 'stepActor'; actor: string }
  | { type: 'advanceClock'; ms: number }
  | { type: 'setCacheAvailable'; isUp: boolean }
  | { type: 'restartCache' }
  | { type: 'redis'; actor: string; argv: string[] }
  | { type: 'sql'; actor: string; sql: string }
  | { type: 'resetDatabase'; actor: string };

/** One step as the animation, the log and the sequence diagram show it. */
export interface StepEvent {
  /** 1-based count of steps taken. */
  index: number;
  actor: string;
  target: Step['target'];
  /** The program line that issued it (see the code panel). */
  label: string;
  program: string;
  key: string;
  command: string;
  reply: string;
  isError: boolean;
  startMs: number;
  endMs: number;
  /** GET answered with a value / with nil. */
  isHit: boolean;
  isMiss: boolean;
  /** Wrote a value older than the database row. */
  isStaleFill: boolean;
  /** The read this step finished returned an outdated version. */
  isStaleRead: boolean;
  /** The program finished with this step. */
  finishes: boolean;
  verdict?: ReadVerdict;
  /** What the program made of the reply when it is not the plain story (a corrupt entry). */
  note?: string;
}

export interface ActorState {
  name: string;
  /** What the actor is running now ('read user:1', ...), if anything. */
  task: string | null;
  program: 'read' | 'write' | null;
  /** Its next step, not yet run. */
  pending: { label: string; target: Step['target']; command: string } | null;
  queued: number;
  /** When its next step can go out (its last reply's arrival); timed scheduling runs by it. */
  readyAtMs: number;
}

export interface CacheEntry {
  key: string;
  /** The value as text: a string as is, a hash, list or set as JSON (see `type`). */
  value: string;
  type: PeekType;
  /** Remaining TTL in ms; -1 for no expiry. */
  ttlMs: number;
  version: number | null;
  isStale: boolean;
}

export interface SimStats {
  reads: number;
  writes: number;
  hits: number;
  misses: number;
  hitRate: number;
  staleReads: number;
  staleFills: number;
  dbReads: number;
  dbWrites: number;
  cacheErrors: number;
  lostInvalidations: number;
  evictions: number;
  /** Requests that failed because the database refused their statement (a broken schema). */
  failedRequests: number;
}

/** A plain-data picture of the whole simulation (safe to clone, post or render). */
export interface SimSnapshot {
  step: number;
  clockMs: number;
  config: SimConfig;
  isCacheUp: boolean;
  actors: ActorState[];
  /** Who a plain `step` would move next (null: nobody has work). */
  nextActor: string | null;
  cache: CacheEntry[];
  db: UserRow[];
  /** What the console broke in the schema the application needs, in words (empty: nothing). */
  schemaProblems: string[];
  /** Rows the run has touched or cached, with the cells each write changed. */
  changedCells: Record<number, string[]>;
  redisLog: CacheLogEntry[];
  sqlLog: SqlLogEntry[];
  events: StepEvent[];
  stats: SimStats;
  results: (ProgramResult & { actor: string; verdict?: ReadVerdict })[];
}

interface Running {
  task: Task;
  program: Program<ProgramResult>;
  pending: Step;
  startedMs: number;
}

interface Actor {
  name: string;
  queue: Task[];
  running: Running | null;
  /** When the actor's next step can go out: its last reply's arrival (timed scheduling). */
  readyAtMs: number;
}

/**
 * An interactive simulation: actors run the cache-aside programs one step at a time, as the
 * learner, a scenario script, or a test chooses. Deterministic: same config and actions, same
 * run, step for step.
 */
export class Simulation {
  readonly config: SimConfig;
  readonly runtime: Runtime;
  private readonly actors: Actor[];
  private readonly actionLog: SimAction[] = [];
  private readonly events: StepEvent[] = [];
  private readonly results: SimSnapshot['results'] = [];
  private readonly touched = new Set<number>();
  private readonly changedCells: Record<number, string[]> = {};
  private scriptPos = 0;
  private stats = {
    reads: 0,
    writes: 0,
    hits: 0,
    misses: 0,
    staleReads: 0,
    staleFills: 0,
    lostInvalidations: 0,
    failedRequests: 0,
  };

  private constructor(SQL: SqlJsStatic, config: SimConfig, connect: ConnectionFactory) {
    this.config = config;
    const clock = new VirtualClock();
    this.runtime = new Runtime(SQL, clock, new Rng(config.seed), connect, {
      writePolicy: config.writePolicy,
      readMitigation: config.readMitigation,
      settings: config.settings,
      cache: {
        roundTripMs: config.cacheLatencyMs,
        maxKeys: config.maxKeys,
        eviction: config.eviction,
      },
      database: {
        rows: config.rows,
        readLatencyMs: config.dbReadLatencyMs,
        writeLatencyMs: config.dbWriteLatencyMs,
      },
    });
    this.actors = config.actors.map((name) => ({ name, queue: [], running: null, readyAtMs: 0 }));
  }

  /** A new simulation on a fresh keyspace and a freshly seeded database. */
  static create(
    SQL: SqlJsStatic,
    config: Partial<SimConfig> = {},
    connect: ConnectionFactory = createMockRedisServer(),
  ): Simulation {
    const full = {
      ...DEFAULT_SIM_CONFIG,
      ...config,
      settings: { ...DEFAULT_SIM_CONFIG.settings, ...config.settings },
    };
    if (full.actors.length === 0) throw new RangeError('a simulation needs at least one actor');
    return new Simulation(SQL, full, connect);
  }

  /** Rebuilds a simulation from its config and actions (how Back and shared links work). */
  static async replay(
    SQL: SqlJsStatic,
    config: Partial<SimConfig>,
    actions: readonly SimAction[],
  ): Promise<Simulation> {
    const sim = Simulation.create(SQL, config);
    for (const action of actions) await sim.dispatch(action);
    return sim;
  }

  get clockMs(): number {
    return this.runtime.clock.nowMs;
  }

  /** Steps taken so far. */
  get stepCount(): number {
    return this.events.length;
  }

  /** The actions applied so far, in order. */
  get actions(): readonly SimAction[] {
    return this.actionLog;
  }

  /** Every step taken so far, in order (the trace). */
  get trace(): readonly StepEvent[] {
    return this.events;
  }

  /** Takes the next step the scheduler picks; null when no actor has work. */
  async step(): Promise<StepEvent | null> {
    return (await this.dispatch({ type: 'step' })) as StepEvent | null;
  }

  /**
   * Steps until no actor has work, or until the next step would start after `untilMs` of
   * virtual time, or `maxSteps` steps (a guard against programs that wait forever). Resolves to
   * the steps taken.
   */
  async run(untilMs = Infinity, maxSteps = 100_000): Promise<StepEvent[]> {
    const taken: StepEvent[] = [];
    while (taken.length < maxSteps && this.readyActors().length > 0) {
      const next = this.nextStartMs();
      if (next > untilMs) break;
      const event = await this.step();
      if (!event) break;
      taken.push(event);
    }
    return taken;
  }

  /** When the next step would start: the due time under `timed`, else now. */
  private nextStartMs(): number {
    if (this.config.scheduler !== 'timed') return this.clockMs;
    let due = Infinity;
    for (const a of this.actors) if (a.running) due = Math.min(due, a.readyAtMs);
    return Math.max(due, this.clockMs);
  }

  /** Applies one action. Resolves to its result (a step event, a console reply ...). */
  async dispatch(action: SimAction): Promise<unknown> {
    const result = await this.apply(action);
    this.actionLog.push(action);
    return result;
  }

  private actor(name: string): Actor {
    const a = this.actors.find((x) => x.name === name);
    if (!a)
      throw new RangeError(
        `no actor named "${name}" (actors: ${this.actors.map((x) => x.name).join(', ')})`,
      );
    return a;
  }

  private async apply(action: SimAction): Promise<unknown> {
    const rt = this.runtime;
    switch (action.type) {
      case 'read':
      case 'write': {
        const actor = this.actor(action.actor);
        if (!Number.isInteger(action.id) || action.id < 1)
          throw new RangeError(`user id must be a positive integer, got ${action.id}`);
        actor.queue.push(
          action.type === 'read'
            ? { kind: 'read', id: action.id }
            : { kind: 'write', id: action.id, changes: action.changes },
        );
        this.touched.add(action.id);
        this.startNext(actor);
        return null;
      }
      case 'stepActor':
        return this.stepActor(this.actor(action.actor));
      case 'step': {
        const next = this.nextActor();
        return next ? this.stepActor(next) : null;
      }
      case 'advanceClock':
        rt.clock.advance(action.ms);
        return null;
      case 'setCacheAvailable':
        rt.cache.setAvailable(action.isUp);
        return null;
      case 'restartCache':
        await rt.cache.restart();
        return null;
      case 'redis': {
        try {
          const reply = await rt.cache.execConsole(action.actor, action.argv);
          await rt.cache.resync();
          const key = action.argv[1];
          if (key?.startsWith('user:')) this.touched.add(Number(key.slice(5)));
          return { reply };
        } catch (e) {
          return { error: e instanceof Error ? e.message : String(e) };
        }
      }
      case 'resetDatabase': {
        const changes = rt.db.resetToSeed(action.actor);
        if (changes > 0) rt.clock.advance(rt.db.options.writeLatencyMs);
        return { changes };
      }
      case 'sql': {
        try {
          const res = rt.db.execute(action.actor, action.sql);
          if (res.columns[0] === 'id')
            for (const row of res.rows) if (typeof row[0] === 'number') this.touched.add(row[0]);
          for (const [id, cols] of Object.entries(res.changedCells)) {
            this.touched.add(Number(id));
            this.changedCells[Number(id)] = cols;
          }
          // Another process's write takes the database's write latency, like the application's:
          // a read that starts after it is judged against the new version.
          if (res.changes > 0) rt.clock.advance(rt.db.options.writeLatencyMs);
          return res;
        } catch (e) {
          return { error: e instanceof Error ? e.message : String(e) };
        }
      }
    }
  }

  /** The next step each actor would take (null: idle). */
  pendingStep(name: string): Step | null {
    return this.actor(name).running?.pending ?? null;
  }

  /** Actors with a step ready, in actor order. */
  readyActors(): string[] {
    return this.actors.filter((a) => a.running !== null).map((a) => a.name);
  }

  /**
   * Who takes the next `step`: under `scripted`, the next actor the script names (then, once it
   * runs out, as `manual`); under `timed`, the actor whose pending step is due first (its last
   * reply arrived earliest); under `manual`, the first actor with work.
   */
  private nextActor(peek = false): Actor | undefined {
    const { scheduler, script } = this.config;
    if (scheduler === 'scripted') {
      for (let pos = this.scriptPos; pos < script.length; pos++) {
        const named = this.actors.find((a) => a.name === script[pos]);
        if (named?.running) {
          if (!peek) this.scriptPos = pos + 1;
          return named;
        }
      }
      if (!peek) this.scriptPos = script.length;
    }
    if (scheduler === 'timed') {
      let best: Actor | undefined;
      for (const a of this.actors)
        if (a.running && (!best || a.readyAtMs < best.readyAtMs)) best = a;
      return best;
    }
    return this.actors.find((a) => a.running !== null);
  }

  private startNext(actor: Actor): void {
    if (actor.running || actor.queue.length === 0) return;
    const task = actor.queue.shift() as Task;
    const program = this.runtime.start(task, actor.name);
    const first = program.next();
    if (first.done) return; // programs always take at least one step
    actor.readyAtMs = Math.max(actor.readyAtMs, this.clockMs);
    actor.running = { task, program, pending: first.value, startedMs: actor.readyAtMs };
  }

  private async stepActor(actor: Actor): Promise<StepEvent | null> {
    const running = actor.running;
    if (!running) return null;
    const rt = this.runtime;
    const step = running.pending;
    const isTimed = this.config.scheduler === 'timed';
    // Timed: the command goes out when the actor's last reply arrived (or now, if later), and the
    // clock only moves to event times, so actors overlap as concurrent processes do.
    if (isTimed) rt.clock.advanceTo(actor.readyAtMs);
    const startMs = this.clockMs;
    let outcome: StepOutcome;
    let dbError: string | undefined;
    try {
      outcome = await rt.run(step, actor.name);
    } catch (e) {
      // The console broke the schema (dropped or reshaped the table): the statement fails with
      // the database's error, and the request ends there, failed, as the application's would.
      if (step.target !== 'db') throw e;
      dbError = e instanceof Error ? e.message : String(e);
      const { readLatencyMs, writeLatencyMs } = rt.db.options;
      outcome = {
        reply: undefined,
        latencyMs: step.op === 'select' ? readLatencyMs : writeLatencyMs,
        isStaleFill: false,
      };
    }
    // Whole microseconds, as the clock keeps them (0.3 ms steps would otherwise drift).
    if (isTimed) actor.readyAtMs = Math.round((startMs + outcome.latencyMs) * 1000) / 1000;
    else {
      rt.clock.advance(outcome.latencyMs);
      actor.readyAtMs = this.clockMs;
    }
    const key =
      step.target === 'redis'
        ? (step.argv[1] ?? '')
        : step.target === 'db'
          ? cacheKey(step.id)
          : cacheKey(running.task.id);
    if (step.target === 'db' && step.op === 'update' && outcome.reply)
      this.noteChangedCells(step.id, Object.keys(step.changes));
    const next =
      dbError !== undefined
        ? running.program.return(failedResult(running.task, dbError))
        : outcome.error
          ? running.program.throw(outcome.error)
          : running.program.next(outcome.reply);
    // A program that cannot use a reply (a corrupt cache entry) says why on its next step; the
    // note goes on the command that returned it and on the step taken because of it.
    const nextNote =
      !next.done && next.value.target === 'db' && next.value.op === 'select'
        ? next.value.note
        : undefined;
    if (nextNote !== undefined && step.target === 'redis')
      rt.cache.noteOnLastCommand(actor.name, nextNote, outcome.error === undefined);
    const note =
      step.target === 'db' && step.op === 'select' && step.note !== undefined
        ? step.note
        : nextNote;
    const isGet = step.target === 'redis' && step.argv[0] === 'GET' && !outcome.error;
    const event: StepEvent = {
      index: this.events.length + 1,
      actor: actor.name,
      target: step.target,
      label: step.label,
      program: running.task.kind,
      key,
      command: describeCommand(step),
      reply: describeReply(step, outcome.reply, dbError ?? outcome.error?.message),
      isError: dbError !== undefined || outcome.error !== undefined,
      startMs,
      endMs: isTimed ? actor.readyAtMs : this.clockMs,
      isHit: isGet && outcome.reply !== null && !String(outcome.reply).startsWith('{"tombstone"'),
      isMiss: isGet && (outcome.reply === null || String(outcome.reply).startsWith('{"tombstone"')),
      isStaleFill: outcome.isStaleFill,
      isStaleRead: false,
      finishes: next.done === true,
      ...(note !== undefined ? { note } : {}),
    };
    if (outcome.isStaleFill) this.stats.staleFills++;
    if (next.done) {
      this.finish(actor, running, next.value, event);
    } else {
      running.pending = next.value;
    }
    this.events.push(event);
    return event;
  }

  private finish(actor: Actor, running: Running, result: ProgramResult, event: StepEvent): void {
    const rt = this.runtime;
    if (result.error !== undefined) {
      this.stats.failedRequests++;
      this.results.push({ ...result, actor: actor.name });
    } else if (result.kind === 'read') {
      this.stats.reads++;
      if (result.isHit) this.stats.hits++;
      else this.stats.misses++;
      const verdict = rt.judgeRead(result.id, result.version, running.startedMs);
      if (verdict.isStale) this.stats.staleReads++;
      event.isStaleRead = verdict.isStale;
      event.verdict = verdict;
      this.results.push({
        ...result,
        row: result.row,
        version: result.version,
        actor: actor.name,
        verdict,
      });
    } else {
      this.stats.writes++;
      if (result.isInvalidationLost) this.stats.lostInvalidations++;
      this.results.push({ ...result, actor: actor.name });
    }
    actor.running = null;
    this.startNext(actor);
  }

  private noteChangedCells(id: number, columns: string[]): void {
    this.changedCells[id] = [...columns, 'version', 'updated_at'];
  }

  /** A plain-data picture of everything: safe to clone, post to another thread, or render. */
  async snapshot(): Promise<SimSnapshot> {
    const rt = this.runtime;
    const cache: CacheEntry[] = [];
    for (const { key } of rt.cache.trackedKeys().sort((a, b) => a.key.localeCompare(b.key))) {
      const { value, pttl, type } = await rt.cache.peek(key);
      if (value === null) continue;
      let version: number | null = null;
      let isStale = false;
      if (key.startsWith('user:') && type === 'string') {
        const id = Number(key.slice(5));
        this.touched.add(id);
        version = versionOf(value) || null;
        isStale =
          version !== null &&
          version !== rt.db.committedVersion(id) &&
          !value.startsWith('{"tombstone"');
      }
      cache.push({ key, value, type, ttlMs: pttl, version, isStale });
    }
    const ids = [...this.touched].filter((id) => id >= 1).sort((a, b) => a - b);
    const s = this.stats;
    return {
      step: this.events.length,
      clockMs: this.clockMs,
      config: this.config,
      isCacheUp: rt.cache.isUp,
      nextActor: this.nextActor(true)?.name ?? null,
      actors: this.actors.map((a) => ({
        name: a.name,
        task: a.running ? `${a.running.task.kind} ${cacheKey(a.running.task.id)}` : null,
        program: a.running?.task.kind ?? null,
        pending: a.running
          ? {
              label: a.running.pending.label,
              target: a.running.pending.target,
              command: describeCommand(a.running.pending),
            }
          : null,
        queued: a.queue.length,
        readyAtMs: a.readyAtMs,
      })),
      cache,
      db: safePeekRows(rt.db, ids),
      schemaProblems: rt.db.schemaProblems(),
      changedCells: structuredClone(this.changedCells),
      redisLog: rt.cache.log.map((e) => ({ ...e, argv: [...e.argv] })),
      sqlLog: rt.db.log.map((e) => ({ ...e })),
      events: this.events.map((e) => ({ ...e })),
      stats: {
        ...s,
        hitRate: s.reads === 0 ? 0 : s.hits / s.reads,
        dbReads: rt.db.reads,
        dbWrites: rt.db.writes,
        cacheErrors: rt.cache.errors,
        evictions: rt.cache.evictions,
      },
      results: this.results.map((r) => structuredClone(r)),
    };
  }
}

/** How a request ends when the database refused its statement: failed, with the error. */
function failedResult(task: Task, error: string): ProgramResult {
  const key = cacheKey(task.id);
  return task.kind === 'read'
    ? {
        kind: 'read',
        key,
        id: task.id,
        row: null,
        version: 0,
        isHit: false,
        hadCacheError: false,
        filledVersion: null,
        error,
      }
    : {
        kind: 'write',
        key,
        id: task.id,
        row: null,
        isInvalidationLost: false,
        hadCacheError: false,
        error,
      };
}

/** The rows in play, or none while the console has the users table dropped or reshaped. */
function safePeekRows(db: Database, ids: readonly number[]): UserRow[] {
  try {
    return db.peekRows(ids);
  } catch {
    return [];
  }
}
