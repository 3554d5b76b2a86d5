import type { Database as SqlJsDatabase, SqlJsStatic, SqlValue, Statement } from 'sql.js';
import { pragmaRefusal } from './consolePragmas';
import { pageReachRefusal } from './pageReach';
import { Rng } from './rng';
import { openSqlite, withSqlRandom } from './sqlConnection';
import { parserLimitMessage } from './sqlParserLimits';
import { parenthesisDepth, statementsOf, type SqlToken } from './sqlText';
import { VirtualTimeBinding } from './virtualTime';
import { errorMessage } from './errorMessage';

/**
 * Most rows a console statement returns. The rest are never read: a SELECT has no effects to
 * finish, and SQLite makes all of an INSERT, UPDATE or DELETE ... RETURNING's changes on its
 * first step, so stopping early loses nothing but rows nobody would scroll through.
 */
export const MAX_CONSOLE_ROWS = 1000;

/**
 * Most characters of one TEXT cell the console keeps, and bytes of a BLOB cell: a lesson's values
 * are a few hundred, and a cell of megabytes (`SELECT hex(zeroblob(5000000))`, 10 million
 * characters) takes the page seconds to copy and draw. The rest is left out and the cell says how
 * long it was, as the Redis console says what it left out of a long reply.
 */
export const MAX_CONSOLE_CELL_CHARS = 10_000;

/** What the console statements of one line returned: the last result set. */
export interface ConsoleRows {
  columns: string[];
  /**
   * The cells as SQLite returned them, as plain data. An INTEGER beyond a double's exact range
   * (±9007199254740991, `Number.MAX_SAFE_INTEGER`) is the string of its exact digits: as a
   * number it would be rounded (9223372036854775807 would read 9223372036854776000).
   */
  rows: SqlValue[][];
  /**
   * `[row, column, text]` of each REAL cell, with the text SQLite writes for it (what
   * `CAST(x AS TEXT)` gives): as a number, 2.0 looks like an INTEGER and 0.1 + 0.2 has other digits.
   */
  realTexts: [number, number, string][];
  /**
   * `[row, column, length]` of each TEXT or BLOB cell longer than {@link MAX_CONSOLE_CELL_CHARS}:
   * the cell holds its first characters (bytes) only, and `length` is how many it had.
   */
  cutCells: [number, number, number][];
  /** More rows followed the first {@link MAX_CONSOLE_ROWS}; they were not read. */
  isTruncated: boolean;
  /** Result sets of earlier statements on the line, which the console does not show. */
  earlierSets: number;
  /**
   * Rows the line's INSERT, UPDATE and DELETE statements changed, as SQLite counts them (not a
   * trigger's own changes); a CREATE, DROP or ALTER changes none.
   */
  changes: number;
}

const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

// sql.js 1.16 reads an INTEGER as a BigInt when asked (its types do not say so yet).
type BigIntRow = { get(params: null, config: { useBigInt: true }): (SqlValue | bigint)[] };

/** A row read exactly: INTEGERs as numbers, or as their digits where a number would round them. */
function readRow(
  stmt: Statement,
  rowIndex: number,
  reals: [number, number][],
  cut: [number, number, number][],
): SqlValue[] {
  return (stmt as unknown as BigIntRow).get(null, { useBigInt: true }).map((v, column) => {
    if (typeof v === 'bigint') return v >= -MAX_EXACT && v <= MAX_EXACT ? Number(v) : v.toString();
    // Only an INTEGER comes back as a BigInt, so a number here is a REAL.
    if (typeof v === 'number') reals.push([rowIndex, column]);
    if (typeof v === 'string' && v.length > MAX_CONSOLE_CELL_CHARS) {
      cut.push([rowIndex, column, v.length]);
      return v.slice(0, MAX_CONSOLE_CELL_CHARS);
    }
    // A blob shows as its size: its bytes are kept as a TEXT cell's characters are, the first
    // ones only (a line's result stays in the console's history, and Back's replays make it again).
    if (v instanceof Uint8Array && v.length > MAX_CONSOLE_CELL_CHARS) {
      cut.push([rowIndex, column, v.length]);
      return v.slice(0, MAX_CONSOLE_CELL_CHARS);
    }
    return v;
  });
}

