import type { VirtualClock } from './clock';
import {
  type Availability,
  type CacheState,
  type ClosedTransaction,
  loadKeyspace,
  saveKeyspace,
} from './cacheState';
import { ChangedKeys } from './changedKeys';
import { ClientIds } from './clientIds';
import { sendScript } from './cacheScripts';
import { CommandLog, type CacheLogEntry } from './commandLog';
import { isKeyCreating, MAXMEMORY_SAMPLES, type EvictionPolicy } from './eviction';
import { KeyTracker, setExpiry } from './keyTracker';
import { scriptErrorMessage } from './luaBudget';
import { lookupRedis7Command, methodName, upperName } from './redisCommandNames';
import { runCommand, type CommandOutcome } from './redisCommands';
import {
  inRedisWords,
  inSandboxWords,
  scriptKeys,
  unixTimeReply,
  WRONGTYPE,
} from './redisCommandKit';
import { keysWrittenAnyway } from './redisTransactions';
import { transactionStep } from './consoleTransactionStep';
import { mockKeyspace, type RedisValue } from './redisKeyspace';
import type { Rng } from './rng';
import { versionOf } from './rowVersion';
import { VirtualTimeBinding } from './virtualTime';
import { connectionOf, type Sender } from './sender';
import { ScriptServer } from './scriptServer';
import { ServerStats } from './serverStats';
import { ServerView } from './serverView';
import { ConnectionTransactions, RUN_WHILE_QUEUING } from './connectionTransactions';
import { rowTextAt, type KeyState, type PeekType } from './keyspacePeek';
import { KeyspaceReader } from './keyspaceReader';
import { errorMessage } from './errorMessage';
import { CONNECTION_ERROR, isOomReply, OOM_ERROR, RedisCommandError } from './cacheErrors';

/** What the adapter needs of a Redis client: ioredis, ioredis-mock, or anything shaped like them. */
export interface RedisClientLike {
  [command: string]: unknown;
}

/** The commands the programs send most, called directly. */
interface CommonCommands {
  get(key: string): Promise<unknown>;
  set(key: string, value: string, option: string, arg: string): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

/** Creates one connection to the shared keyspace; called once per actor. */
export type ConnectionFactory = () => RedisClientLike;

export { EVICTION_POLICIES, type EvictionPolicy } from './eviction';

export interface CacheOptions {
  /** Round-trip latency of one command, in virtual ms (an assumption the user can edit). */
  roundTripMs: number;
  /** Most keys the cache may hold; 0 means unbounded. */
  maxKeys: number;
  eviction: EvictionPolicy;
  /** Keys sampled per eviction, like Redis' maxmemory-samples. */
  evictionSamples: number;
  /** Command log entries kept (oldest dropped first); 0 keeps none. */
  logLimit: number;
}

export const DEFAULT_CACHE_OPTIONS: CacheOptions = {
  roundTripMs: 0.3,
  maxKeys: 0,
  eviction: 'noeviction',
  evictionSamples: MAXMEMORY_SAMPLES,
  logLimit: 10_000,
};

/**
 * The cache adapter: one keyspace, one connection per actor, every command logged with its reply,
 * TTLs on virtual time, availability, and the `maxKeys` eviction that ioredis-mock lacks.
 *
 * It keeps its own index of keys (expiry, last access, LFU counter) beside the keyspace, updated
 * from each command it runs, because eviction must sample keys and Redis exposes no cheap way to
 * ask a client for that.
 */
export class Cache {
  readonly options: CacheOptions;
  private readonly clock: VirtualClock;
  private readonly connect: ConnectionFactory;
  private readonly time: VirtualTimeBinding;
  private readonly connections = new Map<string, RedisClientLike>();
  /** The id HELLO answers for each client's connection (the adapter's own takes none). */
  private readonly clientIds = new ClientIds();
  private availability: Availability = 'up';
  /** The keys the adapter knows of, kept in step with each command, and eviction over them. */
  private readonly keys: KeyTracker;
  private readonly commandLog: CommandLog;
  /** Counters since creation. */
  evictions = 0;
  errors = 0;
  /**
   * Of `errors`, the commands Redis refused for memory (see {@link isOomReply}): under
   * `noeviction` a SET past Max keys is refused, so the application reads on without keeping the
   * row's copy, which Redis being down does not tell apart.
   */
  oomRefusals = 0;
  commands = 0;
  /** Reads that found their key, and reads that did not (INFO's keyspace_hits/misses). */
  keyspaceHits = 0;
  keyspaceMisses = 0;
  /**
   * What the server itself counted since it started (INFO's uptime and counters), which a
   * restart sets back to zero: `commands` above counts what clients sent, a connection error
   * too, and `errors` the application's cache errors, a corrupt entry too.
   */
  private readonly serverStats = new ServerStats();
  /** The scripts' `math.random` and `cjson`, and what each connection's last script changed. */
  private readonly scripts = new ScriptServer();
  /** Keys the last console command may have changed, for the key index (null: none ran). */
  private consoleTouched: CommandOutcome['touched'] | null = null;
  /** The same, kept after the key index used it, for {@link takeTouched}. */
  private lastTouched: CommandOutcome['touched'] | null = null;
  /** Each connection's MULTI queue and watches, and those a closed connection dropped. */
  private readonly txs = new ConnectionTransactions();
  /**
   * The keys the last console command wrote though they hold what they held (a SET of the same
   * value), for the watches; null: the reply says (see `keysWrittenAnyway`).
   */
  private consoleWrote: string[] | null = null;
  /** The keys the script being recorded changed, for its log line (see `CacheLogEntry.changed`). */
  private scriptChanged: readonly string[] | undefined;
  /** Keys changed since {@link takeChanges} last ran (kept once {@link trackChanges} ran). */
  private readonly changes = new ChangedKeys();
  /** Reads keys without a command, on the adapter's own connection. */
  private readonly reader: KeyspaceReader;
  /** The server as the command layer sees it: a command's context, INFO, CONFIG RESETSTAT. */
  private readonly server: ServerView;

