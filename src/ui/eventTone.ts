import { sliceShown } from '../engine/describe';
import { isNeverReached, type StepEvent } from '../engine/stepEvent';

export type EventTone = 'hit' | 'miss' | 'error' | 'stale' | 'plain';

/** How a step is coloured everywhere: stale beats error beats hit/miss. */
export function eventTone(e: StepEvent): EventTone {
  if (e.isStaleFill || e.isStaleRead) return 'stale';
  if (e.isError) return 'error';
  if (e.isHit) return 'hit';
  if (e.isMiss) return 'miss';
  return 'plain';
}

/** A short word for the tone, shown beside the reply (colour is never the only signal). */
export function eventBadge(e: StepEvent): string | null {
  if (e.isStaleFill) return 'stale fill';
  if (e.isStaleRead) return 'stale read';
  if (e.isError) return 'error';
  // Hits and misses are the reads' (what the HITS and MISSES counters count): another program's
  // GET (write-behind's copy of the row, a console line) found its key, or did not.
  if (e.isHit) return e.program === 'read' ? 'hit' : 'found';
  if (e.isMiss) return e.program === 'read' ? 'miss' : 'not found';
  return null;
}

/**
 * The badge as the diagrams write it: a command that never reached Redis says so after its
 * badge (its error is the client's, not a reply of Redis).
 */
export function shownBadge(e: StepEvent): string | null {
  const badge = eventBadge(e);
  if (!isNeverReached(e)) return badge;
  return badge === null ? NEVER_REACHED : `${badge} · ${NEVER_REACHED}`;
}

/** What the diagrams write beside a command Redis never got (see `isNeverReached`). */
export const NEVER_REACHED = 'never reached Redis';

/** `text` (written for showing) cut to `max` characters with `…`, never inside an escape or an emoji. */
export const truncate = (text: string, max: number): string =>
  text.length > max ? `${sliceShown(text, max - 1)}…` : text;