/**
 * Each REAL cell with SQLite's own text for it, asked of SQLite rather than rendered in
 * JavaScript: SQLite writes up to 17 significant digits, rounded its own way
 * (0.33333333333333332, not 0.3333333333333333). sql.js binds a whole number that fits 32 bits
 * as an INTEGER, hence the CAST to REAL first.
 */
function realTextsOf(
  db: SqlJsDatabase,
  rows: SqlValue[][],
  reals: [number, number][],
): [number, number, string][] {
  if (reals.length === 0) return [];
  const stmt = db.prepare('SELECT CAST(CAST(? AS REAL) AS TEXT)');
  try {
    return reals.map(([row, column]) => {
      const [text] = stmt.get([rows[row][column]]);
      stmt.reset();
      return [row, column, String(text)];
    });
  } finally {
    stmt.free();
  }
}

const totalChanges = (db: SqlJsDatabase): number =>
  Number(db.exec('SELECT total_changes()')[0]?.values[0]?.[0] ?? 0);

/**
 * Each row of users keyed by the id the application's `WHERE id = ?` finds it by, and whether it
 * finds it at all: in a table the console made with a TEXT id, '3' is user 3 (the column's
 * affinity makes 3 into '3'); in one with no type, '3' is no user.
 */
export const KEYED_USERS_SQL = 'SELECT CAST(id AS INTEGER), id = CAST(id AS INTEGER), * FROM users';

/**
 * What the page runs on its own thread after a line that changed the database, where no time
 * limit can stop it: it reads every user back (the database panel), and a Step reads and writes
 * a user. A view named users or a trigger on it that the line made runs in them, so a trial runs
 * them too: `CREATE VIEW users AS` over an endless `WITH RECURSIVE` finished at once on the copy,
 * then hung the page for good on the read after it.
 */
const AFTER_LINE_PROBES = [
  KEYED_USERS_SQL,
  'UPDATE users SET name = name, email = email, plan = plan, version = version + 1, updated_at = updated_at WHERE id = (SELECT id FROM users ORDER BY id LIMIT 1) RETURNING *',
];

/** A line's mark on the database: whether it changed rows or the schema. */
const changeMarkOf = (db: SqlJsDatabase): string =>
  `${totalChanges(db)}/${String(db.exec('PRAGMA schema_version')[0]?.values[0]?.[0])}`;

/** A console statement the sandbox refuses before it runs, in words for the learner. */
export class ConsoleSqlRefusal extends Error {
  /**
   * @param isBeforeAnyStatement the console refused the line before SQLite ran any statement of
   *   it (a shell command, a COMMIT first): told as refused by the console, not as SQLite's error.
   */
  constructor(
    message: string,
    readonly isBeforeAnyStatement = false,
  ) {
    super(message);
  }
}

// Whitespace and comments before a statement's first keyword.
const LEADING = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?(?:\*\/|$))*/;
const TRANSACTION_CONTROL = /^(begin|commit|end|rollback|savepoint|release)\b/i;
const ATTACHMENT = /^(attach|detach)\b/i;
/** `ROLLBACK [TRANSACTION] TO`: a statement's first words, comments and whitespace left out. */
function isRollbackTo(head: readonly SqlToken[]): boolean {
  const words = head.map((t) => (t.kind === 'word' ? t.text.toLowerCase() : ''));
  const at = words[1] === 'transaction' ? 2 : 1;
  return words[0] === 'rollback' && words[at] === 'to';
}
// A line the sqlite3 shell would take as its own command (`.tables`, `.schema users`).
const DOT_COMMAND = /^\s*(\.\S*)/;

/** What a learner typing a sqlite3 shell command means, in SQL this console runs. */
const DOT_COMMAND_SQL: Record<string, string> = {
  '.tables': "SELECT name FROM sqlite_master WHERE type = 'table'",
  '.schema': 'SELECT sql FROM sqlite_master',
  '.indexes': "SELECT name FROM sqlite_master WHERE type = 'index'",
  '.indices': "SELECT name FROM sqlite_master WHERE type = 'index'",
};

