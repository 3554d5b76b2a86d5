import {
  browserStorage,
  canKeep,
  loadVersioned,
  saveVersioned,
  sayingRefusals,
} from '../platform/versionedStorage';
import { createLabApi } from './labApi';
import { checkDraft, configToQuery, linkProblems, queryToInput } from './labConfig';
import { createLabStore } from './labStore';
import type { LabStoreApi, Notice } from './labState';
import { setLoadedLabApi } from './loadedLabApi';
import { LAB_DOCUMENT, storedLab } from './storedLab';
import { learnerSources, onLearnerSourcesChanged } from './labPrograms';
import { createWorkerRunner } from './workerRunner';
import type { WorkloadConfig } from '../engine/workload';
import { isLabHash } from '../schema/pageRoutes';

/**
 * Marks the history entry whose address the lab wrote itself (the settings on screen, or those
 * of its last run). The browser keeps an entry's state across a reload and Back and Forward,
 * but a link opened afresh (pasted, clicked, typed) has none: so a reload puts the settings back
 * in the controls and runs nothing, while a shared link still runs.
 */
const WROTE_KEY = 'cacheAsideLabWrote';

const stateObject = (): Record<string, unknown> =>
  typeof history.state === 'object' && history.state !== null
    ? (history.state as Record<string, unknown>)
    : {};

/** Whether the lab wrote this address into the entry the page is on. */
const isAddressWrittenHere = (hash: string): boolean => stateObject()[WROTE_KEY] === hash;

/** The lab URL for a config: `#/lab?ttl=30&keys=100`, defaults left out. */
function writeConfigToUrl(query: string): void {
  // A script may run the lab while another page shows: leave that page's URL alone.
  if (!isLabHash(window.location.hash)) return;
  const hash = `#/lab${query ? `?${query}` : ''}`;
  if (window.location.hash !== hash || !isAddressWrittenHere(hash))
    history.replaceState({ ...stateObject(), [WROTE_KEY]: hash }, '', hash);
  lastHash = hash;
}

let lastHash: string | null = null;

// One lab per page, created when the lab's code first loads (the lab page opens, or a script
// calls `window.cacheAside.lab.run`): the page and scripts share its runs.
const storage = browserStorage();
// Storage that fills up later refuses the settings: the lab says so, once (a browser that keeps
// nothing was told so when the page opened).
const saving =
  storage && canKeep(storage)
    ? sayingRefusals(storage, [LAB_DOCUMENT], (text) =>
        labStore.setState({ notice: { tone: 'error', text } }),
      )
    : storage;
/** The settings the next visit opens with: those on screen once valid, or a run's. */
const saveSettings = (config: WorkloadConfig): void => {
  if (saving) saveVersioned(saving, LAB_DOCUMENT, storedLab(config));
};
export const labStore: LabStoreApi = createLabStore({
  runner: createWorkerRunner(),
  now: () => performance.now(),
  learnerSources,
  onRunStarted: (config) => {
    writeConfigToUrl(configToQuery(config));
    saveSettings(config);
  },
});

// Run my version and Reset to ours change which settings a run of the lab's would use.
onLearnerSourcesChanged(() => labStore.getState().learnerProgramsChanged());

// The last session's settings go into the controls, unless a link brings its own.
const saved = storage ? loadVersioned(storage, LAB_DOCUMENT) : null;
if (saved?.notice) labStore.setState({ notice: { tone: 'error', text: saved.notice } });
else if (saved?.value && queryToInput(window.location.hash) === null)
  labStore.getState().settingsLoaded(saved.value.config, 'your last session');

/** What `window.cacheAside.lab` calls once the lab has loaded. */
export const labApi = createLabApi(labStore);
setLoadedLabApi(labApi);

/**
 * The settings on screen, in the URL: what the controls hold when it is valid, else the run on
 * screen's. Entering the lab by a bare `#/lab` (the nav link) keeps the URL telling the truth.
 */
function writeSettingsToUrl(): void {
  const s = labStore.getState();
  const checked = checkDraft(s.draft);
  const config = checked.ok ? checked.config : s.current?.config;
  if (config) writeConfigToUrl(configToQuery(config));
}

/** Said when a reload (or Back, or Forward) brings back an address the lab wrote. */
const RESTORED: Notice = {
  tone: 'info',
  text: 'Settings restored from the address. Press Run to run them.',
};

/** Said while a link waits for the run in progress (the URL already shows the link). */
const LINK_WAITING: Notice = {
  tone: 'info',
  text: "The link's settings will load when this run ends or is stopped.",
};

/**
 * Settings in the URL (a shared link) go into the controls and run, once per distinct link; a
 * URL without settings is rewritten to carry those on screen. An address the lab wrote itself
 * (a reload, Back or Forward to it) puts its settings back in the controls and runs nothing:
 * a learner who reloads did not ask for a run, which may take minutes.
 */
export function openLinkedRun(): void {
  const hash = window.location.hash;
  const input = hash === lastHash ? null : queryToInput(hash);
  // A link opened while a run is going waits for that run to end or be stopped (below).
  if (labStore.getState().progress && input) return labStore.setState({ notice: LINK_WAITING });
  // No link waits now: it loads below, or the URL went back to the settings on screen.
  if (labStore.getState().notice === LINK_WAITING) labStore.setState({ notice: null });
  if (hash === lastHash) return;
  lastHash = hash;
  if (!input) return writeSettingsToUrl();
  const problems = linkProblems(hash);
  /** Adds the link's problems to the notice on screen (a run's start clears it, its end sets its own). */
  const sayProblems = (): void => {
    if (problems.length)
      labStore.setState(({ notice }) => ({
        notice: {
          ...notice,
          tone: notice?.tone ?? 'info',
          text: `${notice ? `${notice.text} ` : ''}In the link: ${problems.join('; ')}.`,
        },
      }));
  };
  if (isAddressWrittenHere(hash)) {
    if (labStore.getState().settingsLoaded(input, 'the address'))
      labStore.setState({ notice: RESTORED });
    return;
  }
  if (!labStore.getState().settingsLoaded(input, 'the link')) return sayProblems();
  const run = labStore.getState().runRequested();
  sayProblems();
  void run.then(sayProblems);
}

// The address and the saved settings follow the settings on screen once they are valid
// (edited, imported, loaded), so a reload or the next visit brings back what was on screen, not
// the last run's. A link waiting for the run in progress keeps the address until it loads.
labStore.subscribe((state, prev) => {
  if (state.draft === prev.draft) return;
  const checked = checkDraft(state.draft);
  if (!checked.ok) return;
  saveSettings(checked.config);
  if (state.progress && window.location.hash !== lastHash) return;
  writeConfigToUrl(configToQuery(checked.config));
});

// The run that held a link back has ended: the link's settings now go into the controls and run.
labStore.subscribe((state, prev) => {
  if (prev.progress && !state.progress && isLabHash(window.location.hash))
    queueMicrotask(openLinkedRun);
});
