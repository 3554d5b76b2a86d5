import type { ChangedKeys } from './changedKeys';
import type { VirtualClock } from './clock';
import {
  Evictor,
  isDenyOom,
  isKeyCreating,
  keysMaybeCreated,
  type EvictionPolicy,
} from './eviction';
import { KeyIndex } from './keyIndex';
import type { CommandContext } from './redisCommandKit';
import type { CommandOutcome } from './redisCommands';
import { upperName } from './redisCommandNames';
import { mockKeyspace } from './redisKeyspace';
import type { Rng } from './rng';
import type { VirtualTimeBinding } from './virtualTime';

/** A connection to the server the tracker reads the keyspace through (ioredis-mock's shape). */
type Connection = { [command: string]: unknown };

/** What the tracker needs of the adapter's options. */
export interface KeyTrackerOptions {
  maxKeys: number;
  eviction: EvictionPolicy;
  evictionSamples: number;
}

/**
 * The cache adapter's own record of the keys the server holds (expiry, last access, LFU
 * counter), kept in step with each command, and the `maxKeys` admission and eviction over it:
 * ioredis-mock has no eviction, and eviction must sample keys, which Redis gives a client no
 * cheap way to do. The policy itself is in `eviction.ts`; what each command did to the index is
 * decided by the adapter (`Cache.track`), which calls {@link writeKey} and {@link removeKey}.
 */
export class KeyTracker {
  /** The keys the adapter knows of; with `maxKeys`, expired ones are reaped as time passes. */
  readonly index: KeyIndex;
  readonly evictor: Evictor;
  /**
   * Keys the index dropped when their TTL passed (under `maxKeys`) that the server may still
   * hold, expired and unread: the SET workaround ({@link reap}) must still treat them as expired.
   */
  readonly reaped = new Set<string>();
  private readonly clock: VirtualClock;
  private readonly time: VirtualTimeBinding;
  private readonly options: KeyTrackerOptions;
  private readonly changes: ChangedKeys;
  /** Called after each key evicted, once the index dropped it (counts, log line, watches). */
  private readonly onEvicted: (key: string) => void;

  constructor(
    clock: VirtualClock,
    rng: Rng,
    time: VirtualTimeBinding,
    options: KeyTrackerOptions,
    changes: ChangedKeys,
    onEvicted: (key: string) => void,
  ) {
    this.clock = clock;
    this.time = time;
    this.options = options;
    this.changes = changes;
    this.onEvicted = onEvicted;
    this.index = new KeyIndex(options.maxKeys > 0);
    this.evictor = new Evictor(options.eviction, rng, { samples: options.evictionSamples });
  }

  isKnownExpired(key: string): boolean {
    if (this.reaped.has(key)) return true;
    const m = this.index.get(key);
    return m !== undefined && m.expiresAt <= Math.floor(this.clock.nowMs);
  }

  private readonly noteReaped = (key: string): void => {
    this.reaped.add(key);
    this.changes.note(key);
  };

  /**
   * Works around ioredis-mock: SET ... EX/PX on a key whose old TTL has passed while nobody read
   * it stores the value, then its expire step finds the stale expiry and deletes the key. Redis
   * drops the expired key first; an EXISTS makes the mock do the same. Only keys the index knows
   * to be expired pay for it.
   */
  reap(conn: Connection, key: string): Promise<unknown> {
    return this.time.run(() => (conn.exists as (k: string) => Promise<number>).call(conn, key));
  }

