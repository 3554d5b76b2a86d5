import { presenterStore } from '../store/presenter';
import { usePresenter } from './usePresenter';

/**
 * Presenter mode's blank screen (B or ., a clicker's blank button): black over the whole page
 * while the room talks; any key or a click shows the page again. The run is untouched.
 */
export function BlankScreen() {
  const isBlank = usePresenter((s) => s.isBlank);
  if (!isBlank) return null;
  return (
    <div
      className="presenter-blank"
      data-testid="presenter.blank"
      aria-hidden="true"
      onClick={() => presenterStore.getState().setBlank(false)}
    />
  );
}
