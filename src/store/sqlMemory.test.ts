import { createRequire } from 'node:module';
import type { SqlJsStatic } from 'sql.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  limitTrialMemory,
  runSqlTrial,
  TRIAL_HEAP_LIMIT_BYTES,
  TRIAL_MEMORY_REASON,
  trialVerdict,
  undoCopyReason,
  type SqlGuard,
} from '../engine/consoleSql';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { createSandboxStore } from './sandboxStore';

/**
 * A sql.js module of its own, as the guard's worker has: the trial limit is for the whole
 * module and cannot be raised again, so it must not be the one the other tests share.
 */
async function trialSqlJs(): Promise<SqlJsStatic> {
  const require = createRequire(import.meta.url);
  const path = require.resolve('sql.js');
  const shared = require.cache[path];
  delete require.cache[path];
  const init = require('sql.js') as () => Promise<SqlJsStatic>;
  // Later test files of this worker that require sql.js get the shared one, not this limited copy.
  if (shared) require.cache[path] = shared;
  else delete require.cache[path];
  const SQL = await init();
  limitTrialMemory(SQL);
  return SQL;
}

/** Bytes every WebAssembly memory (both sql.js modules here) grows by while `run` runs. */
async function wasmGrowth(run: () => Promise<unknown>): Promise<number> {
  let grown = 0;
  const grow = WebAssembly.Memory.prototype.grow;
  vi.spyOn(WebAssembly.Memory.prototype, 'grow').mockImplementation(function (
    this: WebAssembly.Memory,
    pages: number,
  ) {
    grown += pages * 65536;
    return grow.call(this, pages);
  });
  try {
    await run();
  } finally {
    vi.restoreAllMocks();
  }
  return grown;
}

// WebAssembly memory grows in steps of up to 96 MB past what is asked, so a module held under
// the limit may still grow past it once: bounded, unlike the value's hundreds of megabytes.
const GROWTH_BOUND = 2 * TRIAL_HEAP_LIMIT_BYTES;

afterEach(() => {
  vi.restoreAllMocks();
});

it("leaves Node's sql.js to the test files after it, not the limited copy (a worker's files share it)", async () => {
  const require = createRequire(import.meta.url);
  const shared: unknown = require('sql.js');
  await trialSqlJs();
  expect(require('sql.js')).toBe(shared);
});

describe('a console line that needs more memory than the trial gives it', () => {
  it('is refused with the limit, and neither the page nor the copy keeps the memory', async () => {
    const trialSql = await trialSqlJs();
    // The page's guard: the worker runs the trial on its own sql.js and says what it means.
    const sqlGuard: SqlGuard = async (trial) => trialVerdict(runSqlTrial(trialSql, trial));
    const store = createSandboxStore({ sqlGuard });
    await store.getState().start(await loadSqlJsNode());
    const s = store.getState;
    const line = "UPDATE users SET name = 'X' WHERE id = 1; SELECT length(randomblob(2e8))";
    let result;
    const grown = await wasmGrowth(async () => {
      result = await s().runSql(line);
    });
    expect(result).toEqual({
      error: expect.stringMatching(
        /^SQL stopped: it needed more than 64 MB of memory, the most a console line may use here .*randomblob\(1e9\).*\. The database is as it was before the statement\.$/,
      ),
    });
    // Before, the page's sql.js grew by the 200 MB value and never gave it back.
    expect(grown).toBeLessThan(GROWTH_BOUND);
    expect(await s().runSql('SELECT name FROM users WHERE id = 1')).toMatchObject({
      rows: [['Grace Lovelace']],
    });
    // A value well inside the limit runs as before, on the copy and on the page.
    expect(await s().runSql('SELECT length(randomblob(1e6))')).toMatchObject({
      rows: [[1_000_000]],
    });
  });

  it.each([
    'SELECT zeroblob(5e8)',
    "SELECT length(printf('%.*c', 5e8, 'x'))",
    "WITH RECURSIVE r(x, n) AS (SELECT 'a', 0 UNION ALL SELECT x || x, n + 1 FROM r WHERE n < 28) SELECT max(length(x)) FROM r",
  ])('%s is refused on the copy, which does not grow past the limit', async (sql) => {
    const trialSql = await trialSqlJs();
    const page = await loadSqlJsNode();
    const db = new page.Database();
    try {
      const trial = { bytes: db.export(), pragmas: {}, nowMs: 0, sql };
      let outcome = {};
      const grown = await wasmGrowth(async () => {
        outcome = runSqlTrial(trialSql, trial);
      });
      expect(trialVerdict(outcome)).toEqual({ ok: false, reason: TRIAL_MEMORY_REASON });
      expect(grown).toBeLessThan(GROWTH_BOUND);
    } finally {
      db.close();
    }
  });
});