  constructor(
    clock: VirtualClock,
    rng: Rng,
    connect: ConnectionFactory,
    options: Partial<CacheOptions> = {},
  ) {
    this.clock = clock;
    this.connect = connect;
    this.options = { ...DEFAULT_CACHE_OPTIONS, ...options };
    this.time = new VirtualTimeBinding(clock);
    // One for every eviction's log entry: the options do not change while the cache lives.
    const evictedUnder = { policy: this.options.eviction, maxKeys: this.options.maxKeys };
    this.keys = new KeyTracker(clock, rng, this.time, this.options, this.changes, (key) => {
      this.evictions++;
      this.commandLog.recordServerEvent({ kind: 'eviction', key, under: evictedUnder });
      if (this.txs.open.size > 0) this.noteWatched([]);
    });
    this.commandLog = new CommandLog(clock, this.options.logLimit);
    this.reader = new KeyspaceReader(clock, this.time, () => this.connection('system'));
    this.server = new ServerView({
      clock,
      options: this.options,
      keys: this.keys,
      counters: this,
      serverStats: this.serverStats,
      clientIds: this.clientIds,
      connections: this.connections,
    });
  }

  get isUp(): boolean {
    return this.availability === 'up';
  }

  /** Whether a connection holds a MULTI queue or a WATCH, which an outage or restart drops. */
  get hasOpenTransactions(): boolean {
    return this.txs.open.size > 0;
  }

  /** Makes the server unreachable (commands reject with a connection error) or reachable again. */
  setAvailable(isUp: boolean): void {
    this.availability = isUp ? 'up' : 'down';
    // Down closes every connection (a command answers "Connection is closed."): the server drops
    // their MULTI queues and watches, and the connection made when it is back is a new one, with
    // a new id (the server kept running, so it counts on).
    if (!isUp) {
      this.txs.closeAll('outage', this.clock.nowMs);
      this.clientIds.clear();
    }
  }

  /** A restart: the server comes back empty (no persistence), reachable. */
  async restart(): Promise<void> {
    this.availability = 'up';
    // The new server starts empty: emptied here by the adapter's own FLUSHALL, which no client
    // sent, so it is logged as the restart it stands for, not as a command.
    await this.issue('system', ['FLUSHALL'], 'FLUSHALL');
    this.commandLog.recordServerEvent({ kind: 'restart' });
    this.keys.index.clear();
    this.keys.reaped.clear();
    this.keys.evictor.reset();
    // The restart closed every connection: their transactions and watches went with them, and
    // the new server numbers the clients that connect to it from its first id again.
    this.txs.closeAll('restart', this.clock.nowMs);
    this.clientIds.restart();
    this.changes.noteAll();
    this.keyspaceHits = 0;
    this.keyspaceMisses = 0;
    this.serverStats.restart(this.clock.nowMs, this.evictions);
    this.scripts.restart();
  }

  /**
   * Starts keeping the set of keys each command changes, for a caller that copies the keyspace
   * now and then and wants to copy only what changed (the sandbox's snapshots). The first
   * {@link takeChanges} reports every key.
   */
  trackChanges(): void {
    this.changes.start();
  }