  /**
   * Before a command under `maxKeys`: drops expired keys, evicts while the cache is over its
   * limit, and decides whether the command may run. Under `noeviction` a command Redis flags
   * `denyoom` is refused when it would create a key in a full cache (or the cache is already
   * over, which only a script or SMOVE can cause); other commands always run. `execQueue`: the
   * commands an EXEC would run (null for any other command).
   */
  async admit(
    connection: () => Connection,
    argv: readonly string[],
    execQueue: () => readonly (readonly string[])[] | null,
  ): Promise<boolean> {
    this.index.reapExpired(this.clock.nowMs, this.noteReaped);
    await this.evictOverLimit(connection);
    if (this.options.eviction !== 'noeviction') return true;
    // EXEC is checked for the commands it would run, as Redis checks it when its queue holds a
    // `denyoom` command; refused, the transaction is discarded (EXECABORT).
    const queue = execQueue();
    const commands = (queue ?? [argv]).filter((a) => isDenyOom(upperName(a[0]), a));
    if (commands.length === 0) return true;
    const { maxKeys } = this.options;
    if (this.index.size > maxKeys) return false;
    const created = new Set<string>();
    for (const a of commands)
      for (const key of keysMaybeCreated(upperName(a[0]), a))
        if (!this.index.get(key)) created.add(key);
    return this.index.size + created.size <= maxKeys;
  }

  /**
   * Evicts keys, as the policy picks them, until the cache holds at most `maxKeys`, deleting
   * each on the connection `connection` gives (asked for only when a key goes).
   */
  async evictOverLimit(connection: () => Connection): Promise<void> {
    const { maxKeys } = this.options;
    while (this.index.size > maxKeys) {
      this.index.reapExpired(this.clock.nowMs, this.noteReaped);
      if (this.index.size <= maxKeys) return;
      const victim = this.evictor.pickVictim(this.index, this.clock.nowMs);
      if (!victim) return; // noeviction
      const conn = connection();
      const key = victim.key;
      // ioredis-mock's DEL refuses the empty key ("wrong number of arguments"), which Redis
      // deletes: its keyspace is cleared directly, as the console's DEL does.
      const keyspace = key === '' ? mockKeyspace(conn) : null;
      if (keyspace) keyspace.delete(key);
      else await this.time.run(() => (conn.del as (k: string) => Promise<number>).call(conn, key));
      this.index.remove(key);
      this.changes.note(key);
      this.onEvicted(key);
    }
  }

  /**
   * A command wrote `key`: a new key is created (fresh LRU/LFU data), an existing one counts as
   * accessed, as Redis' lookupKeyWrite counts it. Access data only matters under `maxKeys`.
   */
  writeKey(key: string, expiresAt: number, version = -1): void {
    this.changes.note(key);
    if (this.reaped.size > 0) this.reaped.delete(key);
    const existing = this.index.get(key);
    const isLimited = this.options.maxKeys > 0;
    if (existing) {
      this.index.setExpiry(existing, expiresAt);
      existing.version = version;
      if (isLimited) this.evictor.accessed(existing, this.clock.nowMs);
      return;
    }
    const entry = this.index.add(key, expiresAt, version);
    if (isLimited) this.evictor.created(entry, this.clock.nowMs);
  }

  removeKey(key: string): void {
    this.changes.note(key);
    this.index.remove(key);
    if (this.reaped.size > 0) this.reaped.delete(key);
  }

  /** The server holds no key any more (a flush, a restart): neither does the index. */
  clear(): void {
    this.index.clear();
    this.reaped.clear();
    this.changes.noteAll();
  }

  /**
   * The index after a key-creating command other than SET (INCR, APPEND, HSET, MSET ...), so
   * `maxKeys` counts the keys it made at once. Returns false for a command it does not model.
   */
  trackCreated(name: string, argv: readonly string[], reply: unknown): boolean {
    if (!isKeyCreating(name) || name === 'EVAL' || name === 'EVALSHA') return false;
    if ((name === 'SETNX' || name === 'MSETNX') && reply === 0) return true;
    const now = Math.floor(this.clock.nowMs);
    for (const key of keysMaybeCreated(name, argv)) {
      const existing = this.index.get(key);
      let expiresAt = existing?.expiresAt ?? Infinity;
      if (name === 'SETEX') expiresAt = now + Number(argv[2]) * 1000;
      else if (name === 'PSETEX') expiresAt = now + Number(argv[2]);
      else if (name === 'MSET' || name === 'MSETNX' || name === 'GETSET') expiresAt = Infinity;
      this.writeKey(key, expiresAt);
    }
    return true;
  }

