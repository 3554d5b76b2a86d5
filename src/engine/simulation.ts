import type { SqlJsStatic } from 'sql.js';
import type { ConnectionFactory } from './cache';
import { VirtualClock } from './clock';
import { cacheKey } from './programs/steps';
import type { Step } from './programs/types';
import { describeCommand } from './describe';
import type { ProgramOverrides } from './programs/learner';
import { createMockRedisServer, dropMockRedisServer, type MockRedisClient } from './redisMock';
import { Rng } from './rng';
import { Runtime } from './runtime';
import { BACKGROUND_ACTORS, dueAt, taskText, type IdleStep } from './simActor';
import type { RequestQueued, SimAction, WritesWaitingOnUp } from './simAction';
import { DEFAULT_SIM_CONFIG, type SimConfig, type SimCreateConfig } from './simConfig';
import type { SimSnapshot } from './simSnapshot';
import { checkWriteBehindQueue, stepActor } from './stepActor';
import { startNext } from './simRequests';
import { idleStepOf, jobOfActor, nextActor, nextStartMs } from './simScheduler';
import {
  checkpointOf,
  isBetweenPrograms,
  restoreCheckpoint,
  type SimCheckpoint,
} from './simCheckpoint';
import { namedScriptOf } from './stepEventFields';
import {
  actorNamed,
  copiesOf,
  newSimState,
  touch,
  writesRunningOn,
  type SimState,
} from './simState';
import type { StepEvent } from './stepEvent';
import { restartCache } from './queueLoss';
import { applyRedisLine, applyResetDatabase, applySqlLine } from './simConsole';

/** Most steps a `finishActor` takes (a read under any mitigation takes far fewer). */
const FINISH_STEP_LIMIT = 50;

/**
 * An interactive simulation: actors run the cache-aside programs one step at a time, as the
 * learner, a scenario script, or a test chooses. Deterministic: same config and actions, same
 * run, step for step.
 */
export class Simulation {
  readonly config: SimConfig;
  readonly runtime: Runtime;
  private readonly s: SimState;

  /** The in-memory Redis this simulation made for itself (dropped by {@link close}). */
  private ownKeyspace: (() => MockRedisClient) | null = null;

  private constructor(
    SQL: SqlJsStatic,
    config: SimConfig,
    connect: ConnectionFactory,
    programs: ProgramOverrides | undefined,
  ) {
    this.config = config;
    const clock = new VirtualClock();
    this.runtime = new Runtime(SQL, clock, new Rng(config.seed), connect, config, {
      settings: config.settings,
      rows: config.rows,
      ...(programs ? { programs } : {}),
    });
    this.runtime.numberTokensAfter(config.tokensAfter);
    this.s = newSimState(config, this.runtime);
    this.runtime.cache.trackChanges();
    // Its consoles may write copies the database never held.
    this.runtime.judgesCopies = true;
    this.runtime.writesRunning = (id) => writesRunningOn(this.s, id);
  }

  /**
   * A new simulation on a fresh keyspace and a freshly seeded database. `programs` (not part of
   * the config, which stays plain data) replaces the read or write path: a learner's own code.
   */
  static create(
    SQL: SqlJsStatic,
    config: SimCreateConfig = {},
    connect?: ConnectionFactory,
  ): Simulation {
    const { programs, ...rest } = config;
    const full = {
      ...DEFAULT_SIM_CONFIG,
      ...rest,
      settings: { ...DEFAULT_SIM_CONFIG.settings, ...rest.settings },
    };
    if (full.actors.length === 0) throw new RangeError('a simulation needs at least one actor');
    const own = connect ? null : createMockRedisServer();
    const sim = new Simulation(SQL, full, connect ?? (own as ConnectionFactory), programs);
    sim.ownKeyspace = own;
    return sim;
  }

  /**
   * The whole state as data, or null while a program runs (a program is a generator, which
   * cannot be copied) or with a Redis other than the in-memory one. {@link restore} builds the
   * same simulation from it: Back replays from the nearest checkpoint instead of from the seed.
   */
  checkpoint(): SimCheckpoint | null {
    return checkpointOf(this.s);
  }

  /** No program runs and none is queued: where a {@link checkpoint} can be taken. */
  get isBetweenPrograms(): boolean {
    return isBetweenPrograms(this.s);
  }

  /**
   * A new simulation in the state a {@link checkpoint} saved (the checkpoint stays usable), on
   * a fresh keyspace of its own or on `connect`'s (empty, as {@link create}'s).
   */
  static restore(
    SQL: SqlJsStatic,
    config: SimCreateConfig,
    cp: SimCheckpoint,
    connect?: ConnectionFactory,
  ): Simulation {
    const sim = Simulation.create(SQL, config, connect);
    restoreCheckpoint(sim.s, cp);
    return sim;
  }

