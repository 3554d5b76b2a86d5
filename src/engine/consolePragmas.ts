import { withoutExplain, type SqlToken } from './sqlText';

/**
 * The PRAGMAs the SQL console runs: an allowlist, since SQLite has dozens and a list of the
 * refused ones misses those nobody listed (`hard_heap_limit = 1000` fails every statement of
 * every database in the page, Reset and Back too, until a reload). A PRAGMA with no value runs
 * when it only reads; one that takes a name (`table_info(users)`) when it reads that; a value is
 * taken only by the few settings the sandbox carries through Back, the trial copy and Reset.
 */

/** Settings a console line may switch: kept by checkpoints and the trial copy, put back by Reset. */
export const SETTABLE_PRAGMAS = [
  'recursive_triggers',
  'reverse_unordered_selects',
  'ignore_check_constraints',
  'query_only',
] as const;

const SETTABLE: ReadonlySet<string> = new Set(SETTABLE_PRAGMAS);

/** PRAGMAs that read what they are given: a table, an index, or how many problems to list. */
const READS_WITH_ARGUMENT = new Set([
  'table_info',
  'table_xinfo',
  'table_list',
  'index_list',
  'index_info',
  'index_xinfo',
  'foreign_key_list',
  'foreign_key_check',
  'integrity_check',
  'quick_check',
]);

/** PRAGMAs that, with no value, read the schema, the file or a setting and change nothing. */
const READS = new Set([
  ...READS_WITH_ARGUMENT,
  ...SETTABLE_PRAGMAS,
  'database_list',
  'collation_list',
  'function_list',
  'module_list',
  'pragma_list',
  'compile_options',
  'page_count',
  'page_size',
  'freelist_count',
  'max_page_count',
  'data_version',
  'schema_version',
  'user_version',
  'application_id',
  'encoding',
  'journal_mode',
  'locking_mode',
  'foreign_keys',
  'auto_vacuum',
  'automatic_index',
  'busy_timeout',
  'cache_size',
  'cache_spill',
  'cell_size_check',
  'defer_foreign_keys',
  'hard_heap_limit',
  'soft_heap_limit',
  'journal_size_limit',
  'legacy_alter_table',
  'mmap_size',
  'analysis_limit',
  'secure_delete',
  'synchronous',
  'temp_store',
  'threads',
  'trusted_schema',
  'writable_schema',
  'wal_autocheckpoint',
  'count_changes',
  'full_column_names',
  'short_column_names',
  'empty_result_callbacks',
]);

const SETTABLE_LIST =
  'recursive_triggers, reverse_unordered_selects, ignore_check_constraints and query_only';

/**
 * A setting that changes what statements answer but lives on the connection, not in the database
 * (nor among the settings Back's checkpoints and the trial copy carry): after Back the same run
 * would answer otherwise.
 */
const CONNECTION_ONLY = `the setting lives on the connection, not in the database, so Back would replay the run without it and answer otherwise (this console keeps only ${SETTABLE_LIST})`;

