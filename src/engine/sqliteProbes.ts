import type { Database as SqlJsDatabase } from 'sql.js';
import { TRIAL_PRAGMAS } from './consoleSql';
import { sliceShown, unseenEscaped } from './describe';

/** Whether a transaction is open (sql.js exports no sqlite3_get_autocommit to ask). */
export function isInTransaction(db: SqlJsDatabase): boolean {
  try {
    // BEGIN fails inside a transaction, and only there.
    db.run('BEGIN');
  } catch {
    return true;
  }
  db.run('ROLLBACK');
  return false;
}

/**
 * Rows changed since the connection opened, in any table, the schema's version (which SQLite
 * bumps on every CREATE, DROP and ALTER) and the connection settings the console may switch
 * (`PRAGMA query_only = 1` fails every later write): a statement changed the database when any
 * differs after it.
 */
export function changeMark(db: SqlJsDatabase): {
  changes: unknown;
  schema: unknown;
  settings: number[];
} {
  const changes = db.exec('SELECT total_changes()')[0]?.values[0]?.[0];
  const schema = db.exec('PRAGMA schema_version')[0]?.values[0]?.[0];
  const settings = TRIAL_PRAGMAS.map((name) =>
    Number(db.exec(`PRAGMA ${name}`)[0]?.values[0]?.[0] ?? 0),
  );
  return { changes, schema, settings };
}

/** A table, index, view or trigger of the schema, as `sqlite_master` lists it. */
interface SchemaObject {
  type: string;
  name: string;
  /** Its first page: a table or index renamed keeps it (0 for a view or trigger). */
  rootpage: number;
  sql: string;
}

/** The schema's own objects (SQLite's internal `sqlite_` ones left out), in the order SQLite lists them. */
export function schemaObjects(db: SqlJsDatabase): SchemaObject[] {
  const rows =
    db.exec(
      "SELECT type, name, rootpage, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    )[0]?.values ?? [];
  return rows.map(([type, name, rootpage, sql]) => ({
    type: String(type),
    name: String(name),
    rootpage: Number(rootpage ?? 0),
    sql: String(sql ?? ''),
  }));
}

/** A table's definition after its name: what a rename leaves as it was. */
const columnsOf = (sql: string): string => sql.slice(sql.indexOf('('));

/**
 * What a console line did to the schema, from its objects before and after, one phrase each
 * (`created table notes`, `renamed table notes to memos`, `altered table users`, `dropped index
 * users_plan`). A table under another name on the same first page, with the same columns, was
 * renamed (ALTER TABLE ... RENAME TO keeps both; a table dropped and another created on the
 * line may reuse the page, but not with the same definition, unless the line made it so).
 * Only a table is told as altered: an index's or trigger's text changes only with its table's
 * (a column renamed), and SQLite has no ALTER for them.
 */
export function schemaChangesBetween(
  before: readonly SchemaObject[],
  after: readonly SchemaObject[],
): string[] {
  // A name is the learner's: a NUL or newline in it shown as such, a long one cut.
  const named = (o: SchemaObject): string => {
    const name = unseenEscaped(o.name);
    return `${o.type} ${name.length > 40 ? `${sliceShown(name, 37)}…` : name}`;
  };
  const id = (o: SchemaObject): string => `${o.type} ${o.name}`;
  const was = new Map(before.map((o) => [id(o), o]));
  const now = new Map(after.map((o) => [id(o), o]));
  const gone = before.filter((o) => !now.has(id(o)));
  const renamedFrom = new Set<SchemaObject>();
  const told: string[] = [];
  for (const o of after) {
    const old = was.get(id(o));
    if (old !== undefined) {
      if (o.type === 'table' && old.sql !== o.sql) told.push(`altered ${named(o)}`);
      continue;
    }
    const from = gone.find(
      (g) =>
        o.type === 'table' &&
        g.type === 'table' &&
        g.rootpage > 0 &&
        g.rootpage === o.rootpage &&
        columnsOf(g.sql) === columnsOf(o.sql),
    );
    if (from !== undefined && !renamedFrom.has(from)) {
      renamedFrom.add(from);
      told.push(`renamed ${named(from)} to ${named(o).slice(o.type.length + 1)}`);
    } else told.push(`created ${named(o)}`);
  }
  for (const o of gone) if (!renamedFrom.has(o)) told.push(`dropped ${named(o)}`);
  return told;
}
