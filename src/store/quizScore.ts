import { findScenario } from '../scenarios';
import type { OpenQuestion } from './openQuestion';
import type { QuizState } from './quizStore';
import type { SandboxConfig } from './sandboxConfig';
import { invitedFixIn } from './scriptSettings';

export interface QuizScore {
  correct: number;
  answered: number;
}

/**
 * Whose score: the learner's own (kept with the course's progress) or, in presenter mode, the
 * room's (the answers given while presenting in this tab, kept for the tab alone).
 */
export type ScoreOwner = 'own' | 'room';

/** A score with the predictions it counts (see {@link QuizState.scored}). */
export interface ScoreRecord {
  score: QuizScore;
  scored: readonly string[];
  scoredRight: readonly string[];
}

export const NO_RECORD: ScoreRecord = {
  score: { correct: 0, answered: 0 },
  scored: [],
  scoredRight: [],
};

/**
 * Names a question: a scenario's beat, and the fix it invites that the settings try, if any.
 * Under an invited fix the room predicts another run (in `stampede` under single-flight, 0
 * SELECTs where the script sends 4): a question of its own. Other settings (a TTL, a latency, a
 * fix the scenario does not invite) ask the same question; whether they predict another run is
 * known once it ran (`predictionKey`).
 */
export function questionKey(
  question: Pick<OpenQuestion, 'scenario' | 'beat'>,
  config: SandboxConfig,
): string {
  const sc = findScenario(question.scenario);
  const fix = sc ? invitedFixIn(sc, config) : null;
  return `${question.scenario}:${question.beat}${fix === null ? '' : ` (${fix})`}`;
}

/**
 * Names a prediction for the score: the question (`questionKey`) and the answer the engine's run
 * gave. A setting the scenario does not invite that changes the answer (a lease in `stampede`:
 * 0 SELECTs in that step where the script sends 4) has the room predict another run, scored
 * once too; one that leaves the answer as it was (a TTL beside the fix, Back) asks the same
 * prediction again.
 */
export function predictionKey(
  question: Pick<OpenQuestion, 'scenario' | 'beat'>,
  config: SandboxConfig,
  answer: string,
): string {
  return `${questionKey(question, config)} → ${answer}`;
}

/** Whose score the quiz shows and adds to now: the room's in presenter mode. */
export const selectScoreOwner = (s: Pick<QuizState, 'isPresenting'>): ScoreOwner =>
  s.isPresenting ? 'room' : 'own';

/** The score shown and added to now, with the predictions it counts (stable references). */
export function selectShownScore(
  s: Pick<QuizState, 'isPresenting' | 'room' | 'score' | 'scored' | 'scoredRight'>,
): ScoreRecord {
  return s.isPresenting ? s.room : s;
}

/**
 * Each prediction once: a stored list edited by hand may name one twice, and counting both said
 * "2 of 2 predictions right" of the one question.
 */
export const distinct = (keys: readonly string[]): string[] => [...new Set(keys)];

/** Whether a prediction of the question `key` (a `questionKey`) was scored, whatever its answer. */
export const wasAnsweredBefore = (scored: readonly string[], key: string): boolean =>
  scored.some((k) => k.startsWith(`${key} → `));
