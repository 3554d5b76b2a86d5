import { lazy, Suspense } from 'react';
import type { SandboxStoreApi } from '../store/sandboxStore';
import { PanelBoundary, PanelFailure, type PanelFailureProps } from './PanelBoundary';
import { SandboxPage } from './SandboxPage';
import { SkipLink } from './SkipLink';
import { SandboxStoreContext } from './storeContext';
import { DocumentTitle } from './useDocumentTitle';
import { useHashRoute } from './useHashRoute';

// The lab (and its charts) load only when first opened, keeping the sandbox's first load small.
const LabPage = lazy(() => import('../lab/LabPage'));
// The handout likewise: a teacher's page, loaded the first time one is opened.
const HandoutPage = lazy(() => import('./HandoutPage'));

/** The handout as a whole failed (its code did not load, or a part outside its beats threw). */
const renderHandoutFailure = (failure: PanelFailureProps) => (
  <main className="handout">
    <PanelFailure
      {...failure}
      hint="reloading the page plays the handout afresh, with the settings in its address."
    />
  </main>
);

/** The lab as a whole failed (its code did not load, or a part outside its panels threw). */
const renderLabFailure = (failure: PanelFailureProps) => (
  <main className="lab-page">
    <PanelFailure
      {...failure}
      hint="reloading the page starts the lab afresh, with the settings in its link."
    />
  </main>
);

export function App({ store }: { store: SandboxStoreApi }) {
  const route = useHashRoute();
  return (
    <SandboxStoreContext.Provider value={store}>
      <DocumentTitle route={route} />
      <div className="app">
        <SkipLink route={route} />
        <header className="app-header">
          <a className="brand" href="#/">
            Cache-Aside Lab
          </a>
          <nav aria-label="Pages">
            <a href="#/" aria-current={route === 'sandbox' ? 'page' : undefined}>
              Sandbox
            </a>
            <a href="#/lab" aria-current={route === 'lab' ? 'page' : undefined}>
              Workload lab
            </a>
          </nav>
        </header>
        {route === 'lab' ? (
          <PanelBoundary name="Workload lab" renderFailure={renderLabFailure}>
            <Suspense fallback={<p className="loading">Loading the workload lab…</p>}>
              <LabPage />
            </Suspense>
          </PanelBoundary>
        ) : route === 'handout' ? (
          <PanelBoundary name="Handout" renderFailure={renderHandoutFailure}>
            <Suspense fallback={<p className="loading">Loading the handout…</p>}>
              <HandoutPage />
            </Suspense>
          </PanelBoundary>
        ) : (
          <SandboxPage />
        )}
      </div>
    </SandboxStoreContext.Provider>
  );
}
