import { createStore, type StoreApi } from 'zustand/vanilla';
import { isAnswerable } from '../scenarios/quiz';
import type { SandboxStore, SandboxStoreApi } from './sandboxStore';
import { scrubStop } from './quizSeek';
import { stepsAt, type TimelineEntry } from './timeline';
import { openQuestion, premiseFails } from './openQuestion';
import { createQuestionChecks, type QuestionAhead, type QuestionPremise } from './quizPremise';
import { judgePlayedBeat, pickChoice, type QuizVerdict } from './quizVerdict';
import {
  distinct,
  NO_RECORD,
  predictionKey,
  selectScoreOwner,
  type QuizScore,
  type ScoreOwner,
  type ScoreRecord,
} from './quizScore';

export interface QuizState {
  isEnabled: boolean;
  /** The learner's own score, kept with the course's progress; presenter mode keeps `room`'s. */
  score: QuizScore;
  /** The predictions scored so far (`predictionKey`): each counts once, on its first judged answer. */
  scored: readonly string[];
  /** Those of `scored` answered right: what the score's first number counts. */
  scoredRight: readonly string[];
  /** Counts the score's resets, so persistence writes a reset as it is rather than merging it away. */
  scoreResets: number;
  /**
   * Whether the page is in presenter mode: answers then go to `room`, not to the learner's own
   * score, so a rehearsal in the same browser neither shows on the projector nor keeps the
   * room's predictions from being scored.
   */
  isPresenting: boolean;
  /**
   * The room's score: answers given in presenter mode since it was first turned on in this tab
   * (or since its own reset), each prediction scored once for the room. Kept for the tab, so a
   * reload keeps it (`roomScorePersistence.ts`), never with the learner's progress; kept while
   * presenter mode is off again, and shown once it is back on.
   */
  room: ScoreRecord;
  /** The verdict on the beat just played, while the run stays on that beat. */
  last: QuizVerdict | null;
  isAnswering: boolean;
  /**
   * Whether the question at a run's position can be answered at all in the run shown, found by
   * playing the beat on a copy (`checkPremise`): under other settings than the script's a beat
   * may send no GET for "Will A's next GET be a hit or a miss?" (a lease's EVAL instead), and
   * such a question is not asked. Null until checked.
   */
  premise: QuestionPremise | null;
  /**
   * Whether a question lies ahead, after the next press, that the run will ask (`checkAhead`):
   * each marked beat on the way played on a copy as `premise` plays the next. What the "Step on
   * to the next question" button reads. Kept while the next revision's check is under way, so
   * stepping on keeps the button (and its focus) in place; null where nothing is looked for
   * (quiz mode off, another scenario, the next press asking).
   */
  ahead: QuestionAhead | null;
}

export interface QuizActions {
  setEnabled(isEnabled: boolean): void;
  /** Records the prediction, plays the beat, and judges it; a string says why it was refused. */
  answer(choice: string | number): Promise<QuizVerdict | string>;
  /** Clears a score: the one shown (the room's in presenter mode) unless `whose` is given. */
  resetScore(whose?: ScoreOwner): void;
  /** The page entered or left presenter mode: the score shown and added to is the room's there. */
  presentingChanged(isPresenting: boolean): void;
  /**
   * The score kept with the course's progress (restored at the page's start, or saved by
   * another tab, which holds this tab's predictions too): it replaces the one here.
   */
  scoreRestored(scored: readonly string[], right: readonly string[]): void;
  /** The room's score this tab kept before a reload (`src/app/roomScorePersistence.ts`). */
  roomRestored(scored: readonly string[], right: readonly string[]): void;
  /** Settles {@link QuizState.premise} for the run's position now (plays the beat on a copy once). */
  checkPremise(): Promise<QuestionPremise | null>;
  /** Settles {@link QuizState.ahead} for the run's position now (plays marked beats on copies). */
  checkAhead(): Promise<QuestionAhead | null>;
  /**
   * The scrubber moved to `step` (its End key included): in quiz mode it stops before the next
   * question on the way, as Step would show it, and says so (`scrubStop`).
   */
  seekStep(step: number): Promise<void>;
}