  /**
   * The keys changed since the last call (`all`: any key may have), and starts a new set. Null
   * when {@link trackChanges} was never called.
   */
  takeChanges(): { all: boolean; keys: ReadonlySet<string> } | null {
    return this.changes.take();
  }

  /**
   * The changes {@link takeChanges} would report now, without taking them: a checkpoint saves
   * them beside the snapshot views, so a restore rereads only these keys (null: not tracked).
   */
  pendingChanges(): { all: boolean; keys: string[] } | null {
    return this.changes.pending();
  }

  /**
   * After {@link loadState}, when the caller restored its copy of the keyspace as it was at the
   * checkpoint: only the keys changed since that copy are reported, not every key.
   */
  restoreChanges(pending: { all: boolean; keys: readonly string[] }): void {
    this.changes.restore(pending);
  }

  /**
   * Everything this adapter and its in-memory server hold, as data (Back's checkpoints). Only
   * for ioredis-mock (null for any other client), and only between commands.
   */
  saveState(): CacheState | null {
    const system = this.connection('system');
    const keyspace = this.time.run(() => saveKeyspace(system));
    if (keyspace === null) return null;
    return {
      keyspace,
      index: this.keys.index.saveState(),
      evictor: this.keys.evictor.saveState(),
      availability: this.availability,
      reaped: [...this.keys.reaped],
      ...this.commandLog.saveState(),
      counters: [
        this.evictions,
        this.errors,
        this.commands,
        this.keyspaceHits,
        this.keyspaceMisses,
        this.oomRefusals,
      ],
      ...this.serverStats.saveState(),
      needsResync: this.needsResync,
      ...this.scripts.saveState(this.connections),
      ...this.txs.saveState(),
      ...this.clientIds.saveState(),
    };
  }

  /** Puts a {@link saveState} back, into a fresh adapter on an empty server. */
  loadState(state: CacheState): void {
    const system = this.connection('system');
    this.time.run(() => loadKeyspace(system, state.keyspace));
    this.keys.index.loadState(state.index);
    this.keys.evictor.loadState(state.evictor);
    this.availability = state.availability;
    this.keys.reaped.clear();
    for (const key of state.reaped) this.keys.reaped.add(key);
    this.commandLog.loadState(state);
    [
      this.evictions,
      this.errors,
      this.commands,
      this.keyspaceHits,
      this.keyspaceMisses,
      this.oomRefusals,
    ] = state.counters;
    this.serverStats.loadState(state);
    this.needsResync = state.needsResync;
    this.scripts.loadState(state, (actor) => this.connection(actor));
    this.txs.loadState(state);
    // After the connections made above, which took ids of their own in another order.
    this.clientIds.loadState(state);
    this.changes.noteAll();
  }

  /** The expiry the adapter knows for `key` (Infinity: none), or undefined when not tracked. */
  trackedExpiry(key: string): number | undefined {
    return this.keys.index.get(key)?.expiresAt;
  }

  /** Closes every connection this adapter opened (the server and its data are left alone). */
  disconnect(): void {
    for (const conn of this.connections.values())
      if (typeof conn.disconnect === 'function') conn.disconnect();
    this.connections.clear();
  }

  /** The command log, oldest first (bounded by `logLimit`). */
  get log(): readonly CacheLogEntry[] {
    return this.commandLog.entries;
  }

  /** Latency of one command in virtual ms. */
  latencyMs(): number {
    return this.options.roundTripMs;
  }

  /**
   * Runs one command as `actor` and resolves to its reply, or rejects with a
   * {@link RedisCommandError} (connection down, OOM, or the server's own error).
   */
  exec(actor: Sender, argv: readonly string[], scriptFrom?: 'code'): Promise<unknown> {
    return this.run(actor, argv, true, false, scriptFrom);
  }

  /**
   * Runs a console line's command through the sandbox's command layer (`redisCommands.ts`),
   * which answers as Redis 7 does where ioredis-mock would not, on the same keyspace. Resolves
   * to a typed reply (see `typedReply`) or rejects like {@link exec}. With a client that is not
   * the mock (a real Redis), the server answers for itself. A command a learner's code sent
   * (`from` 'code') is refused in words about the sandbox: the code typed in no console.
   */
  execConsole(
    actor: Sender,
    argv: readonly string[],
    from: 'console' | 'code' = 'console',
  ): Promise<unknown> {
    return this.run(actor, argv, true, from);
  }

  /**
   * The MULTI or watches of `actor`'s connection that an outage or a restart closed, and not
   * opened again since (undefined: none).
   */
  closedTransaction(actor: string): ClosedTransaction | undefined {
    return this.txs.closed.get(actor);
  }

