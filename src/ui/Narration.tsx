import {
  selectExpectedOutcome,
  selectOffScriptChanges,
  selectOutcomeDescription,
  selectStepsBetweenBeats,
  selectStepsPastBeats,
  selectVerdictTiming,
} from '../store/scriptSelectors';
import {
  selectLatestNote,
  selectNarration,
  selectToldBefore,
  selectToldBeforeMark,
  selectToldSinceStep,
  selectToldLatest,
} from '../store/narrationSelectors';
import { selectScenario } from '../store/selectors';
import { GlossaryText } from './GlossaryTerm';
import { useSandbox } from './storeContext';
import { usePresenter } from './usePresenter';
import { useQuiz } from './useQuiz';
import { useQuizTitles } from './useQuizTitles';
import { nextInCourse } from '../scenarios/course';
import { outcomeClass, outcomeHeadline } from './outcomeLine';

/** What the scenario says about the step just taken, and whether its promised outcome came true. */
export function Narration() {
  const scenario = useSandbox(selectScenario);
  const narration = useSandbox(selectNarration);
  const beat = useSandbox((s) => s.beat);
  const outcome = useSandbox((s) => s.outcome);
  const outcomeText = useSandbox(selectOutcomeDescription);
  const canStep = useSandbox((s) => s.canStep);
  // What the application made of the last reply when it could not use it (a corrupt entry),
  // while the newest thing done is what sent it.
  const note = useSandbox(selectLatestNote);
  const noteLine = note !== undefined && (
    <p className="narration-note" data-testid="narration.note">
      {note}
    </p>
  );
  const changes = useSandbox(selectOffScriptChanges);
  // Steps of your own between two beats, and after the last one: only these are past its beats.
  const ownSteps = useSandbox(selectStepsBetweenBeats);
  const pastSteps = useSandbox(selectStepsPastBeats);
  const timing = useSandbox(selectVerdictTiming);
  const expected = useSandbox(selectExpectedOutcome);
  // In quiz mode the room predicts: the scenario's promise would answer the questions to come.
  const isQuizOn = useQuiz((s) => s.isEnabled);
  const { titleOf } = useQuizTitles();
  // Presenter mode hides the controls free play needs, and → opens the course's next scenario.
  const isPresenting = usePresenter((s) => s.isPresenting);
  // Free play's newest Step or input told from the engine (a scenario's text below is its live
  // region), and the Step before the inputs since, marked as told before them.
  const toldLatest = useSandbox((s) => (s.scenarioId === null ? selectToldLatest(s) : null));
  const toldBefore = useSandbox((s) => (s.scenarioId === null ? selectToldBefore(s) : null));
  // A scenario's text for its last Step, once inputs came after it: marked as told before them,
  // with the newest input told from the engine under it.
  const toldBeforeMark = useSandbox((s) =>
    s.scenarioId === null ? null : selectToldBeforeMark(s),
  );
  const toldInput = useSandbox((s) => (s.scenarioId === null ? null : selectToldSinceStep(s)));
  if (!scenario) {
    return (
      <section className="narration" aria-label="Narration">
        <h2>Free play</h2>
        {isPresenting ? (
          <p>
            Pick a scenario in the Scenario list above for a guided story. Free play&apos;s controls
            (starting reads and writes, the consoles, the clock) are hidden while presenting: press
            P to leave presenter mode and use them.
          </p>
        ) : (
          <p>
            Start a read or a write as an actor, then press Step (→) to send its next command. Use
            the consoles to change Redis or the database behind the application&apos;s back, and the
            clock buttons to let keys expire. Pick a scenario for a guided story.
          </p>
        )}
        {/* Always in the page, so a screen reader hears each change of it. */}
        <p className="narration-step" data-testid="narration.step" aria-live="polite">
          {toldLatest && <GlossaryText text={toldLatest} />}
        </p>
        {toldBefore && (
          <p className="narration-before" data-testid="narration.before">
            <GlossaryText text={toldBefore} />
          </p>
        )}
        {/* Heard too: why a step failed, or what the program made of a reply it could not use. */}
        <p className="narration-note" data-testid="narration.note" aria-live="polite">
          {note}
        </p>
      </section>
    );
  }
  const next = nextInCourse(scenario.id);
  const over =
    isPresenting && next
      ? `The scenario is over: → opens the next one, ${titleOf(next)}.`
      : isPresenting
        ? "The scenario is over, and the course with it: this was the course's last scenario."
        : 'The scenario is over: carry on in free play.';
  return (
    <section className="narration" aria-label="Narration">
      {/* Two live regions side by side, never one inside the other: the story told, and the
          verdict (role="status", which scripts find by it, below). Nested, the verdict was heard twice,
          once from each region, on screen readers that read both. */}
      <div aria-live="polite" data-testid="narration.told">
        <h2>
          {titleOf(scenario)}{' '}
          <span className="beat-count">
            {/* Kept on one line: as a flex item of a narrow heading, it broke into "4 /" and "6". */}
            <span className="beat-of">
              {beat} / {scenario.beats.length}
            </span>
            {ownSteps > 0 && `, + ${ownSteps} step${ownSteps === 1 ? '' : 's'} of your own`}
            {pastSteps > 0 && `, + ${pastSteps} step${pastSteps === 1 ? '' : 's'} past its beats`}
          </span>
        </h2>
        {changes.length > 0 && (
          <p className="off-script" data-testid="narration.off-script">
            The run left the script ({changes.join(', ')}): each step is told from what the engine
            did.
          </p>
        )}
        {toldBeforeMark && (
          <p className="narration-told-before" data-testid="narration.told-before">
            {toldBeforeMark}
          </p>
        )}
        <p data-testid="narration.text" className={toldBeforeMark ? 'narration-before' : undefined}>
          {narration && <GlossaryText text={narration} />}
        </p>
        {toldInput && (
          <p data-testid="narration.since">
            Since then: <GlossaryText text={toldInput} />
          </p>
        )}
        {noteLine}
      </div>
      {/* The verdict's region is in the page from the scenario's first step, empty until the
          outcome is reached, and filled then: a live region that arrives already holding its
          text is not read by many screen readers (until 2026-12-06 the verdict came that way,
          and was never heard). Back past the end empties it without a word: the press is heard
          through the story told above. */}
      <div role="status" data-testid="narration.outcome">
        {outcome && !outcome.isJudged ? (
          <p className={outcomeClass(outcome)}>
            <strong>{outcomeHeadline(outcome)}:</strong> {outcomeText}
            {/* A run still in flight says "Step on" itself; one with nothing left is over. */}
            {beat >= scenario.beats.length && !canStep && ` ${over}`}
          </p>
        ) : outcome ? (
          <p className={outcomeClass(outcome)}>
            <strong>{outcomeHeadline(outcome)}:</strong> {outcomeText}{' '}
            {beat >= scenario.beats.length &&
              (canStep
                ? "The scenario's beats are over, with requests still in flight: Step on to see them finish."
                : over)}
            {timing !== null && ` ${timing}`}
          </p>
        ) : null}
      </div>
      {!outcome && (
        <p className="outcome pending" data-testid="narration.expected">
          Expected:{' '}
          {isQuizOn && scenario.beats.slice(beat).some((b) => b.quiz)
            ? 'hidden in quiz mode while questions remain'
            : expected}
        </p>
      )}
    </section>
  );
}
