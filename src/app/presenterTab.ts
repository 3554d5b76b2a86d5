import { PRESENT_PARAM, presenterStore } from '../store/presenter';
import { tabStorage, type KeyValueStorage } from '../platform/versionedStorage';

/** Where the tab keeps presenter mode (`sessionStorage`: this tab only, until it is closed). */
export const PRESENTING_KEY = 'cache-aside-lab.presenting';

/**
 * Presenter mode is the tab's, not the view's: a projector link (`?present=1`) turns it on and
 * `present=0` off when the page opens; otherwise the tab keeps it as it was, through a reload (F5
 * mid-class, a crash) and any address opened in the tab. The address itself never says it (the
 * URL sync writes the view alone), so the link a teacher copies from the projector for the room,
 * like every link the page gives, opens the view in a student's own tab, not presenter mode.
 */
export function startPresenterTab(tab: KeyValueStorage | null = tabStorage()): () => void {
  const linked = new URLSearchParams(window.location.search).get(PRESENT_PARAM);
  const kept = read(tab) === '1';
  presenterStore.getState().setPresenting(linked === '1' || (linked !== '0' && kept));
  const save = (isPresenting: boolean): void => {
    try {
      tab?.setItem(PRESENTING_KEY, isPresenting ? '1' : '0');
    } catch {
      // A refused storage keeps nothing: presenter mode lasts while the page is open, as a link's.
    }
  };
  save(presenterStore.getState().isPresenting);
  return presenterStore.subscribe((state, prev) => {
    if (state.isPresenting !== prev.isPresenting) save(state.isPresenting);
  });
}

function read(tab: KeyValueStorage | null): string | null {
  try {
    return tab?.getItem(PRESENTING_KEY) ?? null;
  } catch {
    return null;
  }
}