  /**
   * QUIT typed at the console (after a count, which redis-cli sends): Redis answers OK, in MULTI
   * too, and closes the connection, and with it the MULTI and the watches, which are kept to say
   * so; the console's next line goes out on a new connection, as redis-cli's after it reconnects.
   */
  private quit(actor: string): { status: 'OK' } {
    this.txs.quit(actor, this.clock.nowMs);
    this.clientIds.delete(actor);
    this.consoleTouched = [];
    return { status: 'OK' };
  }

  /** Whether `actor`'s connection is in MULTI: its commands are queued, not run. */
  isQueuing(actor: string): boolean {
    return this.txs.isQueuing(actor);
  }

  /** The commands `actor`'s connection queued since MULTI (empty outside MULTI). */
  queued(actor: string): readonly (readonly string[])[] {
    return this.txs.queued(actor);
  }

  /** The keys `actor`'s connection watches (empty: none). */
  watchedKeys(actor: string): string[] {
    return this.txs.watchedKeys(actor);
  }

  /** Whether `argv`, sent now on `actor`'s connection, would be queued (it is in MULTI) rather than run. */
  wouldQueue(actor: string, argv: readonly string[]): boolean {
    return this.txs.wouldQueue(actor, argv);
  }

  /**
   * A sandbox actor's request ended (returned, failed or was stopped): the MULTI it left open
   * and the keys it watched end with it, so the actor's next request starts on a connection with
   * neither, as one that sent DISCARD and UNWATCH. Returns what was dropped (undefined: nothing).
   */
  endTransaction(
    actor: string,
  ): { queued: number; watched: number; isQueuing: boolean } | undefined {
    return this.txs.end(actor);
  }

  /**
   * The keys the last command run through the sandbox's command layer may have changed (`all`
   * after a flush), once; null when none ran since, or the server answered for itself.
   */
  takeTouched(): readonly string[] | 'all' | null {
    const touched = this.lastTouched;
    this.lastTouched = null;
    return touched;
  }

  /** What `key` holds as a row's text would read, and until when (see {@link KeyspaceReader}). */
  heldText(
    key: string,
  ): { text: string | undefined; isString: boolean; expiresAtMs: number } | undefined {
    return this.reader.heldText(key);
  }

  /** What `key` holds now and until when, read without a command (see {@link KeyspaceReader}). */
  held(key: string): { value: RedisValue; expiresAtMs: number } | undefined {
    return this.reader.held(key);
  }

  /** When `key` expires as set, read without a command (see {@link KeyspaceReader}). */
  expiresAtMs(key: string): number | undefined {
    return this.reader.expiresAtMs(key);
  }

  /** What each of `keys` holds, as text to compare (see {@link KeyspaceReader}). */
  keyStates(keys: readonly string[]): Map<string, KeyState | undefined> {
    return this.reader.keyStates(keys);
  }

  /**
   * What a string or a hash at `key` holds now, as text (a hash's fields as JSON), read without
   * a command and without reaping an expired key: null when the key is absent, expired or of
   * another type; undefined when the server is real (nothing is read without a command).
   */
  rowText(key: string): string | null | undefined {
    // Every connection of the mock sees the one keyspace: a run that asks this of each write's
    // key opens no connection beyond its own (a 'system' one made for it was a fifth in a run of
    // four, and a connection more to a real server, where the answer is undefined anyway).
    const keyspace = mockKeyspace(
      this.connections.get('system') ??
        this.connections.values().next().value ??
        this.connection('system'),
    );
    if (!keyspace) return undefined;
    return rowTextAt(keyspace, key, Math.floor(this.clock.nowMs), this.time);
  }

  private runConsoleCommand(
    actor: string,
    argv: readonly string[],
    name: string,
    from: 'console' | 'code',
  ): unknown {
    this.lastTouched = null;
    const keyspace = mockKeyspace(this.connection(actor));
    if (!keyspace) return this.issue(actor, argv, name);
    if (from === 'console' && name === 'QUIT') return this.quit(actor);
    const accessed: string[] = [];
    // Only under maxKeys does an access change anything (which key is evicted).
    const ctx = this.server.contextFor(
      keyspace,
      actor,
      this.options.maxKeys > 0 ? (key: string) => accessed.push(key) : undefined,
    );
    const step = transactionStep(
      {
        txs: this.txs,
        time: this.time,
        serverStats: this.serverStats,
        countError: (error) => this.countError(error),
        states: (keys) => this.reader.keyStates(keys),
        checkWatched: () => this.noteWatched([]),
      },
      actor,
      argv,
      name,
      ctx,
    );
    if (step !== undefined) {
      // A FLUSHALL in the queue cleared the index; the keys set after it are read back.
      if (step.outcome.touched === 'all' && step.wrote.length > 0) this.needsResync = true;
      this.consoleWrote = step.wrote;
    }
    const outcome = step?.outcome ?? this.time.run(() => runCommand(ctx, [...argv]));
    const reply = outcome.reply;
    this.consoleWrote ??= keysWrittenAnyway(argv, reply, outcome.touched);
    // A command that failed on a key's type had still looked it up, as Redis' had.
    this.keys.noteAccessed(accessed, outcome.touched);
    if (typeof reply === 'object' && reply !== null && 'error' in reply)
      throw new Error(from === 'code' ? inSandboxWords(reply.error) : reply.error);
    this.consoleTouched = outcome.touched;
    return reply;
  }

