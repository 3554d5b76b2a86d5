import { isPresentingIn, presenterStore, withPresenting } from '../store/presenter';
import { addressWith } from '../platform/address';

/**
 * Presenter mode follows the link (`?present=1`) when the page opens, and the address bar follows
 * presenter mode from then on (replaceState: no history entry per toggle).
 */
export function startPresenterUrlSync(): () => void {
  presenterStore.getState().setPresenting(isPresentingIn(window.location.search));
  return presenterStore.subscribe((state, prev) => {
    if (state.isPresenting === prev.isPresenting) return;
    const search = withPresenting(window.location.search, state.isPresenting);
    if (search === window.location.search) return;
    const url = addressWith(search);
    window.history.replaceState(window.history.state, '', url);
  });
}
