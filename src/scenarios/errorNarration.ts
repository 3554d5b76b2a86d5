// A command that failed, told by why (it never reached Redis; Redis refused it, and for what;
// the database refused the statement), then what its program does without it.
import { ROW_MISSING_COLUMNS } from '../engine/missingColumns';
import { isLearnerLabel } from '../engine/programs/learner';
import { CORRUPT_ENTRY } from '../engine/programs/steps';
import { HELP_GROUPS } from '../engine/redisHelpGroups';
import type { StepEvent } from '../engine/stepEvent';
import {
  CDC_ACTOR,
  isFailedRead,
  otherRowStaysText,
  ownerOf,
  sentence,
  versionText,
  waitingText,
} from './narrationTerms';

/**
 * A command that failed, told by why it failed (it never reached Redis; Redis refused it, and
 * for what; the database refused the statement), then what the program does without it.
 */
export function describeError(e: StepEvent, sent: string): string {
  const answered = sentence(`${sent}: ${e.reply}`);
  if (e.target === 'db')
    return `${answered} ${dbErrorCause(e)}, so ${
      e.program === 'background'
        ? `the cache's ${e.actor} stops`
        : `${e.actor}'s ${e.program} of ${e.key} fails`
    }.${e.lostWrites !== undefined ? ` ${refusedFlushLostText(e.lostWrites)}` : ''}`;
  const cmd = e.command.split(' ')[0].toUpperCase();
  // A writer's invalidation over a hash; a reader's fill over one is told as any script's call.
  const found = e.script?.name === 'INVALIDATE_IF_OLDER' ? e.keyFound : undefined;
  if (found?.kind === 'not-a-string' && /^\(error\) WRONGTYPE\b/.test(e.reply))
    return `${answered} ${wrongTypeInvalidationText(e, found.type)}`;
  return `${answered} ${cacheErrorCause(e)} ${afterCacheError(e, cmd)}`;
}

/** A write that ended with its invalidation (or store) failed and an older copy left: counted. */
const LOST_INVALIDATION_COUNTED = ' Lost invalidations counts this write.';

/**
 * A versioned invalidation whose key holds a hash, a list or a set: the script's GET fails with
 * WRONGTYPE, as it does on a real Redis 7, which ends the script before its SET.
 */
function wrongTypeInvalidationText(e: StepEvent, type: string): string {
  const held = type === 'other' ? 'a value of another type' : `a ${type}`;
  const it = type === 'other' ? 'the value' : `the ${type}`;
  const again = e.actor === CDC_ACTOR ? ' The consumer does not send this invalidation again.' : '';
  const counted = e.isInvalidationLost === true ? LOST_INVALIDATION_COUNTED : '';
  const fails =
    e.program === 'write' && e.isFailed === true
      ? ` ${ownerOf(e)}'s write fails here: nothing after this command runs.`
      : '';
  return `Redis is reachable, but ${e.key} holds ${held}, not a string, and the script's first call, redis.call('GET', KEYS[1]), fails on it with WRONGTYPE, as it does on a real Redis 7: the error ends the script before its SET, so no tombstone is set and ${it} stays.${again}${counted}${fails} The application's read path never serves it as the row: a read under versioned fills GETs ${e.key}, gets WRONGTYPE too, deletes ${it}, reads the database and fills the key as its miss path does.`;
}

/** The writes a flusher stopped by a refused UPDATE had taken from the queue: lost. */
const refusedFlushLostText = (n: number): string =>
  n === 1
    ? 'The write it took from the queue is in neither Redis nor the database now, and nothing sends it again: it is lost, and Writes lost counts it.'
    : `The ${n} writes it took from the queue and had not written are in neither Redis nor the database now, and nothing sends them again: they are lost, and Writes lost counts them.`;

/**
 * What became of a statement that ended its program with an error: an UPDATE or a SELECT refused
 * wrote or read nothing (the DB counters leave it out), but one that ran and returned a row
 * without a column the application reads (the console renamed or dropped it) did write or read.
 */