  /**
   * After any command, on any connection (or an eviction): a watched key whose value, type or
   * expiry differs from what it held, or that a command wrote (`wrote`), makes its
   * connection's EXEC answer nil, as Redis' `touchWatchedKey` does. A key that changed nothing
   * (a DEL of a missing key) leaves the watch alone. Costs nothing while no key is watched.
   */
  private noteWatched(wrote: readonly string[]): void {
    this.txs.noteWatched(wrote, this.watchedStates);
  }

  /** Made once: the watches are checked after every command while a key is watched. */
  private readonly watchedStates = (keys: readonly string[]) => this.reader.keyStates(keys);

  private connection(actor: string): RedisClientLike {
    let conn = this.connections.get(actor);
    if (!conn) {
      conn = this.connect();
      this.connections.set(actor, conn);
    }
    if (actor !== 'system' && !this.clientIds.has(actor)) this.clientIds.connected(actor);
    return conn;
  }

  private async run(
    sender: Sender,
    argv: readonly string[],
    countsAsCommand: boolean,
    /** Through the console's command layer: typed in the console, or sent by a learner's code. */
    viaConsole: 'console' | 'code' | false = false,
    /** A script a learner's code sent: its commands are held to the code's limits. */
    scriptFrom?: 'code',
  ): Promise<unknown> {
    if (countsAsCommand) this.commands++;
    const name = this.checkReachable(sender, argv);
    const actor = connectionOf(sender);
    const isLimited = this.options.maxKeys > 0;
    // Redis refuses a command it does not know, or with the wrong number of words, before its
    // memory check: such a command gets that error, not OOM.
    const lookup = isLimited ? lookupRedis7Command(argv) : undefined;
    const isRunnable = lookup !== undefined && lookup.refusal === null;
    if (
      isLimited &&
      isRunnable &&
      !(await this.keys.admit(
        () => this.connection(actor),
        argv,
        () => (name === 'EXEC' ? (this.txs.open.get(actor)?.queue ?? null) : null),
      ))
    ) {
      // Redis refuses a command in MULTI for OOM at queue time: EXEC then answers EXECABORT.
      // An EXEC refused so discards the transaction, in EXECABORT's words.
      const tx = viaConsole !== false ? this.txs.open.get(actor) : undefined;
      const isExec = tx?.queue != null && name === 'EXEC';
      if (isExec) this.txs.open.delete(actor);
      else if (tx?.queue != null) tx.isAborted = true;
      const error = isExec ? `EXECABORT Transaction discarded because of: ${OOM_ERROR}` : OOM_ERROR;
      this.countError(error);
      this.serverStats.countErrorReply(error);
      this.commandLog.record(sender, argv, undefined, error, true);
      throw new RedisCommandError(error, false);
    }
    if (name === 'SET' && this.keys.isKnownExpired(argv[1]))
      await this.keys.reap(this.connection(actor), argv[1]);
    // A command queued in MULTI (or refused there) is not processed yet: Redis counts it in
    // total_commands_processed when EXEC runs it, and EXEC after its queue.
    const isQueued =
      viaConsole !== false && this.txs.isQueuing(actor) && !RUN_WHILE_QUEUING.has(name);
    let reply: unknown;
    try {
      reply = viaConsole
        ? this.runConsoleCommand(actor, argv, name, viaConsole)
        : await this.issue(actor, argv, name, scriptFrom);
    } catch (e) {
      throw this.failed(sender, argv, e);
    } finally {
      if (!isQueued) this.serverStats.commandsProcessed++;
    }
    // ioredis-mock answers GET on a hash, list or set with the value itself; Redis refuses.
    if (name === 'GET' && reply !== null && typeof reply !== 'string' && !viaConsole)
      throw this.failed(sender, argv, new Error(WRONGTYPE));
    const rechecked = this.received(sender, argv, reply, name);
    if (rechecked) await rechecked;
    // Redis evicts before the next command once a write took it over the limit; right away,
    // here, so the cache never holds more than maxKeys between commands.
    if (isLimited) await this.keys.evictOverLimit(() => this.connection(actor));
    return reply;
  }

