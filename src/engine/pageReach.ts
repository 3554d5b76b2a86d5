import type { Database as SqlJsDatabase } from 'sql.js';
import {
  CHANGES_TABLE,
  CREATE_CHANGES_TRIGGER_SQL,
  CREATE_VERSION_TRIGGER_SQL,
} from './seedSchema';

/**
 * What a console line may leave in the schema for the page's own statements to run.
 *
 * sql.js exports no `sqlite3_progress_handler` nor `sqlite3_interrupt`, so a statement on the
 * page's thread cannot be stopped once it starts. A console line is tried on a copy first (see
 * `runSqlTrial`), but a trigger on `users` or a view named `users` runs again later, in the
 * page's own reads and writes of a user (a Step, the database panel, the change-log consumer),
 * with other rows, versions, times: `WHEN NEW.id = 2` or `WHEN NEW.version > 3` passed the
 * trial and hung the page for good at a later Step. No trial can try every later write, so the
 * page refuses, when a line ends, what it could not bound afterwards, and keeps everything whose
 * cost it can bound by its shape:
 *
 * - a trigger or view the page's statements reach (on `users` or `changes`, or on a table one of
 *   them names, and so on) holds no query: no SELECT but `SELECT RAISE(...)`, no WITH, no FROM
 *   but `DELETE FROM`, no `IN table`; a view is one SELECT over one table or view, without
 *   joins. Without a query, SQLite has no loop: a trigger's statements each touch the rows of
 *   one table, once;
 * - they, and the tables and indexes the page's statements reach, call no function that makes a
 *   value far larger than its arguments or takes time past their size (`printf`, `zeroblob`,
 *   `replace`, `instr`, LIKE with a pattern other than a short string ...), and a trigger joins no values (`||`, `concat`) that a write
 *   could feed back into the next (a name doubled at each write is a gigabyte after 30);
 * - at most one such trigger writes a table that has triggers (a chain of them multiplies: each
 *   fires the others once per row it writes), the tables it writes have no other trigger of the
 *   learner's (which would run once per row it writes, each run reading a table: rows times
 *   rows), and none does while `recursive_triggers` is on (then one fires itself, up to 1,000
 *   deep, each level once per row).
 *
 * Then a write of a user runs each reachable trigger at most once per row a statement touches,
 * each statement over at most every row of one table: bounded by the tables' sizes, which the
 * trial bounds (reading every user back after the line).
 */

/** A token as SQLite's tokenizer reads it: a bare word, a quoted name, a string, a mark. */
interface Token {
  kind: 'word' | 'name' | 'string' | 'mark';
  /** Words as typed; names unquoted; strings as a placeholder (`''`: equal whatever they hold). */
  text: string;
  /** A string's length in characters, quotes and doubled quotes aside. */
  length?: number;
}