/** Whether this SQLite knows a PRAGMA of that name (it ignores the others without a word). */
function isPragmaKnown(db: SqlJsDatabase, name: string): boolean {
  const stmt = db.prepare('SELECT 1 FROM pragma_pragma_list WHERE name = ?');
  try {
    return stmt.get([name]).length > 0;
  } finally {
    stmt.free();
  }
}

/**
 * Runs one console line (one or more statements) on `db`, keeping the last result set. The
 * caller wraps it in a transaction of its own, so a line is all or nothing: transaction control
 * (which would end that transaction early) is refused, and so are TEMP objects and ATTACH
 * (DETACH with it), which live on the connection rather than in the database and would escape
 * both Reset and the trial run.
 * Throws with SQLite's message, or a {@link ConsoleSqlRefusal}.
 */
export function runConsoleStatements(db: SqlJsDatabase, sql: string): ConsoleRows {
  // SQLite is handed the line as C text, which ends at the first NUL: the rest would not run,
  // without a word ('UPDATE ...;\0UPDATE ...' ran the first UPDATE alone).
  const nul = sql.indexOf('\0');
  if (nul >= 0)
    throw new ConsoleSqlRefusal(
      `the line holds a NUL character (U+0000) at character ${(nul + 1).toLocaleString('en-US')}: ` +
        'SQLite reads SQL text only up to one, so the rest of the line would not run. Nothing was ' +
        'run. Remove it (a value that holds one is written with char(0))',
      true,
    );
  const dot = DOT_COMMAND.exec(sql)?.[1];
  if (dot !== undefined) {
    const instead = DOT_COMMAND_SQL[dot.toLowerCase()];
    throw new ConsoleSqlRefusal(
      `${dot} is a command of the sqlite3 shell, not SQL: this console runs SQL only` +
        (instead === undefined ? '' : ` (here: ${instead})`),
      true,
    );
  }
  let result = {
    columns: [] as string[],
    rows: [] as SqlValue[][],
    reals: [] as [number, number][],
    cutCells: [] as [number, number, number][],
    isTruncated: false,
    earlierSets: 0,
  };
  let sets = 0;
  let changes = 0;
  // Before anything runs: SQLite applies many PRAGMAs when it prepares them, not when it runs
  // them (a flag, a heap limit), so a refused one must never reach sqlite3_prepare.
  for (const statement of statementsOf(sql)) {
    const refusal = pragmaRefusal(statement.head, (name) => isPragmaKnown(db, name));
    if (refusal !== null) throw new ConsoleSqlRefusal(refusal, true);
    const first = statement.head[0];
    // SQLite's own answer, "cannot VACUUM from within a transaction", names a transaction the
    // learner never opened.
    if (first?.kind === 'word' && first.text.toLowerCase() === 'vacuum')
      throw new ConsoleSqlRefusal(
        'VACUUM is not available here: each console line runs as one transaction of its own, and SQLite cannot VACUUM inside a transaction (nor VACUUM INTO a file: this database lives in the page)',
        true,
      );
  }
  // Statements of the line that ran to their end: a later one's error undoes them too.
  let finished = 0;
  const reachMark = pageReachMark(db);
  try {
    for (const stmt of db.iterateStatements(sql)) {
      const keyword = /^\w+/.exec(stmt.getSQL().replace(LEADING, ''))?.[0] ?? '';
      if (TRANSACTION_CONTROL.test(keyword)) {
        // ROLLBACK [TRANSACTION] TO rolls back to a savepoint, not the transaction: said as typed,
        // its words read as SQLite reads them, whatever comments or spaces sit between them.
        const isToSavepoint = isRollbackTo(statementsOf(stmt.getSQL())[0]?.head ?? []);
        stmt.free();
        throw new ConsoleSqlRefusal(
          `${isToSavepoint ? 'ROLLBACK TO' : keyword.toUpperCase()} is not available here: each console line runs as one transaction of its own`,
          finished === 0,
        );
      }
      if (ATTACHMENT.test(keyword)) {
        stmt.free();
        throw new ConsoleSqlRefusal(
          `${keyword.toUpperCase()} is not available here: the console works on the main database (an attached one would outlive Reset database)`,
          finished === 0,
        );
      }
      if (/^(pragma|explain)$/i.test(keyword)) {
        // The same reading of the statement as SQLite prepared it: never runs a refused one.
        const refusal = pragmaRefusal(statementsOf(stmt.getSQL())[0]?.head ?? [], () => true);
        if (refusal !== null) {
          stmt.free();
          throw new ConsoleSqlRefusal(refusal, finished === 0);
        }
      }
      const columns = stmt.getColumnNames();
      // sqlite3_changes() keeps the count of the last INSERT, UPDATE or DELETE through a DDL
      // statement, so it counts for this statement only if the total moved while it ran.
      const totalBefore = totalChanges(db);
      const rows: SqlValue[][] = [];
      const reals: [number, number][] = [];
      const cutCells: [number, number, number][] = [];
      let isTruncated = false;
      while (stmt.step()) {
        if (rows.length === MAX_CONSOLE_ROWS) {
          isTruncated = true;
          break;
        }
        rows.push(readRow(stmt, rows.length, reals, cutCells));
      }
      // A RETURNING statement cut short records its count only once reset.
      stmt.reset();
      if (totalChanges(db) !== totalBefore) changes += db.getRowsModified();
      if (columns.length > 0)
        result = { columns, rows, reals, cutCells, isTruncated, earlierSets: sets++ };
      finished++;
    }
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    // SQLite's parser says only this when a statement nests deeper than its stack holds.
    if (e.message === 'Recursion limit') throw nestingRefusal(sql);
    const limit = parserLimitMessage(e.message);
    if (limit !== null) throw new ConsoleSqlRefusal(limit);
    // The sqlite3 shell keeps what the statements before a failing one did; this console does
    // not, so it says so. Out of memory stays SQLite's bare words: the trial's verdict reads them.
    if (finished > 0 && e.message !== 'out of memory')
      e.message +=
        ` (at statement ${finished + 1} of the line: a line runs as one transaction, so nothing ` +
        `of it was kept, the ${finished === 1 ? 'statement' : `${finished} statements`} before this one included)`;
    throw e;
  }
  const temp = db.exec('SELECT count(*) FROM temp.sqlite_master')[0]?.values[0]?.[0];
  if (typeof temp === 'number' && temp > 0)
    throw new ConsoleSqlRefusal(
      'TEMP tables, views and triggers are not available here: the console works on the main database',
    );
  if (pageReachMark(db) !== reachMark) {
    const unbounded = pageReachRefusal(db);
    if (unbounded !== null) throw new ConsoleSqlRefusal(unbounded);
  }
  const { reals, ...rest } = result;
  return { ...rest, realTexts: realTextsOf(db, rest.rows, reals), changes };
}

