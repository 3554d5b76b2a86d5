import type { UserChanges } from './database';

/**
 * Everything a learner or a script can do to a simulation. The simulation is a pure function of
 * its config and this list: Back replays all but the last step from the seed.
 */
export type SimAction =
  | { type: 'read'; actor: string; id: number }
  | { type: 'write'; actor: string; id: number; changes: UserChanges }
  | { type: 'step' }
  | { type: 'stepActor'; actor: string }
  /** Steps one actor until it has nothing left to do (its request and any queued after it). */
  | { type: 'finishActor'; actor: string }
  /**
   * Steps `actor` until it has sent `command` (its first word: "SELECT"), or its request is
   * done: the same point of a story under every setting, where a fix adds steps before it (a
   * lease taken before the SELECT).
   */
  | { type: 'stepActorUntil'; actor: string; command: string }
  | { type: 'advanceClock'; ms: number }
  | { type: 'setCacheAvailable'; isUp: boolean }
  | { type: 'restartCache' }
  /**
   * A Redis command sent on `actor`'s connection (`console`: the Redis console's own
   * connection, whichever host types into it). Sent as a sandbox actor (`A`),
   * it is that actor's connection, the one its code's commands go over: while its code is in
   * MULTI the command is queued there and its EXEC runs it, and a WATCH of the code's covers it.
   */
  | { type: 'redis'; actor: string; argv: string[] }
  | { type: 'sql'; actor: string; sql: string }
  | { type: 'resetDatabase'; actor: string };

/**
 * What a `redis` action answers: the reply and whether the command changed a key (its value,
 * expiry or presence; true when that is not known, after a flush or from a real server), or the
 * error, which changed nothing.
 */
export type ConsoleRedisResult = { reply: unknown; hasChanged: boolean } | { error: string };

/** What a `read` or `write` action answers: whether the request waits behind the actor's own. */
export interface RequestQueued {
  isQueued: boolean;
}

/**
 * What a `setCacheAvailable` action that brings Redis back up answers under write-behind when
 * writes are still to be flushed: how many, and whether a flusher is still running to take them
 * (one whose LPOP failed while Redis was down has ended; only the next write queued starts one).
 */
export interface WritesWaitingOnUp {
  writesWaiting: number;
  isFlusherRunning: boolean;
}
