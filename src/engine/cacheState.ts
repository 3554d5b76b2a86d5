import type { KeyState } from './keyspacePeek';
import type { CacheLogEntry } from './commandLog';
import type { TransactionData } from './redisTransactions';
import type { EvictorState } from './eviction';
import type { KeyIndexState } from './keyIndex';
import type { CjsonConfig } from './luaCjson';
import { storedExpiry, storeExpiry } from './redisKeyspace';

/** Whether the server can be reached (down: every command rejects with a connection error). */
export type Availability = 'up' | 'down';

/**
 * The whole adapter and its keyspace as data, between commands (see `Cache.saveState`).
 * `keyspace` holds the server's own values (copies) and expiry stamps.
 */
export interface CacheState {
  keyspace: [
    key: string,
    value: unknown,
    expiresAt: number | undefined,
    /** The expiry in whole ms, in decimal, where `expiresAt` rounds it (past 2^53). */
    exactExpiresAt?: string,
  ][];
  index: KeyIndexState;
  evictor: EvictorState;
  availability: Availability;
  reaped: string[];
  log: CacheLogEntry[];
  logSeq: number;
  counters: [
    evictions: number,
    errors: number,
    commands: number,
    hits: number,
    misses: number,
    oomRefusals: number,
  ];
  server: {
    startedAtMs: number;
    evictionsBefore: number;
    commandsProcessed: number;
    errorReplies: number;
  };
  /** Error replies since the server started, by their first word (INFO errorstats). */
  errorStats: [prefix: string, count: number][];
  needsResync: boolean;
  /** The server's `math.random` generator for scripts (luaRandom.ts). */
  scriptRandom: [hi: number, lo: number];
  /** The settings of the scripts' global `cjson` (luaCjson.ts). */
  cjsonConfig: CjsonConfig;
  /** Each connection's scripts by SHA1 (EVALSHA runs what an EVAL on it stored). */
  scripts: [actor: string, scripts: Record<string, string>][];
  /** Each console connection's MULTI queue and watched keys (absent in older checkpoints). */
  transactions?: TransactionData<KeyState>[];
  /** Each connection's MULTI or watches an outage or restart closed (absent in older checkpoints). */
  closedTransactions?: (ClosedTransaction & { actor: string })[];
  /** The id HELLO answers for each client's connection, and the last id given (absent in older checkpoints). */
  clientIds?: [actor: string, id: number][];
  lastClientId?: number;
}

/**
 * A connection's MULTI or watches that an outage, a restart or the console's QUIT closed, as the
 * cache recorded it.
 */
export interface ClosedTransaction {
  cause: 'outage' | 'restart' | 'quit';
  /** Virtual time the connection closed. */
  atMs: number;
  /** It was in MULTI (its queue was dropped), not only watching. */
  wasQueuing: boolean;
  /** Commands queued since MULTI that were dropped unrun. */
  queued: number;
  /** Keys it watched. */
  watched: number;
}

/**
 * The server's keys with their values and expiry stamps, read from ioredis-mock's own stores
 * (null for any other client). Call it on virtual time.
 */
export function saveKeyspace(conn: object): CacheState['keyspace'] | null {
  const { data, expires } = conn as Partial<MockStores>;
  if (typeof data?.keys !== 'function' || typeof expires?.get !== 'function') return null;
  return data.keys().map((key): CacheState['keyspace'][number] => {
    const exact = storedExpiry(conn, expires, key);
    return typeof exact === 'bigint'
      ? [key, data.get(key), expires.get(key), String(exact)]
      : [key, data.get(key), expires.get(key)];
  });
}

/** Puts a {@link saveKeyspace} back into ioredis-mock's stores. Call it on virtual time. */
export function loadKeyspace(conn: object, keyspace: CacheState['keyspace']): void {
  const { data, expires } = conn as MockStores;
  // The server copies what it stores, so the saved state can be loaded again.
  for (const [key, value, at, exact] of keyspace) {
    data.set(key, value);
    if (at !== undefined) storeExpiry(conn, expires, key, exact === undefined ? at : BigInt(exact));
  }
}

/**
 * The scripts an ioredis-mock connection remembers from EVAL (its `shaScripts`, one per
 * connection where Redis keeps one per server), or {} for another client.
 */
export function scriptsOf(conn: object): Record<string, string> {
  const scripts = (conn as { shaScripts?: unknown }).shaScripts;
  return typeof scripts === 'object' && scripts !== null ? (scripts as Record<string, string>) : {};
}

interface MockStores {
  data: { keys(): string[]; get(key: string): unknown; set(key: string, value: unknown): void };
  expires: { get(key: string): number | undefined; set(key: string, at: number): void };
}