/**
 * What {@link pageReachRefusal} reads: the schema and whether triggers may set themselves off. A
 * line that changes neither leaves the page's reads and writes as bounded as they were.
 */
const pageReachMark = (db: SqlJsDatabase): string =>
  `${String(db.exec('PRAGMA schema_version')[0]?.values[0]?.[0])}/${String(
    db.exec('PRAGMA recursive_triggers')[0]?.values[0]?.[0],
  )}`;

/** SQLite's "Recursion limit", said with which limit, that nothing ran, and what to write instead. */
function nestingRefusal(sql: string): ConsoleSqlRefusal {
  const depth = parenthesisDepth(sql);
  return new ConsoleSqlRefusal(
    'SQLite could not read this line: it nests deeper than its parser goes ("Recursion limit": ' +
      'about 2,490 parentheses inside one another, fewer nested function calls or CASE expressions)' +
      (depth > 0 ? `, and its parentheses nest ${depth.toLocaleString('en-US')} deep` : '') +
      '. Nothing of the line was kept: the database is as it was. Write it with less nesting: parentheses around ' +
      'one value can go (((1)) is 1), and a long chain of steps can be a WITH RECURSIVE query or ' +
      'several statements.',
  );
}

/**
 * Connection settings the console may switch on that change what a statement does or how long it
 * runs: a trial copy of the database and a checkpoint get the same values as the real one, and
 * Reset database switches them off. `query_only` refuses every write, the application's too.
 */
