import type { VirtualClock } from './clock';
import type { Rng } from './rng';
import { versionOf } from './rowVersion';
import { VirtualTimeBinding } from './virtualTime';

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

export type Availability = 'up' | 'down';

export type EvictionPolicy = 'noeviction' | 'allkeys-lru' | 'allkeys-lfu' | 'allkeys-random';
export const EVICTION_POLICIES: readonly EvictionPolicy[] = [
  'noeviction',
  'allkeys-lru',
  'allkeys-lfu',
  'allkeys-random',
];

/** The error ioredis rejects a command with when it cannot reach the server. */
export const CONNECTION_ERROR = 'Connection is closed.';
/** Redis' reply to a write that would exceed maxmemory under `noeviction`. */
export const OOM_ERROR = "OOM command not allowed when used memory > 'maxmemory'.";

/** Thrown (rejected) by {@link Cache.exec} when a command fails, as ioredis would reject. */
export class RedisCommandError extends Error {
  /** True when the command never reached the server (connection error). */
  readonly isConnectionError: boolean;
  constructor(message: string, isConnectionError: boolean) {
    super(message);
    this.name = 'RedisCommandError';
    this.isConnectionError = isConnectionError;
  }
}

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
  evictionSamples: 5,
  logLimit: 10_000,
};

/** One command as MONITOR would show it, with its reply. */
export interface CacheLogEntry {
  seq: number;
  timeMs: number;
  actor: string;
  argv: readonly string[];
  reply?: unknown;
  error?: string;
  /** False when the connection was down and the server never saw the command. */
  reachedServer: boolean;
  /** Set when the adapter evicted this key to make room (the argv is the eviction's DEL). */
  isEviction?: boolean;
}

interface KeyMeta {
  expiresAt: number;
  /** Version of the row JSON this adapter last wrote here; -1 when unknown (a script, a resync). */
  version: number;
  lastAccess: number;
  lfu: number;
  lfuTouchedAt: number;
  index: number;
}

