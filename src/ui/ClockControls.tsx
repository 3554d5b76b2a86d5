import { useSandboxApi, useSandbox } from './storeContext';

const JUMPS: [string, number][] = [
  ['+1 s', 1000],
  ['+1 min', 60_000],
  ['+1 h', 3_600_000],
];

/** Moves virtual time forward, so TTLs run out without waiting. */
export function ClockControls() {
  const store = useSandboxApi();
  const isReady = useSandbox((s) => s.status === 'ready');
  return (
    <div className="clock-controls" role="group" aria-label="Virtual clock">
      <span className="group-label">Clock</span>
      {JUMPS.map(([label, ms]) => (
        <button
          key={label}
          type="button"
          aria-label={`Advance clock ${label}`}
          disabled={!isReady}
          onClick={() => void store.getState().advanceClock(ms)}
        >
          {label}
        </button>
      ))}
      <button
        type="button"
        disabled={!isReady}
        onClick={() => void store.getState().advanceToNextExpiry()}
      >
        Next expiry
      </button>
    </div>
  );
}
