import { findScenario } from '../scenarios';
import { isAnswerable, judgeQuiz } from '../scenarios/quiz';
import { pressesAhead } from './nextStep';
import { markedQuestion, type OpenQuestion } from './openQuestion';
import type { QuizActions, QuizStoreApi } from './quizStore';
import type { SandboxStore, SandboxStoreApi } from './sandboxStore';
import { stepsAt } from './timeline';

/** See {@link QuizState.ahead}: for the sandbox's `revision`. */
export interface QuestionAhead {
  revision: number;
  /** Presses played before the one the question asks about (1: the press after next); null: none. */
  at: number | null;
  /** The questions on the way the run cannot answer, each with the presses before it and why. */
  unasked: { at: number; text: string; why: string }[];
}

/** See {@link QuizState.premise}: for the sandbox's `revision`, and why not when it does not hold. */
export interface QuestionPremise {
  revision: number;
  holds: boolean;
  /** What the beat played on a copy did instead ("A sent no GET in this step."); empty when it holds. */
  why: string;
}

/**
 * The quiz store's checks of what a run can answer ({@link QuizActions.checkPremise},
 * `checkAhead`): each plays beats on a copy of the run, once a revision, and settles `premise` or
 * `ahead` in `quiz`.
 */
export function createQuestionChecks(
  sandbox: SandboxStoreApi,
  quiz: QuizStoreApi,
): Pick<QuizActions, 'checkPremise' | 'checkAhead'> {
  /** The check under way, and the revision it is for. */
  let checking: { revision: number; done: Promise<QuestionPremise | null> } | null = null;
  /**
   * Plays the beat the open question is about on a copy of the run and judges it as `answer`
   * would: a question the run shown cannot answer (the answer matches no choice) is not asked.
   */
  function checkPremise(): Promise<QuestionPremise | null> {
    const state = sandbox.getState();
    const { isEnabled, premise } = quiz.getState();
    const question = markedQuestion(state, isEnabled);
    if (!question) return Promise.resolve(null);
    const { revision } = state;
    if (premise?.revision === revision) return Promise.resolve(premise);
    if (checking?.revision === revision) return checking.done;
    const done = whyUnanswerable(state, question, 0).then((why) => {
      const holds = why === null;
      const result: QuestionPremise = { revision, holds, why: why ?? '' };
      if (sandbox.getState().revision === revision) quiz.setState({ premise: result });
      if (checking?.revision === revision) checking = null;
      return result;
    });
    checking = { revision, done };
    return done;
  }

  /** The look ahead under way, and the revision it is for. */
  let lookingAhead: { revision: number; done: Promise<QuestionAhead | null> } | null = null;
  /**
   * Finds the first question after the next press that the run will ask: each marked beat on the
   * way is played on a copy (the presses before it played there too) and judged as `answer`
   * would judge it. Not looked for while the next press asks (the panel then shows that one).
   */
  function checkAhead(): Promise<QuestionAhead | null> {
    const state = sandbox.getState();
    const { isEnabled, ahead } = quiz.getState();
    const sc = state.scenarioId === null ? undefined : findScenario(state.scenarioId);
    if (!isEnabled || state.status !== 'ready' || !sc || markedQuestion(state, true)) {
      // Nothing looked for: what was found at another position must not stand for this one.
      if (ahead !== null) quiz.setState({ ahead: null });
      return Promise.resolve(null);
    }
    const { revision, timeline, cursor } = state;
    if (ahead?.revision === revision) return Promise.resolve(ahead);
    if (lookingAhead?.revision === revision) return lookingAhead.done;
    // Enough presses to reach the scenario's last beat: the undone ones, then a beat each.
    const recorded = stepsAt(timeline, timeline.length) - stepsAt(timeline, cursor) + 1;
    const presses = pressesAhead(timeline, cursor, sc, recorded + sc.beats.length);
    const done = (async (): Promise<QuestionAhead | null> => {
      const unasked: QuestionAhead['unasked'] = [];
      let at: number | null = null;
      for (const [i, press] of presses.entries()) {
        if (i === 0) continue;
        const question = markedQuestion({ ...state, ...press }, true);
        if (!question) continue;
        const why = await whyUnanswerable(state, question, i);
        // The run moved on meanwhile: this look ahead no longer says anything about it.
        if (sandbox.getState().revision !== revision) return null;
        if (why === null) {
          at = i;
          break;
        }
        unasked.push({ at: i, text: question.text, why });
      }
      const result: QuestionAhead = { revision, at, unasked };
      quiz.setState({ ahead: result });
      return result;
    })().finally(() => {
      if (lookingAhead?.revision === revision) lookingAhead = null;
    });
    lookingAhead = { revision, done };
    return done;
  }

  return { checkPremise, checkAhead };
}

/**
 * Why the run as it stands cannot answer `question`, asked of the press after `ahead` more,
 * played on a copy and judged as `answer` would judge it; null when it can. A copy that could
 * not be played leaves the question asked, as the script has it.
 */
async function whyUnanswerable(
  state: SandboxStore,
  question: OpenQuestion,
  ahead: number,
): Promise<string | null> {
  const beatQuiz = findScenario(question.scenario)?.beats[question.beat - 1]?.quiz;
  if (!beatQuiz) return null;
  const played = await state.previewNextPress(ahead).catch(() => null);
  if (!played) return null;
  const truth = judgeQuiz(beatQuiz, played.events, played.after, (actor) =>
    played.queued.includes(actor),
  );
  return isAnswerable(question, truth) ? null : truth.why;
}
