import { createAutomationApi } from './automationApi';
import { createWorkerSqlGuard } from '../platform/sqlGuard';
import { loadSqlJsBrowser } from '../platform/sqlJsBrowser';
import { startPlaybackLoop } from './playback';
import { createSandboxStore, type SandboxStoreApi } from './sandboxStore';
import { parseViewParams, startUrlSync } from './urlState';

/**
 * Creates the page's store and everything that lives beside it: the playback loop, URL sync and
 * `window.cacheAside`. Then loads sql.js and opens the view the URL names.
 */
export function bootSandbox(): SandboxStoreApi {
  const store = createSandboxStore({ sqlGuard: createWorkerSqlGuard() });
  startPlaybackLoop(store);
  startUrlSync(
    (listener) => store.subscribe(listener),
    () =>
      store
        .getState()
        .notify(
          'This run is too long to share as a link: the address now keeps only its settings.',
          'info',
        ),
  );
  window.cacheAside = Object.assign(window.cacheAside ?? {}, createAutomationApi(store));

  const { view, problems } = parseViewParams(window.location.search);
  if (problems.length > 0)
    store
      .getState()
      .notify(
        `Some link settings were ignored and defaults used: ${problems.join('; ')}.`,
        'error',
      );
  void loadSqlJsBrowser().then(
    (SQL) => store.getState().start(SQL, view),
    (e: unknown) =>
      store.setState({
        status: 'failed',
        failure: `SQLite (sql.js) could not load: ${e instanceof Error ? e.message : String(e)}`,
      }),
  );
  return store;
}
