import type { SqlJsStatic } from 'sql.js';
import { DEFAULT_PROGRAM_SETTINGS } from '../engine/programs/types';
import { Simulation } from '../engine/simulation';
import type { SimConfig } from '../engine/simConfig';
import type { SimSnapshot } from '../engine/simSnapshot';
import type { StepEvent } from '../engine/stepEvent';
import type { Scenario } from './types';

/** The engine config a scenario runs under when the learner has changed nothing. */
export function scenarioSimConfig(scenario: Scenario): Partial<SimConfig> {
  return {
    actors: scenario.actors,
    writePolicy: scenario.writePolicy,
    readMitigation: scenario.readMitigation,
    pattern: scenario.pattern ?? 'cache-aside',
    settings: { ...DEFAULT_PROGRAM_SETTINGS, ttlSeconds: scenario.ttlSeconds },
    invalidation: scenario.invalidation ?? 'app',
    ...(scenario.cdcDelayMs === undefined ? {} : { cdcDelayMs: scenario.cdcDelayMs }),
    ...scenarioEngineConfig(scenario),
  };
}

/**
 * The engine settings a scenario is written for beyond the sandbox's own (a slow database), for
 * a headless play. The sandbox takes them as settings the learner may change (`scenarioConfig`
 * starts from them; another value leaves the script), as it takes the consumer's lag.
 */
export function scenarioEngineConfig(scenario: Scenario | undefined): Partial<SimConfig> {
  return scenario?.dbLatencyMs === undefined ? {} : { dbLatency: scenario.dbLatencyMs };
}

/** A scenario played to its end without a page. */
export interface PlayedScenario {
  snapshot: SimSnapshot;
  /** The scenario's own verdict on the final snapshot. */
  isMet: boolean;
  /**
   * The steps each beat took, in order: one per `stepActor`, null where the actor named had
   * nothing to do (a beat written for other settings than the ones it was replayed under).
   */
  beatSteps: (StepEvent | null)[][];
}

/**
 * Plays a scenario headlessly: its setup, then every beat, each action dispatched to the engine as
 * the sandbox store does on a Step press. `overrides` replays it under other settings (as when the
 * learner switches a mitigation part-way).
 */
export async function playScenario(
  SQL: SqlJsStatic,
  scenario: Scenario,
  overrides: Partial<SimConfig> = {},
  /** Step on after the last beat until no request is left (what a learner pressing Step sees). */
  { thenRunToEnd = false }: { thenRunToEnd?: boolean } = {},
): Promise<PlayedScenario> {
  const sim = await Simulation.replay(
    SQL,
    { ...scenarioSimConfig(scenario), ...overrides },
    scenario.setup,
  );
  const beatSteps: (StepEvent | null)[][] = [];
  for (const beat of scenario.beats) {
    const steps: (StepEvent | null)[] = [];
    for (const action of beat.actions) {
      const result = await sim.dispatch(action);
      if (action.type === 'stepActor' || action.type === 'step')
        steps.push(result as StepEvent | null);
      else if (action.type === 'finishActor' || action.type === 'stepActorUntil')
        steps.push(...(result as StepEvent[]));
    }
    beatSteps.push(steps);
  }
  if (thenRunToEnd)
    for (let i = 0; i < 1000 && (await sim.dispatch({ type: 'step' })) !== null; i++);
  const snapshot = await sim.snapshot();
  return { snapshot, isMet: scenario.outcome.isMet(snapshot), beatSteps };
}