  /**
   * The timed workload's hot path: sends the command and returns the client's own promise, so
   * the caller awaits once per command. Returns undefined when the command needs work that
   * waits on Redis (a write under `maxKeys`, the expired-key workaround): use {@link exec}.
   * After the promise settles, the caller must report it with {@link received} or {@link failed}.
   * Throws a {@link RedisCommandError} at once when the server is unreachable.
   */
  send(sender: Sender, argv: readonly string[]): Promise<unknown> | undefined {
    const name = upperName(argv[0]);
    if (this.options.maxKeys > 0 && isKeyCreating(name)) return undefined;
    if (name === 'SET' && this.keys.isKnownExpired(argv[1])) return undefined;
    this.commands++;
    this.checkReachable(sender, argv, name);
    this.serverStats.commandsProcessed++;
    try {
      return this.issue(connectionOf(sender), argv, name);
    } catch (e) {
      throw this.failed(sender, argv, e);
    }
  }

  /** Rejects (and logs) a command the server cannot be reached for; returns its upper-case name. */
  private checkReachable(
    actor: Sender,
    argv: readonly string[],
    name = upperName(argv[0]),
  ): string {
    if (this.availability === 'down') {
      this.errors++;
      this.commandLog.record(actor, argv, undefined, CONNECTION_ERROR, false);
      throw new RedisCommandError(CONNECTION_ERROR, true);
    }
    return name;
  }

  /** Calls the client with `Date.now` on virtual time; the mock runs the command right here. */
  private issue(
    actor: string,
    argv: readonly string[],
    name: string,
    scriptFrom?: 'code',
  ): Promise<unknown> {
    const conn = this.connection(actor) as unknown as CommonCommands;
    this.time.enter();
    try {
      // The programs' commands go straight to their methods; the rest by name.
      if (name === 'GET' && argv.length === 2) return conn.get(argv[1]);
      if (name === 'SET' && argv.length === 5) return conn.set(argv[1], argv[2], argv[3], argv[4]);
      if (name === 'DEL' && argv.length === 2) return conn.del(argv[1]);
      // The mock's TIME reads the wall clock (new Date() and process.hrtime), which would make a
      // learner's program that asks for it answer differently on every run: virtual time instead.
      if (name === 'TIME' && argv.length === 1)
        return Promise.resolve(unixTimeReply(this.clock.nowMs));
      const method = (conn as unknown as RedisClientLike)[methodName(name)];
      if (typeof method !== 'function') throw new Error(`ERR unknown command '${argv[0]}'`);
      const args = argv.slice(1);
      const send = () => (method as (...a: string[]) => Promise<unknown>).apply(conn, args);
      if (name !== 'EVAL' && name !== 'EVALSHA') return send();
      return sendScript(conn, argv, name, args, send, {
        nowMs: () => this.clock.nowMs,
        random: this.scripts.random,
        cjsonConfig: this.scripts.cjsonConfig,
        touched: this.scripts.touched,
        connections: this.connections.values(),
        commandContext: (keyspace) => this.server.contextFor(keyspace, actor),
        scriptFrom,
        wroteAnyway: (scriptArgv, reply, touched) => {
          if (this.txs.open.size > 0)
            (this.consoleWrote ??= []).push(...keysWrittenAnyway(scriptArgv, reply, touched));
        },
      });
    } finally {
      this.time.exit();
    }
  }

  /**
   * Records a reply: the key index follows what the command did, and the log gets its line.
   * Returns a promise only when a script ran and the keys it named must be re-read.
   */
  received(
    sender: Sender,
    argv: readonly string[],
    reply: unknown,
    name = upperName(argv[0]),
  ): Promise<void> | undefined {
    const actor = connectionOf(sender);
    if (this.txs.open.size > 0)
      this.noteWatched(this.consoleWrote ?? keysWrittenAnyway(argv, reply));
    this.consoleWrote = null;
    const touched = this.consoleTouched;
    if (touched === null) this.track(name, argv, reply, actor);
    else {
      this.consoleTouched = null;
      this.lastTouched = touched;
      if (touched === 'all') this.keys.clear();
      else this.pendingKeyChecks = touched;
    }
    const changed = this.scriptChanged;
    this.scriptChanged = undefined;
    // The log line waits for the keys to be re-read; otherwise it is written now, with no
    // closure made (this runs at every command of a long run).
    if (this.pendingKeyChecks.length)
      return this.recheckKeys(actor).then(() =>
        this.commandLog.record(sender, argv, reply, undefined, true, changed),
      );
    this.commandLog.record(sender, argv, reply, undefined, true, changed);
    return undefined;
  }

