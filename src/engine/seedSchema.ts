/**
 * The triggers and change log the seed adds to `users`: the page's own, which every write of a
 * user runs. In a module of their own so the console's check of what a line leaves behind
 * (`pageReach.ts`) knows them without the Database.
 */

/** The trigger that makes every write bump the version, even a console UPDATE that forgets to. */
export const VERSION_TRIGGER = 'users_version';
export const CREATE_VERSION_TRIGGER_SQL = `CREATE TRIGGER ${VERSION_TRIGGER} AFTER UPDATE ON users
  WHEN NEW.version = OLD.version
  BEGIN UPDATE users SET version = OLD.version + 1, updated_at = vnow() WHERE id = NEW.id; END`;
/**
 * The change log: one row per committed write of a user (the row, the version it made current,
 * when), filled by the database itself, so every writer is in it, the console too. A
 * change-data-capture consumer reads it in id order (see `changeFeed.ts`).
 */
export const CHANGES_TABLE = 'changes';
export const CHANGES_TRIGGER = 'users_changes';
export const CREATE_CHANGES_SQL = `CREATE TABLE ${CHANGES_TABLE} (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL,
  version INTEGER NOT NULL,
  at INTEGER NOT NULL
)`;
// A write that leaves version alone (a console UPDATE) is logged by the version trigger's own
// UPDATE, which fires this one: one change per write, with the version it made current.
export const CREATE_CHANGES_TRIGGER_SQL = `CREATE TRIGGER ${CHANGES_TRIGGER} AFTER UPDATE ON users
  WHEN NEW.version <> OLD.version
  BEGIN INSERT INTO ${CHANGES_TABLE} (user_id, version, at) VALUES (NEW.id, NEW.version, vnow()); END`;