function dbErrorCause(e: StepEvent): string {
  const isUnusableRow = e.reply.startsWith(`(error) ${ROW_MISSING_COLUMNS}`);
  if (e.command.startsWith('UPDATE'))
    return isUnusableRow
      ? 'The database committed the UPDATE, but the row it returned cannot be used'
      : 'The database refused the statement and wrote nothing';
  if (e.command.startsWith('SELECT * FROM users'))
    return isUnusableRow
      ? 'The database ran the SELECT (a DB read), but the row it returned cannot be used'
      : 'The database refused the SELECT and read nothing';
  return isUnusableRow ? 'The row the database returned cannot be used' : 'The statement failed';
}

/**
 * Why a Redis command of a program failed: it never reached Redis (a connection error), or
 * Redis answered it with an error, and which (out of memory, a key of another type ...).
 */
export function cacheErrorCause(e: StepEvent): string {
  const cmd = e.command.split(' ')[0].toUpperCase();
  const code = /^\(error\) ([A-Z]+)\b/.exec(e.reply)?.[1];
  return e.isConnectionError === true
    ? 'The command never reached Redis: it cannot be reached (a connection error).'
    : code === 'OOM'
      ? 'Redis is reachable, but refused the write: it is out of memory (it holds as many keys as its limit allows) and its eviction policy, noeviction, frees no room, so nothing is stored.'
      : code === 'WRONGTYPE' && (cmd === 'EVAL' || cmd === 'EVALSHA')
        ? // The script runs; a call inside it (its GET, say) meets the wrong type and ends it.
          `Redis is reachable and ran the script, but a redis.call in it failed on a key of another type (a hash, a list, a set ...) than the command works on, and that error ended the script there, as Redis 7 does.`
        : code === 'WRONGTYPE'
          ? `Redis is reachable, but refused the command: ${wrongTypeText(e, cmd)}`
          : 'Redis is reachable, but answered the command with an error.';
}

/** The value types a WRONGTYPE refusal can meet, each as "a hash". */
const VALUE_TYPES = ['string', 'hash', 'list', 'set'] as const;

/**
 * The commands that name more than one key, of which a WRONGTYPE refusal cannot tell which it
 * met (a STORE's first key is its destination, which any type may hold).
 */
const MULTI_KEY_COMMANDS: ReadonlySet<string> = new Set([
  'MGET',
  'MSET',
  'MSETNX',
  'SINTER',
  'SUNION',
  'SDIFF',
  'SINTERSTORE',
  'SUNIONSTORE',
  'SDIFFSTORE',
  'LMOVE',
  'RPOPLPUSH',
  'SINTERCARD',
  'SMOVE',
]);

/**
 * What a WRONGTYPE refusal met: the key holds another type than the one the command works on,
 * the list of the write-behind queue's RPUSH and LPOP, the string of a GET.
 */
function wrongTypeText(e: StepEvent, cmd: string): string {
  const type = VALUE_TYPES.find((t) => HELP_GROUPS.get(t)?.includes(cmd) === true);
  const key = e.key === '' || MULTI_KEY_COMMANDS.has(cmd) ? 'a key it names' : e.key;
  if (type === undefined) return `${key} holds a value of another type than ${cmd} works on.`;
  const others = VALUE_TYPES.filter((t) => t !== type)
    .map((t) => `a ${t}`)
    .join(', ');
  return `${key} holds a value of another type (${others} ...), not the ${type} ${cmd} works on.`;
}

/**
 * A failed invalidation or store at a key that held another user's row: no copy of the row is
 * left, but the wrong entry a DEL would have removed, or a SET replaced, is (a script may compare
 * only versions, so it is not said to have removed it).
 */
function otherRowLeftText(
  e: StepEvent,
  cmd: string,
  other: NonNullable<StepEvent['otherRowBeforeWrite']>,
): string {
  const removed =
    cmd === 'DEL'
      ? `, which this DEL would have removed`
      : cmd === 'SET'
        ? `, which this SET would have replaced`
        : '';
  return `${otherRowStaysText(e.key, other, removed)}.`;
}

