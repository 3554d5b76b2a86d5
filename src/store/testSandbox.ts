import type { SqlJsStatic } from 'sql.js';
import { loadSqlJsNode } from '../engine/testSim';
import type { SandboxActions } from './sandboxState';
import { createSandboxStore, type SandboxStoreApi } from './sandboxStore';

let sql: Promise<SqlJsStatic> | undefined;

/**
 * The unit tests' sandbox in free play under `settings` (a refused setting throws): where a run
 * that leaves every script starts.
 */
export async function freePlaySandbox(
  settings: Parameters<SandboxActions['configure']>[0] = {},
): Promise<SandboxStoreApi> {
  const store = createSandboxStore();
  await store.getState().start(await (sql ??= loadSqlJsNode()));
  await store.getState().loadScenario(null);
  if (Object.keys(settings).length > 0) {
    const refusal = await store.getState().configure(settings);
    if (refusal !== null) throw new Error(refusal);
  }
  return store;
}