export type QuizStore = QuizState & QuizActions;
export type QuizStoreApi = StoreApi<QuizStore>;

/**
 * The quiz over a sandbox store: whether it is on, the score (kept with the course's progress
 * where storage allows), and the verdict on the last answer. It steps the sandbox itself, so an answer is a Step press like any
 * other (Back and links see nothing different); while a question is open, Play stops before it.
 */
export function createQuizStore(sandbox: SandboxStoreApi): QuizStoreApi {
  /**
   * The timeline entry the verdict judged, and where it sits. Changing a setting (or the
   * programs) replays the run into new entries: the verdict judged a run no longer shown.
   */
  let judged: { entry: TimelineEntry; index: number } | null = null;
  /**
   * The last verdict taken away, with the entry it judged: an Undo reset that puts back that
   * very entry, on the beat judged, puts the verdict back with it.
   */
  let dropped: { verdict: QuizVerdict; entry: TimelineEntry; index: number } | null = null;
  /** The "answer first" notice Play raised, while its question is open. */
  let answerFirst: number | null = null;
  /** The run's revision Play was stopped at for a question (its premise maybe not yet checked). */
  let heldAt: number | null = null;
  const quiz = createStore<QuizStore>()((set, get) => ({
    isEnabled: false,
    score: { correct: 0, answered: 0 },
    scored: [],
    scoredRight: [],
    scoreResets: 0,
    isPresenting: false,
    room: NO_RECORD,
    last: null,
    isAnswering: false,
    premise: null,
    ahead: null,

    setEnabled: (isEnabled) => {
      if (isEnabled !== get().isEnabled) set({ isEnabled });
    },

    resetScore: (whose = selectScoreOwner(get())) =>
      set(
        whose === 'room'
          ? { room: NO_RECORD }
          : {
              score: { correct: 0, answered: 0 },
              scored: [],
              scoredRight: [],
              scoreResets: get().scoreResets + 1,
            },
      ),

    presentingChanged: (isPresenting) => {
      if (isPresenting !== get().isPresenting) set({ isPresenting });
    },

    scoreRestored: (stored, right) => {
      const now = get();
      const same = (a: readonly string[], b: readonly string[]) =>
        a.length === b.length && a.every((k, i) => k === b[i]);
      const scored = distinct(stored);
      const scoredRight = distinct(right).filter((k) => scored.includes(k));
      // The same lists are no change: saving them back would wake the other tab again.
      if (same(scored, now.scored) && same(scoredRight, now.scoredRight)) return;
      set({
        scored,
        scoredRight,
        score: { correct: scoredRight.length, answered: scored.length },
      });
    },

    roomRestored: (stored, right) => {
      const scored = distinct(stored);
      const scoredRight = distinct(right).filter((k) => scored.includes(k));
      set({
        room: {
          scored,
          scoredRight,
          score: { correct: scoredRight.length, answered: scored.length },
        },
      });
    },

    answer: async (raw) => {
      if (!get().isEnabled) return 'Quiz mode is off: turn it on first.';
      if (get().isAnswering) return 'The last answer is still being played.';
      const before = sandbox.getState();
      const question = openQuestion(before, true);
      if (!question) return 'No question is open: the next step asks nothing.';
      const choice = pickChoice(question, raw);
      if (choice === null)
        return `"${String(raw)}" is not one of the choices (${question.choices.map((c) => c.id).join(', ')}).`;
      // Whose score the answer goes to is settled as it is given: P pressed while the beat plays
      // does not move it to the other score.
      const answeringFor = selectScoreOwner(get());
      // Answering from here on: a second choice while the premise is checked is refused.
      set({ isAnswering: true });
      try {
        const premise = await checkPremise();
        if (premise !== null && !premise.holds)
          return `No question is open: the run as it stands cannot answer "${question.text}" in the next step (played on a copy: ${premise.why})`;
        await before.step();
        // What lies ahead is known with the verdict, so the next Tab from it finds the way on
        // ("Step on to the next question") or the line saying none is ahead, not a panel still
        // looking.
        await checkAhead();
        const after = sandbox.getState();
        if (
          after.scenarioId !== question.scenario ||
          after.beat !== question.beat ||
          !after.snapshot
        )
          return 'The step could not be played, so the answer was not judged.';
        const truth = judgePlayedBeat(question, after, after.snapshot);
        const isJudgeable = isAnswerable(question, truth);
        const correct = isJudgeable && truth.answer === choice;
        // A prediction counts once: answered again (after Back, from another scenario, under
        // settings other than an invited fix that give the same answer) it is practice, judged
        // on the run shown but not scored.
        const key = predictionKey(question, before.config, truth.answer ?? '');
        // In presenter mode the room's own record decides: a question rehearsed in this browser
        // is scored again for the room.
        const record = answeringFor === 'room' ? get().room : get();
        const isRepeat = isJudgeable && record.scored.includes(key);
        const verdict: QuizVerdict = {
          scenario: question.scenario,
          beat: question.beat,
          question: question.text,
          choice,
          answer: truth.answer,
          correct,
          counted: isJudgeable && !isRepeat,
          isRepeat,
          why: !isJudgeable
            ? `${truth.why} None of the choices fits what happened, so it does not count.`
            : isRepeat
              ? `${truth.why} ${answeringFor === 'room' ? 'The room answered this question before' : 'You answered this question before'}, and each question is scored once (its first answer; once more under each fix the scenario invites, and where other settings or a change made between steps change the answer), so the score is unchanged.`
              : truth.why,
        };
        const { score, scored, scoredRight } = record;
        const counted: ScoreRecord = {
          score: { correct: score.correct + (correct ? 1 : 0), answered: score.answered + 1 },
          scored: [...scored, key],
          scoredRight: correct ? [...scoredRight, key] : scoredRight,
        };
        judged = { entry: after.timeline[after.cursor - 1], index: after.cursor - 1 };
        set(
          !verdict.counted
            ? { last: verdict }
            : answeringFor === 'room'
              ? { last: verdict, room: counted }
              : { last: verdict, ...counted },
        );
        return verdict;
      } finally {
        set({ isAnswering: false });
      }
    },

    checkPremise: () => checkPremise(),

    checkAhead: () => checkAhead(),

    seekStep: async (step) => {
      for (;;) {
        const state = sandbox.getState();
        const stop = scrubStop(state, get().isEnabled, step);
        await state.seekStep(stop);
        const now = sandbox.getState();
        if (stop >= step || stepsAt(now.timeline, now.cursor) !== stop) return;
        const premise = await checkPremise();
        // A question the run cannot answer is not asked: the move goes on past it.
        if (premise !== null && !premise.holds) continue;
        if (answerFirst === null || !now.notices.some((n) => n.id === answerFirst))
          answerFirst = now.notifyAboutRun(
            `Stopped before step ${stop + 1}'s question: answer it first (or press Step to skip it).`,
            'info',
          );
        return;
      }
    },
  }));

  const { checkPremise, checkAhead } = createQuestionChecks(sandbox, quiz);

  sandbox.subscribe((state, prev) => {
    const { last, isEnabled } = quiz.getState();
    const undone = state.undoneReset;
    if (undone !== prev.undoneReset && undone !== null && last === null && dropped) {
      const { verdict, entry, index } = dropped;
      dropped = null;
      if (
        undone.timeline[index] === entry &&
        state.cursor === undone.cursor &&
        state.scenarioId === verdict.scenario &&
        state.beat === verdict.beat
      ) {
        judged = { entry: state.timeline[index], index };
        quiz.setState({ last: verdict });
      }
    }
    // The verdict belongs to the beat it judged, in the run it judged: moving elsewhere (Back,
    // another scenario) or replaying the run under other settings drops it.
    if (
      last &&
      (state.scenarioId !== last.scenario ||
        state.beat !== last.beat ||
        state.timeline[judged?.index ?? -1] !== judged?.entry)
    ) {
      dropped = judged && { verdict: last, ...judged };
      judged = null;
      quiz.setState({ last: null });
    }
    revealSkipped(state, prev);
    holdPlayAtQuestion(state, isEnabled);
    // Another scenario (or none): what was found ahead in the last one says nothing here.
    if (state.scenarioId !== prev.scenarioId && quiz.getState().ahead !== null)
      quiz.setState({ ahead: null });
    if (state.revision !== prev.revision || state.status !== prev.status) {
      void checkPremise();
      void checkAhead();
    }
  });
  // Quiz mode switched: on while playing, Play stops before the question now open; off, no
  // question is open, so the request to answer one goes. A premise checked: a question the run
  // cannot answer is not open after all.
  quiz.subscribe((state, prev) => {
    if (state.isEnabled !== prev.isEnabled || state.premise !== prev.premise)
      holdPlayAtQuestion(sandbox.getState(), state.isEnabled);
    if (state.isEnabled && !prev.isEnabled) {
      void checkPremise();
      void checkAhead();
    }
  });
  return quiz;

  /**
   * A Step press that played the beat of an open question without an answer (a presenter's
   * clicker, a learner moving on): the verdict's place tells what happened, judged as an answer
   * would be, and that the question went unanswered; nothing is scored.
   */
  function revealSkipped(state: SandboxStore, prev: SandboxStore): void {
    const { isEnabled, isAnswering, premise } = quiz.getState();
    if (isAnswering || state.cursor !== prev.cursor + 1 || !state.snapshot) return;
    const entry = state.timeline[state.cursor - 1];
    const question = openQuestion(prev, isEnabled, premise);
    if (
      entry?.kind !== 'beat' ||
      question === null ||
      state.scenarioId !== question.scenario ||
      state.beat !== question.beat
    )
      return;
    const truth = judgePlayedBeat(question, state, state.snapshot);
    const answer = isAnswerable(question, truth)
      ? question.choices.find((c) => c.id === truth.answer)
      : undefined;
    judged = { entry, index: state.cursor - 1 };
    quiz.setState({
      last: {
        scenario: question.scenario,
        beat: question.beat,
        question: question.text,
        choice: null,
        answer: truth.answer,
        correct: false,
        counted: false,
        isRepeat: false,
        why: `Step played it without an answer, so nothing was scored. ${answer ? `The answer: ${answer.label}.` : 'None of the choices fits what happened.'} ${truth.why}`,
      },
    });
  }

  /** Play must not reveal what the learner is asked to predict. */
  function holdPlayAtQuestion(state: SandboxStore, isEnabled: boolean): void {
    const { premise } = quiz.getState();
    const isOpen = openQuestion(state, isEnabled, premise) !== null;
    // Play stopped at a question the run then could not answer plays on.
    if (heldAt === state.revision && premiseFails(state, premise) && !state.isPlaying) {
      heldAt = null;
      state.play();
    }
    if (state.isPlaying && isOpen) {
      state.pause();
      heldAt = state.revision;
      // Once: Play pressed again on the same question does not pile up the same request.
      if (answerFirst === null || !state.notices.some((n) => n.id === answerFirst)) {
        answerFirst = state.notifyAboutRun(
          'Answer the question first (or press Step to skip it).',
          'info',
        );
      }
    } else if (answerFirst !== null && !isOpen) {
      // Answered, skipped, left or quiz mode off: the request no longer holds, so it goes.
      const id = answerFirst;
      answerFirst = null;
      state.dismissNotice(id);
    }
  }
}

const quizStores = new WeakMap<SandboxStoreApi, QuizStoreApi>();

/** The quiz of a sandbox store (made on first use): the page, its API and its components share it. */
export function quizStoreFor(sandbox: SandboxStoreApi): QuizStoreApi {
  let quiz = quizStores.get(sandbox);
  if (!quiz) {
    quiz = createQuizStore(sandbox);
    quizStores.set(sandbox, quiz);
  }
  return quiz;
}
