import type { SandboxState } from '../store/sandboxStore';
import { presenterStore, withPresenting } from '../store/presenter';
import { viewLink } from '../store/urlState';

/** Keeps the address bar in step with the view (replaceState: no history entry per step). */
export function startUrlSync(
  subscribe: (listener: (state: SandboxState) => void) => () => void,
  onRunDropped: () => void,
): () => void {
  let wasDropped = false;
  let last: Pick<SandboxState, 'timeline' | 'cursor' | 'config' | 'scenarioId'> | null = null;
  return subscribe((state) => {
    if (state.status !== 'ready') return;
    // Encoding the run costs something: only when what the link holds changed.
    if (
      last !== null &&
      last.timeline === state.timeline &&
      last.cursor === state.cursor &&
      last.config === state.config &&
      last.scenarioId === state.scenarioId
    )
      return;
    last = state;
    const link = viewLink(state);
    const { isRunDropped } = link;
    // Presenter mode is kept in the link beside the view (see presenterUrl.ts).
    const search = withPresenting(link.search, presenterStore.getState().isPresenting);
    if (isRunDropped && !wasDropped) onRunDropped();
    wasDropped = isRunDropped;
    if (search !== window.location.search) {
      const url = `${window.location.pathname}${search}${window.location.hash}`;
      window.history.replaceState(window.history.state, '', url);
    }
  });
}
