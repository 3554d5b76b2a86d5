import { presenterStore } from '../store/presenter';
import { usePresenter } from './usePresenter';

/** Presenter mode and the shortcuts list, by button (the keys are P and ?). */
export function PresenterButtons() {
  const isPresenting = usePresenter((s) => s.isPresenting);
  const p = presenterStore.getState();
  return (
    <div className="presenter-buttons" role="group" aria-label="Presenting">
      <button
        type="button"
        aria-pressed={isPresenting}
        // The view changes under it: focus goes to this button in the other view.
        data-handoff="presenter-mode"
        aria-keyshortcuts="P"
        // Named in full where the bar shows its first word alone (presenterFourThree.css).
        aria-label="Presenter mode"
        onClick={() => p.setPresenting(!isPresenting)}
      >
        Presenter<span className="bar-word"> mode</span>
      </button>
      <button
        type="button"
        aria-keyshortcuts="?"
        aria-haspopup="dialog"
        onClick={() => p.setShortcutsOpen(true)}
      >
        Shortcuts
      </button>
    </div>
  );
}
