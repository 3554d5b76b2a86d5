import { findScenario } from '../scenarios';

/** A `predictionKey` read back: `stale-set:5 → v1`, `stampede:4 (single-flight) → 0`. */
const PREDICTION = /^([^:]+):(\d+)(?: \([^)]*\))? → /;

/**
 * Whether a stored prediction names a question this page asks: a beat with a quiz, in a
 * scenario it has. One it does not (a scenario since renamed, an id edited into storage) is
 * no answer the learner gave here, so it counts in no score.
 */
export function isAskedPrediction(key: string): boolean {
  const named = PREDICTION.exec(key);
  if (!named) return false;
  const beat = Number(named[2]);
  return findScenario(named[1])?.beats[beat - 1]?.quiz !== undefined && beat >= 1;
}
