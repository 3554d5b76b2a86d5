import { memo } from 'react';
import type { ExploredInterleaving, InterleavingVerdict } from '../engine/interleavingGrid';
import { OUTCOMES } from './explorerResultWords';

/**
 * One cell. Memoised on plain values: a grid explored again redraws only the cells whose
 * interleaving or outcome changed, and a move with the arrow keys only the two whose tab stop did
 * (each move redrew all 5,000 before).
 */
const GridCell = memo(function GridCell({
  index,
  schedule,
  outcome,
  isTabStop,
  load,
  setShown,
  setActive,
}: {
  index: number;
  /** The actors' letters, space-separated. */
  schedule: string;
  outcome: InterleavingVerdict;
  isTabStop: boolean;
  load: (index: number) => void;
  setShown: (index: number) => void;
  setActive: (index: number) => void;
}) {
  return (
    <button
      type="button"
      className={`explorer-cell cell-${outcome}`}
      data-outcome={outcome}
      data-schedule={schedule.replaceAll(' ', '')}
      tabIndex={isTabStop ? 0 : -1}
      // Its place and verdict only: the schedule (200 letters for a long one, which until
      // 2026-12-07 the name spelled out) is in the details line, shown on focus.
      aria-label={`Interleaving ${index + 1}: ${OUTCOMES[outcome].label}. Load it into the sandbox`}
      onMouseEnter={() => setShown(index)}
      onFocus={() => {
        setShown(index);
        setActive(index);
      }}
      onClick={() => load(index)}
    >
      {OUTCOMES[outcome].glyph}
    </button>
  );
});

/**
 * The grid's cells. Memoised: the panel renders again on every progress message, and a grid of
 * 5,000 cells drawn again with each held the page's thread 0.1 to 0.2 s at a time. Keyed by
 * place, not schedule: a grid explored again updates the cells on screen in place (the focused one
 * keeps the focus) instead of taking them all away and drawing the new ones from the first.
 */
export const GridCells = memo(function GridCells({
  cells,
  active,
  load,
  setShown,
  setActive,
}: {
  /** The cells on screen (see `useDrawnInSteps`). */
  cells: readonly ExploredInterleaving[];
  active: number;
  load: (index: number) => void;
  setShown: (index: number) => void;
  setActive: (index: number) => void;
}) {
  const tabStop = Math.min(active, cells.length - 1);
  return (
    <>
      {cells.map((run, i) => (
        <GridCell
          key={i}
          index={i}
          schedule={run.schedule.join(' ')}
          outcome={run.outcome}
          isTabStop={i === tabStop}
          load={load}
          setShown={setShown}
          setActive={setActive}
        />
      ))}
    </>
  );
});
