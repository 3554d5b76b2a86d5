import { Simulation } from './simulation';
import type { SimCreateConfig } from './simConfig';
import { loadSqlJsNode } from './testSqlJs';

export { loadSqlJsNode };

/** The headless harness unit tests drive: a fresh simulation, seeded. */
export async function createTestSim(config: SimCreateConfig = {}): Promise<Simulation> {
  return Simulation.create(await loadSqlJsNode(), config);
}
