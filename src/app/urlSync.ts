import type { InitialView, SandboxState } from '../store/sandboxState';
import { presenterStore, withPresenting } from '../store/presenter';
import { parseViewParams, viewLink } from '../store/urlState';
import { addressWith } from '../platform/address';

export interface UrlSyncHost {
  subscribe(listener: (state: SandboxState) => void): () => void;
  getState(): SandboxState;
  /** Opens the view of a history entry the browser went back or forward to. */
  openView(view: InitialView): Promise<void>;
  /** The run got too long for a link: the address keeps only its settings. */
  onRunDropped(): void;
}

/**
 * Keeps the address bar in step with the view. Opening another scenario is a new history entry
 * (pushState), so the browser's Back returns to the scenario before, where it was left; a step,
 * a setting or a console line only rewrites the current entry (replaceState).
 */
export function startUrlSync(host: UrlSyncHost): () => void {
  let wasDropped = false;
  let last: Pick<SandboxState, 'timeline' | 'cursor' | 'config' | 'scenarioId' | 'linkRun'> | null =
    null;
  /** The scenario a Back or Forward is opening: reaching it rewrites that entry, not a new one. */
  let arriving: { scenarioId: string | null } | null = null;

  const unsubscribe = host.subscribe((state) => {
    if (state.status !== 'ready') return;
    // Encoding the run costs something: only when what the link holds changed.
    if (
      last !== null &&
      last.timeline === state.timeline &&
      last.cursor === state.cursor &&
      last.config === state.config &&
      last.scenarioId === state.scenarioId &&
      last.linkRun === state.linkRun
    )
      return;
    const isOtherScenario = last !== null && last.scenarioId !== state.scenarioId;
    const isArrival = arriving !== null && arriving.scenarioId === state.scenarioId;
    if (isArrival) arriving = null;
    last = state;
    const link = viewLink(state);
    const { isRunDropped } = link;
    // Presenter mode is kept in the link beside the view (see presenterUrl.ts).
    const search = withPresenting(link.search, presenterStore.getState().isPresenting);
    if (isRunDropped && !wasDropped) host.onRunDropped();
    wasDropped = isRunDropped;
    const url = addressWith(search);
    if (isOtherScenario && !isArrival) window.history.pushState(null, '', url);
    else if (search !== window.location.search)
      window.history.replaceState(window.history.state, '', url);
  });

  const onPopState = (): void => {
    const state = host.getState();
    if (state.status !== 'ready') return;
    // Presenter mode is how the page is shown, not part of the view: it stays as it is.
    const search = withPresenting(window.location.search, false);
    if (search === viewLink(state).search) return;
    const { view } = parseViewParams(search);
    arriving = view.scenarioId === state.scenarioId ? null : { scenarioId: view.scenarioId };
    void host.openView(view);
  };
  window.addEventListener('popstate', onPopState);
  return () => {
    unsubscribe();
    window.removeEventListener('popstate', onPopState);
  };
}
