import type { Database as SqlJsDatabase, SqlValue } from 'sql.js';
import { TRIAL_PRAGMAS } from './consoleSql';
import type { UserRow } from './userStatements';
import { CHANGES_TABLE } from './seedSchema';
import { schemaChangesBetween, schemaObjects } from './sqliteProbes';
import { createSchema, INSERT_USER_SQL, seedRow } from './userSeed';
import { allRows, cell, countOf } from './usersTable';

/** How the SQL log and the diagrams write Reset database: no statement of SQL, a comment. */
export const RESET_DATABASE_STATEMENT = '-- reset database: the seeded users table';

const quoteName = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** What {@link reseedUsers} needs of the database adapter beside the SQLite handle. */
export interface ReseedContext {
  /** The seeded rows: ids 1..rows. */
  rows: number;
  nowMs: number;
  /** The highest change id a consumer has read: the change log's ids continue after it. */
  lastChangeIdRead: number;
  /** The version last committed for a row (see `Database.committedVersion`). */
  committedVersion(id: number): number;
  /** When a row's version was committed (see `Database.commitTime`). */
  commitTime(id: number, version: number): number;
}

/**
 * Puts `db` back as it was seeded, in one transaction (rolled back and rethrown on error):
 * everything the console created is dropped, the users table and its triggers are created again
 * with the seed rows, the change log is kept, and the connection settings go back to their
 * defaults. Versions never go back: a row that differs from its seed is put back as a new write
 * (its version one past any it reached, logged as a change). Returns those rows, the ids of
 * the rows the console had added, which the seed does not have, and what it did to the schema
 * (`created table users` when the console had dropped it, `dropped index notes_at` for one the
 * console made).
 */
export function reseedUsers(
  db: SqlJsDatabase,
  ctx: ReseedContext,
): { changed: UserRow[]; removed: number[]; schemaChanges: string[] } {
  // Every object is dropped and made again, perhaps on another page: what was there before is
  // never told as renamed (see schemaChangesBetween), only as kept, altered, dropped or made.
  const objectsBefore = schemaObjects(db).map((o) => ({ ...o, rootpage: 0 }));
  const before = allRows(db);
  const objects =
    db.exec(
      "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND type IN ('view', 'trigger', 'table')",
    )[0]?.values ?? [];
  const order = ['view', 'trigger', 'table'];
  objects.sort((a, b) => order.indexOf(String(a[0])) - order.indexOf(String(b[0])));
  const changed: UserRow[] = [];
  // The change log survives a reset (a consumer's cursor stays valid); its ids keep growing.
  let log: SqlValue[][] = [];
  try {
    log =
      db.exec(`SELECT id, user_id, version, at FROM ${CHANGES_TABLE} ORDER BY id`)[0]?.values ?? [];
  } catch {
    log = [];
  }
  // Off first: under query_only the reset could write nothing (nor could anything after it).
  for (const name of TRIAL_PRAGMAS) db.run(`PRAGMA ${name} = 0`);
  db.run('BEGIN');
  try {
    for (const [type, name] of objects)
      db.run(`DROP ${String(type).toUpperCase()} IF EXISTS ${quoteName(String(name))}`);
    // ANALYZE's statistics (SQLite's own tables, which the seed has none of) go too.
    for (const stat of ['sqlite_stat1', 'sqlite_stat4']) db.run(`DROP TABLE IF EXISTS ${stat}`);
    // A dropped table takes its AUTOINCREMENT counter with it, but a counter written by hand for
    // a name no table has stays, and a table made later under that name counted on from it. The
    // seed has no AUTOINCREMENT table, so none of them is its own. (SQLite refuses to drop the
    // table sqlite_sequence itself, so once made it stays, empty.)
    const hasSequence = db.exec(
      "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'",
    );
    if (hasSequence.length > 0) db.run('DELETE FROM sqlite_sequence');
    createSchema(db);
    const keep = db.prepare(`INSERT INTO ${CHANGES_TABLE} VALUES (?, ?, ?, ?)`);
    try {
      for (const entry of log) keep.run(entry);
    } finally {
      keep.free();
    }
    const insert = db.prepare(INSERT_USER_SQL);
    try {
      for (let id = 1; id <= ctx.rows; id++) {
        const seed = seedRow(id);
        // A version the console renamed away, or set to NULL, text or a fraction in a table
        // made without the constraint, is none to keep: the row is put back as a new write.
        const version = countOf(cell(before, id, 'version'));
        const isSame =
          version !== undefined &&
          cell(before, id, 'name') === seed.name &&
          cell(before, id, 'email') === seed.email &&
          cell(before, id, 'plan') === seed.plan;
        const updatedAt = cell(before, id, 'updated_at');
        const row: UserRow = isSame
          ? {
              ...seed,
              version,
              updated_at:
                typeof updatedAt === 'number' && Number.isFinite(updatedAt)
                  ? updatedAt
                  : ctx.commitTime(id, version),
            }
          : {
              ...seed,
              // The version last committed may be no count either (1e400 set in the console).
              version: Math.max(countOf(ctx.committedVersion(id)) ?? 0, version ?? 0) + 1,
              updated_at: ctx.nowMs,
            };
        if (!isSame) changed.push(row);
        insert.run([row.id, row.name, row.email, row.plan, row.version, row.updated_at]);
      }
    } finally {
      insert.free();
    }
    // A row put back as a new write is a change like any other (a consumer invalidates it).
    // Ids continue past any a consumer has read, even when the console dropped the log.
    let nextId = Math.max(ctx.lastChangeIdRead, Number(log.at(-1)?.[0]) || 0) + 1;
    const logged = db.prepare(`INSERT INTO ${CHANGES_TABLE} VALUES (?, ?, ?, ?)`);
    try {
      for (const row of changed) logged.run([nextId++, row.id, row.version, ctx.nowMs]);
    } finally {
      logged.free();
    }
    db.run('COMMIT');
  } catch (e) {
    db.run('ROLLBACK');
    throw e;
  }
  const removed = [...before.rows.keys()].filter((id) => !(id >= 1 && id <= ctx.rows));
  return {
    changed,
    removed,
    schemaChanges: schemaChangesBetween(objectsBefore, schemaObjects(db)),
  };
}