const WORD = /[A-Za-z0-9_$\u0080-\uffff]+/y;
const SKIP = /(?:\s+|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$))+/y;
const STRING = /'[^']*(?:''[^']*)*'?|[xX]'[^']*'?/y;
const NAME = /"[^"]*(?:""[^"]*)*"?|`[^`]*(?:``[^`]*)*`?|\[[^\]]*\]?/y;

function unquoteName(raw: string): string {
  const open = raw[0];
  const close = open === '[' ? ']' : open;
  const inner = raw.length > 1 && raw.endsWith(close) ? raw.slice(1, -1) : raw.slice(1);
  return open === '[' ? inner : inner.split(close + close).join(close);
}

/** The tokens of `sql`, comments and whitespace left out. */
export function tokensOf(sql: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  const read = (re: RegExp): string | null => {
    re.lastIndex = at;
    const m = re.exec(sql);
    if (m === null || m[0].length === 0) return null;
    at += m[0].length;
    return m[0];
  };
  while (at < sql.length) {
    if (read(SKIP) !== null) continue;
    // A blob literal (x'00') before a word: otherwise `x` reads as one.
    const string = read(STRING);
    if (string !== null) {
      const isBlob = /^[xX]/.test(string);
      const inner = string.slice(
        isBlob ? 2 : 1,
        string.endsWith("'") && string.length > 1 ? -1 : undefined,
      );
      tokens.push({ kind: 'string', text: "''", length: inner.split("''").join("'").length });
      continue;
    }
    const name = read(NAME);
    if (name !== null) {
      tokens.push({ kind: 'name', text: unquoteName(name) });
      continue;
    }
    const word = read(WORD);
    if (word !== null) {
      tokens.push({ kind: 'word', text: word });
      continue;
    }
    tokens.push({ kind: 'mark', text: sql[at] });
    at++;
  }
  return tokens;
}

const isWord = (t: Token | undefined, ...words: string[]): boolean =>
  t?.kind === 'word' && words.includes(t.text.toLowerCase());
const isMark = (t: Token | undefined, mark: string): boolean =>
  t?.kind === 'mark' && t.text === mark;
const nameOf = (t: Token | undefined): string | null =>
  t !== undefined && (t.kind === 'word' || t.kind === 'name') ? t.text.toLowerCase() : null;

/**
 * Functions whose value can be far larger than their arguments (`printf('%.*c', 1e9, 'x')`,
 * `zeroblob(1e9)`, `replace` of one character by many, `hex` of `hex`), or whose time grows with
 * the product of their arguments' sizes (`instr`, `like`, `glob`): in a trigger, a view, a
 * CHECK, a generated column or an index the page runs, one call can take seconds and a
 * gigabyte, and a few a minute. The JSON functions are here too: `json_insert(x, '$.a', x)`
 * doubles a value as `||` does.
 */
const COSTLY_FUNCTIONS = new Set([
  'printf',
  'format',
  'zeroblob',
  'randomblob',
  'replace',
  'hex',
  'quote',
  'instr',
  'like',
  'glob',
  'regexp',
  'match',
  'group_concat',
  'string_agg',
]);
const COSTLY_OPERATORS = ['like', 'glob', 'regexp', 'match'];
/**
 * The longest pattern LIKE or GLOB may compare with, written as one string: a value then costs
 * at most this many comparisons a character, as a check like `NEW.email NOT LIKE '%@%'` or
 * `CHECK (phone GLOB '+*')` needs; a pattern read from a value (`NEW.email`) or joined (`||`)
 * can be as long as the value, and the comparison takes the product of their lengths.
 */
export const MAX_LITERAL_PATTERN = 32;

/** Whether `tokens[at]` is a pattern written as one short string, nothing joined to it. */
const isShortLiteralPattern = (tokens: Token[], at: number): boolean =>
  tokens[at]?.kind === 'string' &&
  (tokens[at].length ?? Infinity) <= MAX_LITERAL_PATTERN &&
  !isMark(tokens[at + 1], '|') &&
  !isWord(tokens[at + 1], 'collate');
/**
 * Functions linear in one argument but quadratic with a second: `trim(x, y)` (and `ltrim`,
 * `rtrim`) looks up each character of x it strips in y, `unhex(x, y)` each one it skips. A 40,000
 * character name trimmed by a 40,000 character email in a trigger held the page 13 s at a Step's
 * write; at a megabyte each, an hour. With one argument they stay: `trim(NEW.name)`.
 */
const COSTLY_WITH_TWO_ARGUMENTS = new Set(['trim', 'ltrim', 'rtrim', 'unhex']);

/** Whether the call whose `(` is `tokens[open]` has a second argument (a comma at its own depth). */
function hasSecondArgument(tokens: Token[], open: number): boolean {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (isMark(tokens[i], '(')) depth++;
    else if (isMark(tokens[i], ')') && --depth === 0) return false;
    else if (depth === 1 && isMark(tokens[i], ',')) return true;
  }
  return false;
}

/** The first costly function or operator of `tokens`, as the refusal names it. */
function costlyCall(tokens: Token[]): string | null {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (isWord(t, ...COSTLY_OPERATORS) && !isMark(tokens[i + 1], '(')) {
      if (isWord(t, 'like', 'glob') && isShortLiteralPattern(tokens, i + 1)) continue;
      return isWord(t, 'like', 'glob')
        ? `the operator ${t.text.toUpperCase()} with a pattern other than one string of at most ${MAX_LITERAL_PATTERN} characters`
        : `the operator ${t.text.toUpperCase()}`;
    }
    const name = nameOf(t);
    if (name === null || !isMark(tokens[i + 1], '(')) continue;
    if (COSTLY_FUNCTIONS.has(name) || name.startsWith('json')) return `${name}()`;
    if (COSTLY_WITH_TWO_ARGUMENTS.has(name) && hasSecondArgument(tokens, i + 1))
      return `${name}() with a second argument`;
  }
  return null;
}

