import { useSyncExternalStore } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { selectCanBack } from '../store/selectors';
import { SPEEDS } from '../store/sandboxStore';
import {
  backToBeforeNextText,
  goBackToBeforeNext,
  isBackToBeforeNext,
  subscribeOpenedByNext,
} from './clickerBack';
import { resetByButton } from './resetOrigin';
import { StepScrubber } from './StepScrubber';
import { useSandbox, useSandboxApi } from './storeContext';
import { useQuizTitles } from './useQuizTitles';

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
  const view = useSandbox(useShallow((s) => ({ scenarioId: s.scenarioId, cursor: s.cursor })));
  // As ← does (useKeyboardShortcuts): at the start of a scenario "next" opened, Back undoes the
  // press. The mark lives in history.state, outside the store: subscribe to it.
  const { titleOf } = useQuizTitles();
  const backBeforeNext = useSyncExternalStore(subscribeOpenedByNext, () =>
    isBackToBeforeNext(view) ? backToBeforeNextText(titleOf) : null,
  );
  const actions = store.getState();
  return (
    <div className="playback" role="toolbar" aria-label="Playback">
      <button
        type="button"
        data-handoff="step"
        onClick={() => (backBeforeNext ? goBackToBeforeNext() : void actions.back())}
        disabled={!isReady || (!canBack && !backBeforeNext)}
        title={backBeforeNext ?? undefined}
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