const LFU_INIT = 5;
const LFU_LOG_FACTOR = 10;
const LFU_DECAY_MS = 60_000;

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
  private readonly rng: Rng;
  private readonly connect: ConnectionFactory;
  private readonly time: VirtualTimeBinding;
  private readonly connections = new Map<string, RedisClientLike>();
  private availability: Availability = 'up';
  private readonly meta = new Map<string, KeyMeta>();
  private readonly keyList: string[] = [];
  /** keyList's metadata at the same positions: counting live keys scans this, not the map. */
  private readonly metaList: KeyMeta[] = [];
  private accessTick = 0;
  private logSeq = 0;
  private readonly logEntries: CacheLogEntry[] = [];
  /** Counters since creation. */
  evictions = 0;
  errors = 0;
  commands = 0;

  constructor(
    clock: VirtualClock,
    rng: Rng,
    connect: ConnectionFactory,
    options: Partial<CacheOptions> = {},
  ) {
    this.clock = clock;
    this.rng = rng;
    this.connect = connect;
    this.options = { ...DEFAULT_CACHE_OPTIONS, ...options };
    this.time = new VirtualTimeBinding(clock);
  }

  get isUp(): boolean {
    return this.availability === 'up';
  }

  /** Makes the server unreachable (commands reject with a connection error) or reachable again. */
  setAvailable(isUp: boolean): void {
    this.availability = isUp ? 'up' : 'down';
  }

  /** A restart: the server comes back empty (no persistence), reachable. */
  async restart(): Promise<void> {
    this.availability = 'up';
    await this.run('system', ['FLUSHALL'], false);
    this.meta.clear();
    this.keyList.length = 0;
    this.metaList.length = 0;
  }

  /** Closes every connection this adapter opened (the server and its data are left alone). */
  disconnect(): void {
    for (const conn of this.connections.values())
      if (typeof conn.disconnect === 'function') conn.disconnect();
    this.connections.clear();
  }

  /** The command log, oldest first (bounded by `logLimit`). */
  get log(): readonly CacheLogEntry[] {
    return this.logEntries;
  }

  /** Latency of one command in virtual ms. */
  latencyMs(): number {
    return this.options.roundTripMs;
  }

  /**
   * Runs one command as `actor` and resolves to its reply, or rejects with a
   * {@link RedisCommandError} (connection down, OOM, or the server's own error).
   */
  exec(actor: string, argv: readonly string[]): Promise<unknown> {
    return this.run(actor, argv, true);
  }

  private connection(actor: string): RedisClientLike {
    let conn = this.connections.get(actor);
    if (!conn) {
      conn = this.connect();
      this.connections.set(actor, conn);
    }
    return conn;
  }

  private async run(
    actor: string,
    argv: readonly string[],
    countsAsCommand: boolean,
  ): Promise<unknown> {
    if (countsAsCommand) this.commands++;
    const name = this.checkReachable(actor, argv);
    if (this.options.maxKeys > 0 && isKeyCreating(name)) {
      const key = argv[1];
      if (!this.hasLiveKey(key) && !(await this.makeRoom(actor))) {
        this.errors++;
        this.record(actor, argv, undefined, OOM_ERROR, true);
        throw new RedisCommandError(OOM_ERROR, false);
      }
    }
    if (name === 'SET' && this.isKnownExpired(argv[1]))
      await this.reap(this.connection(actor), argv[1]);
    let reply: unknown;
    try {
      reply = await this.issue(actor, argv, name);
    } catch (e) {
      throw this.failed(actor, argv, e);
    }
    const rechecked = this.received(actor, argv, reply, name);
    if (rechecked) await rechecked;
    return reply;
  }

  /**
   * The timed workload's hot path: sends the command and returns the client's own promise, so
   * the caller awaits once per command. Returns undefined when the command first needs work that
   * waits on Redis (making room under `maxKeys`, the expired-key workaround): use {@link exec}.
   * After the promise settles, the caller must report it with {@link received} or {@link failed}.
   * Throws a {@link RedisCommandError} at once when the server is unreachable.
   */
  send(actor: string, argv: readonly string[]): Promise<unknown> | undefined {
    const name = upperName(argv[0]);
    if (this.options.maxKeys > 0 && isKeyCreating(name)) return undefined;
    if (name === 'SET' && this.isKnownExpired(argv[1])) return undefined;
    this.commands++;
    this.checkReachable(actor, argv, name);
    try {
      return this.issue(actor, argv, name);
    } catch (e) {
      throw this.failed(actor, argv, e);
    }
  }

  /** Rejects (and logs) a command the server cannot be reached for; returns its upper-case name. */
  private checkReachable(
    actor: string,
    argv: readonly string[],
    name = upperName(argv[0]),
  ): string {
    if (this.availability === 'down') {
      this.errors++;
      this.record(actor, argv, undefined, CONNECTION_ERROR, false);
      throw new RedisCommandError(CONNECTION_ERROR, true);
    }
    return name;
  }

  /** Calls the client with `Date.now` on virtual time; the mock runs the command right here. */
  private issue(actor: string, argv: readonly string[], name: string): Promise<unknown> {
    const conn = this.connection(actor) as unknown as CommonCommands;
    this.time.enter();
    try {
      // The programs' commands go straight to their methods; the rest by name.
      if (name === 'GET' && argv.length === 2) return conn.get(argv[1]);
      if (name === 'SET' && argv.length === 5) return conn.set(argv[1], argv[2], argv[3], argv[4]);
      if (name === 'DEL' && argv.length === 2) return conn.del(argv[1]);
      const method = (conn as unknown as RedisClientLike)[methodName(name)];
      if (typeof method !== 'function') throw new Error(`ERR unknown command '${argv[0]}'`);
      return (method as (...a: string[]) => Promise<unknown>).apply(conn, argv.slice(1));
    } finally {
      this.time.exit();
    }
  }

  /**
   * Records a reply: the key index follows what the command did, and the log gets its line.
   * Returns a promise only when a script ran and the keys it named must be re-read.
   */
  received(
    actor: string,
    argv: readonly string[],
    reply: unknown,
    name = upperName(argv[0]),
  ): Promise<void> | undefined {
    this.track(name, argv, reply);
    if (this.pendingKeyChecks.length) {
      return this.recheckKeys(actor).then(() => this.record(actor, argv, reply, undefined, true));
    }
    this.record(actor, argv, reply, undefined, true);
    return undefined;
  }

  /** Records a command the server answered with an error; returns the error to throw. */
  failed(actor: string, argv: readonly string[], e: unknown): RedisCommandError {
    const error = e instanceof Error ? e.message : String(e);
    this.errors++;
    this.record(actor, argv, undefined, error, true);
    return new RedisCommandError(error, false);
  }

  private record(
    actor: string,
    argv: readonly string[],
    reply: unknown,
    error: string | undefined,
    reachedServer: boolean,
    isEviction = false,
  ): void {
    this.logSeq++;
    if (this.options.logLimit === 0) return;
    const entry: CacheLogEntry = {
      seq: this.logSeq,
      timeMs: this.clock.nowMs,
      actor,
      argv,
      reachedServer,
    };
    if (error !== undefined) entry.error = error;
    else entry.reply = reply;
    if (isEviction) entry.isEviction = true;
    this.logEntries.push(entry);
    if (this.logEntries.length > this.options.logLimit) {
      this.logEntries.splice(0, this.logEntries.length - this.options.logLimit);
    }
  }

  private isKnownExpired(key: string): boolean {
    const m = this.meta.get(key);
    return m !== undefined && m.expiresAt <= Math.floor(this.clock.nowMs);
  }

  /**
   * Works around ioredis-mock: SET ... EX/PX on a key whose old TTL has passed while nobody read
   * it stores the value, then its expire step finds the stale expiry and deletes the key. Redis
   * drops the expired key first; an EXISTS makes the mock do the same. Only keys the index knows
   * to be expired pay for it.
   */
  private reap(conn: RedisClientLike, key: string): Promise<unknown> {
    return this.time.run(() => (conn.exists as (k: string) => Promise<number>).call(conn, key));
  }

  // ---- the key index (for eviction and counting) ----

  private hasLiveKey(key: string): boolean {
    const m = this.meta.get(key);
    return m !== undefined && m.expiresAt > this.clock.nowMs;
  }

  /**
   * The version of the row JSON held at `key`, known from the SET that wrote it, without
   * reading the value back (undefined when a script or console command wrote it). Long timed
   * runs judge hits with this: it saves scanning every value ioredis-mock hands back.
   */
  versionHint(key: string): number | undefined {
    const m = this.meta.get(key);
    return m !== undefined && m.version >= 0 ? m.version : undefined;
  }

  /** Keys currently in the cache (expired keys excluded). */
  liveKeyCount(): number {
    const now = this.clock.nowMs;
    const list = this.metaList;
    let n = 0;
    for (let i = 0; i < list.length; i++) if (list[i].expiresAt > now) n++;
    return n;
  }

  /** Keys the adapter believes are in the cache, with their expiry (Infinity for none). */
  trackedKeys(): { key: string; expiresAt: number }[] {
    const now = this.clock.nowMs;
    const out: { key: string; expiresAt: number }[] = [];
    for (const [key, m] of this.meta)
      if (m.expiresAt > now) out.push({ key, expiresAt: m.expiresAt });
    return out;
  }

  private addKey(key: string, expiresAt: number, version = -1): void {
    const now = this.clock.nowMs;
    const existing = this.meta.get(key);
    if (existing) {
      existing.expiresAt = expiresAt;
      existing.version = version;
      this.touch(existing);
      return;
    }
    const m: KeyMeta = {
      expiresAt,
      version,
      lastAccess: ++this.accessTick,
      lfu: LFU_INIT,
      lfuTouchedAt: now,
      index: this.keyList.length,
    };
    this.meta.set(key, m);
    this.keyList.push(key);
    this.metaList.push(m);
  }

  private removeKey(key: string): void {
    const m = this.meta.get(key);
    if (!m) return;
    const last = this.keyList.pop() as string;
    const lastMeta = this.metaList.pop() as KeyMeta;
    if (last !== key) {
      this.keyList[m.index] = last;
      this.metaList[m.index] = lastMeta;
      lastMeta.index = m.index;
    }
    this.meta.delete(key);
  }

  private touch(m: KeyMeta): void {
    m.lastAccess = ++this.accessTick;
    if (this.options.eviction !== 'allkeys-lfu') return;
    // Redis' LFU: a logarithmic counter that decays while the key is idle.
    const now = this.clock.nowMs;
    const idlePeriods = Math.floor((now - m.lfuTouchedAt) / LFU_DECAY_MS);
    if (idlePeriods > 0) {
      m.lfu = Math.max(0, m.lfu - idlePeriods);
      m.lfuTouchedAt = now;
    }
    if (m.lfu < 255) {
      const base = Math.max(0, m.lfu - LFU_INIT);
      if (this.rng.next() < 1 / (base * LFU_LOG_FACTOR + 1)) m.lfu++;
    }
  }

  /** Frees one slot if the cache is full; false when it cannot (noeviction). */
  private async makeRoom(actor: string): Promise<boolean> {
    const { maxKeys, eviction, evictionSamples } = this.options;
    const now = this.clock.nowMs;
    while (this.meta.size >= maxKeys) {
      // Sample like Redis: a few random keys, expired ones reclaimed first.
      let victim: string | undefined;
      let best = Infinity;
      let reclaimed = false;
      const n = this.keyList.length;
      const samples = Math.min(evictionSamples, n);
      for (let s = 0; s < samples; s++) {
        // Distinct keys, as Redis samples them: a partial Fisher-Yates shuffle of the key list.
        // (Drawing with replacement could miss the oldest key even with samples >= keys.)
        const j = s + this.rng.int(n - s);
        const key = this.keyList[j];
        const m = this.metaList[j];
        if (j !== s) {
          const other = this.metaList[s];
          this.keyList[j] = this.keyList[s];
          this.metaList[j] = other;
          this.keyList[s] = key;
          this.metaList[s] = m;
          other.index = j;
          m.index = s;
        }
        if (m.expiresAt <= now) {
          this.removeKey(key);
          reclaimed = true;
          break;
        }
        const score =
          eviction === 'allkeys-lru' ? m.lastAccess : eviction === 'allkeys-lfu' ? m.lfu : s;
        if (score < best) {
          best = score;
          victim = key;
        }
      }
      if (reclaimed) continue;
      if (eviction === 'noeviction' || victim === undefined) {
        if (this.liveKeyCount() < maxKeys) {
          this.pruneExpired();
          continue;
        }
        return false;
      }
      const conn = this.connection(actor);
      const key = victim;
      await this.time.run(() => (conn.del as (k: string) => Promise<number>).call(conn, key));
      this.removeKey(key);
      this.evictions++;
      this.record('evict', ['DEL', key], 1, undefined, true, true);
    }
    return true;
  }

  private pruneExpired(): void {
    const now = this.clock.nowMs;
    for (const [key, m] of [...this.meta]) if (m.expiresAt <= now) this.removeKey(key);
  }

  /** Keeps the key index in step with what a command did to the keyspace. */
  private track(name: string, argv: readonly string[], reply: unknown): void {
    // Whole milliseconds, as ioredis-mock stamps the expiry (see virtualTime.ts).
    const now = Math.floor(this.clock.nowMs);
    switch (name) {
      case 'GET': {
        if (reply === null) {
          // A miss on an expired key: the server dropped it, so the index does too.
          if (this.meta.has(argv[1])) this.removeKey(argv[1]);
          return;
        }
        // Recency and frequency only matter when something may be evicted.
        if (this.options.maxKeys === 0) return;
        const m = this.meta.get(argv[1]);
        if (m) this.touch(m);
        return;
      }
      case 'SET': {
        if (reply === null && !argv.some((a) => a.toUpperCase() === 'GET')) return; // NX/XX not met
        const isPlainFill = argv.length === 5 && argv[3] === 'EX';
        const previous = isPlainFill ? undefined : this.meta.get(argv[1])?.expiresAt;
        this.addKey(argv[1], setExpiry(argv, now, previous), versionOf(argv[2]));
        return;
      }
      case 'DEL':
      case 'UNLINK':
        for (let i = 1; i < argv.length; i++) this.removeKey(argv[i]);
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
        this.meta.clear();
        this.keyList.length = 0;
        this.metaList.length = 0;
        return;
      case 'EVAL':
      case 'EVALSHA':
        this.pendingKeyChecks = argv.slice(3, 3 + Number(argv[2]));
        return;
      default:
        this.needsResync = true;
    }
  }

  /** Keys a script named: it may have set or deleted any of them, so they are re-read. */
  private pendingKeyChecks: string[] = [];

  private async recheckKeys(actor: string): Promise<void> {
    const keys = this.pendingKeyChecks;
    this.pendingKeyChecks = [];
    const conn = this.connection(actor);
    for (const key of keys) {
      const pttl = await this.time.run(() =>
        (conn.pttl as (k: string) => Promise<number>).call(conn, key),
      );
      if (pttl === -2) this.removeKey(key);
      else this.addKey(key, pttl === -1 ? Infinity : Math.floor(this.clock.nowMs) + pttl);
    }
  }

  /** Set when a command the index does not model ran; {@link resync} rebuilds it. */
  needsResync = false;

  /**
   * Rebuilds the key index from the keyspace itself (KEYS and PTTL), after console commands
   * whose effect on keys the adapter does not model (EXPIRE, EVAL, MSET ...).
   */
  async resync(): Promise<void> {
    if (!this.needsResync) return;
    this.needsResync = false;
    const conn = this.connection('system');
    const keys = (
      await this.time.run(() => (conn.keys as (p: string) => Promise<string[]>).call(conn, '*'))
    )
      .slice()
      .sort();
    const now = Math.floor(this.clock.nowMs);
    const present = new Set(keys);
    for (const key of [...this.meta.keys()]) if (!present.has(key)) this.removeKey(key);
    for (const key of keys) {
      const pttl = await this.time.run(() =>
        (conn.pttl as (k: string) => Promise<number>).call(conn, key),
      );
      if (pttl === -2) this.removeKey(key);
      else this.addKey(key, pttl === -1 ? Infinity : now + pttl);
    }
  }

  /** Reads a key without logging or touching it (for panels and the checker). */
  async peek(key: string): Promise<{ value: string | null; pttl: number }> {
    const conn = this.connection('system');
    return this.time.run(() => {
      const v = (conn.get as (k: string) => Promise<string | null>).call(conn, key);
      const t = (conn.pttl as (k: string) => Promise<number>).call(conn, key);
      return Promise.all([v, t]).then(([value, pttl]) => ({ value, pttl }));
    });
  }
}