export const TRIAL_PRAGMAS = [
  'recursive_triggers',
  'reverse_unordered_selects',
  'ignore_check_constraints',
  'foreign_keys',
  'query_only',
] as const;

/**
 * A console line to try on a copy of the database before it runs on the real one: the copy's
 * bytes, the connection settings and virtual time it runs with. Plain data, to post to a worker.
 */
export interface SqlTrial {
  bytes: Uint8Array;
  pragmas: Partial<Record<(typeof TRIAL_PRAGMAS)[number], number>>;
  nowMs: number;
  sql: string;
  /** The seed of the line's random() and randomblob(), as the real database would draw them. */
  randomSeed?: number;
}

/**
 * What a guard decided about a console line: it may run (it finished on the copy, with or
 * without an error), or it is refused with a reason (it ran too long, or the copy ran out of
 * memory), in which case the real database never sees it.
 */
/**
 * A line may run (`ms`: how long it took on the copy, with what the page runs after it, when the
 * guard measured it), or it may not, and why.
 */
export type SqlTrialVerdict = { ok: true; ms?: number } | { ok: false; reason: string };

/** Tries a console line in the background and says whether it may run on the real database. */
export type SqlGuard = (trial: SqlTrial) => Promise<SqlTrialVerdict>;

/**
 * Most memory SQLite may hold while a console line is tried: 64 MiB (SQLite's hard heap limit, set
 * on the sql.js that runs the trials). sql.js exports no `sqlite3_limit` to lower the largest
 * value SQLite makes (a billion bytes), and the page's WebAssembly memory never shrinks: after
 * `SELECT length(randomblob(1e9))` the page held a gigabyte more until it was closed. A line that
 * needs more than this on the copy never runs on the page.
 */
