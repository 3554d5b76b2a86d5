import { useLayoutEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { selectCanBack } from '../store/selectors';
import { SPEEDS } from '../store/sandboxStore';
import { StepScrubber } from './StepScrubber';
import { useSandbox, useSandboxApi } from './storeContext';
import { focusPage } from './useOpenScenario';

/**
 * Where focus goes from a focused button that has just become disabled: its nearest enabled
 * neighbour, earlier ones first (Back when Step reaches the end, Step when Back reaches the start).
 */
function focusNeighbour(
  buttons: readonly HTMLButtonElement[],
  from: number,
): HTMLElement | undefined {
  const before = buttons.slice(0, from).reverse();
  return [...before, ...buttons.slice(from + 1)].find((b) => !b.disabled);
}

/** Step, Back, Play/Pause, Reset and speed: the transport bar. */
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
  const toolbar = useRef<HTMLDivElement>(null);
  // A focused button that becomes disabled (Step at the end) would drop focus to <body> once the
  // browser notices, a moment after this commit: keyboard and screen-reader users would lose
  // their place. Before that, hand focus to a neighbour that still works.
  useLayoutEffect(() => {
    const buttons = [...(toolbar.current?.querySelectorAll('button') ?? [])];
    const from = buttons.findIndex((b) => b.disabled && b === document.activeElement);
    if (from < 0) return;
    const next = focusNeighbour(buttons, from);
    if (next) next.focus();
    else focusPage();
  });
  return (
    <div className="playback" role="toolbar" aria-label="Playback" ref={toolbar}>
      <button
        type="button"
        onClick={() => void actions.back()}
        disabled={!isReady || !canBack}
        aria-keyshortcuts="ArrowLeft"
      >
        Back
      </button>
      <button
        type="button"
        className="primary"
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
        onClick={() => void actions.reset()}
        disabled={!isReady}
        aria-keyshortcuts="R"
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
