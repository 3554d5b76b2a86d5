import type { SimAction } from '../engine/simAction';
import type { SimCheckpoint } from '../engine/simCheckpoint';
import type { Simulation } from '../engine/simulation';

/**
 * Timeline entries between two checkpoints, at least (the first quiet moment after that many);
 * a long console line counts as several (see {@link ENTRY_CHARS}).
 */
export const CHECKPOINT_INTERVAL = 20;
/**
 * Characters of a console line (its arguments, its SQL) that count as one more entry: replaying
 * a line costs about its length (a 60 KB MSET of 5,000 pairs some 0.3 to 1 s, a 1 MB SET its
 * byte count and copy), so a checkpoint follows long lines at the first quiet moment. Before, the
 * first 20 entries had none: beside 10,000 keys and a 1 MB value set from the console, every
 * Back and scrubber move before the 20th entry replayed those lines from the seed.
 */
export const ENTRY_CHARS = 1024;
/** Most checkpoints kept, and their total size (rough bytes); over either, every other one goes. */
export const MAX_CHECKPOINTS = 48;
export const MAX_CHECKPOINT_BYTES = 48 * 1024 * 1024;

interface Saved {
  /** Timeline entries applied when it was taken. */
  cursor: number;
  /** Engine commands the scenario's setup sent (the store's `baseCommands`). */
  baseCommands: number;
  state: SimCheckpoint;
}

/**
 * Back's checkpoints: the simulation saved every CHECKPOINT_INTERVAL timeline entries or so,
 * when no program is in flight (a program is a generator and cannot be saved mid-way), so Back
 * and the scrubber replay from the nearest one at or before the target instead of from the seed.
 * They hold for one config and scenario (`base`), and only for the timeline prefix they were
 * taken on. Memory is bounded: over MAX_CHECKPOINTS or MAX_CHECKPOINT_BYTES, every other
 * checkpoint is dropped and the interval doubles, so the ones kept stay evenly spread.
 */
export class Checkpoints {
  private base = '';
  private saved: Saved[] = [];
  private interval = CHECKPOINT_INTERVAL;
  /**
   * Where the last checkpoint was dropped for being over MAX_CHECKPOINT_BYTES on its own (0:
   * none): the next is taken an interval after it, not at the next entry. Before, beside 1,000
   * values of 1 MB, every entry took one and dropped it, 962 of them in each Back's replay.
   */
  private tooLargeAt = 0;
  /** Checkpoints taken and restored so far (tests and the README's figures read these). */
  taken = 0;
  restored = 0;

  /** Starts over for another config or scenario; keeps them when `base` is the same. */
  use(base: string): void {
    if (base === this.base) return;
    this.base = base;
    this.clear();
  }

  clear(): void {
    this.saved = [];
    this.interval = CHECKPOINT_INTERVAL;
    this.tooLargeAt = 0;
  }

  /** The timeline from `cursor` on was replaced: checkpoints past it no longer hold. */
  dropAfter(cursor: number): void {
    if (this.saved.length > 0 && this.saved[this.saved.length - 1].cursor > cursor)
      this.saved = this.saved.filter((s) => s.cursor <= cursor);
    this.tooLargeAt = Math.min(this.tooLargeAt, cursor);
  }

  /**
   * Saves `sim` (at `cursor` entries of `timeline`) when the entries since the last checkpoint
   * weigh at least the interval (each entry 1, a long line more: see {@link entryWeight}; each
   * entry 1 without `timeline`).
   */
  offer(
    sim: Simulation,
    cursor: number,
    baseCommands: number,
    timeline?: readonly { actions: readonly SimAction[] }[],
  ): void {
    const last = this.saved.length > 0 ? this.saved[this.saved.length - 1].cursor : this.tooLargeAt;
    if (cursor - last < this.interval && !this.weighsEnough(timeline, last, cursor)) return;
    const state = sim.checkpoint();
    if (!state) return;
    this.saved.push({ cursor, baseCommands, state });
    this.taken++;
    while (this.saved.length > MAX_CHECKPOINTS || this.bytes() > MAX_CHECKPOINT_BYTES) {
      if (this.saved.length <= 1) {
        this.saved = [];
        this.tooLargeAt = cursor;
        this.interval *= 2;
        break;
      }
      this.saved = this.saved.filter((_, i) => i % 2 === 1);
      this.interval *= 2;
    }
  }

  /** Whether the entries from `from` to `to` of `timeline` weigh at least the interval. */
  private weighsEnough(
    timeline: readonly { actions: readonly SimAction[] }[] | undefined,
    from: number,
    to: number,
  ): boolean {
    if (timeline === undefined || to <= from) return false;
    let weight = 0;
    for (let i = Math.max(0, from); i < Math.min(to, timeline.length); i++) {
      weight += entryWeight(timeline[i].actions);
      if (weight >= this.interval) return true;
    }
    return false;
  }

  /** The latest checkpoint at or before `cursor`. */
  nearest(cursor: number): Saved | undefined {
    const best = this.latestAt(cursor);
    if (best) this.restored++;
    return best;
  }

  /**
   * The latest checkpoint at or before `cursor` under `base` (none under another), for a look
   * ahead that restores a copy and leaves the run alone (the next-step preview); not counted.
   */
  peek(base: string, cursor: number): Saved | undefined {
    return base === this.base ? this.latestAt(cursor) : undefined;
  }

  private latestAt(cursor: number): Saved | undefined {
    let best: Saved | undefined;
    for (const s of this.saved) if (s.cursor <= cursor) best = s;
    return best;
  }

  get count(): number {
    return this.saved.length;
  }

  bytes(): number {
    return this.saved.reduce((n, s) => n + s.state.bytes, 0);
  }
}

const weights = new WeakMap<readonly SimAction[], number>();

/**
 * What replaying an entry costs, in entries: 1, and 1 more for every {@link ENTRY_CHARS}
 * characters its console lines carry. Kept per entry (its actions never change).
 */
export function entryWeight(actions: readonly SimAction[]): number {
  const kept = weights.get(actions);
  if (kept !== undefined) return kept;
  let chars = 0;
  for (const a of actions)
    if (a.type === 'redis') for (const arg of a.argv) chars += arg.length;
    else if (a.type === 'sql') chars += a.sql.length;
  const weight = 1 + Math.floor(chars / ENTRY_CHARS);
  weights.set(actions, weight);
  return weight;
}
