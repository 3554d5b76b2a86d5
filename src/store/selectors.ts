import type { SimSnapshot } from '../engine/simSnapshot';
import type { StepEvent } from '../engine/stepEvent';
import { findScenario, type Scenario } from '../scenarios';
import type { SandboxState } from './sandboxState';
import { stepsAt } from './timeline';
import { shownKey, shownSnapshot } from './shown';

// Module-level selectors returning primitives or references the store already holds, so
// components subscribed through them re-render only when that slice changes.
export const EMPTY: never[] = [];

/** The snapshot as the panels show it (its keys, replies and errors {@link shownSnapshot}). */
export const selectSnapshot = (s: SandboxState): SimSnapshot | null =>
  s.snapshot && shownSnapshot(s.snapshot);
export const selectYourPaths = (s: SandboxState) => s.yourPaths;
export const selectStats = (s: SandboxState) => s.snapshot?.stats ?? null;
export const selectClockMs = (s: SandboxState) => s.snapshot?.clockMs ?? 0;
export const selectActors = (s: SandboxState) => s.snapshot?.actors ?? EMPTY;
export const selectCache = (s: SandboxState) => selectSnapshot(s)?.cache ?? EMPTY;
export const selectDbRows = (s: SandboxState) => s.snapshot?.db ?? EMPTY;
/** How many rows the users table holds (null: not known, or the table cannot be read). */
export const selectDbRowCount = (s: SandboxState) => s.snapshot?.dbRowCount ?? null;
/** Rows of users whose id is past ±(2^53 - 1), which the database panel cannot show. */
export const selectDbRowsPastSafeIds = (s: SandboxState) => s.snapshot?.dbRowsPastSafeIds ?? 0;
/** How many rows the run has read, written or cached, deleted ones included. */
export const selectRowsTouched = (s: SandboxState) => s.snapshot?.rowsTouched ?? 0;
export const selectSchemaProblems = (s: SandboxState) => selectSnapshot(s)?.schemaProblems ?? EMPTY;
/** The newest request the database failed (a broken schema), or null. */
export const selectLastFailedRequest = (s: SandboxState) => {
  const results = selectSnapshot(s)?.results ?? EMPTY;
  for (let i = results.length - 1; i >= 0; i--)
    if (results[i].error !== undefined) return results[i];
  return null;
};
export const selectChangedCells = (s: SandboxState) => s.changedCells;
/** Whether the write-behind flusher has a job running (it exists only once a write queued one). */
export const selectIsFlusherRunning = (s: SandboxState): boolean =>
  s.snapshot?.actors.some((a) => a.name === 'flusher' && a.task !== null) ?? false;
export const selectIsCacheUp = (s: SandboxState) => s.snapshot?.isCacheUp ?? true;
/** The run's caching pattern. */
export const selectPattern = (s: SandboxState) => s.config.pattern;
/** Step presses applied (scenario beats, or steps in free play): the one meaning of "step". */
export const selectStepCount = (s: SandboxState) => stepsAt(s.timeline, s.cursor);
/** Engine commands sent so far (program steps and console commands). */
export const selectCommandCount = (s: SandboxState) => s.snapshot?.commands ?? 0;
export const selectConfig = (s: SandboxState) => s.config;
export const selectScenario = (s: SandboxState): Scenario | undefined =>
  s.scenarioId === null ? undefined : findScenario(s.scenarioId);
/** The newest step, if any. */
export const selectLastEvent = (s: SandboxState): StepEvent | null =>
  selectSnapshot(s)?.events.at(-1) ?? null;
/**
 * The scrubber's end: the steps on record (Step redoes those Back stepped over), then one press
 * for each of a scenario's beats not among them. An actor's own Step is a press that plays no
 * beat, so the last beat's press comes one later ("Step 3 of 6" in a scenario of five beats).
 */
export function selectMaxStep(s: SandboxState): number {
  const recorded = stepsAt(s.timeline, s.timeline.length);
  const sc = selectScenario(s);
  if (!sc) return recorded;
  const beatsRecorded = s.timeline.filter((e) => e.kind === 'beat').length;
  return recorded + Math.max(0, sc.beats.length - beatsRecorded);
}
export const selectCanBack = (s: SandboxState): boolean => s.cursor > 0;

const evictedCache = new WeakMap<SimSnapshot, EvictedKey[]>();

/** A key Redis evicted to make room, and when (virtual ms). */
export interface EvictedKey {
  key: string;
  timeMs: number;
}

/** Keys evicted so far, newest last (memoised per snapshot: a stable reference). */
export function selectEvictedKeys(s: SandboxState): EvictedKey[] {
  const snap = s.snapshot;
  if (!snap) return EMPTY;
  let out = evictedCache.get(snap);
  if (!out) {
    out = snap.redisLog
      .filter((e) => e.isEviction === true)
      .map((e) => ({ key: shownKey(String(e.argv[1])), timeMs: e.timeMs }));
    evictedCache.set(snap, out);
  }
  return out;
}

export const selectMaxKeys = (s: SandboxState) => s.config.maxKeys;

/** Who a plain Step moves next, as the engine's scheduler decides. */
export const selectNextActor = (s: SandboxState) => s.snapshot?.nextActor ?? null;
