/**
 * A ResizeObserver for component tests in jsdom, which has none and no layout: it never reports,
 * so a size it would tell (whether the diagram scrolls sideways, the room a chart leaves) is
 * not what such a test tests. Installed only where there is none.
 */
export function provideResizeObserverWithoutLayout(): void {
  globalThis.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}

/**
 * An IntersectionObserver for component tests in jsdom, which has none: it never reports, and
 * the lab's charts draw whether or not one reports them seen. Installed only where there is none.
 */
export function provideIntersectionObserverThatNeverReports(): void {
  globalThis.IntersectionObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  } as unknown as typeof IntersectionObserver;
}
