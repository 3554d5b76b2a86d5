import type { OperationTiming } from './latency';
import { cacheKey } from './programs/steps';
import type { BackgroundResult, Program, ProgramResult, Step } from './programs/types';
import type { Task } from './runtime';

/** The actors background jobs run as; a script may name one before (or without) it starting. */
export const BACKGROUND_ACTORS = ['cdc', 'flusher', 'refresher'];

/** A background job of the cache layer, as the actor running it holds it. */
export interface BackgroundTask {
  kind: 'background';
  job: 'refresh' | 'flush' | 'cdc';
  /** The row refreshed (0 for a flush or the change consumer). */
  id: number;
}

/** What an actor is running: its program, the step it will take next, and when it began. */
export interface Running {
  task: Task | BackgroundTask;
  program: Program<ProgramResult | BackgroundResult>;
  pending: Step;
  /** The pending step's timing, drawn when it became pending. */
  timing: OperationTiming;
  startedMs: number;
  /** The row's committed version when the program started. */
  committedAtStart: number;
  /** The token of the lock or lease this request took (its SET NX answered OK). */
  lockToken?: string;
}

/** One process of the simulation: a learner's actor, or one the cache layer added for a job. */
export interface Actor {
  name: string;
  queue: Task[];
  running: Running | null;
  /** When the actor's next step can go out: its last reply's arrival (timed scheduling). */
  readyAtMs: number;
}

/** What an actor is running, in words: 'read user:1', or a background job of the cache layer. */
export function taskText(task: Task | BackgroundTask): string {
  if (task.kind !== 'background') return `${task.kind} ${cacheKey(task.id)}`;
  if (task.job === 'flush') return 'flush the write-behind queue';
  if (task.job === 'cdc') return 'invalidate from the change log';
  return `reload ${cacheKey(task.id)}`;
}

/** When an actor's pending step takes effect under timed scheduling. */
export function dueAt(a: Actor): number {
  return a.running ? Math.round((a.readyAtMs + a.running.timing.effectMs) * 1000) / 1000 : Infinity;
}

/**
 * Why a Step of one actor sent no command, as the engine's state stood: what the narration says
 * in place of "This step sent no command."
 */
export interface IdleStep {
  actor: string;
  /** The background job the actor runs, when it is one of the cache layer's processes. */
  job?: BackgroundTask['job'];
  /** Whether this run's settings have that job at all (a flusher only under write-behind ...). */
  isJobInRun: boolean;
  /** Whether the actor has run before (a background process is added when first needed). */
  hasStarted: boolean;
  /** The run's caching pattern. */
  pattern: string;
  /** Write-behind writes the database does not have yet (queued, or taken by the flusher). */
  pendingWrites: number;
  /** Other actors' requests still running ('B', 'write user:42'). */
  running: { actor: string; task: string }[];
}
