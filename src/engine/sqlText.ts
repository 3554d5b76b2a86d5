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

// SQLite's whitespace, comments (an unclosed one runs to the end), strings and the four ways
// of quoting a name, words (letters, digits, _ and $, and every character past ASCII, as
// SQLite's IdChar), and any other single character.
const TOKEN =
  /[ \t\n\f\r]+|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|'(?:[^']|'')*'?|"(?:[^"]|"")*"?|`(?:[^`]|``)*`?|\[[^\]]*\]?|[A-Za-z0-9_$\u0080-\uffff]+|[\s\S]/y;

function unquote(raw: string): string {
  const open = raw[0];
  const close = open === '[' ? ']' : open;
  const inner = raw.endsWith(close) && raw.length > 1 ? raw.slice(1, -1) : raw.slice(1);
  return open === '[' ? inner : inner.split(close + close).join(close);
}

/**
 * The statements of `sql`, each as its tokens (whitespace and comments left out), split at
 * every `;` outside strings, names and comments. Empty statements are left out. A trigger's
 * body is split too (its statements are not the line's), which only adds statements.
 */
export function statementsOf(sql: string): SqlToken[][] {
  const statements: SqlToken[][] = [];
  let current: SqlToken[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(sql); m !== null; m = TOKEN.exec(sql)) {
    const raw = m[0];
    const c = raw[0];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\f' || c === '\r') continue;
    if (raw.startsWith('--') || raw.startsWith('/*')) continue;
    if (raw === ';') {
      if (current.length > 0) statements.push(current);
      current = [];
    } else if (c === "'" || c === '"' || c === '`' || c === '[')
      current.push({ kind: 'quoted', text: unquote(raw) });
    else if (/[A-Za-z0-9_$\u0080-\uffff]/.test(c)) current.push({ kind: 'word', text: raw });
    else current.push({ kind: 'mark', text: raw });
  }
  if (current.length > 0) statements.push(current);
  return statements;
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

const ROW_WRITES = new Set(['insert', 'update', 'delete', 'replace']);

/**
 * Whether a statement may change a table's rows or the schema: anything but a SELECT or VALUES,
 * an EXPLAIN (which compiles a statement, never runs it) or a PRAGMA (the console runs only
 * those that read, or switch a setting: see consoleSql); a `WITH` only when it leads into an
 * INSERT, UPDATE, DELETE or REPLACE. Unsure is "may".
 */
export function mayChangeRows(tokens: readonly SqlToken[]): boolean {
  const first = tokens[0]?.kind === 'word' ? tokens[0].text.toLowerCase() : '';
  if (first === 'select' || first === 'values' || first === 'explain' || first === 'pragma')
    return false;
  if (first === 'with')
    return tokens.some((t) => t.kind === 'word' && ROW_WRITES.has(t.text.toLowerCase()));
  return true;
}
