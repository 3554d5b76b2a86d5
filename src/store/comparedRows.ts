// The rows presenter mode compares with their cached copies.
import type { UserRow } from '../engine/database';
import type { CacheEntry, SimSnapshot } from '../engine/simSnapshot';
import type { SandboxState } from './sandboxState';
import { selectSnapshot } from './selectors';

/** A row the run has in play beside its copy in Redis: what presenter mode compares. */
export interface CachedRowPair {
  key: string;
  row: UserRow;
  /** The key's entry in Redis; undefined while it is not cached. */
  entry: CacheEntry | undefined;
}

/** The rows compared, and how many rows are in play (some may not fit). */
export interface ComparedRows {
  pairs: CachedRowPair[];
  inPlay: number;
}

/** Rows a presenter's screen compares at most. */
export const MAX_COMPARED_ROWS = 2;
/** Commands looked back through for the newest rows touched (a long run keeps many). */
const COMPARE_LOOKBACK = 1000;
const NO_ROWS: ComparedRows = { pairs: [], inPlay: 0 };
const comparedCache = new WeakMap<SimSnapshot, ComparedRows>();

/**
 * The rows the run is about (the ones its newest commands touched, at most
 * {@link MAX_COMPARED_ROWS}), each with its cached copy, in the database panel's order.
 * Memoised per snapshot: a stable reference.
 */
export function selectComparedRows(s: SandboxState): ComparedRows {
  const snap = selectSnapshot(s);
  if (!snap || snap.db.length === 0) return NO_ROWS;
  const cached = comparedCache.get(snap);
  if (cached) return cached;
  const inPlay = new Set(snap.db.map((r) => r.id));
  const chosen = new Set<number>();
  const stop = Math.max(0, snap.events.length - COMPARE_LOOKBACK);
  for (let k = snap.events.length - 1; k >= stop && chosen.size < MAX_COMPARED_ROWS; k--) {
    const { key, otherChangedKeys = [] } = snap.events[k];
    // A console RENAME or COPY: its destination first, the key it changed last.
    for (const named of [...otherChangedKeys].reverse().concat(key)) {
      const id = /^user:(\d+)$/.exec(named)?.[1];
      if (id !== undefined && inPlay.has(Number(id)) && chosen.size < MAX_COMPARED_ROWS)
        chosen.add(Number(id));
    }
  }
  // Rows in play no command named (a console's statement): the first ones fill the rest.
  for (const r of snap.db) {
    if (chosen.size >= MAX_COMPARED_ROWS) break;
    chosen.add(r.id);
  }
  const pairs = snap.db
    .filter((r) => chosen.has(r.id))
    .map((row) => {
      const key = `user:${row.id}`;
      return { key, row, entry: snap.cache.find((e) => e.key === key) };
    });
  const out = { pairs, inPlay: snap.db.length };
  comparedCache.set(snap, out);
  return out;
}
