import type { Database as SqlJsDatabase, SqlJsStatic, SqlValue } from 'sql.js';
import { Rng } from './rng';

/**
 * Opens a sql.js connection the way every database here is opened: `vnow()` answers the
 * virtual time, the rollback journal is kept in memory and the file is held exclusively.
 * sql.js keeps its file in an emulated file system, where a journal "on disk" means creating,
 * writing and deleting a file for every write, and a shared lock means re-reading the file's
 * header before every statement: together about three times the cost of an UPDATE and twice
 * that of a SELECT, for a file no other connection opens and nothing needs to outlive. Rollback
 * (ROLLBACK, a failed statement, a savepoint) works the same with the journal in memory.
 */
export function openSqlite(
  SQL: SqlJsStatic,
  bytes: Uint8Array | null,
  nowMs: () => number,
): SqlJsDatabase {
  const db = bytes ? new SQL.Database(bytes) : new SQL.Database();
  db.create_function('vnow', nowMs);
  seedSqlRandom(SQL, db);
  db.run('PRAGMA journal_mode = MEMORY');
  db.run('PRAGMA locking_mode = EXCLUSIVE');
  return db;
}

/** The generator SQLite's random() and randomblob() draw from now (see {@link withSqlRandom}). */
let drawing: (() => Rng) | null = null;
/** Outside any statement bound to a generator: still seeded, never the host's entropy. */
let unbound: Rng | null = null;
const currentRng = (): Rng => drawing?.() ?? (unbound ??= new Rng(0));

/** Runs `fn` (SQL statements) with random() and randomblob() drawing from `rng`. */
export function withSqlRandom<T>(rng: () => Rng, fn: () => T): T {
  const outer = drawing;
  drawing = rng;
  try {
    return fn();
  } finally {
    drawing = outer;
  }
}

/** Bytes `randomblob(N)` makes at most: a trial's whole memory (TRIAL_HEAP_LIMIT_BYTES). */
const MAX_RANDOM_BLOB = 64 * 1024 * 1024;

/** What sql.js offers of SQLite's C API beyond its types: enough to return a 64-bit INTEGER. */
interface RawSqlJs {
  addFunction(fn: (cx: number) => void, signature: string): number;
  stringToNewUTF8(text: string): number;
  _free(ptr: number): void;
  _sqlite3_create_function_v2(
    ...args: [db: number, name: number, nArg: number, flags: number, ...pointers: number[]]
  ): number;
  _sqlite3_result_int64(cx: number, value: bigint): void;
}
/** random()'s C callback, one per sql.js module (a table slot each, never freed). */
const randomCallbacks = new WeakMap<SqlJsStatic, number>();
const SQLITE_UTF8 = 1;

/**
 * Puts SQLite's `random()` and `randomblob(N)` on a seeded generator: SQLite seeds its own once
 * from the host's entropy, so a line or trigger that used them made other values on every
 * replay (Back, a link). random() is registered through SQLite's C API: a function made with
 * sql.js' `create_function` can return no INTEGER (every number comes back a REAL).
 */
export function seedSqlRandom(SQL: SqlJsStatic, db: SqlJsDatabase): void {
  const raw = SQL as unknown as RawSqlJs;
  let callback = randomCallbacks.get(SQL);
  if (callback === undefined) {
    callback = raw.addFunction((cx) => {
      const r = currentRng();
      const high = BigInt(r.int(4294967296));
      const low = BigInt(r.int(4294967296));
      raw._sqlite3_result_int64(cx, BigInt.asIntN(64, (high << 32n) | low));
    }, 'viii');
    randomCallbacks.set(SQL, callback);
  }
  const name = raw.stringToNewUTF8('random');
  try {
    const handle = (db as unknown as { db: number }).db;
    raw._sqlite3_create_function_v2(handle, name, 0, SQLITE_UTF8, 0, callback, 0, 0, 0);
  } finally {
    raw._free(name);
  }
  db.create_function('randomblob', (n: SqlValue) => {
    const size = Math.max(1, Math.trunc(Number(n)) || 1);
    // SQLite's own answers past its limits, before anything is made here.
    if (size > 1_000_000_000) throw new Error('string or blob too big');
    if (size > MAX_RANDOM_BLOB) throw new Error('out of memory');
    const bytes = new Uint8Array(size);
    const r = currentRng();
    for (let i = 0; i < size; i++) bytes[i] = r.int(256);
    return bytes;
  });
}
