import type { LearnerSources } from '../engine/programs/learner';

/**
 * The learner's own programs, while "Run my version" has them running in the sandbox: the lab's
 * runs use them too (src/app tells the lab where to find them; the lab knows no sandbox).
 */
let current: () => LearnerSources = () => ({});
const listeners = new Set<() => void>();

export function provideLearnerSources(get: () => LearnerSources): void {
  current = get;
  learnerSourcesChanged();
}

export const learnerSources = (): LearnerSources => current();

/** Said when the programs running in the sandbox change (Run my version, Reset to ours). */
export function learnerSourcesChanged(): void {
  listeners.forEach((listener) => listener());
}

/** Calls `listener` whenever the learner's programs change; returns how to stop. */
export function onLearnerSourcesChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Whether a lab run of this pattern runs the learner's programs: they replace cache-aside's
 * read and write paths, so a run of another pattern runs its own (the pattern comparison too).
 */
export const runsLearnerPrograms = (pattern: string | undefined): boolean =>
  pattern === undefined || pattern === 'cache-aside';

/**
 * A run with the learner's programs asks QuickJS (a JavaScript interpreter in WebAssembly) for
 * every step of every request: measured in Node on a shared, loaded 2-core machine, 5,000
 * requests took 2.5 s with the starter programs in QuickJS against 0.9 s with ours, about three
 * times slower. The cap keeps such a run to seconds here.
 */
export const LEARNER_RUN_MAX_REQUESTS = 20_000;