/** `||`, `concat(` or `concat_ws(` in `tokens`. */
function joinsValues(tokens: Token[]): string | null {
  for (let i = 0; i < tokens.length; i++) {
    if (isMark(tokens[i], '|') && isMark(tokens[i + 1], '|')) return '||';
    const name = nameOf(tokens[i]);
    if ((name === 'concat' || name === 'concat_ws') && isMark(tokens[i + 1], '('))
      return `${name}()`;
  }
  return null;
}

/** What in a trigger's text makes a query: its first such word, or null. */
function triggerQuery(tokens: Token[]): string | null {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (isWord(t, 'with')) return 'WITH';
    if (isWord(t, 'select') && !isWord(tokens[i + 1], 'raise')) return 'SELECT';
    if (isWord(t, 'from') && !isWord(tokens[i - 1], 'delete')) return 'FROM';
    if (isWord(t, 'in') && !isMark(tokens[i + 1], '(')) return 'IN (a table)';
  }
  return null;
}

/** What makes a view more than one SELECT over one table: its first such word, or null. */
function viewQuery(tokens: Token[]): string | null {
  let selects = 0;
  let fromAt = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (isWord(t, 'with')) return 'WITH';
    if (isWord(t, 'union', 'intersect', 'except', 'values', 'join')) return t.text.toUpperCase();
    if (isWord(t, 'in') && !isMark(tokens[i + 1], '(')) return 'IN (a table)';
    if (isWord(t, 'select') && ++selects > 1) return 'a second SELECT';
    if (isWord(t, 'from') && fromAt < 0) fromAt = i;
  }
  if (fromAt < 0) return null;
  // The FROM clause: one table or view, maybe with an alias; no list, no table function.
  let depth = 0;
  for (let i = fromAt + 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (depth === 0 && isWord(t, 'where', 'group', 'order', 'limit', 'window', 'having')) break;
    if (isMark(t, '(')) return 'a table function or subquery in FROM';
    if (isMark(t, ')')) depth--;
    if (depth === 0 && isMark(t, ',')) return 'a list of tables in FROM';
  }
  return null;
}

/** The tables a trigger's statements write: after UPDATE [OR x], INTO, DELETE FROM. */
function writtenTables(tokens: Token[]): string[] {
  const written: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    let at = -1;
    if (isWord(tokens[i], 'update') && !isWord(tokens[i - 1], 'after', 'before', 'of', 'do', 'on'))
      at = isWord(tokens[i + 1], 'or') ? i + 3 : i + 1;
    else if (isWord(tokens[i], 'into')) at = i + 1;
    else if (isWord(tokens[i], 'from') && isWord(tokens[i - 1], 'delete')) at = i + 1;
    if (at < 0) continue;
    // schema.table
    if (isMark(tokens[at + 1], '.')) at += 2;
    const name = nameOf(tokens[at]);
    if (name !== null) written.push(name);
  }
  return written;
}

/**
 * The names in the seed's triggers that a rename rewrites: its tables (a rename of `users`, to
 * make a view of that name) and its columns (`ALTER TABLE users RENAME COLUMN id TO uid`).
 */
const SEED_NAMES = new Set([
  'users',
  CHANGES_TABLE,
  'id',
  'version',
  'updated_at',
  'user_id',
  'at',
]);

/**
 * Whether `tokens` are the seed trigger's (`seed`), but for the names of the tables and columns
 * it names, each renamed alike wherever it appears. Where the seed names one table twice (the
 * version trigger is on users and updates users), so must `tokens`: otherwise two such triggers
 * could set each other off; and two of its names never become one.
 */
