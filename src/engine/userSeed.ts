/**
 * The seeded users table: its schema, the deterministic seed rows, and the two ways a Database
 * gets them without inserting every row itself (a kept image of the seeded file, or a table
 * seeded ahead in slices and handed over).
 */
import type { Database as SqlJsDatabase, SqlJsStatic, Statement } from 'sql.js';
import type { UserRow } from './userStatements';
import { openSqlite, seedSqlRandom } from './sqlConnection';
import {
  CREATE_CHANGES_SQL,
  CREATE_CHANGES_TRIGGER_SQL,
  CREATE_VERSION_TRIGGER_SQL,
} from './seedSchema';

/** The users table's columns, in the order the seed makes them and a row's JSON holds them. */
export const USER_COLUMNS: readonly string[] = [
  'id',
  'name',
  'email',
  'plan',
  'version',
  'updated_at',
];

/** The users table's check that each version is a whole number from 1. */
export const VERSION_CONSTRAINT = 'version_is_a_count_from_1';
const CREATE_USERS_SQL = `CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  plan TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
    CONSTRAINT ${VERSION_CONSTRAINT} CHECK (typeof(version) = 'integer' AND version >= 1),
  updated_at INTEGER NOT NULL DEFAULT 0
)`;

const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Edsger',
  'Barbara',
  'Donald',
  'Margaret',
  'Ken',
  'Radia',
  'Leslie',
  'Frances',
  'John',
  'Tim',
  'Katherine',
  'Linus',
  'Sophie',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Hamilton',
  'Thompson',
  'Perlman',
  'Lamport',
  'Allen',
  'McCarthy',
  'Berners-Lee',
  'Johnson',
  'Torvalds',
  'Wilson',
];
const PLANS = ['free', 'pro', 'team'];

/** The deterministic seed row for an id. */
export function seedRow(id: number): UserRow {
  const first = FIRST[id % FIRST.length];
  const last = LAST[Math.floor(id / FIRST.length) % LAST.length];
  return {
    id,
    name: `${first} ${last}`,
    email: `${first.toLowerCase()}.${last.toLowerCase()}${id}@example.com`,
    plan: PLANS[id % PLANS.length],
    version: 1,
    updated_at: 0,
  };
}

/** Creates the users table, its triggers and the change log (no rows). */
export function createSchema(db: SqlJsDatabase): void {
  db.run(CREATE_USERS_SQL);
  // Any write that does not bump the version itself (a console UPDATE) still counts as one.
  db.run(CREATE_VERSION_TRIGGER_SQL);
  db.run(CREATE_CHANGES_SQL);
  db.run(CREATE_CHANGES_TRIGGER_SQL);
}

/** Inserts the seed rows from..to (inclusive). */
function insertSeedRows(insert: Statement, from: number, to: number): void {
  for (let id = from; id <= to; id++) {
    const r = seedRow(id);
    insert.run([r.id, r.name, r.email, r.plan, r.version, r.updated_at]);
  }
}

export const INSERT_USER_SQL = 'INSERT INTO users VALUES (?, ?, ?, ?, ?, ?)';

/** Creates the users table and its trigger and inserts the seed rows 1..rows. */
export function seedUsers(db: SqlJsDatabase, rows: number): void {
  db.run('BEGIN');
  createSchema(db);
  const insert = db.prepare(INSERT_USER_SQL);
  insertSeedRows(insert, 1, rows);
  insert.free();
  db.run('COMMIT');
}

/** Above this many rows each database seeds itself: a kept copy would double its memory. */
const MAX_IMAGE_ROWS = 10_000;
const seedImages = new WeakMap<SqlJsStatic, Map<number, Uint8Array>>();

/**
 * The seeded database file (schema, trigger, rows 1..rows), made once per sql.js module and row
 * count: every later database opens a copy of it instead of inserting the rows again (the
 * explorer and the tests create thousands; Reset and a new scenario create one each). Null for
 * more than MAX_IMAGE_ROWS rows.
 */
