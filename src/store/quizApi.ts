import { QUIZ_ARGUMENTS, requireArgument } from './apiArguments';
import type { SandboxStoreApi } from './sandboxStore';
import { openQuestion, type OpenQuestion } from './openQuestion';
import { selectScoreOwner, selectShownScore, type QuizScore, type ScoreOwner } from './quizScore';
import { quizStoreFor } from './quizStore';
import type { QuizVerdict } from './quizVerdict';

/** A score as the API gives it, saying whose it is: the learner's own, or the room's. */
export interface QuizScoreOf extends QuizScore {
  whose: ScoreOwner;
}

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
  /**
   * The score the page shows: right answers out of counted answers, with `whose` it is. Outside
   * presenter mode the learner's own (`whose: 'own'`, kept with the course's progress: a reload
   * keeps it); in presenter mode the room's (`whose: 'room'`: answers given while presenting in
   * this tab, kept for the tab alone: a reload keeps it).
   */
  score(): QuizScoreOf;
  /**
   * Clears one score, and only that one, and returns it as it now is (0 / 0, with `whose`):
   * `whose` names it, and left out it is the score the page shows now (the room's in presenter
   * mode, the learner's own outside it). The learner's own forgets the predictions it counted,
   * so each question is scored again on its next answer, and is saved so (the course's lessons
   * done are kept: Reset progress clears both); the room's is kept for its tab alone. The other score stays
   * as it is. A `whose` other than `'own'` or `'room'` throws, and nothing is cleared.
   */
  resetScore(whose?: ScoreOwner): QuizScoreOf;
}

export function createQuizApi(
  sandbox: SandboxStoreApi,
  afterRender: () => Promise<void>,
): CacheAsideQuizApi {
  const quiz = quizStoreFor(sandbox);
  const shownScore = (): QuizScoreOf => {
    const state = quiz.getState();
    return { ...selectShownScore(state).score, whose: selectScoreOwner(state) };
  };
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
    score: () => shownScore(),
    resetScore: (whose) => {
      const cleared =
        requireArgument('quiz.resetScore', 'whose', QUIZ_ARGUMENTS.whose, whose) ??
        selectScoreOwner(quiz.getState());
      quiz.getState().resetScore(cleared);
      const state = quiz.getState();
      return { ...(cleared === 'room' ? state.room.score : state.score), whose: cleared };
    },
  };
}
