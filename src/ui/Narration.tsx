import {
  selectExpectedOutcome,
  selectIsPastScenario,
  selectNarration,
  selectOffScriptChanges,
  selectOwnSteps,
  selectScenario,
} from '../store/selectors';
import { GlossaryText } from './GlossaryTerm';
import { useSandbox } from './storeContext';
import { useQuiz } from './useQuiz';

/** What the scenario says about the step just taken, and whether its promised outcome came true. */
export function Narration() {
  const scenario = useSandbox(selectScenario);
  const narration = useSandbox(selectNarration);
  const beat = useSandbox((s) => s.beat);
  const outcome = useSandbox((s) => s.outcome);
  const canStep = useSandbox((s) => s.canStep);
  // What the application made of the last reply when it could not use it (a corrupt entry).
  const note = useSandbox((s) => s.snapshot?.events.at(-1)?.note);
  const noteLine = note !== undefined && (
    <p className="narration-note" data-testid="narration.note">
      {note}
    </p>
  );
  const changes = useSandbox(selectOffScriptChanges);
  const ownSteps = useSandbox(selectOwnSteps);
  const isPast = useSandbox(selectIsPastScenario);
  const expected = useSandbox(selectExpectedOutcome);
  // In quiz mode the room predicts: the scenario's promise would answer the questions to come.
  const isQuizOn = useQuiz((s) => s.isEnabled);
  if (!scenario) {
    return (
      <section className="narration" aria-label="Narration">
        <h2>Free play</h2>
        <p>
          Start a read or a write as an actor, then press Step (→) to send its next command. Use the
          consoles to change Redis or the database behind the application&apos;s back, and the clock
          buttons to let keys expire. Pick a scenario for a guided story.
        </p>
        {noteLine}
      </section>
    );
  }
  return (
    <section className="narration" aria-label="Narration" aria-live="polite">
      <h2>
        {scenario.title}{' '}
        <span className="beat-count">
          {beat} / {scenario.beats.length}
          {ownSteps > 0 && `, + ${ownSteps} step${ownSteps === 1 ? '' : 's'} of your own`}
        </span>
      </h2>
      {changes.length > 0 && (
        <p className="off-script" data-testid="narration.off-script">
          The run left the script ({changes.join(', ')}): each step is told from what the engine
          did.
        </p>
      )}
      <p data-testid="narration.text">{narration && <GlossaryText text={narration} />}</p>
      {noteLine}
      {outcome && !outcome.isJudged ? (
        <p className="outcome pending" role="status">
          <strong>No verdict:</strong> {outcome.description}
        </p>
      ) : outcome ? (
        <p className={outcome.isMet ? 'outcome met' : 'outcome unmet'} role="status">
          <strong>{outcome.isMet ? 'Outcome met' : 'Outcome not met'}:</strong>{' '}
          {outcome.description}{' '}
          {beat >= scenario.beats.length &&
            (canStep
              ? "The scenario's beats are over, with requests still in flight: Step on to see them finish."
              : 'The scenario is over: carry on in free play.')}
          {isPast && ' Judged on the run as it is now, with what you did after its last beat.'}
        </p>
      ) : (
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