const upperNames = new Map<string, string>();
const lowerNames = new Map<string, string>();
/** Command names are case-insensitive; programs send upper case, so this is usually a lookup. */
function upperName(cmd: string): string {
  let u = upperNames.get(cmd);
  if (u === undefined) {
    u = cmd.toUpperCase();
    if (upperNames.size < 256) upperNames.set(cmd, u);
  }
  return u;
}
function methodName(upper: string): string {
  let l = lowerNames.get(upper);
  if (l === undefined) {
    l = upper.toLowerCase();
    if (lowerNames.size < 256) lowerNames.set(upper, l);
  }
  return l;
}

function isKeyCreating(name: string): boolean {
  return (
    name === 'SET' ||
    name === 'SETNX' ||
    name === 'SETEX' ||
    name === 'PSETEX' ||
    name === 'MSET' ||
    name === 'INCR' ||
    name === 'HSET' ||
    name === 'LPUSH' ||
    name === 'RPUSH' ||
    name === 'SADD'
  );
}

/** Expiry time implied by a SET's options; a plain SET drops the old TTL, KEEPTTL keeps it. */
function setExpiry(argv: readonly string[], now: number, previous: number | undefined): number {
  // The programs' own fills are `SET key value EX n`: answer those without the general scan.
  if (argv.length === 5 && argv[3] === 'EX') return now + Number(argv[4]) * 1000;
  for (let i = 3; i < argv.length; i++) {
    const opt = argv[i].toUpperCase();
    if (opt === 'EX') return now + Number(argv[i + 1]) * 1000;
    if (opt === 'PX') return now + Number(argv[i + 1]);
    if (opt === 'EXAT') return Number(argv[i + 1]) * 1000;
    if (opt === 'PXAT') return Number(argv[i + 1]);
    if (opt === 'KEEPTTL') return previous ?? Infinity;
  }
  return Infinity;
}
