import type { LostWrite } from './patternLedger';
import type { SqlJsStatic } from 'sql.js';
import type { ConnectionFactory } from './cache';
import { isSameKeyState } from './keyspacePeek';
import { VirtualClock } from './clock';
import { storerOf } from './commandLog';
import { RESET_DATABASE_STATEMENT, ROW_MISSING_COLUMNS, type UserRow } from './database';
import { cacheKey, userIdOfKey } from './programs/steps';
import { jobOf } from './programs/patterns';

/** Most steps a `finishActor` takes (a read under any mitigation takes far fewer). */
const FINISH_STEP_LIMIT = 50;
import type { ProgramResult, Step } from './programs/types';
import { describeCommand, describeReply, quoteArg, sliceShown, unseenEscaped } from './describe';
import type { ProgramOverrides } from './programs/learner';
import { createMockRedisServer, dropMockRedisServer, type MockRedisClient } from './redisMock';
import { Rng } from './rng';
import { REPLY_PER_CHANNEL_COMMANDS } from './redisValidation';
import { FILL_IF_NEWER, INVALIDATE_IF_OLDER, isTombstone } from './programs/readVersionedFill';
import { REFRESH_IF_CURRENT } from './programs/refreshAhead';
import { Runtime, type Task } from './runtime';
import {
  BACKGROUND_ACTORS,
  dueAt,
  taskText,
  type Actor,
  type BackgroundTask,
  type IdleStep,
} from './simActor';
import type { ConsoleRedisResult, RequestQueued, SimAction, WritesWaitingOnUp } from './simAction';
import { DEFAULT_SIM_CONFIG, type SimConfig, type SimCreateConfig } from './simConfig';
import type { SimSnapshot } from './simSnapshot';
import { finishRequest, startBackgroundJobs, startNext } from './simRequests';
import { idleStepOf, jobOfActor, nextActor, nextStartMs } from './simScheduler';
import {
  checkpointOf,
  isBetweenPrograms,
  restoreCheckpoint,
  type SimCheckpoint,
} from './simCheckpoint';
import {
  behindQueueField,
  copyBeforeWriteOf,
  copyLeftBy,
  corruptTakenOf,
  deletedLockField,
  evictedBy,
  execFieldsOf,
  holdGoneOf,
  isRefreshCheck,
  keptEntryOf,
  leaseLeftOf,
  namedScriptOf,
  olderCopyOf,
  otherFieldsOf,
  plainLockDelKey,
  redisKeyOf,
  refreshRefusalField,
  refreshShareMs,
  versionedKeyFoundAt,
} from './stepEventFields';
import {
  actorNamed,
  copiesOf,
  newSimState,
  rowWritten,
  touch,
  writesRunningOn,
  type SimState,
} from './simState';
import {
  cachedJsonOf,
  describeRedisValue,
  EXEC_RAN_SHOWN,
  rowVersionOf,
  type StepEvent,
  TTL_COMMANDS,
} from './stepEvent';
import { newOutcome } from './stepOutcome';
import {
  deletedEntryOf,
  keyChangingReadKey,
  keyLeftByReadOf,
  removedUserKey,
} from './deletedEntry';
import { upperName } from './redisCommandNames';
import { mayTouchQueue, takesFromTail } from './queueTouch';
import {
  closedTransactionText,
  droppedTransactionText,
  EXEC_REPLY_HINT,
  execReplyText,
  lostWritesNamed,
  queueExpiredText,
  withSentence,
} from './stepNotes';

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
        return this.stepActor(actorNamed(this.s, action.actor));
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
          const e = await this.stepActor(actor);
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
          const e = await this.stepActor(actor);
          if (e) events.push(e);
          if (e?.command.split(' ', 1)[0] === action.command) break;
        }
        return events;
      }
      case 'step': {
        const next = nextActor(this.s);
        return next ? this.stepActor(next) : null;
      }
      case 'advanceClock':
        rt.clock.advance(action.ms);
        // A queue given a TTL in the console expires as the clock passes it: its writes are
        // lost now, as at a DEL of it, not when the flusher's next LPOP finds it gone.
        await this.checkWriteBehindQueue();
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
        const lostWrites = await rt.restartCache();
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
          if (hasChanged) lost = await this.checkWriteBehindQueue(takesFromTail(action.argv));
          // What the keys hold now, for the consistency figures (a copy deleted, one set by hand).
          if (changed !== null) rt.consoleChanged(changed);
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
          result = { error: e instanceof Error ? e.message : String(e) };
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
        const queueExpiry = rt.queueExpired();
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
          const queueExpiry = rt.queueExpired();
          // Under CDC the change log has them too: the consumer invalidates another process's writes.
          if (ids.length > 0) {
            rt.changesCommitted(ids);
            startBackgroundJobs(this.s);
          }
          const reply =
            res.columns.length === 0 && res.hasChanged
              ? `${res.changes} row${res.changes === 1 ? '' : 's'} changed`
              : `${res.rows.length} row${res.rows.length === 1 ? '' : 's'}`;
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
          const error = e instanceof Error ? e.message : String(e);
          this.noteConsoleCommand(action.actor, 'db', action.sql, { error }, startMs);
          return { error };
        }
      }
    }
  }

  /**
   * Reads the write-behind queue's entries without a command, when the ledger holds writes
   * queued: the writes whose entries a console command or an eviction removed are lost now (each
   * known by its entry: an RPOP takes the newer one and leaves the older; of equal entries,
   * `isFromTail` says which end went), so Pending writes, Writes lost and the consistency figures
   * say so at once, not at the flusher's next LPOP. Returns the writes lost.
   */
  private async checkWriteBehindQueue(isFromTail = false): Promise<LostWrite[]> {
    return this.runtime.queueChecked(isFromTail);
  }

  /**
   * The console line just noted moved the clock (a write takes the database's write latency)
   * past the write-behind queue's expiry: its event counts and tells the writes lost with it.
   */
  private noteQueueExpiry(expiry: ReturnType<Runtime['queueExpired']>): void {
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

  /**
   * Who holds the lock or lease (`key`) a reader waits on, as its wait begins: another reader
   * whose request under way took it (its token), nobody (the key is gone), or someone else (a
   * token no read under way holds: set in the console, or left by a read that ended without
   * releasing it), and who set that token by the command log.
   */
  private async retryHolderOf(key: string, waiting: Actor): Promise<StepEvent['retryHolder']> {
    const { value } = await this.runtime.cache.peek(key);
    if (value === null) return { isFree: true };
    const reader = this.s.actors.find(
      (a) => a !== waiting && a.running?.task.kind === 'read' && a.running.lockToken === value,
    );
    if (reader !== undefined) return { actor: reader.name, token: value };
    const setBy = storerOf(this.runtime.cache.log, key, value);
    const expiresAtMs = this.runtime.cache.held(key)?.expiresAtMs ?? Infinity;
    return {
      token: value,
      ...(setBy === undefined ? {} : { setBy }),
      ...(Number.isFinite(expiresAtMs)
        ? { ttlLeftMs: Math.max(0, expiresAtMs - this.clockMs) }
        : {}),
    };
  }

  private async stepActor(actor: Actor): Promise<StepEvent | null> {
    const running = actor.running;
    if (!running) return null;
    const rt = this.runtime;
    const step = running.pending;
    const { effectMs, totalMs } = running.timing;
    const isTimed = this.config.scheduler === 'timed';
    // Timed: the command goes out when the actor's last reply arrived and takes effect a drawn
    // time later; steps run in the order they take effect, so actors overlap as concurrent
    // processes do. Manual and scripted: it takes effect now, and the clock moves by its latency.
    // A timed step already overdue (its actor stepped out of turn, or the clock moved past it)
    // takes effect now, as if sent its effect time ago: its reply still takes the rest of its
    // round trip, so the request's later steps keep their latencies instead of all landing now.
    const sentMs = isTimed
      ? Math.max(actor.readyAtMs, Math.round((this.clockMs - effectMs) * 1000) / 1000)
      : this.clockMs;
    // At its due time (`dueAt`), in whole microseconds as every timing is: the sum of two doubles
    // would put the clock at 2.4499999999999997 for 2.45.
    if (isTimed) rt.clock.advanceTo(Math.round((sentMs + effectMs) * 1000) / 1000);
    const tookEffectMs = this.clockMs;
    const outcome = newOutcome(running.task.kind === 'read');
    // Single-flight's lock and a lease are released only while they still hold the request's
    // token (RELEASE_IF_HELD). What the key holds is read first (a peek sends no command), so
    // a release that found the lock no longer its own can say whether another holder has it.
    const isRelease =
      step.target === 'redis' &&
      (step.label === 'unlock' || step.label === 'release') &&
      running.lockToken !== undefined;
    const lockHolder = isRelease
      ? (await rt.cache.peek(redisKeyOf(step.argv) ?? '')).value
      : undefined;
    // A plain DEL of a lock or lease (a learner's code) checks no token: what the key held
    // before it, and who set that, tell whose lock it removed.
    const lockKey = step.target === 'redis' ? plainLockDelKey(step.argv) : undefined;
    const lockBefore = lockKey !== undefined ? await rt.cache.peek(lockKey) : undefined;
    // A DEL of one user's key: what it held (a read of the keyspace, no command), so the
    // narration says what it removed. Read only for that command.
    const delKey = step.target === 'redis' ? removedUserKey(step.argv) : undefined;
    const delBefore = delKey !== undefined ? rt.cache.keyStates([delKey]).get(delKey) : undefined;
    // A GETDEL or GETEX may remove its key or change its TTL as it answers: the key before it
    // (a read of the keyspace, no command), so the narration says what it did besides.
    const readKey = step.target === 'redis' ? keyChangingReadKey(step.argv) : undefined;
    const readBefore = readKey !== undefined ? rt.cache.held(readKey) : undefined;
    // A versioned invalidation replaces, and a versioned fill refuses, by the version the script
    // reads in what its key holds: what that was (nothing, a tombstone, a copy, a value that is
    // no row) is read first.
    const isVersioned =
      step.target === 'redis' &&
      step.argv[0] === 'EVAL' &&
      (step.argv[1] === INVALIDATE_IF_OLDER || step.argv[1] === FILL_IF_NEWER);
    const keyFound = isVersioned ? await versionedKeyFoundAt(rt, step.argv) : undefined;
    const retryHolder =
      step.target === 'wait' && step.retries !== undefined
        ? await this.retryHolderOf(`${step.retries}:${cacheKey(running.task.id)}`, actor)
        : undefined;
    let dbError: string | undefined;
    const lostBefore = rt.ledger.lostWrites;
    const evictionsBefore = rt.cache.evictions;
    // An outage or restart since the actor's MULTI or WATCH dropped them: read before the step,
    // whose EXEC ends the record.
    const closedBefore =
      step.target === 'redis' ? rt.cache.closedTransaction(actor.name) : undefined;
    // Timed: the clock moved to this step's effect; the queue's TTL may have run out on the way.
    let queueExpiry = isTimed ? rt.queueExpired() : null;
    try {
      await rt.run(step, actor.name, outcome);
    } catch (e) {
      // The console broke the schema (dropped or reshaped the table): the statement fails with
      // the database's error, and the request ends there, failed, as the application's would.
      if (step.target !== 'db') throw e;
      dbError = e instanceof Error ? e.message : String(e);
    }
    // A command that evicted keys may have evicted the write-behind queue with its writes; one
    // that may remove or replace it (code of the learner's: DEL write-behind:queue, a script, an
    // EXEC that ran one, a RENAME over it) may have removed its entries, lost then as at a
    // console DEL.
    if (rt.cache.evictions > evictionsBefore) await this.checkWriteBehindQueue();
    else if (step.target === 'redis' && mayTouchQueue(step.argv, outcome.execQueue))
      await this.checkWriteBehindQueue(takesFromTail(step.argv, outcome.execQueue));
    if (isTimed) actor.readyAtMs = Math.round((sentMs + totalMs) * 1000) / 1000;
    else {
      rt.clock.advance(totalMs);
      actor.readyAtMs = this.clockMs;
      // The write-behind queue's TTL may run out during the step (the flusher's own wait of
      // a second, a reader's round trip): Redis removes it then, and its writes are lost now.
      queueExpiry = rt.queueExpired();
    }
    const key =
      step.target === 'redis'
        ? (redisKeyOf(step.argv) ?? '')
        : step.target === 'db'
          ? step.op === 'changes'
            ? 'changes'
            : cacheKey(step.id)
          : cacheKey(running.task.id);
    if (
      step.target === 'redis' &&
      (step.label === 'lock' || step.label === 'lease') &&
      outcome.reply === 'OK'
    )
      running.lockToken = step.argv[2];
    const lockHeldBy =
      isRelease && typeof lockHolder === 'string' && lockHolder !== running.lockToken
        ? lockHolder
        : undefined;
    if (step.target === 'db' && step.op === 'update') {
      rowWritten(this.s, step.id);
      // A trigger the console added may have written other users' rows too.
      for (const id of rt.db.alsoChanged) rowWritten(this.s, id);
    }
    if (step.target === 'db' && step.op === 'update' && outcome.reply)
      this.noteChangedCells(step.id, Object.keys(step.changes));
    const next =
      dbError !== undefined
        ? running.program.return(
            running.task.kind === 'background'
              ? { kind: 'background', job: running.task.job, id: running.task.id, rows: 0 }
              : failedResult(running.task, dbError),
          )
        : outcome.error
          ? running.program.throw(outcome.error)
          : running.program.next(outcome.reply);
    // A program that cannot use a reply (a corrupt cache entry) says why on its next step; the
    // note goes on the command that returned it and on the step taken because of it.
    const nextNote = next.done ? undefined : next.value.note;
    if (nextNote !== undefined && step.target === 'redis') {
      rt.noteUnusableReply(outcome, nextNote, outcome.error === undefined);
      // The GET answered a value the application could not use: for the application that read
      // was not served from the cache, so it is a miss, not a hit (Redis' INFO still counts a hit).
      if (outcome.isHit) rt.reclassifyAsMiss(outcome);
    }
    // An UPDATE answered with a row the application cannot use was committed all the same, and
    // the request ends at it: whatever it would have sent next (a DEL, a SET) never went out.
    const isCommittedUnusable =
      dbError?.startsWith(ROW_MISSING_COLUMNS) === true &&
      step.target === 'db' &&
      step.op === 'update';
    const note =
      dbError !== undefined
        ? isCommittedUnusable && step.target === 'db'
          ? `The database committed ${actor.name}'s UPDATE (user ${step.id} is now version ${rt.db.committedVersion(step.id)}) but answered it with a row the application cannot use: ${dbError}. So ${failedTaskText(actor.name, running.task)} failed and stopped there, sending nothing after the UPDATE${await copyLeftBy(rt, step.id)}. Reset database puts the seeded users table back.`
          : `${
              dbError.startsWith(ROW_MISSING_COLUMNS)
                ? `The database ran ${actor.name}'s SELECT (so DB reads counts it) but answered it with a row the application cannot use (${dbError}), so`
                : step.target === 'db' && step.op === 'update'
                  ? // A refused UPDATE changed nothing: the DB writes counter leaves it out.
                    `The database refused ${actor.name}'s UPDATE (${dbError}): it wrote nothing, and DB writes counts only the writes the database committed. So`
                  : step.target === 'db' && step.op === 'select'
                    ? // A refused SELECT read nothing: the DB reads counter leaves it out.
                      `The database refused ${actor.name}'s SELECT (${dbError}): it read nothing, and DB reads counts only the reads the database answered. So`
                    : `The database refused ${actor.name}'s statement (${dbError}), so`
            } ${failedTaskText(actor.name, running.task)} failed. Reset database puts the seeded users table back.`
        : // A command's own reply the program could not use comes first (the flusher's batch).
          (nextNote ??
          step.note ??
          // A learner's program that failed or was stopped says why on its last step.
          (next.done && next.value.kind !== 'background' && next.value.error !== undefined
            ? next.value.error
            : undefined));
    // The flusher's UPDATE moves the database past a copy the cache holds (one loaded or built
    // while the write was queued, its copy evicted): the flush does not touch the cache.
    const olderCopy =
      rt.config.pattern === 'write-behind' &&
      running.task.kind === 'background' &&
      step.target === 'db' &&
      step.op === 'update' &&
      outcome.reply
        ? await olderCopyOf(rt, step.id, (outcome.reply as UserRow).version)
        : {};
    const event: StepEvent = {
      index: this.s.events.length + 1,
      actor: actor.name,
      target: step.target,
      label: step.label,
      program: running.task.kind,
      key,
      command: describeCommand(step),
      ...(step.target === 'redis' ? { argCount: step.argv.length } : {}),
      ...namedScriptOf(step),
      // A status, as redis-cli shows it: the client hands the code the text 'QUEUED'.
      reply: outcome.isQueued
        ? 'QUEUED'
        : describeReply(step, outcome.reply, dbError ?? outcome.error?.message),
      ...(outcome.isQueued === true ? { isQueued: true as const } : {}),
      isError: dbError !== undefined || outcome.error !== undefined,
      ...(outcome.error !== undefined
        ? { isConnectionError: outcome.error.isConnectionError }
        : {}),
      startMs: sentMs,
      effectMs: tookEffectMs,
      endMs: isTimed ? actor.readyAtMs : this.clockMs,
      isHit: outcome.isHit,
      isMiss: outcome.isMiss,
      isTombstone:
        outcome.isMiss && typeof outcome.reply === 'string' && isTombstone(outcome.reply),
      ...(step.target === 'redis' && step.argv.some((arg, i) => i > 0 && isTombstone(arg))
        ? { sendsTombstone: true as const }
        : {}),
      rowVersion: rowVersionOf(step, outcome.reply),
      // A learner's EXEC: what it ran, keyed and versioned by the fill it made (after the above).
      ...(step.target === 'redis' && outcome.execQueue !== undefined && outcome.error === undefined
        ? {
            ...execFieldsOf(step, outcome.execQueue, outcome.reply, cacheKey(running.task.id)),
            ...(outcome.execWatched !== undefined && outcome.execWatched.length > 0
              ? { execWatched: [...outcome.execWatched].slice(0, EXEC_RAN_SHOWN) }
              : {}),
          }
        : {}),
      committedVersion: rt.db.committedVersion(running.task.id),
      ...(rt.db.deletedAtMs(running.task.id) !== undefined ? { isRowDeleted: true } : {}),
      isStaleFill: outcome.isStaleFill,
      ...(outcome.fillJudgedLater !== undefined
        ? { fillJudgedLater: outcome.fillJudgedLater }
        : {}),
      isFillRefused: outcome.isFillRefused,
      ...(outcome.isOverwrite ? { isOverwrite: true } : {}),
      isStaleRead: false,
      finishes: next.done === true,
      ...(step.target === 'wait' && step.ends !== undefined ? { ends: step.ends } : {}),
      ...(step.target === 'wait' && step.retries !== undefined ? { retries: step.retries } : {}),
      ...(retryHolder !== undefined ? { retryHolder } : {}),
      // A miss the cache layer loads (read-through's loader): the cache reads the database.
      ...(step.target === 'redis' &&
      outcome.isMiss &&
      !next.done &&
      next.value.target === 'db' &&
      next.value.via === 'cache'
        ? { isLoadedByCache: true as const }
        : {}),
      // The lost SET NX of a reader's last try: it reads the database next, and waits no more.
      ...(step.target === 'redis' && !next.done && next.value.label === GIVE_UP
        ? { givesUp: true as const }
        : {}),
      ...(note !== undefined ? { note } : {}),
      ...(next.done &&
      next.value.kind !== 'background' &&
      next.value.errorLabel !== undefined &&
      next.value.errorLabel !== step.label
        ? { endLabel: next.value.errorLabel }
        : {}),
      ...cachedJsonOf(step, outcome.reply, outcome.isHit),
      ...otherFieldsOf(rt.db, running.task.id, outcome.isHit, outcome.reply, rt.config.pattern),
      ...(step.via !== undefined ? { via: step.via } : {}),
      ...(rt.ledger.spawned.length > 0 ? { startedJob: rt.ledger.spawned[0].job } : {}),
      ...(isRefreshCheck(step) ? { refreshShareMs: refreshShareMs(rt.settings) } : {}),
      ...(lockHeldBy !== undefined ? { lockHeldBy } : {}),
      ...(outcome.reply === 0 ? holdGoneOf(rt, step, isRelease, running.lockToken) : {}),
      ...deletedLockField(rt.cache.log, lockKey, lockBefore, outcome.reply),
      ...(readKey !== undefined && readBefore !== undefined && typeof outcome.reply === 'string'
        ? keyLeftByReadOf(readBefore, rt.cache.held(readKey), tookEffectMs)
        : {}),
      ...(delKey !== undefined && delBefore !== undefined && outcome.reply === 1
        ? { deletedEntry: deletedEntryOf(delKey, delBefore) }
        : {}),
      ...evictedBy(rt, rt.cache.evictions - evictionsBefore),
      ...olderCopy,
      // A write's store or invalidation that failed, or the change-log consumer's invalidation:
      // what the cache still holds of the row.
      ...(step.target === 'redis' &&
      outcome.error !== undefined &&
      ((running.task.kind === 'write' &&
        (step.label === 'store' ||
          (rt.config.pattern !== 'write-behind' && rt.config.pattern !== 'write-through'))) ||
        (running.task.kind === 'background' && running.task.job === 'cdc'))
        ? { ...copyBeforeWriteOf(rt, key), ...leaseLeftOf(rt, step.argv) }
        : {}),
      ...(step.target === 'redis' &&
      step.argv[0] === 'EVAL' &&
      step.argv[1] === INVALIDATE_IF_OLDER &&
      outcome.reply === 0
        ? keptEntryOf(rt, key)
        : {}),
      ...(keyFound !== undefined ? { keyFound } : {}),
      // Only a batch the flusher skipped entries of (it notes why on its next step) is read again.
      ...(running.task.kind === 'background' &&
      running.task.job === 'flush' &&
      step.target === 'redis' &&
      step.argv[0] === 'LPOP' &&
      nextNote !== undefined
        ? corruptTakenOf(outcome.reply)
        : {}),
      ...(step.target === 'redis' &&
      step.argv[0] === 'EVAL' &&
      step.argv[1] === REFRESH_IF_CURRENT &&
      outcome.reply === 0
        ? refreshRefusalField(rt, key)
        : {}),
      ...(rt.config.pattern === 'write-behind' &&
      step.target === 'db' &&
      step.op === 'select' &&
      rt.ledger.hasQueuedWrite(step.id)
        ? behindQueueField(rt, step.id)
        : {}),
      ...(rt.ledger.lostWrites > lostBefore
        ? { lostWrites: rt.ledger.lostWrites - lostBefore }
        : {}),
      ...(next.done &&
      running.task.kind === 'background' &&
      running.task.job === 'flush' &&
      rt.ledger.pendingWrites > 0
        ? { writesLeftWaiting: rt.ledger.pendingWrites }
        : {}),
    };
    const closedText =
      closedBefore !== undefined && step.target === 'redis'
        ? closedTransactionText(actor.name, closedBefore, step.argv, outcome.error?.message)
        : undefined;
    if (closedText !== undefined) event.note = withSentence(event.note, closedText);
    if (queueExpiry !== null && queueExpiry.lost.length > 0)
      event.note = withSentence(
        event.note,
        // Timed: the clock moved to this step's effect before it ran, so the TTL ran out first.
        queueExpiredText(
          queueExpiry,
          isTimed ? 'the time before this step took effect' : undefined,
        ),
      );
    // The code failed on the replies of the EXEC it just sent, before sending anything else.
    if (
      step.target === 'redis' &&
      outcome.execQueue !== undefined &&
      outcome.error === undefined &&
      Array.isArray(outcome.reply) &&
      next.done &&
      next.value.kind !== 'background' &&
      next.value.error !== undefined &&
      / path failed: /.test(next.value.error)
    )
      event.note = withSentence(event.note, EXEC_REPLY_HINT);
    if (next.done) {
      const result = next.value;
      // The request's connection keeps no MULTI and no watch past it (the actor's next request
      // starts with neither): what it left open is dropped, and the step says so.
      const dropped = rt.cache.endTransaction(actor.name);
      if (dropped !== undefined) {
        const text = droppedTransactionText(actor.name, dropped);
        event.note = withSentence(event.note, text);
      }
      if (result.kind === 'background') {
        rt.ledger.ended(jobOf(result));
        actor.running = null;
      } else finishRequest(this.s, actor, running, result, event, outcome.servedVersion);
      event.isStaleFill = event.isStaleFill || outcome.isStaleFill;
    } else {
      running.pending = next.value;
      running.timing = rt.timing(next.value, { effectMs: 0, totalMs: 0 });
    }
    // A stale entry stored with no expiry stays until something removes it: no TTL ends it.
    if (event.isStaleFill && (await rt.cache.peek(cacheKey(running.task.id))).pttl === -1) {
      event.isStaleFillUntimed = true;
      // Nor does an eviction end it where Redis evicts nothing.
      if (this.config.maxKeys === 0) event.staleFillNeverEvicted = 'no key limit';
      else if (this.config.eviction === 'noeviction') event.staleFillNeverEvicted = 'noeviction';
    }
    if (event.isStaleFill) {
      const write = rt.writeOnCachedCopy;
      if (write === 'replaces' || write === 'leaves') event.staleFillWrite = write;
    }
    startBackgroundJobs(this.s);
    this.s.events.push(event);
    return event;
  }

  private noteChangedCells(id: number, columns: string[]): void {
    this.s.changedCells[id] = Object.freeze([...columns, 'version', 'updated_at']) as string[];
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

/** The label of the SELECT a lease or single-flight reader sends once its retries ran out. */
const GIVE_UP = 'give-up';

/**
 * What failed when the database refused a statement: "the write of user:1", or a background
 * job's own words ("flusher's job (flush the write-behind queue)"): a flush has no row of its own.
 */
function failedTaskText(actor: string, task: Task | BackgroundTask): string {
  return task.kind === 'background'
    ? `${actor}'s job (${taskText(task)})`
    : `the ${task.kind} of ${cacheKey(task.id)}`;
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
