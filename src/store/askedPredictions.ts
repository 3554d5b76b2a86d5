import { findScenario } from '../scenarios';
import { quizQuestion } from '../scenarios/quiz';

/** A `predictionKey` read back: `stale-set:6 → v1`, `stampede:4 (single-flight) → 0`. */
const PREDICTION = /^([^:]+):(\d+)(?: \([^)]*\))? → (.*)$/;

/**
 * Why a stored prediction is no answer given on this page (null: it is one): it names no question
 * the page asks (a scenario since renamed, a beat that asks none, an id edited into storage), or
 * an answer its question does not offer (`→ bogus`). Either counted in the score ("3 of 4 right"
 * with an answer never given here).
 */
export function unaskedReason(key: string): string | null {
  const named = PREDICTION.exec(key);
  const beat = Number(named?.[2]);
  const quiz = named && beat >= 1 ? findScenario(named[1])?.beats[beat - 1]?.quiz : undefined;
  if (!named || quiz === undefined) return 'no question this page asks';
  return quizQuestion(quiz).choices.some((c) => c.id === named[3])
    ? null
    : 'an answer its question does not offer';
}

/** Whether a stored prediction is an answer given on this page (see {@link unaskedReason}). */
export const isAskedPrediction = (key: string): boolean => unaskedReason(key) === null;
