/**
 * Calls `task` in a task of its own once the browser has painted a frame and then had a moment
 * idle (or after `fallbackMs` if no frame comes first: a hidden tab paints none). The idle moment
 * is where V8 collects garbage on its own schedule: a task that starts right after a large one
 * (a chart's draw) may otherwise carry the collection the first one made due. Where there is no
 * `requestIdleCallback` (Safari) a timeout stands in. Returns a function that cancels it.
 */
export function afterNextPaint(task: () => void, fallbackMs = 100): () => void {
  let cancelLater = (): void => undefined;
  const fallback = setTimeout(() => {
    cancelAnimationFrame(frame);
    task();
  }, fallbackMs);
  const frame = requestAnimationFrame(() => {
    clearTimeout(fallback);
    if (typeof requestIdleCallback === 'function') {
      const idle = requestIdleCallback(task, { timeout: fallbackMs });
      cancelLater = () => cancelIdleCallback(idle);
    } else {
      const timer = setTimeout(task, 0);
      cancelLater = () => clearTimeout(timer);
    }
  });
  return () => {
    clearTimeout(fallback);
    cancelAnimationFrame(frame);
    cancelLater();
  };
}