/** Why each setting the console will not change stays as it is. */
const REFUSED_SETTINGS: Readonly<Record<string, string>> = {
  // Every line runs in a transaction, inside which SQLite ignores it.
  foreign_keys:
    'each console line runs as one transaction of its own, and SQLite ignores this setting inside a transaction (it would stay as it is)',
  // A limit on the connection, not in the database: Back's checkpoints and the trial copy would
  // run without it, and once full, every write fails (Reset database too).
  max_page_count:
    'the limit lives on the connection, not in the database, so Back would replay the run without it, and once reached it fails every write, Reset database too',
  // An edit of sqlite_master takes effect when the database is next opened, which Back and the
  // checkpoints do: the same run would read one schema going forward and another after Back.
  writable_schema:
    'an edit of sqlite_master takes effect only when the database is opened again, which Back does, so a run could not be replayed as it ran',
  // Without a rollback journal a line that fails cannot be undone: its earlier statements stayed.
  journal_mode:
    'a line is all or nothing because its changes are journaled: without the journal (OFF) a line that fails keeps what its first statements did, and the sandbox keeps the journal in memory',
  locking_mode:
    'the sandbox holds its database in exclusive locking mode, which Back and the trial copy rely on',
  case_sensitive_like: CONNECTION_ONLY,
  count_changes: CONNECTION_ONLY,
  full_column_names: CONNECTION_ONLY,
  short_column_names: CONNECTION_ONLY,
  empty_result_callbacks: CONNECTION_ONLY,
  legacy_alter_table: CONNECTION_ONLY,
  // sqlite3_hard_heap_limit64 and its kin are the library's, not the connection's.
  hard_heap_limit:
    "the limit holds for the page's whole SQLite library, every database in it (Back's, Reset's and the trial copy's too), and once reached every statement fails until the page is reloaded",
  soft_heap_limit:
    "the limit holds for the page's whole SQLite library, every database in it (Back's, Reset's and the trial copy's too), not for this run",
  threads:
    "the setting holds for the page's whole SQLite library, not for this run, and this build of SQLite runs no threads",
  schema_version:
    "SQLite's documentation warns that setting it can corrupt the database (SQLite moves it itself on every CREATE, DROP and ALTER)",
  user_version:
    "it is kept in the database file's header, which Reset database does not put back (reading it works: PRAGMA user_version)",
  application_id:
    "it is kept in the database file's header, which Reset database does not put back (reading it works: PRAGMA application_id)",
  page_size:
    'it takes effect only on a new database or after VACUUM, which a console line cannot run (each runs as one transaction)',
  auto_vacuum:
    'it takes effect only on a new database or after VACUUM, which a console line cannot run (each runs as one transaction)',
  encoding: 'it takes effect only on a new database, and this one has its tables already',
};

/** Why a setting not listed above stays as it is. */
const OTHER_SETTING = `the setting lives on the connection, not in the database, so Back, Reset database and the trial copy would run without it (this console changes only ${SETTABLE_LIST}; reading a setting works)`;

const WHAT_RUNS = `this console runs the PRAGMAs that only read (table_info, table_list, index_list, foreign_key_list, integrity_check, user_version, compile_options ...) and changes only ${SETTABLE_LIST}`;

const nameOf = (token: SqlToken | undefined): string | null =>
  token !== undefined && token.kind !== 'mark' ? token.text.toLowerCase() : null;

/**
 * Why the console refuses a statement that is a PRAGMA (its tokens: see `statementsOf`), or
 * null: it is no PRAGMA, or one the console runs. `isKnown` says whether SQLite knows a PRAGMA
 * of that name (it ignores the others without a word).
 */
export function pragmaRefusal(
  statement: readonly SqlToken[],
  isKnown: (name: string) => boolean,
): string | null {
  const tokens = withoutExplain(statement);
  if (nameOf(tokens[0]) !== 'pragma' || tokens[0].kind !== 'word') return null;
  // PRAGMA [schema.]name [= value | (value)]
  const hasSchema = tokens[2]?.kind === 'mark' && tokens[2].text === '.';
  const name = nameOf(tokens[hasSchema ? 3 : 1]);
  if (name === null)
    return `This PRAGMA is not available here: its name could not be read, and ${WHAT_RUNS}`;
  const next = tokens[hasSchema ? 4 : 2];
  const hasValue = next?.kind === 'mark' && (next.text === '=' || next.text === '(');
  if (!hasValue) return READS.has(name) ? null : notAvailable(name, isKnown);
  if (SETTABLE.has(name) || READS_WITH_ARGUMENT.has(name)) return null;
  if (Object.hasOwn(REFUSED_SETTINGS, name))
    return `PRAGMA ${name} cannot be changed here: ${REFUSED_SETTINGS[name]}`;
  if (READS.has(name)) return `PRAGMA ${name} cannot be changed here: ${OTHER_SETTING}`;
  return notAvailable(name, isKnown);
}

function notAvailable(name: string, isKnown: (name: string) => boolean): string {
  if (!isKnown(name))
    return `PRAGMA ${name} is not one SQLite knows (it would ignore it without a word; PRAGMA pragma_list names those it knows), and ${WHAT_RUNS}`;
  return `PRAGMA ${name} is not available here: ${WHAT_RUNS}`;
}