  /** The log's number for the last command sent (see {@link noteOnCommand}; 0: none yet). */
  get lastCommandSeq(): number {
    return this.commandLog.lastCommand;
  }

  /**
   * What the application made of a command's reply, on that command's log line (`seq`, its
   * {@link lastCommandSeq} once it was answered). When it could not use a reply the command
   * succeeded with (a corrupt entry), that counts as a cache error too (`isNewError`); a failed
   * command was counted already.
   */
  noteOnCommand(seq: number, note: string, isNewError: boolean): void {
    if (isNewError) this.errors++;
    this.commandLog.noteOn(seq, note);
  }

  /**
   * A command the server refuses before running it (a wrong argument count, a bad argument),
   * with Redis' `error`: counted and logged as the server's reply, or the connection error when
   * the server cannot be reached (thrown, like {@link send}'s).
   */
  refuse(actor: Sender, argv: readonly string[], error: string): RedisCommandError {
    this.commands++;
    this.checkReachable(actor, argv);
    // Refused while its connection is in MULTI, as Redis refuses at queue time: EXEC then
    // answers EXECABORT and runs nothing.
    // A command run while queuing (an EXEC refused as too much work) leaves the transaction as
    // it was, open for a DISCARD, as the console's refusal of it does.
    const tx = this.txs.open.get(connectionOf(actor));
    if (tx?.queue != null && !RUN_WHILE_QUEUING.has(upperName(argv[0] ?? ''))) tx.isAborted = true;
    return this.failed(actor, argv, new Error(error));
  }

  /** Records a command the server answered with an error; returns the error to throw. */
  failed(actor: Sender, argv: readonly string[], e: unknown): RedisCommandError {
    const name = upperName(argv[0] ?? '');
    if (name === 'EVAL' || name === 'EVALSHA') this.keepFailedScriptWrites(connectionOf(actor));
    const error = inRedisWords(scriptErrorMessage(errorMessage(e)));
    // A failed script keeps what it wrote before failing; a refusal changed nothing.
    if (this.txs.open.size > 0) this.noteWatched([]);
    this.consoleWrote = null;
    this.countError(error);
    this.serverStats.countErrorReply(error);
    this.commandLog.record(actor, argv, undefined, error, true);
    return new RedisCommandError(error, false);
  }

  /**
   * A script that failed keeps the writes it made before it failed, as in Redis: the keys its
   * commands changed are read back from the keyspace into the index at once (before, the
   * Redis keys panel never showed them, nor dropped the keys it deleted or flushed).
   */
  private keepFailedScriptWrites(actor: string): void {
    const conn = this.connections.get(actor);
    const touched = this.scripts.takeTouched(conn);
    if (conn === undefined || touched === undefined) return;
    const keyspace = mockKeyspace(conn);
    if (keyspace === null) return;
    if (touched.flushed) this.keys.clear();
    const now = Math.floor(this.clock.nowMs);
    // The mock's store checks expiry against Date.now: read on virtual time.
    const present = this.time.run(() =>
      [...new Set(touched.keys)].map((key) => ({
        key,
        isLive: keyspace.get(key, now) !== undefined,
        expiresAt: keyspace.expiresAt(key) ?? Infinity,
      })),
    );
    for (const { key, isLive, expiresAt } of present) {
      if (isLive) this.keys.writeKey(key, expiresAt);
      else this.keys.removeKey(key);
    }
  }

  /** Counts a command the application saw fail with the server's `error` reply. */
  private countError(error: string): void {
    this.errors++;
    if (isOomReply(error)) this.oomRefusals++;
  }

  /**
   * The version of the row JSON held at `key`, known from the SET that wrote it, without
   * reading the value back (undefined when a script or console command wrote it). Long timed
   * runs judge hits with this: it saves scanning every value ioredis-mock hands back.
   */
  versionHint(key: string): number | undefined {
    const m = this.keys.index.get(key);
    return m !== undefined && m.version >= 0 ? m.version : undefined;
  }

  /** Keys currently in the cache (expired keys excluded). */
  liveKeyCount(): number {
    return this.keys.index.liveCount(this.clock.nowMs);
  }

  /** Keys the adapter believes are in the cache, with their expiry (Infinity for none). */
  trackedKeys(): { key: string; expiresAt: number }[] {
    const now = this.clock.nowMs;
    const out: { key: string; expiresAt: number }[] = [];
    for (const m of this.keys.index.entries())
      if (m.expiresAt > now) out.push({ key: m.key, expiresAt: m.expiresAt });
    return out;
  }

