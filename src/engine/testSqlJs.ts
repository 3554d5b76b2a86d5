import type { SqlJsStatic } from 'sql.js';

// The engine knows no host: the unit tests' setup (src/platform/vitestSetup.ts) hands the test
// harness the host's sql.js loader before any test runs. This module imports nothing else, so
// the setup loads no engine code (nor ioredis-mock) into test files that do not use it.
let sqlJsLoader: (() => Promise<SqlJsStatic>) | undefined;

/** Called by the test setup: how this host loads sql.js. */
export function provideSqlJs(load: () => Promise<SqlJsStatic>): void {
  sqlJsLoader = load;
}

/** sql.js as the test host provides it. */
export function loadSqlJsNode(): Promise<SqlJsStatic> {
  if (!sqlJsLoader)
    throw new Error('no sql.js loader: the test setup (src/platform/vitestSetup.ts) provides it');
  return sqlJsLoader();
}