  /**
   * Frees the SQLite database, closes the Redis connections and empties the in-memory Redis
   * this simulation made; it is unusable after.
   */
  async close(): Promise<void> {
    // A request left part way (Back rebuilt the run) ends here: a learner's program ends its
    // run in the sandbox, which frees what the run held and stops counting it as in flight.
    for (const actor of this.s.actors) {
      const running = actor.running;
      actor.running = null;
      try {
        running?.program.return(undefined as never);
      } catch {
        // A program that throws as it ends has ended all the same.
      }
    }
    this.runtime.close();
    if (this.ownKeyspace) await dropMockRedisServer(this.ownKeyspace);
    this.ownKeyspace = null;
  }

  /** Rebuilds a simulation from its config and actions (how Back and shared links work). */
  static async replay(
    SQL: SqlJsStatic,
    config: SimCreateConfig,
    actions: readonly SimAction[],
  ): Promise<Simulation> {
    const sim = Simulation.create(SQL, config);
    for (const action of actions) await sim.dispatch(action);
    return sim;
  }

  get clockMs(): number {
    return this.runtime.clock.nowMs;
  }

  /** Requests that ended failed so far: a statement the database refused, a program that threw. */
  get failedRequestCount(): number {
    return this.s.failedRequests;
  }

  /** Each finished request's result so far, in order (the snapshot's `results`, not copied). */
  get requestResults(): readonly SimSnapshot['results'][number][] {
    return this.s.results;
  }

  /** Commands sent so far: program steps and console commands. */
  get commandCount(): number {
    return this.s.events.length;
  }

  /** The actions applied so far, in order. */
  get actions(): readonly SimAction[] {
    return this.s.actionLog;
  }

