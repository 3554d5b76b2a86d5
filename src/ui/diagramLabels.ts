/**
 * Where the diagram writes the earlier commands of a Step press, so that no two labels overlap.
 * The newest command's label sits at the middle of its arrow (command above, reply, badge and
 * the difference lines below); the earlier ones are a numbered list, one 14-unit row each,
 * stacked just above that band when it fits there and otherwise just below it. Text never lies
 * on text; arrows pass under the labels, each drawn on a backing over every arrow (Diagram.tsx).
 */

/** Height of one row of the earlier list, in SVG units (11 px text and its gap). */
export const EARLIER_ROW = 14;
/** How far a label's glyphs reach above its baseline, and below it. */
const ASCENT = 10;
const DESCENT = 4;

/** The vertical extent the newest command's labels take, in SVG units. */
export interface Band {
  top: number;
  bottom: number;
}

/**
 * The band the newest message's labels occupy around its midpoint `midY` (see DiagramMessage:
 * the command 14 above, the reply 22 below, a badge 40 below, the difference lines 58 and 74
 * below, and "the cache layer in A's process:" 32 above a cache layer's command). A wait is one line at `midY`.
 */
export function newestBand(
  midY: number,
  shape: { isWait: boolean; hasBadge: boolean; hasDiff: boolean; isCacheLayer: boolean },
): Band {
  if (shape.isWait) return { top: midY - ASCENT, bottom: midY + DESCENT };
  const top = midY - (shape.isCacheLayer ? 32 : 14) - ASCENT;
  const lowest = shape.hasDiff ? 74 : shape.hasBadge ? 40 : 22;
  return { top, bottom: midY + lowest + DESCENT };
}

/**
 * Baselines for `count` earlier labels (in order) in a diagram `height` units tall whose
 * drawing starts at `top`: above the newest band if they fit there, else below it if they fit
 * there, else from whichever side has more room.
 */
export function earlierBaselines(
  count: number,
  band: Band | null,
  height: number,
  top = 4,
): number[] {
  if (count === 0) return [];
  const need = count * EARLIER_ROW;
  const rows = (firstBaseline: number) =>
    Array.from({ length: count }, (_, i) => firstBaseline + i * EARLIER_ROW);
  if (band === null) return rows(top + ASCENT);
  const above = band.top - top;
  const below = height - band.bottom;
  // Just above the band: the last row's glyphs end where the band begins.
  if (above >= need || above >= below)
    return rows(Math.max(top + ASCENT, band.top - need + ASCENT));
  return rows(band.bottom + ASCENT);
}

/** The widest label the middle band holds at 11 px monospace (≈6.6 units a character). */
export const EARLIER_MAX_CHARS = 46;

/**
 * The first line of the earlier commands' list when it holds more than it shows: how many it
 * left out, said within {@link EARLIER_MAX_CHARS}, so it stays between the actors and the stores.
 */
export function unlistedText(count: number): string {
  if (count === 1) return '1: an earlier command, listed in the log';
  const long = `1–${count}: ${count} earlier commands, listed in the log`;
  return long.length <= EARLIER_MAX_CHARS ? long : `1–${count}: ${count} earlier, in the log`;
}