/**
 * The undo copy's limit crossed at two sizes. By default a database of about 9 MB on a trial
 * module whose limit the test lowers to 8 MiB (`PRAGMA hard_heap_limit` only ever lowers it): the
 * same trial, verdict and store as the page's, in a second or two. With `SQL_MEMORY_FULL=1`, also
 * the page's own 64 MiB limit and a 70 MB database, as a learner would grow it (seconds to
 * minutes here). The reason names the limit the trial ran under, so each case's is true.
 */
const UNDO_COPY_SIZES = [
  { label: '9 MB past an 8 MiB limit', limitBytes: 8 * 1024 * 1024, pad: [2_500, 1_875] },
  {
    label: '70 MB past the 64 MiB limit',
    limitBytes: TRIAL_HEAP_LIMIT_BYTES,
    pad: [20_000, 15_000],
  },
].filter(
  ({ limitBytes }) => limitBytes < TRIAL_HEAP_LIMIT_BYTES || process.env.SQL_MEMORY_FULL === '1',
);

describe('a console write whose undo copy needs more memory than the trial gives it', () => {
  it.each(UNDO_COPY_SIZES)(
    'is refused for that reason, with the size of the database, and the rows in parts run ($label)',
    async ({ limitBytes, pad: [namePad, emailPad] }) => {
      const trialSql = await trialSqlJs();
      const limit = new trialSql.Database();
      limit.run(`PRAGMA hard_heap_limit = ${limitBytes}`);
      limit.close();
      const trials: number[] = [];
      const sqlGuard: SqlGuard = async (trial) => {
        trials.push(trial.bytes.length);
        return trialVerdict(runSqlTrial(trialSql, trial));
      };
      const store = createSandboxStore({ sqlGuard });
      await store.getState().start(await loadSqlJsNode());
      const s = store.getState;
      const sums = async () => {
        const result = await s().runSql('SELECT sum(length(name)), sum(version) FROM users');
        if ('error' in result) throw new Error(result.error);
        return result.rows[0] as number[];
      };
      // Read while the database is small: a SELECT of a 70 MB one takes seconds here.
      const [length, versions] = await sums();
      // Each of these fits: together they make more new rows than the limit, but keep a copy of
      // little.
      for (const line of [
        `UPDATE users SET name = name || hex(zeroblob(${namePad}))`,
        `UPDATE users SET email = email || hex(zeroblob(${emailPad}))`,
      ])
        expect(await s().runSql(line)).toMatchObject({ changes: 1000 });
      // A small change of every row copies all of them first.
      const result = await s().runSql("UPDATE users SET name = name || 'x'");
      const databaseBytes = trials.at(-1) ?? 0;
      expect(databaseBytes).toBeGreaterThan(limitBytes);
      expect(result).toEqual({
        error: `SQL stopped: ${undoCopyReason(databaseBytes, limitBytes)}. The database is as it was before the statement.`,
      });
      expect((result as { error: string }).error).toMatch(
        new RegExp(
          `^SQL stopped: it changes more of the database than a console line may here: .* needs more than ${limitBytes / 1024 / 1024} MB, .*\\(the database is \\d+ MB; `,
        ),
      );
      // What the message offers runs, and it is all that ran: the refused line changed no row.
      expect(await s().runSql("UPDATE users SET name = name || 'x' WHERE id <= 300")).toMatchObject(
        { changes: 300 },
      );
      // Each row's name grew by twice its padding in hex, and 300 by 'x'; each write moved a version.
      expect(await sums()).toEqual([length + 1000 * 2 * namePad + 300, versions + 2 * 1000 + 300]);
    },
    120_000,
  );
});
