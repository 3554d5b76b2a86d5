/**
 * A console line read as SQLite's tokenizer reads it, without running it: the statements it
 * holds and each one's words. Strings, quoted names and comments are tokens of their own, so a
 * `;` or a keyword inside them is not taken for one (`SELECT ';UPDATE'` is one statement).
 * Where this reading and SQLite's could differ (a character SQLite takes as part of a name), it
 * errs towards seeing more statements and words, never fewer.
 */

/** One token of a statement: a bare word (as typed), a quoted name or string (unquoted), or a mark. */
export interface SqlToken {
  kind: 'word' | 'quoted' | 'mark';
  text: string;
}

/** A statement as the console checks it: its first tokens, and whether it names a row write. */
export interface SqlStatement {
  /** The first {@link HEAD_TOKENS} tokens (whitespace and comments left out). */
  head: SqlToken[];
  /** A word INSERT, UPDATE, DELETE or REPLACE appears in it (outside strings and names). */
  hasRowWriteWord: boolean;
}

/** Tokens kept of each statement: `EXPLAIN QUERY PLAN PRAGMA main . name =` is eight. */
export const HEAD_TOKENS = 10;

// Comments (an unclosed one runs to the end), strings and the four ways of quoting a name
// (unclosed: to the end), as SQLite reads them.
const QUOTED = String.raw`--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|'[^']*(?:''[^']*)*'?|"[^"]*(?:""[^"]*)*"?|\x60[^\x60]*(?:\x60\x60[^\x60]*)*\x60?|\[[^\]]*\]?`;
const QUOTED_TOKEN = new RegExp(QUOTED, 'y');
const ROW_WRITES = new Set(['insert', 'update', 'delete', 'replace']);

function unquote(raw: string): string {
  const open = raw[0];
  const close = open === '[' ? ']' : open;
  const inner = raw.endsWith(close) && raw.length > 1 ? raw.slice(1, -1) : raw.slice(1);
  return open === '[' ? inner : inner.split(close + close).join(close);
}

/** Whether a character code starts a word: a letter, digit, _ or $, or any past ASCII. */
function isWordCode(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 95 ||
    code === 36 ||
    code >= 128
  );
}

const isSpaceCode = (code: number): boolean =>
  code === 32 || code === 9 || code === 10 || code === 12 || code === 13;

/**
 * The statements of `sql`, split at every `;` outside strings, names and comments. Empty
 * statements are left out. A trigger's body is split too (its statements are not the line's),
 * which only adds statements. One pass over the characters: a line of 1 MiB is read in
 * milliseconds, whatever it holds.
 */
export function statementsOf(sql: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let current: SqlStatement = { head: [], hasRowWriteWord: false };
  let at = 0;
  const end = sql.length;
  while (at < end) {
    const code = sql.charCodeAt(at);
    const next = sql.charCodeAt(at + 1);
    if (code === 59 /* ; */) {
      if (current.head.length > 0) {
        statements.push(current);
        current = { head: [], hasRowWriteWord: false };
      }
      at++;
    } else if (isSpaceCode(code)) at++;
    else if (isWordCode(code)) {
      const from = at;
      while (at < end && isWordCode(sql.charCodeAt(at))) at++;
      const length = at - from;
      if (length === 6 || length === 7) {
        if (ROW_WRITES.has(sql.slice(from, at).toLowerCase())) current.hasRowWriteWord = true;
      }
      if (current.head.length < HEAD_TOKENS)
        current.head.push({ kind: 'word', text: sql.slice(from, at) });
    } else if (startsQuoted(code, next)) {
      QUOTED_TOKEN.lastIndex = at;
      const raw = QUOTED_TOKEN.exec(sql)?.[0] ?? sql[at];
      at += raw.length;
      if (code !== 45 && code !== 47 && current.head.length < HEAD_TOKENS)
        current.head.push({ kind: 'quoted', text: unquote(raw) });
    } else {
      if (current.head.length < HEAD_TOKENS) current.head.push({ kind: 'mark', text: sql[at] });
      at++;
    }
  }
  if (current.head.length > 0) statements.push(current);
  return statements;
}

/**
 * Whether the characters `code` and `next` start a token read whole ({@link QUOTED_TOKEN}): a
 * string, a quoted name, or a comment.
 */
const startsQuoted = (code: number, next: number): boolean =>
  code === 39 /* ' */ ||
  code === 34 /* " */ ||
  code === 96 /* ` */ ||
  code === 91 /* [ */ ||
  (code === 45 /* - */ && next === 45) ||
  (code === 47 /* / */ && next === 42); /* * */

/**
 * How deeply the parentheses of `sql` nest (outside strings, quoted names and comments): what
 * the console names when SQLite's parser gives up on a line with "Recursion limit".
 */
export function parenthesisDepth(sql: string): number {
  let depth = 0;
  let deepest = 0;
  let at = 0;
  const end = sql.length;
  while (at < end) {
    const code = sql.charCodeAt(at);
    const next = sql.charCodeAt(at + 1);
    if (startsQuoted(code, next)) {
      QUOTED_TOKEN.lastIndex = at;
      at += QUOTED_TOKEN.exec(sql)?.[0].length ?? 1;
      continue;
    }
    if (code === 40 /* ( */) deepest = Math.max(deepest, ++depth);
    else if (code === 41 /* ) */ && depth > 0) depth--;
    else if (code === 59 /* ; */) depth = 0;
    at++;
  }
  return deepest;
}

const isWord = (token: SqlToken | undefined, word: string): boolean =>
  token?.kind === 'word' && token.text.toLowerCase() === word;

/** The statement's tokens after a leading `EXPLAIN` or `EXPLAIN QUERY PLAN`. */
export function withoutExplain(tokens: readonly SqlToken[]): readonly SqlToken[] {
  if (!isWord(tokens[0], 'explain')) return tokens;
  return isWord(tokens[1], 'query') && isWord(tokens[2], 'plan')
    ? tokens.slice(3)
    : tokens.slice(1);
}

/**
 * Whether a statement may change a table's rows or the schema: anything but a SELECT or VALUES,
 * an EXPLAIN (which compiles a statement, never runs it) or a PRAGMA (the console runs only
 * those that read, or switch a setting: see consolePragmas); a `WITH` only when it leads into an
 * INSERT, UPDATE, DELETE or REPLACE. Unsure is "may".
 */
export function mayChangeRows(statement: SqlStatement): boolean {
  const token = statement.head[0];
  const first = token?.kind === 'word' ? token.text.toLowerCase() : '';
  if (first === 'select' || first === 'values' || first === 'explain' || first === 'pragma')
    return false;
  if (first === 'with') return statement.hasRowWriteWord;
  return true;
}
