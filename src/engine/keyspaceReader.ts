import type { VirtualClock } from './clock';
import {
  asJsonText,
  heldAt,
  keyStatesAt,
  listAt,
  type KeyState,
  type PeekType,
} from './keyspacePeek';
import { mockKeyspace, typeOf, type RedisValue } from './redisKeyspace';
import type { VirtualTimeBinding } from './virtualTime';

/** A connection to the server the reader reads the keyspace through (ioredis-mock's shape). */
type Connection = { [command: string]: unknown };

/**
 * The cache adapter's reads of keys without a command, for the panels, the checker and the
 * console's before-and-after: nothing is logged, counted or accessed, and an expired key is not
 * reaped (the commands do that). They read ioredis-mock's own stores on the adapter's connection;
 * with a real server, which is not read without a command, they say so (undefined, 'other').
 */
export class KeyspaceReader {
  private readonly clock: VirtualClock;
  private readonly time: VirtualTimeBinding;
  /** The adapter's own connection, made on first use; it sends no client's command. */
  private readonly system: () => Connection;

  constructor(clock: VirtualClock, time: VirtualTimeBinding, system: () => Connection) {
    this.clock = clock;
    this.time = time;
    this.system = system;
  }

  /**
   * What `key` holds as a row's text would read: a string as it is, a hash as the JSON of its
   * fields (a row stored with HSET), anything else none; whether it is a string; and until when.
   * Undefined: absent.
   */
  heldText(
    key: string,
  ): { text: string | undefined; isString: boolean; expiresAtMs: number } | undefined {
    const held = this.held(key);
    if (held === undefined) return undefined;
    const { value } = held;
    const text =
      typeof value === 'string'
        ? value
        : value instanceof Map
          ? JSON.stringify(Object.fromEntries(value))
          : undefined;
    return { text, isString: typeof value === 'string', expiresAtMs: held.expiresAtMs };
  }

  /**
   * What `key` holds now and when it expires (Infinity: never), read from the in-memory
   * keyspace without a command; undefined when the key is absent (or the server is real).
   */
  held(key: string): { value: RedisValue; expiresAtMs: number } | undefined {
    const keyspace = mockKeyspace(this.system());
    if (!keyspace) return undefined;
    return heldAt(keyspace, key, Math.floor(this.clock.nowMs), this.time);
  }

  /**
   * When `key` expires (virtual ms) as set, read without a command and without reaping it: a
   * time already past means the key is gone, as Redis removes an expired key (Infinity: it has
   * no expiry or is absent; undefined: the server is real).
   */
  expiresAtMs(key: string): number | undefined {
    const keyspace = mockKeyspace(this.system());
    if (!keyspace) return undefined;
    return keyspace.expiresAt(key) ?? Infinity;
  }

  /**
   * What each of `keys` holds and until when, as text to compare (undefined: absent), read
   * without a command and without reaping a key that has expired (the commands do that): a
   * console command changed a key when its text differs before and after it. Empty when the
   * server is real.
   */
  keyStates(keys: readonly string[]): Map<string, KeyState | undefined> {
    const keyspace = mockKeyspace(this.system());
    if (!keyspace) return new Map();
    return keyStatesAt(keyspace, keys, Math.floor(this.clock.nowMs), this.time);
  }

  /**
   * How many elements the list at `key` holds, read from the keyspace without a command and
   * without writing the list out (a queue of 100,000 entries is a length, not 100,000 strings
   * to copy into JSON and parse back); `type` says what the key holds instead ('other': a
   * server this adapter cannot look into).
   */
  listLength(key: string): { type: PeekType; length: number } {
    const keyspace = mockKeyspace(this.system());
    if (!keyspace) return { type: 'other', length: 0 };
    const { type, entries } = listAt(keyspace, key, Math.floor(this.clock.nowMs), this.time);
    return { type, length: entries.length };
  }

  /** The entries of the list at `key`, read as {@link listLength} reads its length (none: not a list). */
  listEntries(key: string): { type: PeekType; entries: readonly string[] } {
    const keyspace = mockKeyspace(this.system());
    if (!keyspace) return { type: 'other', entries: [] };
    return listAt(keyspace, key, Math.floor(this.clock.nowMs), this.time);
  }

  /**
   * Reads a key without logging or touching it (for panels and the checker). Whatever the key
   * holds comes back as text: a string as is, a hash, list or set as JSON, with its type.
   */
  async peek(key: string): Promise<{ value: string | null; pttl: number; type: PeekType }> {
    const conn = this.system();
    const keyspace = mockKeyspace(conn);
    const pttl = await this.time.run(() =>
      (conn.pttl as (k: string) => Promise<number>).call(conn, key),
    );
    if (keyspace) {
      const value = this.time.run(() => keyspace.get(key, Math.floor(this.clock.nowMs)));
      if (value === undefined) return { value: null, pttl: -2, type: 'none' };
      const type = typeOf(value);
      return { value: typeof value === 'string' ? value : asJsonText(value), pttl, type };
    }
    try {
      const value = await this.time.run(() =>
        (conn.get as (k: string) => Promise<string | null>).call(conn, key),
      );
      return { value, pttl, type: value === null ? 'none' : 'string' };
    } catch {
      return { value: '(not a string)', pttl, type: 'other' };
    }
  }
}
