import { presenterStore } from '../store/presenter';
import { selectScenario } from '../store/selectors';
import { useSandbox } from './storeContext';
import { usePresenter } from './usePresenter';

/** The speaker notes the scenario data gives for the screen shown (toggle: button or N). */
export function SpeakerNotes() {
  const isShown = usePresenter((s) => s.areNotesShown);
  const scenario = useSandbox(selectScenario);
  const beat = useSandbox((s) => s.beat);
  if (!scenario) return null;
  const notes = beat === 0 ? scenario.introNotes : scenario.beats[beat - 1]?.notes;
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
      {isShown && <p data-testid="presenter.notes">{notes ?? 'No notes for this step.'}</p>}
    </section>
  );
}
