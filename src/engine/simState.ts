import type { Runtime } from './runtime';
import type { Actor } from './simActor';
import type { SimAction } from './simAction';
import type { SimConfig } from './simConfig';
import type { SimSnapshot } from './simSnapshot';
import { CacheView, type ChangedRows } from './snapshotView';
import { RowView } from './rowView';
import type { StepEvent } from './stepEvent';

/**
 * Everything a {@link Simulation} holds besides its stores, as one explicit object: the modules
 * that step, schedule, snapshot and checkpoint a simulation are functions over it.
 */
export interface SimState {
  readonly config: SimConfig;
  readonly runtime: Runtime;
  readonly actors: Actor[];
  readonly actionLog: SimAction[];
  readonly events: StepEvent[];
  readonly results: SimSnapshot['results'];
  readonly touched: Set<number>;
  readonly changedCells: Record<number, string[]>;
  /**
   * Snapshot copies of `events` and `results`. Neither changes once pushed, so each is copied
   * once, when the first snapshot after it is taken, and shared (frozen) by later snapshots:
   * a snapshot's cost does not grow with the history behind it.
   */
  readonly eventCopies: StepEvent[];
  readonly resultCopies: SimSnapshot['results'];
  /**
   * What the last snapshot showed of Redis and SQLite, brought up to date from what changed
   * since: ids remembered since then, and rows written since then.
   */
  readonly cacheView: CacheView;
  readonly rowView: RowView;
  addedIds: Set<number>;
  changedRows: ChangedRows;
  scriptPos: number;
  /** Requests that ended with an error: a refused statement (a broken schema), a failed program. */
  failedRequests: number;
  /** Cache errors of console commands (Redis's own count has them), left out of the stats. */
  consoleCacheErrors: number;
}

/** A simulation's state before anything ran: one idle actor for each of `config.actors`. */
export function newSimState(config: SimConfig, runtime: Runtime): SimState {
  return {
    config,
    runtime,
    actors: config.actors.map((name) => ({ name, queue: [], running: null, readyAtMs: 0 })),
    actionLog: [],
    events: [],
    results: [],
    touched: new Set(),
    changedCells: {},
    eventCopies: [],
    resultCopies: [],
    cacheView: new CacheView(),
    rowView: new RowView(),
    addedIds: new Set(),
    changedRows: new Set(),
    scriptPos: 0,
    failedRequests: 0,
    consoleCacheErrors: 0,
  };
}

/** The actor named `name`; a RangeError naming the actors there are when none is. */
export function actorNamed(s: SimState, name: string): Actor {
  const a = s.actors.find((x) => x.name === name);
  if (!a)
    throw new RangeError(
      `no actor named "${name}" (actors: ${s.actors.map((x) => x.name).join(', ')})`,
    );
  return a;
}

/** How many actors are running a write request of row `id`. */
export function writesRunningOn(s: SimState, id: number): number {
  return s.actors.filter((a) => a.running?.task.kind === 'write' && a.running.task.id === id)
    .length;
}

/**
 * Remembers a row for the database panel. An id past 2^53 - 1 is none: as a number it is
 * rounded onto another id (9007199254740993 reads as ...992), so the panel would show that row
 * instead, or none; the database panel counts such rows apart (`dbRowsPastSafeIds`).
 */
export function touch(s: SimState, id: number): void {
  if (!Number.isSafeInteger(id) || s.touched.has(id)) return;
  s.touched.add(id);
  s.addedIds.add(id);
}

/** A row may have been written (`all`: any row may have) since the last snapshot. */
export function rowWritten(s: SimState, id: number | 'all'): void {
  if (id === 'all') s.changedRows = 'all';
  else if (s.changedRows !== 'all') s.changedRows.add(id);
}

/** Copies the items pushed since the last call into `copies` (frozen), and returns them all. */
export function copiesOf<T extends object>(
  source: readonly T[],
  copies: T[],
  copy: (item: T) => T,
): T[] {
  for (let i = copies.length; i < source.length; i++) copies.push(Object.freeze(copy(source[i])));
  return copies.slice();
}

/**
 * Marks the cells an UPDATE of user `id` changed (`columns`, with the `version` and
 * `updated_at` every write changes), so the table shows which cells the step wrote.
 */
export function noteChangedCells(s: SimState, id: number, columns: string[]): void {
  s.changedCells[id] = Object.freeze([...columns, 'version', 'updated_at']) as string[];
}
