import { cacheDownFallback } from './cacheDownFallback';
import { coldRead } from './coldRead';
import { deleteFirstRace } from './deleteFirstRace';
import { invalidateOnWrite } from './invalidateOnWrite';
import { lostInvalidation } from './lostInvalidation';
import { onlyWhatIsAsked } from './onlyWhatIsAsked';
import { stampede } from './stampede';
import { stampedeSingleFlight } from './stampedeSingleFlight';
import { staleRead } from './staleRead';
import { staleSet } from './staleSet';
import { staleSetLease } from './staleSetLease';
import { updateCacheRace } from './updateCacheRace';
import { writeThenRead } from './writeThenRead';
import { writeThenReadInvalidate } from './writeThenReadInvalidate';
import type { Scenario } from './types';

export type { Scenario, ScenarioBeat, ScenarioOutcome } from './types';

/** The guided stories, in the order the picker lists them: the pattern, its races, its failures. */
export const SCENARIOS: readonly Scenario[] = [
  coldRead,
  onlyWhatIsAsked,
  staleRead,
  invalidateOnWrite,
  writeThenRead,
  writeThenReadInvalidate,
  staleSet,
  staleSetLease,
  updateCacheRace,
  deleteFirstRace,
  stampede,
  stampedeSingleFlight,
  cacheDownFallback,
  lostInvalidation,
];

export function findScenario(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
