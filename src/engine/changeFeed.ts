import type { ChangeRow } from './database';
import { Rng } from './rng';

/**
 * Who removes a cached row after a write: the application itself, right after its UPDATE
 * (`app`), or a change-data-capture consumer that tails the database's change log (`cdc`).
 */
export const INVALIDATION_SOURCES = ['app', 'cdc'] as const;
export type InvalidationSource = (typeof INVALIDATION_SOURCES)[number];

/** How the change-data-capture consumer behaves (the CLI's flags in camelCase). */
export interface ChangeCaptureSettings {
  invalidation: InvalidationSource;
  /** How long after a change commits its invalidation is delivered, ms (the consumer's lag). */
  cdcDelayMs: number;
  /** Chance that an invalidation is held back, so later ones overtake it (0..1). */
  cdcReorder: number;
  /** Chance that an invalidation is dropped and never delivered (0..1). */
  cdcLoss: number;
}

export const DEFAULT_CHANGE_CAPTURE: ChangeCaptureSettings = {
  invalidation: 'app',
  cdcDelayMs: 200,
  cdcReorder: 0,
  cdcLoss: 0,
};

/** The ranges the consumer's settings take (the CLI, the lab and the sandbox check them). */
export const CHANGE_CAPTURE_LIMITS = {
  cdcDelayMs: { min: 0, max: 600_000 },
  cdcReorder: { min: 0, max: 1 },
  cdcLoss: { min: 0, max: 1 },
} as const;

/** A held-back invalidation waits a further seeded time of up to one delay, and at least this. */
export const MIN_REORDER_WINDOW_MS = 50;

/** One change the consumer has read and not yet delivered. */
export interface PlannedInvalidation {
  change: ChangeRow;
  /** When it is to be delivered, virtual ms. */
  dueMs: number;
  /** Held back past changes read after it. */
  isReordered: boolean;
}

/** A {@link ChangeFeed} as data (Back's checkpoints). */
export interface ChangeFeedState {
  cursor: number;
  pending: PlannedInvalidation[];
  rng: number;
  /** `failed` is absent from a state saved before it was counted. */
  counts: [delivered: number, lost: number, reordered: number, failed?: number];
}

/**
 * The consumer's side of the change log: its cursor (the last change id read), the changes it
 * has read and not yet delivered, and what became of them. Whether a change is lost or held
 * back is drawn from a generator seeded from the run's seed alone, so the same run loses and
 * reorders the same changes, and turning CDC on does not move any other draw of the run.
 */
export class ChangeFeed {
  cursor = 0;
  delivered = 0;
  lost = 0;
  /** Sent, but Redis refused the invalidation or could not be reached for it: not delivered. */
  failed = 0;
  reordered = 0;
  private pending: PlannedInvalidation[] = [];
  private readonly rng: Rng;

  constructor(
    private readonly settings: ChangeCaptureSettings,
    seed: number,
  ) {
    this.rng = new Rng((seed ^ 0x0cdc0cdc) >>> 0);
  }

  /**
   * Takes the rows a poll returned (in id order) and plans each: dropped (returned, for the
   * caller to account), or due `cdcDelayMs` after its commit, plus a hold when reordered.
   */
  received(rows: readonly ChangeRow[]): ChangeRow[] {
    const dropped: ChangeRow[] = [];
    const { cdcDelayMs, cdcReorder, cdcLoss } = this.settings;
    for (const change of rows) {
      if (change.id > this.cursor) this.cursor = change.id;
      if (cdcLoss > 0 && this.rng.next() < cdcLoss) {
        this.lost++;
        dropped.push(change);
        continue;
      }
      const isReordered = cdcReorder > 0 && this.rng.next() < cdcReorder;
      let dueMs = change.at + cdcDelayMs;
      if (isReordered) {
        this.reordered++;
        dueMs += (0.5 + this.rng.next() / 2) * Math.max(cdcDelayMs, MIN_REORDER_WINDOW_MS);
      }
      this.insert({ change, dueMs: Math.round(dueMs * 1000) / 1000, isReordered });
    }
    return dropped;
  }

  /** The next invalidation to deliver (earliest due; ties by change id), if any. */
  peek(): PlannedInvalidation | undefined {
    return this.pending[0];
  }

  /** Removes the next invalidation: the consumer is sending it (see {@link sent}). */
  take(): PlannedInvalidation | undefined {
    return this.pending.shift();
  }

  /**
   * What became of an invalidation taken: delivered, or failed (Redis refused it or could not be
   * reached), which leaves the copy it was for in place as a dropped one does.
   */
  sent(isDelivered: boolean): void {
    if (isDelivered) this.delivered++;
    else this.failed++;
  }

  /** Invalidations read and not yet delivered. */
  get backlog(): number {
    return this.pending.length;
  }

  saveState(): ChangeFeedState {
    return {
      cursor: this.cursor,
      pending: this.pending.map((p) => ({ ...p, change: { ...p.change } })),
      rng: this.rng.saveState(),
      counts: [this.delivered, this.lost, this.reordered, this.failed],
    };
  }

  loadState(state: ChangeFeedState): void {
    this.cursor = state.cursor;
    this.pending = state.pending.map((p) => ({ ...p, change: { ...p.change } }));
    this.rng.loadState(state.rng);
    [this.delivered, this.lost, this.reordered] = state.counts;
    this.failed = state.counts[3] ?? 0;
  }

  private insert(item: PlannedInvalidation): void {
    let i = this.pending.length;
    while (
      i > 0 &&
      (this.pending[i - 1].dueMs > item.dueMs ||
        (this.pending[i - 1].dueMs === item.dueMs &&
          this.pending[i - 1].change.id > item.change.id))
    )
      i--;
    this.pending.splice(i, 0, item);
  }
}
