import initSqlJs, { type SqlJsStatic } from 'sql.js';
import { Simulation, type SimConfig } from './simulation';

let sqlJs: Promise<SqlJsStatic> | undefined;

/** sql.js for Node (tests and the CLI): no locateFile, the wasm sits beside the module. */
export function loadSqlJsNode(): Promise<SqlJsStatic> {
  sqlJs ??= initSqlJs();
  return sqlJs;
}

/** The headless harness unit tests drive: a fresh simulation, seeded. */
export async function createTestSim(config: Partial<SimConfig> = {}): Promise<Simulation> {
  return Simulation.create(await loadSqlJsNode(), config);
}
