import type { SqlJsStatic } from 'sql.js';
import { Simulation, type SimConfig } from './simulation';

// The engine knows no host: the unit tests' setup (src/platform/vitestSetup.ts) hands this
// harness the host's sql.js loader before any test runs.
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

/** The headless harness unit tests drive: a fresh simulation, seeded. */
export async function createTestSim(config: Partial<SimConfig> = {}): Promise<Simulation> {
  return Simulation.create(await loadSqlJsNode(), config);
}
