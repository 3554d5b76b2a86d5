import type { SandboxStoreApi } from './sandboxStore';

/** Wall-clock time between two steps at 1x. */
export const BASE_STEP_INTERVAL_MS = 1200;

export const stepIntervalMs = (speed: number): number => BASE_STEP_INTERVAL_MS / speed;

/**
 * The one playback loop: while `isPlaying`, take a step every interval (scaled by speed) and stop
 * by itself when nothing is left to step. Lives outside components, so rendering never drives time.
 * Returns a function that stops it.
 */
export function startPlaybackLoop(store: SandboxStoreApi): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;

  const cancel = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  const schedule = (): void => {
    cancel();
    timer = setTimeout(tick, stepIntervalMs(store.getState().speed));
  };

  async function tick(): Promise<void> {
    timer = null;
    const state = store.getState();
    if (!state.isPlaying) return;
    if (!state.canStep) {
      state.pause();
      return;
    }
    await state.step();
    const after = store.getState();
    if (!after.isPlaying) return;
    if (!after.canStep) after.pause();
    else schedule();
  }

  const unsubscribe = store.subscribe((state, prev) => {
    if (state.isPlaying && !prev.isPlaying) {
      // Play takes its first step at once; the rest follow at the chosen pace.
      cancel();
      timer = setTimeout(tick, 0);
    } else if (!state.isPlaying && prev.isPlaying) cancel();
  });

  return () => {
    unsubscribe();
    cancel();
  };
}