function isSeedLike(tokens: Token[], seed: Token[]): boolean {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  return (
    tokens.length === seed.length &&
    seed.every((s, i) => {
      const t = tokens[i];
      const seedName = s.text.toLowerCase();
      if (
        s.kind === 'word' &&
        SEED_NAMES.has(seedName) &&
        (t.kind === 'word' || t.kind === 'name')
      ) {
        const name = t.text.toLowerCase();
        const seen = names.get(seedName);
        if (seen !== undefined) return seen === name;
        if (taken.has(name)) return false;
        names.set(seedName, name);
        taken.add(name);
        return true;
      }
      return t.kind === s.kind && t.text.toLowerCase() === seedName;
    })
  );
}

/**
 * Whether `tokens[at]` is BEGIN or END as SQL's own word (a trigger's body, `CASE ... END`), not
 * a table: every trigger ends with END, so a table the learner named "end" was taken as reached
 * by the seed's triggers, and a query in a trigger on it refused, though the page never writes
 * it. Where a table name may stand (after INTO, FROM, UPDATE [OR ...], JOIN, a comma, or before
 * `.column`) the word still counts as one: never less reach than there is.
 */
function isSyntaxWord(tokens: Token[], at: number): boolean {
  return (
    isWord(tokens[at], 'begin', 'end') &&
    !isMark(tokens[at + 1], '.') &&
    !isMark(tokens[at - 1], ',') &&
    !isMark(tokens[at - 1], '.') &&
    !isWord(
      tokens[at - 1],
      'into',
      'from',
      'update',
      'join',
      'table',
      'ignore',
      'replace',
      'abort',
      'fail',
      'rollback',
    )
  );
}

const SEED_TRIGGERS = [CREATE_VERSION_TRIGGER_SQL, CREATE_CHANGES_TRIGGER_SQL].map(tokensOf);

interface SchemaObject {
  type: string;
  name: string;
  table: string;
  tokens: Token[];
}

const REFUSED_TAIL =
  ' Nothing of the line was kept: the database is as it was. (sql.js cannot interrupt a statement ' +
  "on the page's thread, and a trial of the line on a copy cannot try every later write: another " +
  'row, a later version or time.)';

/**
 * Why the schema `db` holds now could hang the page's own reads and writes of a user, in words
 * for the learner, or null when it cannot (see the module's comment).
 */