  /** Keeps the key index in step with what a command did to the keyspace. */
  private track(name: string, argv: readonly string[], reply: unknown, actor?: string): void {
    // Whole milliseconds, as ioredis-mock stamps the expiry (see virtualTime.ts).
    const now = Math.floor(this.clock.nowMs);
    switch (name) {
      case 'GET': {
        if (reply === null) this.keyspaceMisses++;
        else this.keyspaceHits++;
        if (reply === null) {
          // A miss on an expired key: the server dropped it, so the index does too.
          this.keys.removeKey(argv[1]);
          return;
        }
        // Recency and frequency only matter when something may be evicted.
        if (this.options.maxKeys === 0) return;
        const m = this.keys.index.get(argv[1]);
        if (m) this.keys.evictor.accessed(m, this.clock.nowMs);
        return;
      }
      case 'SET': {
        if (reply === null && !argv.some((a) => a.toUpperCase() === 'GET')) return; // NX/XX not met
        const isPlainFill = argv.length === 5 && argv[3] === 'EX';
        const previous = isPlainFill ? undefined : this.keys.index.get(argv[1])?.expiresAt;
        this.keys.writeKey(argv[1], setExpiry(argv, now, previous), versionOf(argv[2]));
        return;
      }
      case 'DEL':
      case 'UNLINK':
        for (let i = 1; i < argv.length; i++) this.keys.removeKey(argv[i]);
        return;
      case 'PTTL':
      case 'TTL':
      case 'EXISTS':
      case 'PING':
      case 'ECHO':
      case 'DBSIZE':
      case 'KEYS':
      case 'SCAN':
      case 'TYPE':
      case 'STRLEN':
      case 'MGET':
      case 'HGET':
      case 'HGETALL':
      case 'LRANGE':
      case 'SMEMBERS':
        return;
      case 'FLUSHALL':
      case 'FLUSHDB':
        this.keys.clear();
        return;
      case 'EVAL':
      case 'EVALSHA': {
        // The keys it named, and those its commands changed though it did not name them.
        const touched = this.scripts.takeTouched(
          actor === undefined ? undefined : this.connections.get(actor),
        );
        if (touched?.flushed === true) this.keys.clear();
        this.pendingKeyChecks = [...new Set([...scriptKeys(argv), ...(touched?.keys ?? [])])];
        if (touched !== undefined) this.scriptChanged = [...new Set(touched.keys)];
        return;
      }
      default:
        // Key-creating commands are counted at once; resync still checks what the server did.
        if (argv.length > 1) this.changes.note(argv[1]);
        this.keys.trackCreated(name, argv, reply);
        this.needsResync = true;
        // Redis deletes a list its pop emptied (the write-behind flusher's LPOP of the whole
        // queue). Left in the index until a resync, it was what eviction picked next: an eviction
        // counted and `DEL write-behind:queue -> 1` logged for a key that was gone.
        if ((name === 'LPOP' || name === 'RPOP') && this.reader.listLength(argv[1]).type === 'none')
          this.keys.removeKey(argv[1]);
    }
  }

  /** Keys a script named: it may have set or deleted any of them, so they are re-read. */
  private pendingKeyChecks: string[] = [];

  private recheckKeys(actor: string): Promise<void> {
    const keys = this.pendingKeyChecks;
    this.pendingKeyChecks = [];
    return this.keys.recheck(this.connection(actor), keys);
  }

  /** Set when a command the index does not model ran; {@link resync} rebuilds it. */
  needsResync = false;

  /**
   * Rebuilds the key index from the keyspace itself (KEYS and PTTL), after console commands
   * whose effect on keys the adapter does not model (EXPIRE, EVAL, MSET ...).
   */
  resync(): Promise<void> {
    if (!this.needsResync) return Promise.resolve();
    this.needsResync = false;
    this.changes.noteAll();
    // The tracker's own promise, as this method's was: no extra turn before callers go on.
    return this.keys.resync(this.connection('system'));
  }

  /** How many elements the list at `key` holds, read without a command (see {@link KeyspaceReader}). */
  listLength(key: string): { type: PeekType; length: number } {
    return this.reader.listLength(key);
  }

  /** The entries of the list at `key`, read without a command (see {@link KeyspaceReader}). */
  listEntries(key: string): { type: PeekType; entries: readonly string[] } {
    return this.reader.listEntries(key);
  }

  /** Reads a key, whatever it holds, as text, without logging or touching it (see {@link KeyspaceReader}). */
  peek(key: string): Promise<{ value: string | null; pttl: number; type: PeekType }> {
    return this.reader.peek(key);
  }
}
