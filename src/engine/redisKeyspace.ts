// The keyspace the console's command layer works on: values by type and expiry times, read and
// written directly in ioredis-mock's store, so the application's own commands (which still go
// through the mock) and the console see the same keys.

/** A Redis value as the command layer holds it; a hash keeps its fields in insertion order. */
export type RedisValue = string | Map<string, string> | string[] | Set<string>;

export type RedisType = 'string' | 'hash' | 'list' | 'set';

export function typeOf(value: RedisValue): RedisType {
  if (typeof value === 'string') return 'string';
  if (value instanceof Map) return 'hash';
  if (Array.isArray(value)) return 'list';
  return 'set';
}

/** A copy of a value that shares nothing with it (commands change lists, sets and hashes in place). */
export const cloneValue = (v: RedisValue): RedisValue =>
  typeof v === 'string'
    ? v
    : Array.isArray(v)
      ? [...v]
      : v instanceof Set
        ? new Set(v)
        : new Map(v);

/**
 * What the command layer needs of a keyspace. Times are virtual milliseconds; a key whose
 * expiry is at or before `nowMs` is gone (reads delete it, as Redis' lazy expiry does).
 */
export interface Keyspace {
  get(key: string, nowMs: number): RedisValue | undefined;
  /** Stores a value; the key's expiry is left as it was. */
  set(key: string, value: RedisValue): void;
  delete(key: string): boolean;
  /** Live keys, in the store's order. */
  keys(nowMs: number): string[];
  /** The key's expiry (virtual ms), undefined when it has none. */
  expiresAt(key: string): number | undefined;
  /**
   * The key's expiry as it was set: the whole number of ms a command gave where a double cannot
   * hold it (past 2^53), else {@link expiresAt}'s.
   */
  exactExpiresAt(key: string): number | bigint | undefined;
  setExpiresAt(key: string, atMs: number | bigint | undefined): void;
  clear(): void;
}

interface MockStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  has(key: string): boolean;
  delete(key: string): void;
  keys(): string[];
  clear(): void;
}
interface MockExpires {
  clear(): void;
  get(key: string): number | undefined;
  set(key: string, at: number): void;
  has(key: string): boolean;
  delete(key: string): void;
}

const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Expiry times a double cannot hold, by the mock server they belong to: its expiry store keeps a
 * number, and `SET k v PXAT 9223372036854775807` answered PEXPIRETIME 9223372036854775808 and a
 * PTTL wrong in its last digits. One counts only while the store still holds its nearest double:
 * the application's own commands, through the mock, set times without this map.
 */
const exactExpiries = new WeakMap<object, Map<string, bigint>>();

interface ExpiryStore {
  get(key: string): number | undefined;
  set(key: string, at: number): void;
}

/** What every connection to one mock server shares (each has its own `expires` over it). */
const serverOf = (conn: object): object => (conn as { context?: object }).context ?? conn;

/** `atMs` stored in the mock's `expires`, with its exact value kept where a double rounds it. */
export function storeExpiry(
  conn: object,
  expires: ExpiryStore,
  key: string,
  atMs: number | bigint,
): void {
  const stored = Number(atMs);
  expires.set(key, stored);
  const server = serverOf(conn);
  if (typeof atMs === 'bigint' && BigInt(stored) !== atMs) {
    if (!exactExpiries.has(server)) exactExpiries.set(server, new Map());
    exactExpiries.get(server)?.set(key, atMs);
  } else exactExpiries.get(server)?.delete(key);
}

/** The expiry the mock stores for `key`, exact where {@link storeExpiry} kept it so. */
export function storedExpiry(
  conn: object,
  expires: ExpiryStore,
  key: string,
): number | bigint | undefined {
  const at = expires.get(key);
  const exact = exactExpiries.get(serverOf(conn))?.get(key);
  return at !== undefined && exact !== undefined && Number(exact) === at ? exact : at;
}

/** Reads whatever the mock stored (its own commands keep hashes as plain objects). */
function fromMock(raw: unknown): RedisValue | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number') return String(raw);
  if (raw instanceof Uint8Array) return utf8Decoder.decode(raw);
  if (raw instanceof Map || raw instanceof Set || Array.isArray(raw)) return raw as RedisValue;
  if (typeof raw === 'object') return new Map(Object.entries(raw as Record<string, string>));
  return String(raw);
}

/**
 * The keyspace behind an ioredis-mock connection (its `data` and `expires` stores), or null for
 * any other client (a real Redis answers for itself). The mock checks expiry against
 * `Date.now()`; callers run inside the cache adapter's virtual-time binding, and this adapter
 * checks `nowMs` itself as well.
 */
export function mockKeyspace(connection: unknown): Keyspace | null {
  const c = connection as { data?: MockStore; expires?: MockExpires };
  if (typeof c?.data?.get !== 'function' || typeof c.expires?.get !== 'function') return null;
  const made = keyspaces.get(c);
  if (made !== undefined && made.data === c.data && made.expires === c.expires)
    return made.keyspace;
  const keyspace = keyspaceOver(c, c.data, c.expires);
  keyspaces.set(c, { data: c.data, expires: c.expires, keyspace });
  return keyspace;
}

/**
 * Each connection's keyspace, made once: every write of a long run reads its key's copy
 * (`Cache.rowText`), and a fresh object of ten closures per read was a tenth of what a write
 * allocated. Made again if the mock ever hands the connection other stores.
 */
const keyspaces = new WeakMap<
  object,
  { data: MockStore; expires: MockExpires; keyspace: Keyspace }
>();

function keyspaceOver(c: object, data: MockStore, expires: MockExpires): Keyspace {
  const isExpired = (key: string, nowMs: number) => {
    const at = expires.get(key);
    return at !== undefined && at <= nowMs;
  };
  return {
    get(key, nowMs) {
      if (isExpired(key, nowMs)) {
        data.delete(key);
        return undefined;
      }
      // The mock keeps keys in a plain object, whose `get` also finds what every object inherits:
      // `GET constructor` answered "function Object() { [native code] }". Its `has` asks for an
      // own key.
      if (!data.has(key)) return undefined;
      return fromMock(data.get(key));
    },
    set: (key, value) => data.set(key, value),
    delete(key) {
      const had = data.has(key);
      data.delete(key);
      expires.delete(key);
      exactExpiries.get(serverOf(c))?.delete(key);
      return had;
    },
    keys: (nowMs) => data.keys().filter((k) => !isExpired(k, nowMs)),
    expiresAt: (key) => (expires.has(key) ? expires.get(key) : undefined),
    exactExpiresAt: (key) => (expires.has(key) ? storedExpiry(c, expires, key) : undefined),
    setExpiresAt(key, atMs) {
      if (atMs === undefined) expires.delete(key);
      else storeExpiry(c, expires, key, atMs);
    },
    clear() {
      data.clear();
      expires.clear();
      exactExpiries.get(serverOf(c))?.clear();
    },
  };
}
