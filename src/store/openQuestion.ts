import { findScenario } from '../scenarios';
import { quizQuestion, type QuizQuestion } from '../scenarios/quiz';
import type { QuestionPremise } from './quizPremise';
import type { SandboxState } from './sandboxState';

/** The question open now: asked before the scenario's next beat runs. */
export interface OpenQuestion extends QuizQuestion {
  /** The scenario's id (`stale-set`), not the quiz id its address shows in quiz mode. */
  scenario: string;
  /** The beat it asks about (1-based): the one the next Step press plays. */
  beat: number;
}

/**
 * Whether the next Step press plays the scenario's next beat. After Back it redoes what is on
 * record up to the next step there, and an actor's own Step (or console lines with no step after
 * them) is a press that plays no beat.
 */
function isNextPressABeat(sandbox: Pick<SandboxState, 'timeline' | 'cursor'>): boolean {
  const { timeline, cursor } = sandbox;
  if (cursor >= timeline.length) return true;
  const next = timeline.slice(cursor).find((e) => e.kind !== 'input');
  return next?.kind === 'beat';
}

type QuestionAt = Pick<SandboxState, 'status' | 'scenarioId' | 'beat' | 'timeline' | 'cursor'>;

/** The question the beat the next Step press plays is marked with, whether or not it is asked. */
export function markedQuestion(sandbox: QuestionAt, isEnabled: boolean): OpenQuestion | null {
  if (!isEnabled || sandbox.status !== 'ready' || sandbox.scenarioId === null) return null;
  if (!isNextPressABeat(sandbox)) return null;
  const beat = findScenario(sandbox.scenarioId)?.beats[sandbox.beat];
  if (!beat?.quiz) return null;
  return { ...quizQuestion(beat.quiz), scenario: sandbox.scenarioId, beat: sandbox.beat + 1 };
}

/** The premise was checked for the run as it is now, and the beat cannot answer the question. */
export const premiseFails = (
  sandbox: Pick<SandboxState, 'revision'>,
  premise: QuestionPremise | null,
): premise is QuestionPremise =>
  premise !== null && premise.revision === sandbox.revision && !premise.holds;

/**
 * The question the next Step press would answer, or null (quiz off, free play, no question, or
 * one the run shown cannot answer: `premise`, checked for this `revision`, does not hold). Until
 * the premise is checked the question counts as open, so nothing looks ahead meanwhile.
 */
export function openQuestion(
  sandbox: QuestionAt & Pick<SandboxState, 'revision'>,
  isEnabled: boolean,
  premise: QuestionPremise | null = null,
): OpenQuestion | null {
  return premiseFails(sandbox, premise) ? null : markedQuestion(sandbox, isEnabled);
}

/** The beat's question left unasked because the run shown cannot answer it, with why; or null. */
export function unaskedQuestion(
  sandbox: QuestionAt & Pick<SandboxState, 'revision'>,
  isEnabled: boolean,
  premise: QuestionPremise | null,
): { question: OpenQuestion; why: string } | null {
  if (!premiseFails(sandbox, premise)) return null;
  const question = markedQuestion(sandbox, isEnabled);
  return question && { question, why: premise.why };
}
