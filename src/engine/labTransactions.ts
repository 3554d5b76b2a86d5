import type { RedisStep } from './programs/types';
import { TRANSACTION_COMMANDS } from './connectionCommandSpecs';

/**
 * What a learner's MULTI, EXEC, DISCARD, WATCH or UNWATCH gets in the workload lab: refused. The
 * lab's connections (app1..appN) each carry every request in flight on them at once, as a shared
 * ioredis connection does, so one request's MULTI would queue another's commands and its WATCH
 * would cover another's EXEC. The sandbox and the explorer run each actor as one connection with
 * one request at a time, where they work.
 */
export const labTransactionRefusal = (name: string): string =>
  `ERR ${name} is not supported in the workload lab: its connections (app1, app2 ...) are shared by every request in flight, so one request's MULTI would queue another's commands and its WATCH would cover another's EXEC. Run it in the sandbox or the interleaving explorer, where each actor is one connection running one request at a time`;

/** The step as a workload sends it: a learner's transaction command swapped for its refusal. */
export function refusedInLab(step: RedisStep): RedisStep {
  if (step.checked !== true || !TRANSACTION_COMMANDS.has(step.argv[0])) return step;
  return { ...step, checked: undefined, refusal: labTransactionRefusal(step.argv[0]) };
}
