import type { InitialView, SandboxState } from '../store/sandboxState';
import { canonicalSearch, parseViewParams, viewLink } from '../store/urlState';
import { withQuizMode } from '../store/quizLink';
import { addressWith } from '../platform/address';
import type { SandboxConfig } from '../store/sandboxConfig';
import { sandboxConfigSchema } from '../store/sandboxSchema';

export interface UrlSyncHost {
  subscribe(listener: (state: SandboxState) => void): () => void;
  getState(): SandboxState;
  /** Opens the view of a history entry the browser went back or forward to. */
  openView(view: InitialView): Promise<void>;
  /** The run got too long for a link: the address keeps only its settings. */
  onRunDropped(): void;
  /** Whether quiz mode is on: the address then says so and names scenarios by their quiz ids. */
  isQuizOn(): boolean;
  /** Calls `listener` whenever quiz mode is switched. */
  subscribeQuiz(listener: () => void): () => void;
}

/**
 * Where a replay's history entry keeps the learner's settings it set aside (`history.state`, as
 * clickerBack.ts keeps its mark): the address holds the replay's settings, not these.
 */
const SET_ASIDE = 'settingsBeforeReplay';

const entryStateOf = (): Record<string, unknown> => {
  const state: unknown = window.history.state;
  return typeof state === 'object' && state !== null ? { ...state } : {};
};

/** The current entry's state with the view's set-aside settings (or without, when none). */
function withSetAside(state: SandboxState): Record<string, unknown> {
  const entry = entryStateOf();
  if (state.settingsBeforeReplay === null) delete entry[SET_ASIDE];
  else entry[SET_ASIDE] = state.settingsBeforeReplay.config;
  return entry;
}

/** The settings the current entry kept aside, when they are still a valid config. */
function setAsideOfEntry(): SandboxConfig | undefined {
  const parsed = sandboxConfigSchema.safeParse(entryStateOf()[SET_ASIDE]);
  return parsed.success ? parsed.data : undefined;
}

/** `view` with the settings the current entry kept aside, if it kept any (a replay's entry). */
export function withSetAsideOfEntry(view: InitialView): InitialView {
  const setAside = setAsideOfEntry();
  return setAside === undefined ? view : { ...view, setAside };
}

/**
 * Keeps the address bar in step with the view. Opening another scenario is a new history entry
 * (pushState), so the browser's Back returns to the scenario before, where it was left; a step,
 * a setting or a console line only rewrites the current entry (replaceState).
 */
export function startUrlSync(host: UrlSyncHost): () => void {
  let wasDropped = false;
  let last: Pick<
    SandboxState,
    'timeline' | 'cursor' | 'config' | 'scenarioId' | 'linkRun' | 'settingsBeforeReplay'
  > | null = null;
  /** The scenario a Back or Forward is opening: reaching it rewrites that entry, not a new one. */
  let arriving: { scenarioId: string | null } | null = null;
  /** The settings a Forward to a replay sets aside again: no new entry, it is the replay's own. */
  let arrivingSetAside: SandboxConfig | null = null;

  /**
   * The view's query string as the address shows it: with quiz mode, which names a scenario by
   * its quiz id (a teacher's copied link gives no answer away). Never presenter mode: the tab
   * keeps it (presenterTab.ts), so the address a teacher copies from the projector is the room's.
   */
  const addressOf = (state: SandboxState): { search: string; isRunDropped: boolean } => {
    const isQuiz = host.isQuizOn();
    const link = viewLink(state, { isQuiz });
    const search = withQuizMode(link.search, isQuiz);
    return { search, isRunDropped: link.isRunDropped };
  };

  // Quiz mode switched: the same view, its scenario named the other way (no history entry).
  const unsubscribeQuiz = host.subscribeQuiz(() => {
    const state = host.getState();
    if (state.status !== 'ready') return;
    const { search } = addressOf(state);
    if (search !== window.location.search)
      window.history.replaceState(window.history.state, '', addressWith(search));
  });

  const unsubscribe = host.subscribe((state) => {
    if (state.status !== 'ready') return;
    // Encoding the run costs something: only when what the link holds changed.
    if (
      last !== null &&
      last.timeline === state.timeline &&
      last.cursor === state.cursor &&
      last.config === state.config &&
      last.scenarioId === state.scenarioId &&
      last.linkRun === state.linkRun &&
      last.settingsBeforeReplay === state.settingsBeforeReplay
    )
      return;
    const isOtherScenario = last !== null && last.scenarioId !== state.scenarioId;
    const isSetAsideChanged =
      last !== null && state.settingsBeforeReplay !== last.settingsBeforeReplay;
    const isSetAsideArrival =
      arrivingSetAside !== null && state.settingsBeforeReplay?.config === arrivingSetAside;
    if (isSetAsideArrival) arrivingSetAside = null;
    // A counterexample's replay opened (`openReplay`, each time anew): Back returns to the view
    // before it, with the learner's own settings, as Back from a scenario does; Forward to it
    // (an arrival) sets them aside again in the same entry.
    const isReplayOpened =
      isSetAsideChanged && state.settingsBeforeReplay !== null && !isSetAsideArrival;
    const isArrival = arriving !== null && arriving.scenarioId === state.scenarioId;
    if (isArrival) arriving = null;
    last = state;
    const { search, isRunDropped } = addressOf(state);
    if (isRunDropped && !wasDropped) host.onRunDropped();
    wasDropped = isRunDropped;
    const url = addressWith(search);
    if (isReplayOpened)
      window.history.pushState({ [SET_ASIDE]: state.settingsBeforeReplay?.config }, '', url);
    else if (isOtherScenario && !isArrival) window.history.pushState(null, '', url);
    // The entry keeps what the view set aside (Restore my settings took it back: no longer).
    else if (search !== window.location.search || isSetAsideChanged)
      window.history.replaceState(withSetAside(state), '', url);
  });

  const onPopState = (): void => {
    const state = host.getState();
    if (state.status !== 'ready') return;
    // Presenter mode and quiz mode are how the page is shown, not part of the view: they stay as
    // they are, and a scenario's quiz id is the scenario.
    const search = canonicalSearch(window.location.search);
    if (search === viewLink(state).search) return;
    const { view } = parseViewParams(search);
    arriving = view.scenarioId === state.scenarioId ? null : { scenarioId: view.scenarioId };
    // A counterexample's replay: the learner's settings it had set aside, which its entry kept.
    const setAside = setAsideOfEntry();
    arrivingSetAside = setAside ?? null;
    void host.openView(setAside === undefined ? view : { ...view, setAside });
  };
  window.addEventListener('popstate', onPopState);
  return () => {
    unsubscribe();
    unsubscribeQuiz();
    window.removeEventListener('popstate', onPopState);
  };
}
