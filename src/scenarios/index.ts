import { coldRead } from './coldRead';
import { invalidateOnWrite } from './invalidateOnWrite';
import { staleRead } from './staleRead';
import type { Scenario } from './types';

export type { Scenario, ScenarioBeat, ScenarioOutcome } from './types';

/** The guided stories, in the order the picker lists them. */
export const SCENARIOS: readonly Scenario[] = [coldRead, staleRead, invalidateOnWrite];

export function findScenario(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
