/**
 * Resolves after the browser has painted what the store holds now: a task posted from the next
 * animation frame runs once that frame's style, layout and paint are done. A second animation
 * frame, as this waited until 2026-12-07, added the rest of a frame (8 to 16 ms at 60 Hz) to
 * every call of `window.cacheAside`, some 200 in one end-to-end spec, and showed nothing more.
 */
export const afterRender = (): Promise<void> =>
  new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