/** What a program does once a Redis command of its own failed. */
function afterCacheError(e: StepEvent, cmd: string): string {
  const who = ownerOf(e);
  // Uncaught, the request's note names the error as what the code threw; a message of the
  // code's own that quotes it (caught, then thrown again in other words) is no such note.
  const isUncaught = e.note?.includes(`threw: ${e.reply.replace(/^\(error\) /, '')}`) === true;
  // Ours catch a Redis error and read the database; a learner's code may let it end the read.
  if (isFailedRead(e))
    return `${who}'s read fails${isUncaught ? ': your code did not catch the error.' : '.'}`;
  if (e.program === 'read') {
    // Ours read the database next; what a learner's code does next is told by its next step.
    // Ours delete a key of another type at once (its next step's note says why, on this one).
    // Its deletion failing (Redis lost since the GET) leaves the entry; the read only falls back.
    if (e.label === 'discard' && !isLearnerLabel(e.label))
      return `${e.key} keeps the entry ${who} could not use (a corrupt entry): ${who} does without the cache and reads the database, and caches nothing.`;
    if (!e.finishes && e.note?.startsWith(CORRUPT_ENTRY) === true && !isLearnerLabel(e.label))
      return `${who} cannot use what ${e.key} holds (a corrupt entry)${e.isMiss ? ', so it counts as a miss' : ''}: the read deletes it next, reads the database and fills the key as its miss path does.`;
    if (!e.finishes)
      return isLearnerLabel(e.label)
        ? `${who}'s read goes on after the error: its next step shows what it does instead.`
        : // Single flight's and the lease's fill come after their SELECT: the row is read.
          e.label === 'set' || e.label === 'fill'
          ? `${who}'s read keeps the row it read from the database, nothing is cached, and ${who} releases its ${e.label === 'set' ? 'lock' : 'lease'} next.`
          : `${who} does without the cache and reads the database.`;
    // Refresh-ahead's and early refresh's PTTL after a hit decide only whether to reload: the
    // read keeps its hit.
    if ((e.label === 'ttl' || e.label === 'pttl') && e.verdict?.version)
      return `${who}'s read returns ${versionText(e.verdict.version)}, the copy its GET hit: ${
        e.label === 'ttl'
          ? "the cache only could not check the entry's TTL, so it starts no reload."
          : "only the entry's TTL could not be checked, so it does not refresh early."
      }`;
    // Ours end on a failed SET, after their SELECT; a learner's read may end on any command.
    if (cmd === 'SET' && !isLearnerLabel(e.label))
      return `${who}'s read returns the row it read from the database, and nothing is cached.`;
    const returned = e.verdict?.version ? versionText(e.verdict.version) : 'no row (no such user)';
    return `${who}'s read ends on this error and returns ${returned}, without going to the database after it.`;
  }
  // A write that ends failed here (a learner's code let the error through): nothing after runs.
  const fails =
    e.program === 'write' && e.isFailed === true
      ? ` ${who}'s write fails here${isUncaught ? ', since your code did not catch the error' : ''}: nothing after this command runs.`
      : '';
  // The write this step ended left an older copy (or another user's row) behind: the stats
  // strip's counter moved with this step, and the sentence names it as the strip labels it.
  const counted = e.isInvalidationLost === true ? LOST_INVALIDATION_COUNTED : '';
  // A learner's write whose failed command names another key than its row's: nothing of the
  // row's copy rode on it.
  if (e.rowKeyElsewhere !== undefined)
    return `It names ${e.key}, not ${e.rowKeyElsewhere} (the key of the row this write changed), so no store or invalidation of that row failed here.${fails}`;
  // The consumer takes the next change after a failed invalidation: this one is lost.
  if (e.actor === CDC_ACTOR && (cmd === 'DEL' || cmd === 'EVAL')) {
    const lost = 'The invalidation did not happen, and the consumer does not send it again';
    const lease = leaseLeftText(e);
    return e.copyBeforeWrite === undefined
      ? `${lost}: a copy of the row cached before this change, if there is one, stays until its TTL ends it or another write removes it.${lease}`
      : e.copyBeforeWrite > 0
        ? `${lost}: the copy of the row Redis holds (${versionText(e.copyBeforeWrite)}) stays until its TTL ends it or another write removes it.${lease}`
        : e.otherRowBeforeWrite !== undefined
          ? `${lost}. ${otherRowLeftText(e, cmd, e.otherRowBeforeWrite)}${lease}`
          : `${lost}, but Redis holds no copy of the row now, so none from before this change is left.${lease}`;
  }
  // What the command was for: a DEL or a tombstone invalidates; a row (update-cache's SET,
  // write-through's EVAL) is the new row for the cache.
  const carriesRow = e.cachedJson !== undefined;
  const isInvalidation =
    cmd === 'DEL' || (!carriesRow && (cmd === 'EVAL' || e.sendsTombstone === true));
  if (e.program === 'write' && isInvalidation) {
    // The lease it did not delete lets its holder's fill through, whatever row that one read.
    const lease = leaseLeftText(e);
    // Double-delete's first DEL: the write's own second DEL is still to come.
    if (e.label === 'del-first' && e.copyBeforeWrite !== undefined && e.copyBeforeWrite > 0)
      return `The first DEL did not happen: the copy of the row Redis holds (${versionText(e.copyBeforeWrite)}) stays for now. This write sends a second DEL after its UPDATE and its delay, which removes it if Redis is reachable then.${fails}`;
    return e.copyBeforeWrite === undefined
      ? `The invalidation did not happen: a copy of the row cached before this write, if there is one, stays until its TTL ends it or another write removes it.${counted}${lease}${fails}`
      : e.copyBeforeWrite > 0
        ? `The invalidation did not happen: the copy of the row Redis holds (${versionText(e.copyBeforeWrite)}) stays until its TTL ends it or another write removes it.${counted}${lease}${fails}`
        : e.otherRowBeforeWrite !== undefined
          ? `The invalidation did not happen. ${otherRowLeftText(e, cmd, e.otherRowBeforeWrite)}${counted}${lease}${fails}`
          : `The invalidation did not happen, but Redis holds no copy of the row now, so none from before this write is left.${lease}${fails}`;
  }
  // Write-behind's failed SET and write-through's failed store say what the cache holds, known
  // to the engine. A write path that stores the row (update-cache, write-through, write-behind)
  // ends a copy left by storing over it: "replaces", not "removes".
  if (e.program === 'write' && (cmd === 'SET' || cmd === 'EVAL') && e.copyBeforeWrite !== undefined)
    return e.copyBeforeWrite > 0
      ? `The new row is not cached: the copy cached before this write (${versionText(e.copyBeforeWrite)}) stays until its TTL ends it or another write replaces it.${counted}${fails}`
      : e.otherRowBeforeWrite !== undefined
        ? `The new row is not cached. ${otherRowLeftText(e, cmd, e.otherRowBeforeWrite)}${counted}${fails}`
        : `The new row is not cached, and no copy of the row was cached before it: none is left to go stale, and the next read gets the row from the database.${fails}`;
  if (e.program === 'write' && (cmd === 'SET' || cmd === 'EVAL'))
    return `The new row is not cached: a copy cached before this write, if there is one, stays until its TTL ends it or another write replaces it.${counted}${fails}`;
  if (fails !== '') return fails.trimStart();
  if (e.writesLeftWaiting !== undefined)
    return `${who}'s job ends without it: ${waitingText(e.writesLeftWaiting)} in the queue with no flusher running. Nothing flushes ${e.writesLeftWaiting === 1 ? 'it' : 'them'} until the next write is queued: its RPUSH starts a flusher (a write while Redis is unreachable goes to the database itself, and starts none).`;
  return e.finishes
    ? `${who}'s ${e.program === 'background' ? 'job' : e.program} ends without it.`
    : `${who}'s ${e.program === 'background' ? 'job' : e.program} goes on without it.`;
}

/**
 * The lease an invalidation that failed did not delete: its holder's fill goes through with the
 * row it read. Redis down, that fill needs Redis back first (its fill fails while it is down),
 * and the lease still held then (it expires with the PX it was taken with).
 */
function leaseLeftText(e: StepEvent): string {
  if (e.leaseLeft === undefined) return '';
  const { key, token } = e.leaseLeft;
  const when =
    e.isConnectionError === true
      ? ', once Redis is reachable again and while the lease lasts (a fill sent while Redis is down fails too)'
      : '';
  return ` Nor was the lease deleted: ${key} still holds ${token}, so its holder's fill goes through${when}, with the row it read.`;
}