export function pageReachRefusal(db: SqlJsDatabase): string | null {
  const objects: SchemaObject[] = (
    db.exec(
      "SELECT type, name, tbl_name, sql FROM main.sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    )[0]?.values ?? []
  ).map(([type, name, table, sql]) => ({
    type: String(type),
    name: String(name),
    table: String(table).toLowerCase(),
    tokens: tokensOf(String(sql)),
  }));
  const relations = new Set(
    objects.filter((o) => o.type === 'table' || o.type === 'view').map((o) => o.name.toLowerCase()),
  );
  const triggersOn = new Map<string, SchemaObject[]>();
  for (const o of objects)
    if (o.type === 'trigger') triggersOn.set(o.table, [...(triggersOn.get(o.table) ?? []), o]);
  const isReachedBy = (o: SchemaObject): boolean =>
    o.type === 'view' || o.type === 'table'
      ? reached.has(o.name.toLowerCase())
      : reached.has(o.table);
  // Every table or view a reached trigger or view names is reached too (more than it writes or
  // reads, never less).
  const reached = new Set(['users', CHANGES_TABLE]);
  for (let grew = true; grew;) {
    grew = false;
    for (const o of objects) {
      if ((o.type !== 'trigger' && o.type !== 'view') || !isReachedBy(o)) continue;
      for (const [i, t] of o.tokens.entries()) {
        const name = nameOf(t);
        if (name === null || isSyntaxWord(o.tokens, i)) continue;
        if (relations.has(name) && !reached.has(name)) {
          reached.add(name);
          grew = true;
        }
      }
    }
  }
  const learnerTriggers = objects.filter(
    (o) =>
      o.type === 'trigger' &&
      isReachedBy(o) &&
      !SEED_TRIGGERS.some((seed) => isSeedLike(o.tokens, seed)),
  );
  for (const o of objects) {
    if (!isReachedBy(o)) continue;
    const what =
      o.type === 'trigger'
        ? `the trigger ${o.name} (on ${o.table})`
        : o.type === 'view'
          ? `the view ${o.name}`
          : o.type === 'index'
            ? `the index ${o.name} (on ${o.table})`
            : `the table ${o.name} (its CHECK constraints, defaults and generated columns)`;
    const isLearnerTrigger = learnerTriggers.includes(o);
    const query =
      o.type === 'view' ? viewQuery(o.tokens) : isLearnerTrigger ? triggerQuery(o.tokens) : null;
    if (query !== null)
      return (
        `${what} holds a query (${query}), and the page would run it on its own thread, where ` +
        `nothing can stop it, at each read or write of a user a Step makes: a query there can ` +
        'run for ever (a WITH RECURSIVE) or for hours (a join), and only for some rows or later ' +
        'writes. A trigger the page runs may RAISE, and INSERT, UPDATE or DELETE rows by values ' +
        '(NEW.id, OLD.plan, constants); a view named users or changes may be one SELECT over one ' +
        'table. Run a query in the console itself, where it is tried first.' +
        REFUSED_TAIL
      );
    if (o.type === 'trigger' && !isLearnerTrigger) continue;
    const costly = costlyCall(o.tokens);
    if (costly !== null)
      return (
        `${what} calls ${costly}, and the page would run it on its own thread, where nothing can ` +
        'stop it, at each read or write of a user a Step makes: one call can make a value of a ' +
        "gigabyte (printf('%.*c', 1e9, 'x'), zeroblob, replace, hex of hex) or compare two long " +
        'values for seconds (instr, LIKE, GLOB, trim by a set of characters). Use it in the console itself, where it is tried ' +
        'first.' +
        REFUSED_TAIL
      );
    const joined = isLearnerTrigger ? joinsValues(o.tokens) : null;
    if (joined !== null)
      return (
        `${what} joins values (${joined}), and the page would run it at each write of a user a ` +
        'Step makes: a value joined to itself doubles at every write (a gigabyte after 30), on ' +
        "the page's own thread. Write the value as it is, or join it in the console." +
        REFUSED_TAIL
      );
  }
  const chaining = learnerTriggers.filter((o) =>
    writtenTables(o.tokens).some((t) => (triggersOn.get(t)?.length ?? 0) > 0),
  );
  if (chaining.length > 1)
    return (
      `the triggers ${chaining.map((o) => o.name).join(' and ')} each write a table that has ` +
      'triggers, and the page would run them at each write of a user a Step makes: each sets ' +
      'off the others once for every row it writes, so their cost multiplies with every trigger ' +
      "more, on the page's own thread, where nothing can stop it. Keep one of them." +
      REFUSED_TAIL
    );
  // One trigger setting off another of the learner's: the second runs once per row the first
  // writes, and each run may read every row of a table, so their rows multiply (a trigger
  // updating 20,000 rows of t, whose own trigger scanned 20,000 of u, held the page a minute).
  for (const o of chaining)
    for (const t of writtenTables(o.tokens)) {
      const other = (triggersOn.get(t) ?? []).find((x) => x !== o && learnerTriggers.includes(x));
      if (other !== undefined)
        return (
          `the trigger ${o.name} writes ${t}, which has the trigger ${other.name}: at each write ` +
          `of a user a Step makes, the page would run ${other.name} once for every row ` +
          `${o.name} writes, and what each run reads multiplies with those rows, on the page's ` +
          'own thread, where nothing can stop it. Keep one of them, or have one trigger do both.' +
          REFUSED_TAIL
        );
    }
  const recursive = db.exec('PRAGMA recursive_triggers')[0]?.values[0]?.[0];
  if (chaining.length === 1 && recursive === 1)
    return (
      `the trigger ${chaining[0].name} writes a table that has triggers, and recursive_triggers ` +
      'is on: at each write of a user a Step makes it could set itself off again, up to 1,000 ' +
      "deep, once for every row it writes, on the page's own thread, where nothing can stop it. " +
      'Switch recursive_triggers off (PRAGMA recursive_triggers = 0) or drop the trigger.' +
      REFUSED_TAIL
    );
  return null;
}
