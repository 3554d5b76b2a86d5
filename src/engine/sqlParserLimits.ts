/**
 * SQLite's parser refuses a statement past one of its compile-time limits (and LIKE a pattern past
 * its own, as it runs) with a terse message
 * ("too many terms in compound SELECT") that says neither how far the limit is, nor that the
 * line it ended kept nothing, nor what to write instead. The figures are the ones the sql.js
 * 1.16 build enforces (SQLite's defaults: `SQLITE_MAX_EXPR_DEPTH` 1000,
 * `SQLITE_MAX_COMPOUND_SELECT` 500, `SQLITE_MAX_COLUMN` 2000, `SQLITE_MAX_FUNCTION_ARG` 1000,
 * `SQLITE_MAX_LIKE_PATTERN_LENGTH` 50000, `SQLITE_MAX_VARIABLE_NUMBER` 32766); sql.js exports
 * no `sqlite3_limit` to change them.
 * `SQLITE_MAX_SQL_LENGTH` (a billion bytes) is past the console's own line limit, so it is not here.
 */
const PARSER_LIMITS: readonly {
  error: RegExp;
  limit: string;
  instead: string;
  /** Checked as the statement runs (on the pattern's value), not as SQLite reads it. */
  isAtRun?: true;
}[] = [
  {
    error: /^Expression tree is too large \(maximum depth \d+\)$/,
    limit:
      'an expression is at most 1,000 levels deep, and each operator in a chain adds one: ' +
      '1 + 1 + ... takes at most 1,000 terms, and so does a chain of AND, OR or ||',
    instead:
      'Write it with shorter chains: group the terms in parentheses, (1 + ... + 1) + (1 + ... + 1), ' +
      'each group under 1,000; add many values as rows (SELECT sum(column1) FROM (VALUES (1), (1), ...))' +
      '; and test one value against many with IN (x IN (1, 2, 3) in place of x = 1 OR x = 2 OR x = 3)',
  },
  {
    error: /^too many terms in compound SELECT$/,
    limit: 'a compound SELECT joins at most 500 SELECTs with UNION, UNION ALL, INTERSECT or EXCEPT',
    instead:
      'Write the rows as one VALUES list, which has no such limit (VALUES (1), (2), ... in place of ' +
      'SELECT 1 UNION ALL SELECT 2 ...; INSERT INTO ... VALUES (...), (...) the same way), or make ' +
      'them with WITH RECURSIVE',
  },
  {
    error:
      /^too many columns (in result set|on \S+|in set list)$|^too many terms in (ORDER|GROUP) BY clause$/,
    limit:
      'a result, a table, an UPDATE ... SET and an ORDER BY or GROUP BY hold at most 2,000 columns or terms',
    instead:
      'Write fewer columns: a list of many values reads better as rows (VALUES (1), (2), ...)',
  },
  {
    error: /^too many arguments on function \S+$/,
    limit: 'a function call takes at most 1,000 arguments',
    instead:
      'Write the values as rows and use an aggregate (SELECT max(column1) FROM (VALUES (1), (2), ...)), ' +
      'or split the call: max(max(a, b, ...), max(c, d, ...))',
  },
  {
    error: /^LIKE or GLOB pattern too complex$/,
    limit: 'a LIKE or GLOB pattern is at most 50,000 bytes (UTF-8: é is 2)',
    isAtRun: true,
    instead:
      'Write a shorter pattern: instr(name, text) > 0 finds text anywhere without one, and ' +
      'substr() compares a part',
  },
  {
    error: /^variable number must be between \?1 and \?\d+$/,
    limit: 'a numbered parameter goes from ?1 to ?32,766',
    instead:
      'This console binds no values to parameters (each reads as NULL, as in the sqlite3 shell): ' +
      'write the value itself (SELECT 40000 in place of SELECT ?40000)',
  },
  {
    error: /^too many SQL variables$/,
    limit: 'a statement holds at most 32,766 parameters (?, ?N, :name, @name and $name each count)',
    instead:
      'This console binds no values to parameters (each reads as NULL, as in the sqlite3 shell): ' +
      'write the values themselves (id IN (1, 2, 3) in place of id IN (?, ?, ?)), or make many ' +
      'values as rows (VALUES (1), (2), ...) or with WITH RECURSIVE',
  },
  {
    error: /^at most 64 tables in a join$/,
    limit: 'a SELECT joins at most 64 tables',
    instead: 'Write it in steps: join fewer tables at once, or use a subquery or a WITH query',
  },
];

/**
 * The words for SQLite's error `message` when it is a parser limit of {@link PARSER_LIMITS}:
 * which limit, SQLite's own words, that nothing of the line was kept and what to write instead.
 * Null for any other error.
 */
export function parserLimitMessage(message: string): string | null {
  const hit = PARSER_LIMITS.find((l) => l.error.test(message));
  if (hit === undefined) return null;
  return (
    `SQLite could not ${hit.isAtRun ? 'run' : 'read'} this line: ${hit.limit} ("${message}"). ` +
    `Nothing of the line was kept: the database is as it was. ${hit.instead}.`
  );
}
