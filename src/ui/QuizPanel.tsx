import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { SCENARIOS } from '../scenarios';
import { openQuestion, unaskedQuestion } from '../store/openQuestion';
import { questionKey, selectShownScore, wasAnsweredBefore } from '../store/quizScore';
import { selectConfig, selectStepCount } from '../store/selectors';
import { selectIsScenarioOver } from '../store/scriptSelectors';
import { useSandbox, useSandboxApi } from './storeContext';
import { useCourseProgress } from './useCourseProgress';
import { usePresenter } from './usePresenter';
import { useQuiz, useQuizApi } from './useQuiz';
import { useQuizTitles } from './useQuizTitles';
import { revealInView } from './revealInView';
import { ConfirmQuestion } from './ConfirmQuestion';
import './quiz.css';

/** The scenarios with a marked beat, in the course's list order: where quiz mode asks. */
const ASKING = SCENARIOS.filter((sc) => sc.beats.some((b) => b.quiz !== undefined));

/**
 * Predict, then reveal: with quiz mode on, a beat marked in the scenario asks its question before
 * it runs; a choice plays the beat, and the verdict (from what the engine did) says why.
 */
export function QuizPanel() {
  const quiz = useQuizApi();
  const sandbox = useSandboxApi();
  const isEnabled = useQuiz((s) => s.isEnabled);
  const { titleOf } = useQuizTitles();
  const isPresenting = usePresenter((s) => s.isPresenting);
  // Where the browser lets the page save nothing, the score is not said to be kept.
  const isKept = useCourseProgress((s) => s.isKept);
  // In presenter mode the room's score, not the learner's own (a rehearsal's stays off the
  // projector, and the room's predictions are scored).
  const score = useQuiz((s) => selectShownScore(s).score);
  const isRoomScore = useQuiz((s) => s.isPresenting);
  const last = useQuiz((s) => s.last);
  // Skipped: Step played the beat with no choice given (its verdict says what happened).
  const isSkipped = last !== null && last.choice === null;
  const isVoid = last !== null && !isSkipped && !last.counted && !last.isRepeat;
  const isAnswering = useQuiz((s) => s.isAnswering);
  const scored = useQuiz((s) => selectShownScore(s).scored);
  const status = useSandbox((s) => s.status);
  const scenarioId = useSandbox((s) => s.scenarioId);
  const beat = useSandbox((s) => s.beat);
  const config = useSandbox(selectConfig);
  // Past the last beat there is no next step to ask about.
  const isOver = useSandbox(selectIsScenarioOver);
  const canStep = useSandbox((s) => s.canStep);
  // The press that answers the question, numbered as the "Step n of m" counter numbers presses:
  // after an actor's own Step the scenario's beat lags behind it.
  const answeringPress = useSandbox(selectStepCount) + 1;
  const timeline = useSandbox((s) => s.timeline);
  const cursor = useSandbox((s) => s.cursor);
  const revision = useSandbox((s) => s.revision);
  const premise = useQuiz((s) => s.premise);
  const question = useMemo(
    () =>
      openQuestion({ status, scenarioId, beat, timeline, cursor, revision }, isEnabled, premise),
    [status, scenarioId, beat, timeline, cursor, revision, isEnabled, premise],
  );
  // The beat's question, when the run shown cannot answer it (a setting changed what it sends).
  const unasked = useMemo(
    () =>
      unaskedQuestion({ status, scenarioId, beat, timeline, cursor, revision }, isEnabled, premise),
    [status, scenarioId, beat, timeline, cursor, revision, isEnabled, premise],
  );
  const verdictRef = useRef<HTMLParagraphElement>(null);
  const toggleId = useId();
  // Resetting the room's score asks first (a stray press mid-class would lose it); once answered
  // its buttons go, and focus goes back to Reset the room's score (kept) or to the quiz's switch.
  const [isConfirmingReset, setConfirmingReset] = useState(false);
  const resetRef = useRef<HTMLButtonElement>(null);
  const toggleRef = useRef<HTMLInputElement>(null);
  const focusAfterReset = useRef<'reset' | 'toggle' | null>(null);
  useEffect(() => {
    const to = focusAfterReset.current;
    focusAfterReset.current = null;
    if (to === 'reset') resetRef.current?.focus();
    if (to === 'toggle') toggleRef.current?.focus();
  });
  const cancelReset = () => {
    focusAfterReset.current = 'reset';
    setConfirmingReset(false);
  };
  const canResetRoom = isEnabled && isRoomScore && score.answered > 0;
  const questionId = useId();
  // The choice buttons go away once answered: keep focus in the panel, on the verdict.
  const answeredAt = useRef<number | null>(null);
  // One way each verdict is heard, never two: pressed, a choice moves focus to its verdict, which
  // reads it, so the region is quiet from the press until that verdict has focus, and polite
  // again after (its text unchanged, so nothing is said then). Every other verdict shown (an
  // answer by a script, window.cacheAside.quiz.answer; one Undo reset brings back) fills the
  // region, there and polite before it, which says it. Until 2026-12-06 the region stayed quiet
  // after a press until the next scripted answer, so a verdict Undo reset brought back was not
  // heard at all.
  const [isHeardByFocus, setHeardByFocus] = useState(false);

  // A question that opens below the fold (presenter mode's column of words scrolls, and the
  // verdict above it can push it off a 1280x720 screen) is brought into view, so the room sees
  // every choice. Nothing moves when it is already in view.
  const questionRef = useRef<HTMLDivElement>(null);
  const showQuestion = () => {
    // After the last question of a scenario there is none to show: the verdict is brought into
    // view instead, or under a long narration it stays below the screen, the reveal unseen.
    // Not scrollIntoView: it moved where Tab starts, so the first Tab skipped the skip link.
    const shown = questionRef.current ?? verdictRef.current;
    if (shown) revealInView(shown);
  };
  useEffect(() => {
    if (!last) return;
    if (answeredAt.current === last.beat) {
      // Focus without its own scroll, then the question's: a focus that scrolls cancels a smooth
      // scroll under way, which left the next question's last choice below the screen whenever
      // the verdict's focus came a frame after the new question.
      verdictRef.current?.focus({ preventScroll: true });
      answeredAt.current = null;
    }
    setHeardByFocus(false);
    // However the answer came (a choice here, or window.cacheAside.quiz.answer), the verdict now
    // stands above the next question, brought into view as it opened, and pushes it down: under
    // the API the choices were left below a presenter's screen.
    showQuestion();
  }, [last]);
  // With no question open and one further on in the scenario (after a verdict, the next marked
  // step some presses away), the keyboard's way on is the button under the verdict, one Tab from
  // it: Step lay 7 Tabs away in presenter mode, 30 in the sandbox. Pressed until a question opens,
  // it hands focus to that question's first choice, as the verdict's next Tab would be.
  const isMarkedAhead =
    SCENARIOS.find((sc) => sc.id === scenarioId)
      ?.beats.slice(beat)
      .some((b) => b.quiz) ?? false;
  // Whether the run will ask one of them, found once a run (`checkAhead`): under a lease
  // cold-read's last question is never asked, and the button led nowhere. While the next check
  // is under way the last one stands, so stepping on keeps the button, and its focus, in place.
  const ahead = useQuiz((s) => s.ahead);
  const isStepOnPlace = isEnabled && !question && !unasked && isMarkedAhead && canStep;
  const canStepOn = isStepOnPlace && ahead !== null && ahead.at !== null;
  // None will be asked: said in the button's place, with why, from the beats played on a copy.
  const noneAhead = isStepOnPlace && ahead !== null && ahead.at === null ? ahead : null;
  const steppedOn = useRef(false);
  const firstChoiceRef = useRef<HTMLButtonElement>(null);
  const openKey = question ? questionKey(question, config) : null;
  useEffect(() => {
    if (openKey === null) return;
    // Unless focus went somewhere since (the button gone, it is on the page's body).
    const active = document.activeElement;
    if (steppedOn.current && (active === null || active === document.body))
      firstChoiceRef.current?.focus({ preventScroll: true });
    steppedOn.current = false;
    showQuestion();
  }, [openKey]);

  return (
    <section className="panel quiz-panel" aria-label="Quiz">
      <div className="quiz-head">
        {/* The box and its words wrap as one: at projector sizes the words, on a line of their
            own, left the box alone on the line above. */}
        <span className="quiz-toggle">
          <input
            id={toggleId}
            ref={toggleRef}
            type="checkbox"
            checked={isEnabled}
            onChange={(e) => quiz.getState().setEnabled(e.target.checked)}
          />
          <label htmlFor={toggleId}>Quiz mode: predict before each marked step</label>
        </span>
        {isEnabled && (
          <span className="quiz-score" data-testid="quiz.score">
            Score {score.correct} / {score.answered}
          </span>
        )}
        {/* What the score is, said beside it: short on the projector. */}
        {isEnabled && isRoomScore && (
          <span className="quiz-score-scope is-room" data-testid="quiz.score-scope">
            {"(Room's score)"}
          </span>
        )}
        {/* A teacher's next class (or the class after a rehearsal in presenter mode) starts
            from 0 / 0 in the same tab, its answers scored afresh. */}
        {canResetRoom && !isConfirmingReset && (
          <button
            type="button"
            ref={resetRef}
            className="quiz-room-reset"
            onClick={() => setConfirmingReset(true)}
          >
            {"Reset the room's score"}
          </button>
        )}
        {isEnabled && !isPresenting && (
          <span className="quiz-score-scope" data-testid="quiz.score-scope">
            {isKept
              ? '(first answers right, in every scenario; kept in this browser with your course progress)'
              : '(first answers right, in every scenario; kept until the page is closed: this browser lets the page save nothing)'}
          </span>
        )}
      </div>
      {canResetRoom && isConfirmingReset && (
        <ConfirmQuestion
          className="quiz-room-reset-confirm"
          question={`Reset the room's score (${score.correct} / ${score.answered}): the next answers are scored afresh, your own score stays as it is?`}
          answer="Yes, reset the room's score"
          onAnswer={() => {
            focusAfterReset.current = 'toggle';
            setConfirmingReset(false);
            quiz.getState().resetScore('room');
          }}
          onCancel={cancelReset}
        />
      )}
      {isEnabled && (
        <div
          className="quiz-announce"
          aria-live={isHeardByFocus ? 'off' : 'polite'}
          data-testid="quiz.announce"
        >
          {last && (
            <p
              ref={verdictRef}
              tabIndex={-1}
              className={`quiz-verdict ${isSkipped ? 'skipped' : isVoid ? 'void' : last.correct ? 'right' : 'wrong'}`}
              data-testid="quiz.verdict"
            >
              <strong>
                {isSkipped
                  ? 'Not answered.'
                  : isVoid
                    ? 'No right answer this time.'
                    : last.correct
                      ? 'Right.'
                      : 'Not quite.'}
              </strong>{' '}
              {last.why}
            </p>
          )}
        </div>
      )}
      {canStepOn && (
        <button
          type="button"
          className="quiz-step-on"
          aria-keyshortcuts="ArrowRight PageDown"
          onClick={() => {
            steppedOn.current = true;
            void sandbox.getState().step();
          }}
        >
          Step on to the next question (→)
        </button>
      )}
      {noneAhead && (
        <p className="quiz-hint" data-testid="quiz.none-ahead">
          {noneAhead.unasked.length === 0
            ? 'No question ahead in this run.'
            : `No question ahead in this run: played on a copy of the run as it stands, ${noneAhead.unasked
                .map(
                  (u, i) =>
                    `${i === 0 ? 'step' : 'Step'} ${answeringPress + u.at} cannot answer \u201c${u.text}\u201d: ${u.why}`,
                )
                .join(' ')}`}
        </p>
      )}
      {question && (
        <div className="quiz-question" role="group" aria-labelledby={questionId}>
          {/* What is brought into view: the question and its choices, not the hint under them,
              which on a presenter's 1280x720 screen pushed the narration above it. */}
          <div ref={questionRef}>
            <p id={questionId} className="quiz-text" data-testid="quiz.question">
              Step {answeringPress}: {question.text}
            </p>
            <div className="quiz-choices">
              {question.choices.map((c, i) => (
                <span key={c.id} className="quiz-choice">
                  {/* The key that answers with this choice (quizKeys.ts), beside its button: in
                      it, the number would join the choice's name. */}
                  {i < 9 && (
                    <kbd className="quiz-key" aria-hidden="true">
                      {i + 1}
                    </kbd>
                  )}
                  <button
                    ref={i === 0 ? firstChoiceRef : undefined}
                    aria-keyshortcuts={i < 9 ? String(i + 1) : undefined}
                    type="button"
                    // P redraws the panel in the other view: focus goes to this choice there
                    // (useFocusHandoff finds it by its label), not to the page.
                    data-handoff="quiz-choice"
                    disabled={isAnswering}
                    onClick={() => {
                      answeredAt.current = question.beat;
                      setHeardByFocus(true);
                      void quiz
                        .getState()
                        .answer(c.id)
                        .then((verdict) => {
                          // Refused (the step could not be played): said, not a click that did
                          // nothing; no verdict comes to take focus, so the region listens again.
                          if (typeof verdict === 'string') {
                            setHeardByFocus(false);
                            sandbox.getState().notifyAboutRun(verdict, 'error');
                          }
                        });
                    }}
                  >
                    {c.label}
                  </button>
                </span>
              ))}
            </div>
          </div>
          <p className="quiz-hint" data-testid="quiz.hint">
            {openKey !== null && wasAnsweredBefore(scored, openKey)
              ? `Answered before ${isRoomScore ? 'by the room' : '(your own score)'}: choosing plays the step and judges it, but the score counts each question once, so it stays as it is, unless the run as it stands (its settings, a console line, the clock) changes the answer.`
              : 'Choosing plays the step; Step skips the question. Each question is scored once, on its first answer (once more under each fix the scenario invites, and where other settings or a change made between steps change the answer).'}
          </p>
        </div>
      )}
      {unasked && (
        <p className="quiz-hint" data-testid="quiz.unasked">
          Step {answeringPress} asks no question: played on a copy of the run as it stands, it
          cannot answer &ldquo;{unasked.question.text}&rdquo;: {unasked.why}
        </p>
      )}
      {isEnabled && !question && !last && !unasked && !noneAhead && (
        <p className="quiz-hint">
          {scenarioId === null
            ? 'Pick a scenario: its marked steps ask a question before they run.'
            : !ASKING.some((sc) => sc.id === scenarioId)
              ? `This scenario asks no questions; these do: ${ASKING.map(titleOf).join('; ')}.`
              : isOver
                ? 'The scenario is over: no questions are left in it.'
                : 'No question before this step.'}
        </p>
      )}
    </section>
  );
}
