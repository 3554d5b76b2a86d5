import { useCallback, useState, type UIEvent } from 'react';

/** Lists up to this long render every row; longer ones render only the rows in view. */
export const WINDOW_THRESHOLD = 200;
/** Rows rendered above and below the visible ones, so a fast scroll does not show gaps. */
const OVERSCAN = 8;

export interface RowWindow {
  /** True when only the visible rows are rendered (the list is longer than the threshold). */
  isWindowed: boolean;
  /** The rows to render: [start, end). */
  start: number;
  end: number;
  /** Heights (px) of the spacers standing for the rows not rendered above and below. */
  before: number;
  after: number;
  onScroll: ((e: UIEvent<HTMLElement>) => void) | undefined;
  /** Tells the window where the box was scrolled from code (before the browser's scroll event). */
  scrolledTo: (top: number) => void;
}

/**
 * Windowing for a long list of rows of one fixed height inside a scrolling box: the cost of a
 * render depends on the box's height, not on how many rows there are (100,000 keys render as
 * fast as 20). Short lists render whole, as before.
 */
export function useWindowedRows(
  count: number,
  rowHeight: number,
  viewportHeight: number,
): RowWindow {
  const [scrollTop, setScrollTop] = useState(0);
  const onScroll = useCallback((e: UIEvent<HTMLElement>) => {
    setScrollTop(e.currentTarget.scrollTop);
  }, []);
  if (count <= WINDOW_THRESHOLD)
    return {
      isWindowed: false,
      start: 0,
      end: count,
      before: 0,
      after: 0,
      onScroll: undefined,
      scrolledTo: setScrollTop,
    };
  const first = Math.floor(scrollTop / rowHeight);
  const start = Math.min(count, Math.max(0, first - OVERSCAN));
  const end = Math.min(count, first + Math.ceil(viewportHeight / rowHeight) + OVERSCAN);
  return {
    isWindowed: true,
    start,
    end,
    before: start * rowHeight,
    after: (count - end) * rowHeight,
    onScroll,
    scrolledTo: setScrollTop,
  };
}
