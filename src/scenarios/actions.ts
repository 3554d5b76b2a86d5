import type { UserChanges } from '../engine/database';
import type { SimAction } from '../engine/simAction';

/** Small builders so scenario scripts read like the story they tell. */
export const read = (actor: string, id: number): SimAction => ({ type: 'read', actor, id });
export const write = (actor: string, id: number, changes: UserChanges): SimAction => ({
  type: 'write',
  actor,
  id,
  changes,
});
export const stepActor = (actor: string): SimAction => ({ type: 'stepActor', actor });
/** One step for each actor named, in this order: an exact interleaving. */
export const stepActors = (...actors: string[]): SimAction[] => actors.map(stepActor);
export const sql = (actor: string, statement: string): SimAction => ({
  type: 'sql',
  actor,
  sql: statement,
});
/**
 * Steps `actor` until its request (and any it has queued) is done. A beat that ends on what a
 * read returns uses it, so the read ends under every setting the scenario invites, where a fix
 * can take more steps than the story (a refused fill, then a new lease, SELECT and fill).
 */
export const finish = (actor: string): SimAction => ({ type: 'finishActor', actor });
/**
 * Steps `actor` until it has sent `command` ("SELECT"): one step in the story as written, more
 * where a setting the scenario invites adds steps before it (a lease taken on the miss).
 */
export const stepUntil = (actor: string, command: string): SimAction => ({
  type: 'stepActorUntil',
  actor,
  command,
});
export const advanceClock = (ms: number): SimAction => ({ type: 'advanceClock', ms });
/** Redis becomes unreachable (commands fail with a connection error), or reachable again. */
export const setCacheAvailable = (isUp: boolean): SimAction => ({
  type: 'setCacheAvailable',
  isUp,
});

/**
 * A complete read by one actor, used to prepare a warm cache before a story starts: run to its
 * end, however many commands the settings make the miss take (3 for the plain read: GET,
 * SELECT, SET; 4 under a lease, 5 under single-flight). A fixed count left a lease's fill still
 * to come, so the story's first read queued behind it and the intro's "already cached" was false.
 */
export const warmRead = (actor: string, id: number): SimAction[] => [
  read(actor, id),
  finish(actor),
];
