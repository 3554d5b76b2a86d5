/**
 * ioredis-mock's CommonJS sources (`ioredis-mock/lib/index.js`) as the page and its workers
 * bundle them (vite.config.ts). Two changes:
 *
 * - `process`, for `nextTick`, is given to that one module: a global `process` would not do, as
 *   fengari (the Lua engine) takes one as the sign that it runs in Node and reaches for the file
 *   system.
 * - The mock's COMMAND reads Redis' command table and documentation from two JSON files (288 KB,
 *   34 KB gzip, a twentieth of the first load). Nothing here sends COMMAND to the mock: the
 *   console and scripts refuse it in their own words before it gets there (redisValidation.ts),
 *   and the programs never send it. The files are left out; should anything reach them, the
 *   command fails with an error that says so rather than answering from a table it lacks.
 */
export function ioredisMockForPage(code: string): string {
  const processShim =
    'var process = { env: {}, nextTick: (fn, ...args) => queueMicrotask(() => fn(...args)),' +
    " hrtime: () => { throw new Error('process.hrtime is not available here'); } };\n";
  const withoutTables = code.replace(
    LEFT_OUT,
    `(() => { throw new Error(${COMMAND_REFUSAL}); })()`,
  );
  if (withoutTables === code)
    throw new Error(
      "ioredis-mock's sources no longer read COMMAND's tables where ioredisMockSource.ts looks",
    );
  return processShim + withoutTables;
}

/** The mock's reads of Redis' command table and documentation, left out of the page. */
const LEFT_OUT = /require\("\.\.\/data\/command-(?:info|docs)\.json"\)/g;

/** The error a COMMAND that reached the mock anyway fails with. */
export const COMMAND_TABLE_MISSING =
  "ERR COMMAND's table of Redis commands is not part of this page: HELP lists the commands this sandbox runs";
const COMMAND_REFUSAL = JSON.stringify(COMMAND_TABLE_MISSING);
