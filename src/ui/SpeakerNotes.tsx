import { presenterStore } from '../store/presenter';
import { selectNotesCaveat } from '../store/scriptSelectors';
import { selectScenario } from '../store/selectors';
import { useSandbox } from './storeContext';
import { useIsQuestionOpen } from './useIsQuestionOpen';
import { useOverflows } from './useOverflows';
import { usePresenter } from './usePresenter';

/** The speaker notes the scenario data gives for the screen shown (toggle: button or N). */
export function SpeakerNotes() {
  const isShown = usePresenter((s) => s.areNotesShown);
  const scenario = useSandbox(selectScenario);
  const beat = useSandbox((s) => s.beat);
  // The notes were written for the authored run at their beat; off the script, or once the run
  // went on past the beat (Steps after the last one), they may describe what did not happen
  // (four SELECTs under single-flight), so the presenter is told before reading them.
  const caveat = useSandbox(selectNotesCaveat);
  // Notes are projected with the rest, and a beat's notes often say what the next beat does.
  const isQuestionOpen = useIsQuestionOpen();
  const notes = beat === 0 ? scenario?.introNotes : scenario?.beats[beat - 1]?.notes;
  const text = isQuestionOpen
    ? 'Hidden until the room answers the question (they may give the answer away).'
    : (notes ?? 'No notes for this step.');
  // In presenter mode the notes stop at 30% of the screen (a phone's is short): while they
  // scroll they are a named Tab stop, so the keyboard reaches their end.
  const [box, scrolls] = useOverflows<HTMLParagraphElement>('y', `${isShown} ${caveat} ${text}`);
  if (!scenario) return null;
  return (
    <section className="speaker-notes" aria-label="Speaker notes">
      <button
        type="button"
        aria-pressed={isShown}
        aria-keyshortcuts="N"
        onClick={() => presenterStore.getState().toggleNotes()}
      >
        Speaker notes
      </button>
      {isShown && (
        <p
          data-testid="presenter.notes"
          ref={box}
          tabIndex={scrolls ? 0 : undefined}
          role={scrolls ? 'region' : undefined}
          aria-label={scrolls ? 'Speaker notes text' : undefined}
        >
          {caveat !== null && <strong>{caveat} </strong>}
          {text}
        </p>
      )}
    </section>
  );
}