export function seedImage(SQL: SqlJsStatic, rows: number): Uint8Array | null {
  if (rows > MAX_IMAGE_ROWS) return null;
  let images = seedImages.get(SQL);
  if (!images) {
    images = new Map();
    seedImages.set(SQL, images);
  }
  let image = images.get(rows);
  if (!image) {
    const db = new SQL.Database();
    try {
      seedUsers(db, rows);
      image = db.export();
    } finally {
      db.close();
    }
    // A few row counts at most (a test may try many): the oldest goes first.
    if (images.size >= 4) images.delete(images.keys().next().value as number);
    images.set(rows, image);
  }
  return image;
}

/** Rows {@link seedUsersInSlices} inserts between two calls of its `between`. */
export const SEED_SLICE_ROWS = 5_000;

/** A users table seeded ahead of its {@link Database} (see {@link seedUsersInSlices}). */
export interface SeededUsers {
  readonly SQL: SqlJsStatic;
  readonly rows: number;
  readonly db: SqlJsDatabase;
  /** Rows inserted: fewer than `rows` when the seeding was stopped. */
  readonly seeded: number;
}

/** The seeded table the Database being constructed opens (set only inside {@link openingSeeded}). */
let handedOver: SeededUsers | null = null;

/**
 * Seeds the users table of a large database (more rows than an image is kept for) in slices of
 * SEED_SLICE_ROWS, awaiting `between(seeded)` after each: a host reports progress there and
 * yields to its messages, and false from it stops the seeding where it is. A million rows take
 * seconds in one synchronous loop, during which a run could neither say what it does nor stop.
 * Null when a Database of this many rows opens a kept image instead (nothing to wait for).
 */
export async function seedUsersInSlices(
  SQL: SqlJsStatic,
  rows: number,
  between: (seeded: number) => boolean | Promise<boolean>,
): Promise<SeededUsers | null> {
  if (rows <= MAX_IMAGE_ROWS) return null;
  // `vnow` runs only in triggers of later writes; the Database binds it to its clock.
  const db = openSqlite(SQL, null, () => 0);
  let seeded = 0;
  try {
    db.run('BEGIN');
    createSchema(db);
    const insert = db.prepare(INSERT_USER_SQL);
    try {
      while (seeded < rows) {
        const to = Math.min(rows, seeded + SEED_SLICE_ROWS);
        insertSeedRows(insert, seeded + 1, to);
        seeded = to;
        if (!(await between(seeded))) break;
      }
    } finally {
      insert.free();
    }
    db.run('COMMIT');
  } catch (e) {
    db.close();
    throw e;
  }
  return { SQL, rows, db, seeded };
}

/**
 * Runs `make` (which constructs the Database, directly or through a Runtime) so that the Database
 * of `seeded.rows` rows it creates opens the seeded table instead of seeding its own. `make` is
 * synchronous, so no other Database can take it; one left untaken is closed.
 */
export function openingSeeded<T>(seeded: SeededUsers | null, make: () => T): T {
  handedOver = seeded;
  try {
    return make();
  } finally {
    if (handedOver) handedOver.db.close();
    handedOver = null;
  }
}

/**
 * The seeded table {@link openingSeeded} hands over, when it is for a Database of this sql.js
 * module and row count: taken (no other Database gets it), or null.
 */
export function takeSeeded(SQL: SqlJsStatic, rows: number): SeededUsers | null {
  const given = handedOver?.SQL === SQL && handedOver.rows === rows ? handedOver : null;
  if (given) handedOver = null;
  return given;
}

/**
 * Opens the seeded users table of a Database of `rows` rows, `vnow()` answering `nowMs`: the
 * table {@link openingSeeded} hands over, else a copy of the kept image ({@link seedImage}),
 * else a database that seeds itself.
 */
export function openSeededUsers(
  SQL: SqlJsStatic,
  rows: number,
  nowMs: () => number,
): SqlJsDatabase {
  const given = takeSeeded(SQL, rows);
  if (given) {
    given.db.create_function('vnow', nowMs);
    seedSqlRandom(SQL, given.db);
    return given.db;
  }
  const image = seedImage(SQL, rows);
  const db = openSqlite(SQL, image, nowMs);
  if (!image) seedUsers(db, rows);
  return db;
}
