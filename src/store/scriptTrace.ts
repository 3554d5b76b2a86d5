import type { SqlJsStatic } from 'sql.js';
import type { SimConfig } from '../engine/simConfig';
import { Simulation } from '../engine/simulation';
import type { Scenario } from '../scenarios';

/** Steps taken after the last beat to finish the requests it left in flight, at most. */
const MAX_STEPS_AFTER = 1000;

/**
 * What the engine did running a scenario's script under `simConfig`: its setup, every beat, then
 * the steps that finish the requests left in flight, as one string of the events (each command,
 * its reply, its verdict, its time), the counters, the results, both stores and both logs. Two
 * configs with the same trace run the script step for step the same. Null when the script
 * cannot run under it (an actor it names is missing).
 */
export async function scriptTrace(
  SQL: SqlJsStatic,
  simConfig: Partial<SimConfig>,
  sc: Scenario,
): Promise<string | null> {
  let sim: Simulation | null = null;
  try {
    sim = await Simulation.replay(SQL, simConfig, sc.setup);
    for (const beat of sc.beats) for (const action of beat.actions) await sim.dispatch(action);
    for (let i = 0; i < MAX_STEPS_AFTER && (await sim.dispatch({ type: 'step' })) !== null; i++);
    const s = await sim.snapshot();
    // The config and the actors' own state are left out: they name the settings, not what ran.
    return JSON.stringify([
      s.events,
      s.stats,
      s.results,
      s.cache,
      s.db,
      s.redisLog,
      s.sqlLog,
      s.clockMs,
      s.isCacheUp,
    ]);
  } catch {
    return null;
  } finally {
    void sim?.close();
  }
}
