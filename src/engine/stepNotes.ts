import type { ClosedTransaction } from './cacheState';
import type { LostWrite } from './patternLedger';
import { WRITE_BEHIND_QUEUE } from './programs/cacheLayer';
import { upperName } from './redisCommandNames';
import { DISCARD_WITHOUT_MULTI, EXEC_WITHOUT_MULTI } from './redisTransactions';
import { describeRedisValue } from './stepEvent';

// The sentences a step's or a console line's note adds to what its command did: a transaction
// the connection lost or left open, the write-behind queue's writes lost with it, EXEC's replies.

/**
 * A step's note with one more sentence after it. A note that ends in a command's error (`threw:
 * ERR MULTI calls can not be nested`) gets its full stop first: run together, the next
 * sentence read as the error's ("nested A's request ended ...").
 */
export function withSentence(note: string | undefined, sentence: string): string {
  if (note === undefined) return sentence;
  return /[.!?:)]$/.test(note) ? `${note} ${sentence}` : `${note}. ${sentence}`;
}

/** What a request that ended in MULTI, or watching keys, left behind on its connection. */
export function droppedTransactionText(
  actor: string,
  dropped: { queued: number; watched: number; isQueuing: boolean },
): string {
  const parts: string[] = [];
  if (dropped.isQueuing)
    parts.push(
      dropped.queued === 0
        ? 'in MULTI with nothing queued'
        : `in MULTI with ${dropped.queued} queued command${dropped.queued === 1 ? '' : 's'}, none of which ran`,
    );
  if (dropped.watched > 0)
    parts.push(`watching ${dropped.watched} key${dropped.watched === 1 ? '' : 's'}`);
  // "none of which ran, and watching": without the comma it read as what did not run.
  const and = dropped.queued > 0 ? ', and ' : ' and ';
  return `${actor}'s request ended with its connection ${parts.join(and)}: the sandbox discards ${dropped.isQueuing ? 'the transaction' : 'the watch'} with the request, so ${actor}'s next request starts with no MULTI and no watched key.`;
}

/**
 * Said when a learner's code fails on the replies of its EXEC: ioredis' `multi().exec()` answers
 * [err, result] pairs, and code written for it (`const [[err, ok]] = ...`) reads a reply's
 * characters as the pair here ("threw: O").
 */
export const EXEC_REPLY_HINT =
  "Your code failed on this EXEC's replies, before sending another command. Here EXEC answers the replies themselves, in the order the commands were queued (a command's error as an Error in its place), not ioredis' [err, result] pairs: read them as const [ok] = yield redis('EXEC'), not const [[err, ok]] = yield redis('EXEC').";

/**
 * Why an EXEC or DISCARD (a learner's code's, or a console's) found no MULTI, or ran unguarded
 * by its WATCH: an outage or a restart since closed the connection, and the server dropped what
 * it held. `error`: the command's error, if it failed. Undefined for a command it says nothing of.
 */
export function closedTransactionText(
  actor: string,
  closed: ClosedTransaction,
  argv: readonly string[],
  error: string | undefined,
): string | undefined {
  const name = upperName(argv[0] ?? '');
  const message = error ?? '';
  const who = actor === 'console' ? 'the console' : actor;
  // In the command log's stamps, where the restart's line or the failed commands show.
  const at = `at ${secondsText(closed.atMs)} s`;
  const event =
    closed.cause === 'restart'
      ? `Redis restarted ${at}`
      : closed.cause === 'quit'
        ? `${who === 'the console' ? 'The console' : who} sent QUIT ${at}`
        : `Redis went down ${at}`;
  const keys = `${closed.watched} key${closed.watched === 1 ? '' : 's'}`;
  const watch = closed.watched > 0 ? `its watch of ${keys}` : '';
  const isWithoutMulti =
    (name === 'EXEC' && message.includes(EXEC_WITHOUT_MULTI)) ||
    (name === 'DISCARD' && message.includes(DISCARD_WITHOUT_MULTI));
  if (isWithoutMulti && closed.wasQueuing) {
    const queue =
      closed.queued === 0
        ? 'its MULTI (nothing queued yet)'
        : `its MULTI with ${closed.queued} queued command${closed.queued === 1 ? '' : 's'}, none of which ran`;
    return `${event}, while ${who}'s connection was in MULTI: that closed the connection, and the server dropped ${queue}${watch === '' ? '' : `, and ${watch}`}. The connection ${who} has now is a new one, never in MULTI: a command sent on it runs at once, not queued, and this ${name} finds no MULTI.`;
  }
  if (name === 'EXEC' && error === undefined && !closed.wasQueuing && closed.watched > 0)
    return `${event}, while ${who}'s connection watched ${keys}: that closed the connection, and the server dropped the watch. This EXEC ran on a new connection watching nothing: no change to those keys could have stopped it.`;
  return undefined;
}

/**
 * EXEC's reply as the diagram and the log tell it: nil, nothing ran (a watched key changed);
 * else the queue ran, and each command's reply (the first three).
 */
export function execReplyText(reply: unknown): string {
  if (reply === null) return '(nil): a watched key changed, nothing ran';
  if (!Array.isArray(reply)) return describeRedisValue(reply);
  if (reply.length === 0) return 'ran nothing (empty queue)';
  const shown = reply.slice(0, 3).map(describeRedisValue).join(', ');
  return `ran ${reply.length} queued: ${shown}${reply.length > 3 ? ', …' : ''}`;
}

/**
 * Which writes went, by row and queueing time (of two equal entries, the one RPOP took), in
 * brackets after a space, when every one of the `count` lost is known so; else nothing.
 */
export function lostWritesNamed(lost: readonly LostWrite[], count: number): string {
  const which = lost
    .filter((w) => w.queuedAtMs !== undefined)
    .map((w) => `user ${w.id}'s, queued at ${secondsText(w.queuedAtMs as number)} s`);
  return which.length === count ? ` (${which.join('; ')})` : '';
}

/**
 * A step (or a console line, `during`) in which the write-behind queue's TTL ran out: when, and
 * the writes it took.
 */
export function queueExpiredText(
  { lost, expiredAtMs }: { lost: readonly LostWrite[]; expiredAtMs: number },
  during = 'this step',
): string {
  const n = lost.length;
  return `The write-behind queue's TTL ran out at ${secondsText(expiredAtMs)} s, during ${during}: Redis removed ${WRITE_BEHIND_QUEUE} with ${n} ${n === 1 ? 'write' : 'writes'} the application had queued and acknowledged${lostWritesNamed(lost, n)}: ${n === 1 ? 'it never reaches' : 'they never reach'} the database, and Writes lost counts ${n === 1 ? 'it' : 'them'}.`;
}

/**
 * A moment of virtual time in seconds, to the microsecond as the command log stamps it, written
 * as people write a number: 0.0009 (the log's 0.000900), 20.0026, 3; not with the stamp's
 * trailing zeros.
 */
export function secondsText(ms: number): string {
  // Whole microseconds over a million: the nearest double to the stamp, which prints as its digits.
  return String(Math.round(ms * 1000) / 1_000_000);
}
