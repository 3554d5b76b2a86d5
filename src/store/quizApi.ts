import { QUIZ_ARGUMENTS, requireArgument } from './apiArguments';
import type { SandboxStoreApi } from './sandboxStore';
import {
  openQuestion,
  quizStoreFor,
  type OpenQuestion,
  type QuizScore,
  type QuizVerdict,
} from './quizStore';

/**
 * `window.cacheAside.quiz`: the predict-then-reveal quiz, as the page plays it. `answer` plays
 * the beat (one Step press) and resolves once the page shows the verdict.
 */
export interface CacheAsideQuizApi {
  isEnabled(): boolean;
  /** Turns quiz mode on or off (kept with the page's other saved settings). */
  setEnabled(isEnabled: boolean): Promise<boolean>;
  /**
   * The question asked before the next Step press, or null (quiz off, free play, none here, or
   * one the run shown cannot answer: the beat is played on a copy first, so this waits for it).
   */
  question(): Promise<OpenQuestion | null>;
  /** Answers the open question with a choice id ("hit", "v1", "stale", "4") or label; rejects with the reason when refused. */
  answer(choice: string | number): Promise<QuizVerdict>;
  /** Right answers out of counted answers, kept with the course's progress (a reload keeps it). */
  score(): QuizScore;
  resetScore(): QuizScore;
}

export function createQuizApi(
  sandbox: SandboxStoreApi,
  afterRender: () => Promise<void>,
): CacheAsideQuizApi {
  const quiz = quizStoreFor(sandbox);
  return {
    isEnabled: () => quiz.getState().isEnabled,
    setEnabled: async (isEnabled) => {
      quiz
        .getState()
        .setEnabled(
          requireArgument('quiz.setEnabled', 'isEnabled', QUIZ_ARGUMENTS.isEnabled, isEnabled),
        );
      await afterRender();
      return quiz.getState().isEnabled;
    },
    question: async () => {
      const premise = await quiz.getState().checkPremise();
      return openQuestion(sandbox.getState(), quiz.getState().isEnabled, premise);
    },
    answer: async (choice) => {
      const verdict = await quiz
        .getState()
        .answer(requireArgument('quiz.answer', 'choice', QUIZ_ARGUMENTS.choice, choice));
      if (typeof verdict === 'string') throw new Error(verdict);
      await afterRender();
      return { ...verdict };
    },
    score: () => ({ ...quiz.getState().score }),
    resetScore: () => {
      quiz.getState().resetScore();
      return { ...quiz.getState().score };
    },
  };
}
