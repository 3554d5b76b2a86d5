import { useShallow } from 'zustand/react/shallow';
import { selectCanBack } from '../store/selectors';
import { SPEEDS } from '../store/sandboxStore';
import { resetByButton } from './resetOrigin';
import { StepScrubber } from './StepScrubber';
import { useSandbox, useSandboxApi } from './storeContext';

/**
 * Step, Back, Play/Pause, Reset and speed: the transport bar. Step and Back hand focus to each
 * other (and to the actors' Step buttons) when the one pressed turns disabled: see
 * useFocusHandoff.
 */
export function PlaybackControls() {
  const store = useSandboxApi();
  const { canStep, isPlaying, speed, isReady } = useSandbox(
    useShallow((s) => ({
      canStep: s.canStep,
      isPlaying: s.isPlaying,
      speed: s.speed,
      isReady: s.status === 'ready',
    })),
  );
  const canBack = useSandbox(selectCanBack);
  const actions = store.getState();
  return (
    <div className="playback" role="toolbar" aria-label="Playback">
      <button
        type="button"
        data-handoff="step"
        onClick={() => void actions.back()}
        disabled={!isReady || !canBack}
        aria-keyshortcuts="ArrowLeft"
      >
        Back
      </button>
      <button
        type="button"
        className="primary"
        data-handoff="step"
        onClick={() => void actions.step()}
        disabled={!isReady || !canStep}
        aria-keyshortcuts="ArrowRight"
      >
        Step
      </button>
      {isPlaying ? (
        <button type="button" onClick={actions.pause} aria-keyshortcuts="Space">
          Pause
        </button>
      ) : (
        <button
          type="button"
          onClick={actions.play}
          disabled={!isReady || !canStep}
          aria-keyshortcuts="Space"
        >
          Play
        </button>
      )}
      <button
        type="button"
        onClick={() => resetByButton(store)}
        disabled={!isReady}
        aria-keyshortcuts="R"
        data-handoff="reset"
      >
        Reset
      </button>
      <label className="speed">
        Speed
        <select value={speed} onChange={(e) => actions.setSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}x
            </option>
          ))}
        </select>
      </label>
      <StepScrubber />
    </div>
  );
}
