import { useEffect } from 'react';
import { ComparePanel } from './ComparePanel';
import { ConfigFiles } from './ConfigFiles';
import { FaultSchedule } from './FaultSchedule';
import { LabControls } from './LabControls';
import { RunBar } from './RunBar';
import { RunCharts } from './RunCharts';
import { RunSummary } from './RunSummary';
import { SweepPanel } from './SweepPanel';
import { installLabApi } from './labApi';
import { configToQuery, queryToInput } from './labConfig';
import { LabStoreContext, useLab } from './labContext';
import { createLabStore, type LabStoreApi } from './labStore';
import { createWorkerRunner } from './workerRunner';
import './lab.css';

/** The lab URL for a config: `#/lab?ttl=30&keys=100`, defaults left out. */
function writeConfigToUrl(query: string): void {
  // A script may run the lab while another page shows: leave that page's URL alone.
  if (!window.location.hash.startsWith('#/lab')) return;
  const hash = `#/lab${query ? `?${query}` : ''}`;
  if (window.location.hash !== hash) history.replaceState(history.state, '', hash);
  lastHash = hash;
}

let lastHash: string | null = null;

// One lab per page, created when the lab's code first loads, so `window.cacheAside.lab` exists
// from then on even while another page is shown.
const labStore: LabStoreApi = createLabStore({
  runner: createWorkerRunner(),
  now: () => performance.now(),
  onRunStarted: (config) => writeConfigToUrl(configToQuery(config)),
});
installLabApi(labStore);

/** Settings in the URL (a shared link) go into the controls and run, once per distinct link. */
function openLinkedRun(): void {
  const hash = window.location.hash;
  if (hash === lastHash) return;
  lastHash = hash;
  const input = queryToInput(hash);
  if (!input || labStore.getState().progress) return;
  if (labStore.getState().settingsLoaded(input, 'the link'))
    void labStore.getState().runRequested();
}

function Results() {
  const current = useLab((s) => s.current);
  return (
    <>
      {current ? (
        <RunSummary run={current} />
      ) : (
        <p className="lab-empty">
          No run yet. Press Run: the charts fill in as the run streams in, with hit rate, load,
          latency, staleness and cache size over virtual time.
        </p>
      )}
      <RunCharts run={current} />
    </>
  );
}

/** The Workload Lab: run a timed cache-aside workload in a worker and chart what it does. */
export default function LabPage() {
  useEffect(() => {
    openLinkedRun();
    const onHashChange = (): void => {
      if (window.location.hash.startsWith('#/lab')) openLinkedRun();
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  return (
    <LabStoreContext.Provider value={labStore}>
      <main className="lab-page">
        <div className="lab-intro">
          <h1>Workload lab</h1>
          <p>
            Runs thousands to millions of real cache-aside requests (Redis commands to ioredis-mock,
            SQL to SQLite) in virtual time, in a background worker, and charts hit rate and what it
            costs. Latencies are assumptions you can edit.
          </p>
        </div>
        <div className="lab-layout">
          <aside className="lab-sidebar" aria-label="Settings">
            <LabControls />
            <FaultSchedule />
            <ConfigFiles />
          </aside>
          <div className="lab-main">
            <RunBar />
            <section className="lab-section" aria-labelledby="lab-results-title">
              <h2 id="lab-results-title">Results</h2>
              <Results />
            </section>
            <ComparePanel />
            <SweepPanel />
          </div>
        </div>
      </main>
    </LabStoreContext.Provider>
  );
}