  /**
   * Keys a console command looked up count as accessed for LRU and LFU, once a lookup, as Redis'
   * `lookupKey` counts them (GET, HGET, LRANGE, a SET NX that found the key ...). A key it may
   * have changed is re-read afterwards, which counts one access: its other lookups count here
   * (`SET k v GET` and `GETSET` look the key up twice, to read it and to write it; until
   * 2026-12-07 they counted once, so OBJECT FREQ never went from 6 to 7 where Redis' did).
   */
  noteAccessed(keys: readonly string[], touched: CommandOutcome['touched']): void {
    if (keys.length === 0 || touched === 'all') return;
    const now = this.clock.nowMs;
    const reread = new Set(touched);
    // Each lookup is one access, as in Redis (`MGET a a` counts a twice under LFU).
    for (const key of keys) {
      if (reread.delete(key)) continue;
      const entry = this.index.get(key);
      if (entry) this.evictor.accessed(entry, now);
    }
  }

  /**
   * RENAME moved `from` to `to`: the entry goes with its LRU/LFU data, as Redis moves the object
   * (a fresh entry would answer OBJECT FREQ 5). The re-read of the touched keys that follows
   * counts the one access, Redis' lookup of the source.
   */
  readonly moveKey = (from: string, to: string): void => {
    const entry = this.index.get(from);
    if (!entry) return;
    const { expiresAt, version, lruClock, lfuCounter, lfuMinutes } = entry;
    this.index.remove(from);
    this.index.remove(to);
    Object.assign(this.index.add(to, expiresAt, version), { lruClock, lfuCounter, lfuMinutes });
  };

  /**
   * COPY put a new object at `key`: the entry of a key it replaced goes, so the re-read that
   * follows indexes a new key (OBJECT FREQ 5), where it would count an access of the old one.
   */
  readonly newObjectAt = (key: string): void => {
    this.index.remove(key);
  };

  /** OBJECT FREQ and IDLETIME's data for `key` (undefined: not indexed). */
  readonly accessData: NonNullable<CommandContext['accessData']> = (key: string) => {
    const entry = this.index.get(key);
    const now = this.clock.nowMs;
    return entry
      ? {
          frequency: this.evictor.frequency(entry, now),
          idleMs: this.evictor.idleTimeMs(entry, now),
        }
      : undefined;
  };

  /** Re-reads `keys` from the keyspace on `conn` (a script named them: it may have set or deleted any). */
  async recheck(conn: Connection, keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      const pttl = await this.time.run(() =>
        (conn.pttl as (k: string) => Promise<number>).call(conn, key),
      );
      // A key the script named and left in place counts as written (an access, or a creation).
      if (pttl === -2) this.removeKey(key);
      else this.writeKey(key, pttl === -1 ? Infinity : Math.floor(this.clock.nowMs) + pttl);
    }
  }

  /** Rebuilds the index from the keyspace itself, read on `conn` (KEYS and PTTL). */
  async resync(conn: Connection): Promise<void> {
    const keys = (
      await this.time.run(() => (conn.keys as (p: string) => Promise<string[]>).call(conn, '*'))
    )
      .slice()
      .sort();
    const now = Math.floor(this.clock.nowMs);
    const present = new Set(keys);
    for (const m of [...this.index.entries()]) if (!present.has(m.key)) this.removeKey(m.key);
    for (const key of keys) {
      const pttl = await this.time.run(() =>
        (conn.pttl as (k: string) => Promise<number>).call(conn, key),
      );
      if (pttl === -2) {
        this.removeKey(key);
        continue;
      }
      // Reading the keyspace back is no access: an indexed key keeps its LRU/LFU data.
      const expiresAt = pttl === -1 ? Infinity : now + pttl;
      const existing = this.index.get(key);
      if (existing) this.index.setExpiry(existing, expiresAt);
      else this.writeKey(key, expiresAt);
    }
  }
}

/** Expiry time implied by a SET's options; a plain SET drops the old TTL, KEEPTTL keeps it. */
export function setExpiry(
  argv: readonly string[],
  now: number,
  previous: number | undefined,
): number {
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
