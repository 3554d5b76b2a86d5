import type { Database as SqlJsDatabase, Statement } from 'sql.js';

/** Each row's id and version, by the id the application finds each row by (see KEYED_USERS_SQL). */
const SCAN_VERSIONS_SQL =
  'SELECT CAST(id AS INTEGER), version FROM users WHERE id = CAST(id AS INTEGER)';

/** Every trigger's name and SQL, in name order. */
function triggerSignature(db: SqlJsDatabase): string {
  const rows =
    db.exec("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")[0]
      ?.values ?? [];
  return JSON.stringify(rows);
}

/**
 * The seeded triggers, to tell when the console has added, replaced or dropped one: only then
 * can an application write change rows it did not name. Then every row's version is read back
 * after the write ({@link readVersions}).
 */
export class TriggerWatch {
  /** The seeded triggers (name and SQL). */
  private readonly seedTriggers: string;
  /** Each row's id and version, prepared on first use (see {@link readVersions}). */
  private scanPrepared: Statement | null = null;

  /** `db` as seeded: its triggers are the seed's. */
  constructor(db: SqlJsDatabase) {
    this.seedTriggers = triggerSignature(db);
  }

  /** Whether `db` holds triggers other than the seed's (asked of the schema each time). */
  hasOtherTriggers(db: SqlJsDatabase): boolean {
    return triggerSignature(db) !== this.seedTriggers;
  }

  /** The connection was replaced (a checkpoint put back): so is the statement prepared on it. */
  reopened(): void {
    this.scanPrepared = null;
  }

  /**
   * Reads every row's id and version from `db` (two columns, not a copy of the table) against
   * the versions known (`versions`, by id): the rows whose version differs (`moved`) and each
   * id the table holds (`present`, 1 for each). Null when the table cannot be read (renamed, a
   * column gone): nothing to learn from it.
   */
  readVersions(
    db: SqlJsDatabase,
    versions: Float64Array,
  ): { moved: number[]; present: Uint8Array } | null {
    const moved: number[] = [];
    const present = new Uint8Array(versions.length);
    try {
      this.scanPrepared ??= db.prepare(SCAN_VERSIONS_SQL);
      const scan = this.scanPrepared;
      try {
        while (scan.step()) {
          const [id, version] = scan.get();
          if (typeof id !== 'number' || !(id > 0 && id < versions.length)) continue;
          present[id] = 1;
          // Taken at its word, lower too: a version set back is the one the row holds now.
          if (typeof version === 'number' && version !== versions[id]) moved.push(id);
        }
      } finally {
        scan.reset();
      }
    } catch {
      return null;
    }
    return { moved, present };
  }
}
