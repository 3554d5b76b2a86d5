import { useDeferredValue, useEffect, useRef } from 'react';
import { useFocusHandoff } from '../widgets/useFocusHandoff';
import { ComparePanel } from './ComparePanel';
import { ConfigFiles } from './ConfigFiles';
import { FaultSchedule } from './FaultSchedule';
import { LabBoundary } from './LabBoundary';
import { LabControls } from './LabControls';
import { RunBar } from './RunBar';
import { RunCharts } from './RunCharts';
import { RunSummary } from './RunSummary';
import { SweepPanel } from './SweepPanel';
import { LabStoreContext, useLab } from './labContext';
import { labStore, openLinkedRun } from './labInstance';
import { isLabHash } from '../schema/pageRoutes';
import type { LabRun } from './labState';
import { resultsDifferText } from './resultsMark';
import { SettingsMark } from './SettingsMark';
import './lab.css';

/** Says which settings (or programs) the results on screen ran with that the fields no longer say. */
function ResultsMark({ run }: { run: LabRun }) {
  const text = useLab((s) => resultsDifferText(run, s.draft, s.learnerPaths));
  return <SettingsMark text={text} testId="lab.resultsMark" />;
}

function Results() {
  // The summary renders each progress report as it arrives, in the report's own task: a table of
  // totals is cheap, and deferred with the charts it lagged seconds behind the status line on a
  // busy machine (each report restarted the deferred render). The charts take a deferred copy,
  // which React renders in slices after the report's task, and redraw on their own throttled
  // schedule (RunCharts).
  const current = useLab((s) => s.current);
  const charted = useDeferredValue(current);
  return (
    <>
      {current && <ResultsMark run={current} />}
      {current ? (
        <RunSummary run={current} />
      ) : (
        <p className="lab-empty">
          No run yet. Press Run: the charts fill in as the run streams in, with hit rate, load,
          latency, staleness and cache size over virtual time.
        </p>
      )}
      <RunCharts run={charted} />
    </>
  );
}

/** The Workload Lab: run a timed cache-aside workload in a worker and chart what it does. */
export default function LabPage() {
  // Holds focus while a run is stopping (no button can take it) and hands it on: useFocusHandoff.
  const main = useRef<HTMLElement>(null);
  useFocusHandoff(main);
  useEffect(() => {
    openLinkedRun();
    const onHashChange = (): void => {
      if (isLabHash(window.location.hash)) openLinkedRun();
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  return (
    <LabStoreContext.Provider value={labStore}>
      <main className="lab-page" tabIndex={-1} ref={main}>
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
            <LabBoundary name="Settings">
              <LabControls />
            </LabBoundary>
            <LabBoundary name="Faults">
              <FaultSchedule />
            </LabBoundary>
            <LabBoundary name="Files">
              <ConfigFiles />
            </LabBoundary>
          </aside>
          <div className="lab-main">
            <LabBoundary name="Run">
              <RunBar />
            </LabBoundary>
            <section className="lab-section" aria-labelledby="lab-results-title">
              <h2 id="lab-results-title">Results</h2>
              <LabBoundary name="Results">
                <Results />
              </LabBoundary>
            </section>
            <LabBoundary name="Compare configurations">
              <ComparePanel />
            </LabBoundary>
            <LabBoundary name="TTL sweep">
              <SweepPanel />
            </LabBoundary>
          </div>
        </div>
      </main>
    </LabStoreContext.Provider>
  );
}
