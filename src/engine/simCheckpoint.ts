import { loadRuntimeState, saveRuntimeState, type RuntimeState } from './runtimeState';
import type { SimAction } from './simAction';
import type { SimSnapshot } from './simSnapshot';
import { copiesOf, touch, type SimState } from './simState';
import type { CacheViewState } from './snapshotView';
import type { RowViewState } from './rowView';
import type { StepEvent } from './stepEvent';

/**
 * A simulation as data, taken between programs (see {@link Simulation.checkpoint}): with its
 * config, enough to build the same simulation again without replaying what led to it.
 */
export interface SimCheckpoint {
  runtime: RuntimeState;
  actions: SimAction[];
  events: StepEvent[];
  results: SimSnapshot['results'];
  touched: number[];
  changedCells: Record<number, string[]>;
  readyAtMs: number[];
  /** Actors the cache layer added for its background jobs (flusher, refresher ...), in order. */
  backgroundActors: string[];
  scriptPos: number;
  failedRequests: number;
  consoleCacheErrors: number;
  /**
   * What the last snapshot showed and what changed since (keys, rows, ids remembered), so the
   * first snapshot after a restore reads back only that, as the next one of the original would.
   */
  views: {
    cache: CacheViewState;
    rows: RowViewState;
    changedKeys: { all: boolean; keys: string[] };
    changedRows: number[] | 'all';
    addedIds: number[];
  } | null;
  /** Rough size in bytes, for a budget of checkpoints. */
  bytes: number;
}

/** No program runs and none is queued: where a checkpoint can be taken. */
export function isBetweenPrograms(s: SimState): boolean {
  return s.actors.every((a) => a.running === null && a.queue.length === 0);
}

/**
 * The whole state as data, or null while a program runs (a program is a generator, which
 * cannot be copied) or with a Redis other than the in-memory one.
 */
export function checkpointOf(s: SimState): SimCheckpoint | null {
  if (!isBetweenPrograms(s)) return null;
  const runtime = saveRuntimeState(s.runtime);
  if (!runtime) return null;
  // Events and results never change once recorded: the checkpoint shares frozen copies.
  const events = copiesOf(s.events, s.eventCopies, (e) => ({ ...e }));
  const results = copiesOf(s.results, s.resultCopies, (r) => structuredClone(r));
  const { cache, db } = runtime;
  let bytes = db.bytes.byteLength + db.log.length * 200 + cache.log.length * 200;
  for (const [key, value] of cache.keyspace)
    bytes += 80 + 2 * key.length + (typeof value === 'string' ? 2 * value.length : 200);
  bytes += cache.index.list.length * 100 + events.length * 8 + s.actionLog.length * 8;
  const changedKeys = s.runtime.cache.pendingChanges();
  const views = changedKeys && {
    cache: s.cacheView.saveState(),
    rows: s.rowView.saveState(),
    changedKeys,
    changedRows: s.changedRows === 'all' ? ('all' as const) : [...s.changedRows],
    addedIds: [...s.addedIds],
  };
  if (views) bytes += views.cache.expiring.length * 60 + changedKeys.keys.length * 40;
  return {
    runtime,
    actions: s.actionLog.slice(),
    events,
    results,
    touched: [...s.touched],
    changedCells: { ...s.changedCells },
    readyAtMs: s.actors.map((a) => a.readyAtMs),
    backgroundActors: s.actors.slice(s.config.actors.length).map((a) => a.name),
    scriptPos: s.scriptPos,
    failedRequests: s.failedRequests,
    consoleCacheErrors: s.consoleCacheErrors,
    views,
    bytes,
  };
}

/**
 * Puts a checkpoint back into the state of a simulation just created with the same config (the
 * checkpoint stays usable): its runtime, logs, actors and the snapshot views.
 */
export function restoreCheckpoint(s: SimState, cp: SimCheckpoint): void {
  loadRuntimeState(s.runtime, cp.runtime);
  s.actionLog.push(...cp.actions);
  s.events.push(...cp.events);
  s.eventCopies.push(...cp.events);
  s.results.push(...cp.results);
  s.resultCopies.push(...cp.results);
  if (cp.views) {
    // The panels as the original's last snapshot left them, and what changed after it: the
    // next snapshot reads back only that (loading the keyspace marked every key changed).
    for (const id of cp.touched) s.touched.add(id);
    s.addedIds = new Set(cp.views.addedIds);
    s.changedRows = cp.views.changedRows === 'all' ? 'all' : new Set(cp.views.changedRows);
    s.cacheView.loadState(cp.views.cache);
    s.rowView.loadState(cp.views.rows);
    s.runtime.cache.restoreChanges(cp.views.changedKeys);
  } else for (const id of cp.touched) touch(s, id);
  for (const name of cp.backgroundActors)
    s.actors.push({ name, queue: [], running: null, readyAtMs: 0 });
  Object.assign(s.changedCells, cp.changedCells);
  cp.readyAtMs.forEach((ms, i) => (s.actors[i].readyAtMs = ms));
  s.scriptPos = cp.scriptPos;
  s.failedRequests = cp.failedRequests;
  s.consoleCacheErrors = cp.consoleCacheErrors;
}
