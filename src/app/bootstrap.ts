import { createAutomationApi } from '../store/automationApi';
import { createExplorerApi } from '../store/explorerApi';
import { createExplorerStore, registerExplorer } from '../store/explorerStore';
import { createWorkerExploreRunner, whenIdle } from '../platform/explorerRunner';
import { createWorkerSqlGuard } from '../platform/sqlGuard';
import { loadSqlJsBrowser } from '../platform/sqlJsBrowser';
import { startPlaybackLoop } from '../store/playback';
import { createSandboxStore, type SandboxStoreApi } from '../store/sandboxStore';
import { createQuizApi } from '../store/quizApi';
import { quizStoreFor } from '../store/quizStore';
import { parseViewParams, sandboxHashProblem } from '../store/urlState';
import {
  browserStorage,
  tabStorage,
  canKeep,
  NOTHING_KEPT_NOTICE,
  sayingRefusals,
} from '../platform/versionedStorage';
import { SETTINGS_DOCUMENT } from '../store/storedSettings';
import { afterRender } from './afterRender';
import { restoreSettings, startSettingsPersistence } from './persistence';
import { createLazyLabApi } from './labApiLoader';
import { isQuizSavedOn, startQuizPersistence } from './quizPersistence';
import { startUrlSync, withSetAsideOfEntry } from './urlSync';
import { restoreRoomScore, startRoomScorePersistence } from './roomScorePersistence';
import { startPresenterTab } from './presenterTab';
import { presenterStore, withPresenting } from '../store/presenter';
import { quizModeIn, withQuizMode } from '../store/quizLink';
import { areNotesSavedShown, startPresenterPersistence } from './presenterPersistence';
import {
  PROGRESS_DOCUMENT,
  restoreProgress,
  startProgressPersistence,
  startProgressSync,
} from './progressPersistence';
import { courseProgressStore, startProgressTracking } from '../store/courseProgress';
import { errorMessage } from '../engine/errorMessage';

/**
 * Creates the page's store and everything that lives beside it: the playback loop, URL sync and
 * `window.cacheAside` (its `lab` too, loading the lab's code on first use). Then loads sql.js and opens the view the URL names.
 */
export function bootSandbox(): SandboxStoreApi {
  const store = createSandboxStore({ sqlGuard: createWorkerSqlGuard() });
  startPlaybackLoop(store);
  startPresenterTab();
  startUrlSync({
    subscribe: (listener) => store.subscribe(listener),
    getState: () => store.getState(),
    openView: (view) => store.getState().openView(view),
    onRunDropped: () =>
      store
        .getState()
        .notifyAboutRun(
          'This run is too long to share as a link: the address now keeps only its settings.',
          'info',
        ),
    isQuizOn: () => quizStoreFor(store).getState().isEnabled,
    subscribeQuiz: (listener) =>
      quizStoreFor(store).subscribe((state, prev) => {
        if (state.isEnabled !== prev.isEnabled) listener();
      }),
  });
  // The explorer looks at each change once the page is idle (after the frame showing it).
  const explorer = createExplorerStore(store, createWorkerExploreRunner(), (look) => {
    void whenIdle().then(look);
  });
  registerExplorer(store, explorer);
  window.cacheAside = Object.assign(
    window.cacheAside ?? {},
    createAutomationApi(store, afterRender),
    createExplorerApi(store, explorer, afterRender),
    {
      lab: createLazyLabApi(),
      quiz: createQuizApi(store, afterRender),
    },
  );

  const { view, problems } = parseViewParams(window.location.search);
  // A run made with the learner's code: the address keeps it until Run my version replays it.
  if (window.location.hash.includes('code=')) view.keepsRun = true;
  const hashProblem = sandboxHashProblem(window.location.hash);
  if (hashProblem) problems.push(hashProblem);
  // An address typed into the open page (its # part only: the page stays) is checked as well.
  window.addEventListener('hashchange', () => {
    const problem = sandboxHashProblem(window.location.hash);
    if (problem)
      store.getState().notify(`${problem[0].toUpperCase()}${problem.slice(1)}.`, 'error');
  });
  // Settings saved on an earlier visit; a link's own settings win over them.
  const storage = browserStorage();
  // Presenter mode is how the page is shown, not a setting: a link with only it restores them.
  const restored = restoreSettings(
    storage,
    withQuizMode(withPresenting(window.location.search, false), false),
  );
  if (restored.config) view.config = restored.config;
  if (restored.speed !== null) store.getState().setSpeed(restored.speed);
  if (restored.notice) store.getState().notify(restored.notice, 'error');
  const isKept = canKeep(storage);
  if (!isKept) store.getState().notify(NOTHING_KEPT_NOTICE, 'info');
  courseProgressStore.getState().storageChecked(isKept);
  // Saves go through `saving`: storage that fills up later refuses them, and the page says so.
  const saving =
    storage && isKept
      ? sayingRefusals(storage, [SETTINGS_DOCUMENT, PROGRESS_DOCUMENT], (text) =>
          store.getState().notify(text, 'error'),
        )
      : storage;
  if (saving) startSettingsPersistence(store, saving, restored.document);
  if (isQuizSavedOn(restored.document)) quizStoreFor(store).getState().setEnabled(true);
  // A quiz link (quiz=1) turns quiz mode on for as long as the address says so: set before its
  // persistence starts, so the learner's saved choice is theirs to change, not the link's.
  const linkQuiz = quizModeIn(window.location.search);
  if (linkQuiz !== null) quizStoreFor(store).getState().setEnabled(linkQuiz);
  if (saving) startQuizPersistence(quizStoreFor(store), saving);
  if (areNotesSavedShown(restored.document)) presenterStore.setState({ areNotesShown: true });
  if (saving) startPresenterPersistence(presenterStore, saving);
  // The course's progress: a document of its own, restored before anything marks a lesson done,
  // and the quiz's score with it (each prediction scored once, a reload included).
  const progress = restoreProgress(storage);
  courseProgressStore.getState().progressRestored(progress.doneIds);
  const quiz = quizStoreFor(store);
  quiz.getState().scoreRestored(progress.quiz.scored, progress.quiz.right);
  // In presenter mode the quiz keeps the room's score beside the learner's own (a link with
  // ?present=1 opens in it, as does a tab that was in it: startPresenterTab has set it already).
  // The room's score lasts a reload of this tab, and goes with it (sessionStorage).
  const tab = tabStorage();
  restoreRoomScore(quiz, tab);
  if (tab) startRoomScorePersistence(quiz, tab);
  quiz.getState().presentingChanged(presenterStore.getState().isPresenting);
  presenterStore.subscribe((state) => quiz.getState().presentingChanged(state.isPresenting));
  if (progress.notice) store.getState().notify(progress.notice, 'error');
  if (saving) startProgressPersistence(courseProgressStore, saving, quiz);
  if (saving) startProgressSync(courseProgressStore, saving, window, quiz);
  startProgressTracking(store, courseProgressStore);
  // Each problem says what was used instead (a default, the first of two values, the start).
  if (problems.length > 0)
    store
      .getState()
      .notify(`Some link settings were not used as given: ${problems.join('; ')}.`, 'error');
  void loadSqlJsBrowser().then(
    // A reload of a counterexample's replay: its entry kept the learner's settings it set aside.
    (SQL) => store.getState().start(SQL, withSetAsideOfEntry(view)),
    (e: unknown) =>
      store.setState({
        status: 'failed',
        failure: `SQLite (sql.js) could not load: ${errorMessage(e)}`,
      }),
  );
  return store;
}