  /** Every command sent so far, in order (the trace). */
  get trace(): readonly StepEvent[] {
    return this.s.events;
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
      const next = nextStartMs(this.s);
      if (next > untilMs) break;
      const event = await this.step();
      if (!event) break;
      taken.push(event);
    }
    return taken;
  }

  /** Applies one action. Resolves to its result (a step event, a console reply ...). */
  async dispatch(action: SimAction): Promise<unknown> {
    const result = await this.apply(action);
    this.s.actionLog.push(action);
    return result;
  }

  private async apply(action: SimAction): Promise<unknown> {
    const rt = this.runtime;
    switch (action.type) {
      case 'read':
      case 'write': {
        const actor = actorNamed(this.s, action.actor);
        if (!Number.isInteger(action.id) || action.id < 1)
          throw new RangeError(`user id must be a positive integer, got ${action.id}`);
        // An actor runs one request at a time: one still running (or waiting) holds this back.
        const isQueued = actor.running !== null || actor.queue.length > 0;
        actor.queue.push(
          action.type === 'read'
            ? { kind: 'read', id: action.id }
            : { kind: 'write', id: action.id, changes: action.changes },
        );
        touch(this.s, action.id);
        startNext(this.s, actor);
        return { isQueued } satisfies RequestQueued;
      }
      case 'stepActor': {
        // A process of the cache layer or the change consumer that never started has no step.
        const isBackground = BACKGROUND_ACTORS.includes(action.actor);
        if (isBackground && !this.s.actors.some((a) => a.name === action.actor)) return null;
        return stepActor(this.s, actorNamed(this.s, action.actor));
      }
      case 'finishActor': {
        // However many steps the settings make it take (a fill refused, then a new lease ...);
        // bounded, since a reader waiting for a lock nobody steps would never finish. A process of
        // the cache layer this run never started (no flusher under write-through) has nothing to
        // finish, as it has no step.
        if (
          BACKGROUND_ACTORS.includes(action.actor) &&
          !this.s.actors.some((a) => a.name === action.actor)
        )
          return [];
        const actor = actorNamed(this.s, action.actor);
        const events: StepEvent[] = [];
        for (let i = 0; i < FINISH_STEP_LIMIT && actor.running; i++) {
          const e = await stepActor(this.s, actor);
          if (e) events.push(e);
        }
        return events;
      }
      case 'stepActorUntil': {
        const actor = actorNamed(this.s, action.actor);
        const request = actor.running;
        const events: StepEvent[] = [];
        // Within this request only: a queued one the actor starts next is not stepped.
        for (let i = 0; i < FINISH_STEP_LIMIT && request && actor.running === request; i++) {
          const e = await stepActor(this.s, actor);
          if (e) events.push(e);
          if (e?.command.split(' ', 1)[0] === action.command) break;
        }
        return events;
      }
      case 'step': {
        const next = nextActor(this.s);
        return next ? stepActor(this.s, next) : null;
      }
      case 'advanceClock':
        rt.clock.advance(action.ms);
        // A queue given a TTL in the console expires as the clock passes it: its writes are
        // lost now, as at a DEL of it, not when the flusher's next LPOP finds it gone.
        await checkWriteBehindQueue(this.s);
        return null;
      case 'setCacheAvailable': {
        const wasUp = rt.cache.isUp;
        rt.cache.setAvailable(action.isUp);
        // Back up with write-behind writes queued: whether a flusher is still there to take them.
        const waiting = rt.ledger.pendingWrites;
        if (!action.isUp || wasUp || this.config.pattern !== 'write-behind' || waiting === 0)
          return null;
        const isFlusherRunning = this.s.actors.some(
          (a) => a.running !== null && jobOfActor(a.name) === 'flush',
        );
        return { writesWaiting: waiting, isFlusherRunning } satisfies WritesWaitingOnUp;
      }
      case 'restartCache': {
        // The queued writes the restart took with it: the narration tells them (Writes lost).
        const lostWrites = await restartCache(rt);
        return lostWrites > 0 ? { lostWrites } : null;
      }
      case 'redis':
        return applyRedisLine(this.s, action);
      case 'resetDatabase':
        return applyResetDatabase(this.s, action);
      case 'sql':
        return applySqlLine(this.s, action);
    }
  }

  /** The next step each actor would take (null: idle). */
  pendingStep(name: string): Step | null {
    return actorNamed(this.s, name).running?.pending ?? null;
  }

  /**
   * Why a Step of `name` would send no command now (it has no program running): whether it is a
   * process of the cache layer this run's settings have, whether it ever started, and what it
   * waits for. Null when it has a step to take.
   */
  idleStep(name: string): IdleStep | null {
    return idleStepOf(this.s, name);
  }

  /** Actors with a step ready, in actor order. */
  readyActors(): string[] {
    return this.s.actors.filter((a) => a.running !== null).map((a) => a.name);
  }

  /** A plain-data picture of everything: safe to clone, post to another thread, or render. */
  async snapshot(): Promise<SimSnapshot> {
    const rt = this.runtime;
    // Only what changed since the last snapshot is read back (see snapshotView.ts).
    const changedRows = this.s.changedRows;
    this.s.changedRows = new Set();
    const cache = await this.s.cacheView.update(
      rt.cache,
      rt.db,
      this.clockMs,
      changedRows,
      (id) => touch(this.s, id),
      rt.config.pattern,
      (id) => rt.ledger.hasPendingWrite(id, cacheKey(id)),
      (id) => this.s.rowView.current(id, changedRows),
      (id) => writesRunningOn(this.s, id),
    );
    const added = this.s.addedIds;
    this.s.addedIds = new Set();
    const db = this.s.rowView.update(rt.db, this.s.touched, added, changedRows);
    const s = rt.counts;
    return {
      commands: this.s.events.length,
      clockMs: this.clockMs,
      config: this.config,
      isCacheUp: rt.cache.isUp,
      nextActor: nextActor(this.s, true)?.name ?? null,
      actors: this.s.actors.map((a) => ({
        name: a.name,
        task: a.running ? taskText(a.running.task) : null,
        program: a.running?.task.kind ?? null,
        pending: a.running
          ? {
              label: a.running.pending.label,
              target: a.running.pending.target,
              command: describeCommand(a.running.pending),
              ...namedScriptOf(a.running.pending),
            }
          : null,
        queued: a.queue.length,
        readyAtMs: a.readyAtMs,
        dueAtMs: a.running ? dueAt(a) : a.readyAtMs,
      })),
      cache,
      db,
      dbRowCount: rt.db.rowCount(),
      dbRowsPastSafeIds: rt.db.rowsPastSafeIds(),
      rowsTouched: this.s.touched.size,
      schemaProblems: rt.db.schemaProblems(),
      // The column lists are replaced, never changed in place: a shallow copy shares them.
      changedCells: { ...this.s.changedCells },
      redisLog: rt.cache.log.map((e) => ({ ...e, argv: [...e.argv] })),
      sqlLog: rt.db.log.map((e) => ({ ...e })),
      events: copiesOf(this.s.events, this.s.eventCopies, (e) => ({ ...e })),
      stats: {
        ...s,
        hitRate: s.hits + s.misses === 0 ? null : s.hits / (s.hits + s.misses),
        dbReads: rt.db.reads,
        dbWrites: rt.db.writes,
        cacheErrors: rt.cache.errors - this.s.consoleCacheErrors,
        evictions: rt.cache.evictions,
        failedRequests: this.s.failedRequests,
        flushedWrites: rt.ledger.flushedWrites,
        pendingWrites: rt.ledger.pendingWrites,
        lostWrites: rt.ledger.lostWrites,
        writtenAroundWrites: rt.ledger.writtenAroundWrites,
        refreshes: rt.ledger.refreshes,
        ...(rt.config.pattern === 'write-behind'
          ? { consistency: rt.consistency.summary(this.clockMs) }
          : {}),
      },
      results: copiesOf(this.s.results, this.s.resultCopies, (r) => structuredClone(r)),
    };
  }
}
