import { cacheDownFallback } from './cacheDownFallback';
import { cdcLateInvalidation } from './cdcLateInvalidation';
import { coldRead } from './coldRead';
import { deleteFirstRace } from './deleteFirstRace';
import { expensiveMiss } from './expensiveMiss';
import { invalidateOnWrite } from './invalidateOnWrite';
import { lostInvalidation } from './lostInvalidation';
import { onlyWhatIsAsked } from './onlyWhatIsAsked';
import { stampede } from './stampede';
import { stampedeSingleFlight } from './stampedeSingleFlight';
import { staleRead } from './staleRead';
import { staleSet } from './staleSet';
import { staleSetLease } from './staleSetLease';
import { ttlExpiry } from './ttlExpiry';
import { updateCacheRace } from './updateCacheRace';
import { whenToUse } from './whenToUse';
import { refreshAheadExpensive } from './refreshAheadExpensive';
import { writeBehindLost } from './writeBehindLost';
import { writeThenReadThrough } from './writeThenReadThrough';
import { writeThenRead } from './writeThenRead';
import { writeThenReadInvalidate } from './writeThenReadInvalidate';
import type { Scenario } from './types';

export type { Scenario, ScenarioBeat, ScenarioOutcome } from './types';

/**
 * The guided stories, in course order (see `course.ts` for its parts): the pattern, what it buys,
 * staleness, the races, failures, and when to use it.
 */
export const SCENARIOS: readonly Scenario[] = [
  coldRead,
  ttlExpiry,
  onlyWhatIsAsked,
  expensiveMiss,
  staleRead,
  invalidateOnWrite,
  writeThenRead,
  writeThenReadInvalidate,
  staleSet,
  staleSetLease,
  updateCacheRace,
  deleteFirstRace,
  cdcLateInvalidation,
  stampede,
  stampedeSingleFlight,
  cacheDownFallback,
  lostInvalidation,
  writeThenReadThrough,
  writeBehindLost,
  refreshAheadExpensive,
  whenToUse,
];

/** The scenario of an id, or of the id quiz mode links it by (`quizId`): old links keep working. */
export function findScenario(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id) ?? SCENARIOS.find((s) => s.quizId === id);
}
