import type { SimSnapshot } from '../engine/simSnapshot';
import { findScenario } from '../scenarios';
import { judgeQuiz, type QuizQuestion } from '../scenarios/quiz';
import { selectLastStepEvents } from './diagramSelectors';
import type { OpenQuestion } from './openQuestion';
import type { SandboxState } from './sandboxState';

/** How an answer was judged, against what the engine did when the beat ran. */
export interface QuizVerdict {
  scenario: string;
  beat: number;
  question: string;
  /** The choice given; null when Step played the beat past the open question without one. */
  choice: string | null;
  /** The choice the engine's run matches; null when it matches none (then it does not count). */
  answer: string | null;
  correct: boolean;
  /**
   * False when no choice was right (the run went another way) or the question was scored before
   * (`isRepeat`): the score is unchanged.
   */
  counted: boolean;
  /**
   * The prediction (this scenario's beat, under the fix it invites that the settings try, with
   * the answer the run gave: see `predictionKey`) was scored before in the score it goes to (the
   * learner's own, or in presenter mode the room's): after Back, the scrubber, another scenario
   * and back, or under settings that are not another invited fix and leave the answer as it was,
   * it is judged but not scored again, so the score never counts one prediction twice.
   */
  isRepeat: boolean;
  why: string;
}

/** What the step just played (the beat of `question`) answers it, judged on the engine's run. */
export function judgePlayedBeat(
  question: OpenQuestion,
  after: SandboxState,
  snapshot: SimSnapshot,
) {
  const beat = findScenario(question.scenario)!.beats[question.beat - 1];
  const queued = after.timeline[after.cursor - 1]?.queued ?? [];
  return judgeQuiz(beat.quiz!, selectLastStepEvents(after), snapshot, (actor) =>
    queued.includes(actor),
  );
}

/** The choice an answer names: its id ("miss", "v2", "4"), its label, or a bare version number. */
export function pickChoice(question: QuizQuestion, raw: string | number): string | null {
  const text = String(raw).trim().toLowerCase();
  const found = question.choices.find(
    (c) => c.id === text || c.label.toLowerCase() === text || c.id === `v${text}`,
  );
  return found?.id ?? null;
}
