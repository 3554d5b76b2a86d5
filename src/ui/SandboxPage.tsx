import { PlaybackControls } from './PlaybackControls';
import { Narration } from './Narration';
import { Notices } from './Notices';
import { ScenarioPicker } from './ScenarioPicker';
import { StatsStrip } from './StatsStrip';
import { useSandbox } from './storeContext';
import { useKeyboardShortcuts } from './useKeyboardShortcuts';

/** The sandbox: diagram, panels, consoles and controls around one simulation. */
export function SandboxPage() {
  const status = useSandbox((s) => s.status);
  const failure = useSandbox((s) => s.failure);
  useKeyboardShortcuts();
  if (status === 'failed')
    return (
      <main className="sandbox">
        <p role="alert" className="failure">
          The sandbox could not start: {failure}
        </p>
      </main>
    );
  return (
    <main className="sandbox" aria-busy={status === 'loading'}>
      <h1 className="visually-hidden">Cache-aside sandbox</h1>
      <div className="controls-bar">
        <ScenarioPicker />
        <PlaybackControls />
      </div>
      <Notices />
      {status === 'loading' ? (
        <p className="loading">Loading Redis and SQLite…</p>
      ) : (
        <>
          <StatsStrip />
          <Narration />
        </>
      )}
    </main>
  );
}