export const TRIAL_HEAP_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Caps the memory SQLite may hold in the whole of `SQL`'s module at {@link TRIAL_HEAP_LIMIT_BYTES}.
 * Only for a sql.js that runs nothing but trials (the guard's worker): the limit can be lowered
 * and never raised again.
 */
export function limitTrialMemory(SQL: SqlJsStatic): void {
  const db = new SQL.Database();
  try {
    db.run(`PRAGMA hard_heap_limit = ${TRIAL_HEAP_LIMIT_BYTES}`);
  } finally {
    db.close();
  }
}

/** A heap limit as the refusals write it: 64 MiB as "64 MB". */
const limitText = (limitBytes: number): string =>
  `${(limitBytes / 1024 / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`;

/** Why a line that ran out of memory on its trial copy, under `limitBytes`, does not run. */
const trialMemoryReason = (limitBytes: number): string =>
  `it needed more than ${limitText(limitBytes)} of memory, the most a console line may use here ` +
  '(memory the page gives its database is never given back). A value of hundreds of megabytes ' +
  "(randomblob(1e9), zeroblob(1e9), printf('%.*c', 1e9, 'x'), a string doubled again and again) " +
  'is far past it; a smaller one, length(randomblob(1e6)), runs';

/** Why a line that ran out of memory on its trial copy does not run. */
export const TRIAL_MEMORY_REASON = trialMemoryReason(TRIAL_HEAP_LIMIT_BYTES);

/**
 * What a trial's outcome means for its line: SQLite out of memory on the copy (over
 * {@link TRIAL_HEAP_LIMIT_BYTES}) refuses it; any other outcome lets it run (an error of
 * SQLite's is the line's own answer, which the console shows).
 */
export function trialVerdict(outcome: SqlTrialOutcome): SqlTrialVerdict {
  if (outcome.error !== 'out of memory') return { ok: true };
  // The limit the trial ran under: the page's, or a lower one a test set.
  const limit = outcome.heapLimitBytes || TRIAL_HEAP_LIMIT_BYTES;
  return outcome.undoCopyBytes === undefined
    ? { ok: false, reason: trialMemoryReason(limit) }
    : { ok: false, reason: undoCopyReason(outcome.undoCopyBytes, limit) };
}

/**
 * Why a line that fits in memory but for SQLite's copy of the pages it changes does not run: a
 * write over much of a large database (the real one keeps that copy in memory as well).
 */
export function undoCopyReason(
  databaseBytes: number,
  limitBytes: number = TRIAL_HEAP_LIMIT_BYTES,
): string {
  const mb = Math.round(databaseBytes / 1024 / 1024).toLocaleString('en-US');
  return (
    'it changes more of the database than a console line may here: until a line ends, SQLite ' +
    'keeps in memory a copy of every page the line changes (so a line that fails keeps nothing), ' +
    `and with that copy this line needs more than ${limitText(limitBytes)}, the ` +
    `most a console line may use (the database is ${mb} MB; memory the page gives its database ` +
    'is never given back). Change the rows in parts, a few hundred at a time ' +
    '(... WHERE id <= 300, then WHERE id > 300 AND id <= 600, ...)'
  );
}

/**
 * Runs a trial: the line on a copy of the database, exactly as the console would run it. What
 * it returns does not matter, only that it returns (a guard runs this in a worker it can
 * terminate). Resolves to SQLite's error, if any. A line out of memory is tried once more
 * without SQLite's undo copy, to tell a write too large to undo from a value too large to make.
 */
export function runSqlTrial(
  SQL: SqlJsStatic,
  trial: SqlTrial,
  onLineRan: () => void = () => undefined,
): SqlTrialOutcome {
  const tried = tryOnCopy(SQL, trial, true, onLineRan);
  if (tried.error !== 'out of memory') return tried;
  const outcome = { ...tried, heapLimitBytes: heapLimit(SQL) };
  // Without the undo copy (the rollback journal, which the real database keeps in memory too):
  // if the line then fits, that copy of the pages it changes is what needed the memory.
  return tryOnCopy(SQL, trial, false).error === undefined
    ? { ...outcome, undoCopyBytes: trial.bytes.length }
    : outcome;
}

/** What a trial found: SQLite's error, if any, and whether the undo copy alone was too large. */
export interface SqlTrialOutcome {
  error?: string;
  /**
   * Set when the line ran out of memory only because of the copy SQLite keeps of the pages it
   * changes: the database's size in bytes.
   */
  undoCopyBytes?: number;
  /** Out of memory: the heap limit SQLite ran the line under, in bytes (0: none). */
  heapLimitBytes?: number;
}

/** The hard heap limit of `SQL`'s module (`PRAGMA hard_heap_limit` with no value reads it). */
function heapLimit(SQL: SqlJsStatic): number {
  const db = new SQL.Database();
  try {
    return Number(db.exec('PRAGMA hard_heap_limit')[0]?.values[0]?.[0] ?? 0);
  } finally {
    db.close();
  }
}

/**
 * Runs `trial`'s line on a copy. Once it has run (and changed something), `onLineRan` is called
 * and the reads and writes the page would run after it ({@link AFTER_LINE_PROBES}) run on the
 * copy too: their errors are the page's to report, not the line's, but their time is the line's.
 */
function tryOnCopy(
  SQL: SqlJsStatic,
  trial: SqlTrial,
  isUndoable: boolean,
  onLineRan?: () => void,
): { error?: string } {
  // Opened as the real one is, so the trial costs what the line will cost there.
  const db = openSqlite(SQL, trial.bytes, () => trial.nowMs);
  try {
    for (const name of TRIAL_PRAGMAS) {
      const value = trial.pragmas[name];
      if (typeof value === 'number') db.run(`PRAGMA ${name} = ${value ? 1 : 0}`);
    }
    if (isUndoable) db.run('SAVEPOINT trial');
    else db.run('PRAGMA journal_mode = OFF');
    // As the real database runs it: at its virtual time, drawing the random values it would.
    const rng = new Rng(trial.randomSeed ?? 0);
    new VirtualTimeBinding({ nowMs: trial.nowMs }).run(() =>
      withSqlRandom(
        () => rng,
        () => {
          const before = changeMarkOf(db);
          runConsoleStatements(db, trial.sql);
          if (!onLineRan || changeMarkOf(db) === before) return;
          onLineRan();
          for (const probe of AFTER_LINE_PROBES)
            try {
              db.exec(probe);
            } catch {
              // A broken schema fails these on the page too, which says so there.
            }
        },
      ),
    );
    return {};
  } catch (e) {
    return { error: errorMessage(e) };
  } finally {
    db.close();
  }
}
