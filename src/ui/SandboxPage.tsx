import { useRef } from 'react';
import { useFocusHandoff } from '../widgets/useFocusHandoff';
import { ActorLanes } from './ActorLanes';
import { CacheControls } from './CacheControls';
import { ClockControls } from './ClockControls';
import { CodePanel } from './CodePanel';
import { ConfigControls } from './ConfigControls';
import { CourseStart } from './CourseStart';
import { DatabasePanel } from './DatabasePanel';
import { ExplorerPanel } from './ExplorerPanel';
import { HandoutLink } from './HandoutLink';
import { Diagram } from './Diagram';
import { LogPanel } from './LogPanel';
import { Narration } from './Narration';
import { NextScenario } from './NextScenario';
import { Notices } from './Notices';
import { PanelBoundary } from './PanelBoundary';
import { PlaybackControls } from './PlaybackControls';
import { PresenterButtons } from './PresenterButtons';
import { PresenterAnnouncer } from './PresenterAnnouncer';
import { PresenterView } from './PresenterView';
import { BlankScreen } from './BlankScreen';
import { QuizPanel } from './QuizPanel';
import { RedisConsole } from './RedisConsole';
import { RedisPanel } from './RedisPanel';
import { RequestForm } from './RequestForm';
import { ScenarioPicker } from './ScenarioPicker';
import { SequenceDiagram } from './SequenceDiagram';
import { ShortcutsDialog } from './ShortcutsDialog';
import { SqlConsole } from './SqlConsole';
import { StatsStrip } from './StatsStrip';
import { useSandbox } from './storeContext';
import { useKeyboardShortcuts } from './useKeyboardShortcuts';
import { usePresenter } from './usePresenter';
import { WhenToUsePoints } from './WhenToUsePoints';
import './teaching.css';
import './presenterFourThree.css';

/** The sandbox: diagram, panels, consoles and controls around one simulation. */
export function SandboxPage() {
  const status = useSandbox((s) => s.status);
  const failure = useSandbox((s) => s.failure);
  const isPresenting = usePresenter((s) => s.isPresenting);
  useKeyboardShortcuts();
  // The same <main> in every view below, so focus handed off survives a change of view.
  const main = useRef<HTMLElement>(null);
  useFocusHandoff(main);
  if (status === 'failed')
    return (
      <main className="sandbox" ref={main}>
        <p role="alert" className="failure">
          The sandbox could not start: {failure}
        </p>
      </main>
    );
  if (isPresenting && status === 'ready')
    return (
      <main className="sandbox presenter" tabIndex={-1} ref={main}>
        <h1 className="visually-hidden">Cache-aside sandbox, presenter mode</h1>
        {/* Second in <main> in both views: the same element when the view changes. */}
        <PresenterAnnouncer />
        <Notices />
        <PresenterView />
        <ShortcutsDialog />
        <BlankScreen />
      </main>
    );
  return (
    <main className="sandbox" aria-busy={status === 'loading'} tabIndex={-1} ref={main}>
      <h1 className="visually-hidden">Cache-aside sandbox</h1>
      <PresenterAnnouncer />
      <div className="controls-bar">
        <ScenarioPicker />
        <PlaybackControls />
        <PresenterButtons />
        <HandoutLink />
      </div>
      <ShortcutsDialog />
      <div className="controls-bar secondary">
        <ClockControls />
        <CacheControls />
        <ConfigControls />
      </div>
      <Notices />
      {status === 'loading' ? (
        <p className="loading">Loading Redis and SQLite…</p>
      ) : (
        <>
          <PanelBoundary name="Statistics">
            <StatsStrip />
          </PanelBoundary>
          <div className="layout">
            <div className="column">
              <CourseStart />
              <PanelBoundary name="Narration">
                <Narration />
              </PanelBoundary>
              <NextScenario />
              <WhenToUsePoints />
              <PanelBoundary name="Quiz">
                <QuizPanel />
              </PanelBoundary>
              <PanelBoundary name="Diagram">
                <Diagram />
              </PanelBoundary>
              <PanelBoundary name="Actors">
                <ActorLanes />
              </PanelBoundary>
              <PanelBoundary name="Sequence diagram">
                <SequenceDiagram />
              </PanelBoundary>
              <PanelBoundary name="Program code">
                <CodePanel />
              </PanelBoundary>
            </div>
            <div className="column">
              <PanelBoundary name="Redis keys">
                <RedisPanel />
              </PanelBoundary>
              <PanelBoundary name="Database rows">
                <DatabasePanel />
              </PanelBoundary>
              <PanelBoundary name="Log">
                <LogPanel />
              </PanelBoundary>
              <PanelBoundary name="Start a request">
                <RequestForm />
              </PanelBoundary>
              <PanelBoundary name="Interleaving explorer">
                <ExplorerPanel />
              </PanelBoundary>
              <PanelBoundary name="Redis console">
                <RedisConsole />
              </PanelBoundary>
              <PanelBoundary name="SQL console">
                <SqlConsole />
              </PanelBoundary>
            </div>
          </div>
        </>
      )}
    </main>
  );
}
