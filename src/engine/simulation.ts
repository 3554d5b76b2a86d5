import type { LostWrite } from './patternLedger';
import type { SqlJsStatic } from 'sql.js';
import type { ConnectionFactory } from './cache';
import { isSameKeyState } from './keyspacePeek';
import { VirtualClock } from './clock';
import { ConsoleSqlRefusal } from './consoleSql';
import { RESET_DATABASE_STATEMENT } from './database';
import { cacheKey, userIdOfKey } from './programs/steps';
import type { Step } from './programs/types';
import { describeCommand, quoteArg, sliceShown, unseenEscaped } from './describe';
import type { ProgramOverrides } from './programs/learner';
import { createMockRedisServer, dropMockRedisServer, type MockRedisClient } from './redisMock';
import { Rng } from './rng';
import { REPLY_PER_CHANNEL_COMMANDS } from './redisCommandSpecs';
import { Runtime } from './runtime';
import { BACKGROUND_ACTORS, dueAt, taskText, type IdleStep } from './simActor';
import type { ConsoleRedisResult, RequestQueued, SimAction, WritesWaitingOnUp } from './simAction';
import { DEFAULT_SIM_CONFIG, type SimConfig, type SimCreateConfig } from './simConfig';
import type { SimSnapshot } from './simSnapshot';
import { checkWriteBehindQueue, stepActor } from './stepActor';
import { startBackgroundJobs, startNext } from './simRequests';
import { idleStepOf, jobOfActor, nextActor, nextStartMs } from './simScheduler';
import {
  checkpointOf,
  isBetweenPrograms,
  restoreCheckpoint,
  type SimCheckpoint,
} from './simCheckpoint';
import { deletedLockField, evictedBy, namedScriptOf, plainLockDelKey } from './stepEventFields';
import {
  actorNamed,
  copiesOf,
  newSimState,
  rowWritten,
  touch,
  writesRunningOn,
  type SimState,
} from './simState';
import { describeRedisValue, type StepEvent, TTL_COMMANDS } from './stepEvent';
import { upperName } from './redisCommandNames';
import { takesFromTail } from './queueTouch';
import { queueExpired, restartCache } from './queueLoss';
import { consoleChanged } from './consoleCopies';
import {
  closedTransactionText,
  execReplyText,
  lostWritesNamed,
  queueExpiredText,
  withSentence,
} from './stepNotes';
import { errorMessage } from './errorMessage';
import { sqlReplyText } from './sqlResult';

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
      case 'redis': {
        const startMs = this.clockMs;
        const errorsBefore = rt.cache.errors;
        const lostBefore = rt.ledger.lostWrites;
        let result: ConsoleRedisResult;
        const evictionsBefore = rt.cache.evictions;
        let told: Pick<
          StepEvent,
          'deletedLock' | 'evicted' | 'evictedUnflushed' | 'note' | 'otherChangedKeys' | 'ttlBefore'
        > = {};
        let lost: LostWrite[] = [];
        // An outage or restart since the console's MULTI or WATCH dropped them: read before the
        // line, whose EXEC or DISCARD ends the record, as a program's step reads its own.
        const closedBefore = rt.cache.closedTransaction(action.actor);
        try {
          // The keys a command may change are among its arguments (an EXEC's, among those of
          // the commands it runs): what they held before it.
          const isExec = upperName(action.argv[0] ?? '') === 'EXEC';
          const before = rt.cache.keyStates(
            isExec
              ? rt.cache.queued(action.actor).flatMap((queued) => queued.slice(1))
              : action.argv.slice(1),
          );
          // A lock or lease removed by hand: what it held, to say whose it was.
          const lockKey = plainLockDelKey(action.argv);
          const lockBefore = lockKey !== undefined ? await rt.cache.peek(lockKey) : undefined;
          // A TTL command's key: the TTL it had, so the narration says what the command changed.
          const ttlKey = TTL_COMMANDS.has(upperName(action.argv[0] ?? ''))
            ? action.argv[1]
            : undefined;
          const ttlHeld = ttlKey !== undefined ? rt.cache.held(ttlKey) : undefined;
          const reply = await rt.cache.execConsole(action.actor, action.argv);
          told = {
            ...(ttlHeld !== undefined
              ? {
                  ttlBefore:
                    ttlHeld.expiresAtMs === Infinity
                      ? null
                      : Math.max(0, ttlHeld.expiresAtMs - Math.floor(startMs)),
                }
              : {}),
            ...deletedLockField(rt.cache.log, lockKey, lockBefore, reply),
            ...evictedBy(rt, rt.cache.evictions - evictionsBefore),
          };
          const touched = rt.cache.takeTouched();
          // The keys it changed (null: it cannot say which; 'all': it flushed the keyspace).
          const changed =
            touched === null || touched === 'all'
              ? touched
              : touched.filter(
                  (key) =>
                    !before.has(key) ||
                    !isSameKeyState(rt.cache.keyStates([key]).get(key), before.get(key)),
                );
          const hasChanged = changed === null || changed === 'all' || changed.length > 0;
          await rt.cache.resync();
          if (hasChanged) lost = await checkWriteBehindQueue(this.s, takesFromTail(action.argv));
          // What the keys hold now, for the consistency figures (a copy deleted, one set by hand).
          if (changed !== null) consoleChanged(rt, changed);
          const key = action.argv[1];
          // At most 8: an MSET of 100,000 rows' keys would otherwise put each row in play.
          const rowKeys = Array.isArray(changed)
            ? changed.filter((k) => k !== key && userIdOfKey(k) > 0).slice(0, 8)
            : [];
          if (rowKeys.length > 0) told = { ...told, otherChangedKeys: rowKeys };
          // The rows it read or changed: RENAME's destination is in play as much as its source.
          for (const k of key === undefined ? rowKeys : [key, ...rowKeys]) {
            const id = userIdOfKey(k);
            if (id > 0) touch(this.s, id);
          }
          result = { reply, hasChanged };
        } catch (e) {
          result = { error: errorMessage(e) };
        }
        const closedText =
          closedBefore === undefined
            ? undefined
            : closedTransactionText(
                action.actor,
                closedBefore,
                action.argv,
                'error' in result ? result.error : undefined,
              );
        if (closedText !== undefined) told = { ...told, note: closedText };
        this.noteConsoleCommand(
          action.actor,
          'redis',
          action.argv,
          result,
          startMs,
          undefined,
          rt.ledger.lostWrites - lostBefore,
          told,
          lost,
        );
        this.s.consoleCacheErrors += rt.cache.errors - errorsBefore;
        return result;
      }
      case 'resetDatabase': {
        const startMs = this.clockMs;
        rowWritten(this.s, 'all');
        const changes = rt.db.resetToSeed(action.actor);
        if (changes > 0) rt.clock.advance(rt.db.options.writeLatencyMs);
        const queueExpiry = queueExpired(rt);
        // Drawn as the console's other lines are, in both diagrams, in the SQL log's words.
        this.noteConsoleCommand(
          action.actor,
          'db',
          RESET_DATABASE_STATEMENT,
          {
            reply: `${changes} row${changes === 1 ? '' : 's'} changed`,
          },
          startMs,
        );
        this.noteQueueExpiry(queueExpiry);
        if (changes > 0) {
          rt.changesCommitted([]);
          startBackgroundJobs(this.s);
        }
        return { changes };
      }
      case 'sql': {
        const startMs = this.clockMs;
        try {
          const res = rt.db.execute(action.actor, action.sql);
          // A line that changed more than rows (a schema, a rename) has every row reread.
          if (res.hasChanged) rowWritten(this.s, 'all');
          if (res.columns[0] === 'id')
            for (const row of res.rows) if (typeof row[0] === 'number') touch(this.s, row[0]);
          for (const [id, cols] of Object.entries(res.changedCells)) {
            touch(this.s, Number(id));
            rowWritten(this.s, Number(id));
            this.s.changedCells[Number(id)] = Object.freeze([...cols]) as string[];
          }
          const ids = Object.keys(res.changedCells).map(Number);
          // Another process's write takes the database's write latency, like the application's:
          // a read that starts after it is judged against the new version.
          if (res.changes > 0 || ids.length > 0) rt.clock.advance(rt.config.dbWriteLatency);
          const queueExpiry = queueExpired(rt);
          // Under CDC the change log has them too: the consumer invalidates another process's writes.
          if (ids.length > 0) {
            rt.changesCommitted(ids);
            startBackgroundJobs(this.s);
          }
          const reply = sqlReplyText(res);
          const reused = res.versionsReused.map(([id, v]) => `user ${id} at version ${v}`);
          this.noteConsoleCommand(action.actor, 'db', action.sql, { reply }, startMs, ids[0], 0, {
            ...(reused.length > 0
              ? {
                  note: `This line left ${reused.length > 3 ? `${reused.slice(0, 3).join(', ')} and ${reused.length - 3} more rows` : reused.join(', ')} again, with other contents than that version had: a copy of the earlier version ${reused.length === 1 ? res.versionsReused[0][1] : 'of each'} is judged by its fields, so one whose fields are not the row's is STALE.`,
                }
              : {}),
          });
          this.noteQueueExpiry(queueExpiry);
          return res;
        } catch (e) {
          const error = errorMessage(e);
          this.noteConsoleCommand(action.actor, 'db', action.sql, { error }, startMs);
          // Refused by the console before SQLite ran any of it (a COMMIT, a shell command ...).
          return e instanceof ConsoleSqlRefusal && e.isBeforeAnyStatement
            ? { error, isRefused: true }
            : { error };
        }
      }
    }
  }

  /**
   * The console line just noted moved the clock (a write takes the database's write latency)
   * past the write-behind queue's expiry: its event counts and tells the writes lost with it.
   */
  private noteQueueExpiry(expiry: ReturnType<typeof queueExpired>): void {
    const line = this.s.events.at(-1);
    if (expiry === null || expiry.lost.length === 0 || line === undefined) return;
    line.lostWrites = (line.lostWrites ?? 0) + expiry.lost.length;
    line.note = withSentence(line.note, queueExpiredText(expiry, 'this line'));
  }

  /** A console (or a scenario's "ops" process) sent a command: it is drawn like any other. */
  private noteConsoleCommand(
    actor: string,
    target: 'redis' | 'db',
    /** A Redis command's arguments, or an SQL statement. */
    sent: readonly string[] | string,
    result: { reply: unknown } | { error: string },
    startMs: number,
    rowId?: number,
    lostWrites = 0,
    told: Pick<
      StepEvent,
      'deletedLock' | 'evicted' | 'evictedUnflushed' | 'note' | 'otherChangedKeys' | 'ttlBefore'
    > = {},
    lostQueued: readonly LostWrite[] = [],
  ): void {
    const isError = 'error' in result;
    const lost = `${lostWrites} ${lostWrites === 1 ? 'write' : 'writes'}`;
    const named = lostWritesNamed(lostQueued, lostWrites);
    const key = typeof sent !== 'string' ? (sent[1] ?? '') : rowId ? cacheKey(rowId) : '';
    // As the narration writes a command: each argument quoted as a program step's is (a key with
    // a space, a NUL or a backslash reads as itself), a NUL or a direction mark shown.
    const command = typeof sent === 'string' ? unseenEscaped(sent) : sent.map(quoteArg).join(' ');
    const id = userIdOfKey(key);
    this.s.events.push({
      index: this.s.events.length + 1,
      actor,
      target,
      label: 'console',
      program: 'console',
      key,
      // Cut as the diagram cuts it: never inside an escape (`\x0…` would read as another byte).
      command: command.length > 120 ? sliceShown(command, 117) + '…' : command,
      ...(typeof sent === 'string' ? {} : { argCount: sent.length }),
      reply: isError
        ? `(error) ${result.error}`
        : target === 'redis'
          ? typeof sent !== 'string' &&
            REPLY_PER_CHANNEL_COMMANDS.has((sent[0] ?? '').toUpperCase()) &&
            Array.isArray(result.reply)
            ? // UNSUBSCRIBE a b: Redis sends a reply for each channel, not one of two items.
              `${result.reply.length} ${result.reply.length === 1 ? 'reply' : 'replies'}`
            : typeof sent !== 'string' && (sent[0] ?? '').toUpperCase() === 'EXEC'
              ? execReplyText(result.reply)
              : describeRedisValue(result.reply)
          : String(result.reply),
      isError,
      startMs,
      effectMs: startMs,
      endMs: this.clockMs,
      isHit: false,
      isMiss: false,
      isTombstone: false,
      rowVersion: target === 'db' && id > 0 ? this.runtime.db.committedVersion(id) : null,
      committedVersion: id > 0 ? this.runtime.db.committedVersion(id) : null,
      isStaleFill: false,
      isFillRefused: false,
      isStaleRead: false,
      finishes: true,
      ...told,
      ...(lostWrites > 0
        ? {
            lostWrites,
            note: `${told.note === undefined ? '' : `${told.note} `}The write-behind queue lost ${lost} the application had queued and acknowledged${named}: ${lostWrites === 1 ? 'it never reaches' : 'they never reach'} the database, and Writes lost counts ${lostWrites === 1 ? 'it' : 'them'}.`,
          }
        : {}),
    });
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
