import { dueAt, taskText, type Actor, type IdleStep } from './simActor';
import type { SimState } from './simState';

// Who steps next, and when: the scripted, timed and manual schedulers over a simulation's actors.

/** The background job each of the cache layer's processes runs (a second refresher too). */
const JOB_OF_ACTOR: Partial<Record<string, IdleStep['job']>> = {
  cdc: 'cdc',
  flusher: 'flush',
  refresher: 'refresh',
};

/** The background job actor `name` runs (a second refresher's name ends in a digit), if any. */
export const jobOfActor = (name: string): IdleStep['job'] | undefined =>
  JOB_OF_ACTOR[name.replace(/\d+$/, '')];

/** When the next step would take effect: the due time under `timed`, else now. */
export function nextStartMs(s: SimState): number {
  if (s.config.scheduler !== 'timed') return s.runtime.clock.nowMs;
  let due = Infinity;
  for (const a of s.actors) if (a.running) due = Math.min(due, dueAt(a));
  return Math.max(due, s.runtime.clock.nowMs);
}

/**
 * Who takes the next `step`: under `scripted`, the next actor the script names (then, once it
 * runs out, as `manual`); under `timed`, the actor whose pending step takes effect first;
 * under `manual`, the first actor with work.
 */
export function nextActor(s: SimState, peek = false): Actor | undefined {
  const { scheduler, script } = s.config;
  if (scheduler === 'scripted') {
    for (let pos = s.scriptPos; pos < script.length; pos++) {
      const named = s.actors.find((a) => a.name === script[pos]);
      if (named?.running) {
        if (!peek) s.scriptPos = pos + 1;
        return named;
      }
    }
    if (!peek) s.scriptPos = script.length;
  }
  if (scheduler === 'timed') {
    let best: Actor | undefined;
    for (const a of s.actors) if (a.running && (!best || dueAt(a) < dueAt(best))) best = a;
    return best;
  }
  return s.actors.find((a) => a.running !== null);
}

/**
 * Why a Step of `name` would send no command now (it has no program running): whether it is a
 * process of the cache layer this run's settings have, whether it ever started, and what it
 * waits for. Null when it has a step to take.
 */
export function idleStepOf(s: SimState, name: string): IdleStep | null {
  const actor = s.actors.find((a) => a.name === name);
  if (actor?.running) return null;
  const job = jobOfActor(name);
  const { pattern } = s.config;
  const isJobInRun =
    job === 'cdc'
      ? s.runtime.isCdc
      : job === 'flush'
        ? pattern === 'write-behind'
        : job === 'refresh'
          ? pattern === 'refresh-ahead'
          : true;
  const step: IdleStep = {
    actor: name,
    isJobInRun,
    hasStarted: actor !== undefined,
    pattern,
    pendingWrites: s.runtime.ledger.pendingWrites,
    running: s.actors.flatMap((a) =>
      a.running && a.name !== name ? [{ actor: a.name, task: taskText(a.running.task) }] : [],
    ),
  };
  if (job !== undefined) step.job = job;
  return step;
}
