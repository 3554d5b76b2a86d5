import { isLearnerLabel } from '../engine/programs/learner';
import { shownCommand, type StepEvent } from '../engine/stepEvent';
import {
  dbRowText,
  exactTtlText,
  fieldsText,
  isFailedRead,
  otherRowStaysText,
  otherUserCopyText,
  ownerOf,
  sentence,
  ttlText,
  versionText,
  whoSent,
} from './narrationTerms';
import { describeCacheLayer } from './cacheLayerNarration';
import { describeError } from './errorNarration';
import {
  describeUnusableValue,
  hitVerdict,
  isUnusableValue,
  overlapReadText,
  staleReadText,
  describeDiscard,
} from './readNarration';
import {
  fillRefusedText,
  notJudgedYetText,
  refreshRefusedText,
  staleFillEnds,
  writeBehindStaleCopy,
} from './fillNarration';
import {
  deletedLockText,
  describeDel,
  describeRelease,
  EVICTED,
  GONE,
  holdGoneText,
  holderText,
  retryHolderText,
} from './lockNarration';

/**
 * What one command did, told from the engine's own event: the command, its reply, and what it
 * means for the request (a hit, a miss, a stale fill, a fill refused, a tombstone seen ...).
 * The page shows this when a run has left a scenario's authored path.
 */
export function describeEvent(e: StepEvent, repeats = 1): string {
  const told =
    describeCommand(e, repeats) + keyLeftByReadText(e) + evictedText(e) + uncarriedText(e);
  // A request that failed on a command that itself succeeded (a learner's code threw after it,
  // or returned a wrong answer): the note below says why, the sentence says that it failed.
  if (e.isFailed !== true || / (fails|failed)\b/.test(told)) return told;
  return `${told} ${ownerOf(e)}'s ${e.program} fails after it.`;
}

/**
 * The TTL a GETEX's EX or PX set, exactly as its argument gave it (not what is left of it by the
 * time the step ends); an EXAT or PXAT by what it left, as TTL says.
 */
function ttlSetText(command: string, leftMs: number): string {
  const [option, value] = command.split(' ').slice(-2);
  const ms = Number(value) * (option?.toUpperCase() === 'EX' ? 1000 : 1);
  return /^(EX|PX)$/i.test(option ?? '') && Number.isSafeInteger(ms) && ms > 0
    ? exactTtlText(ms)
    : ttlText(leftMs);
}

/**
 * What a GETDEL or GETEX did to its key besides answering its value: removed it, or changed its
 * TTL (a lock's removal is told with whose lock it was, in the sentence itself).
 */
function keyLeftByReadText(e: StepEvent): string {
  const left = e.keyLeftByRead;
  if (left === undefined || e.deletedLock !== undefined) return '';
  const cmd = e.command.split(' ', 1)[0];
  if ('isRemoved' in left)
    return ` ${cmd} removed ${e.key} as it answered: the key is no longer in the cache.`;
  const had = left.wasTtlMs === null ? 'it had no TTL' : `it had ${ttlText(left.wasTtlMs)} left`;
  return left.ttlMs === null
    ? ` ${cmd} removed the TTL of ${e.key} (${had}): the key no longer expires.`
    : ` ${cmd} set the TTL of ${e.key} to ${ttlSetText(e.command, left.ttlMs)} (${had}).`;
}

/**
 * Who holds the lock or lease a reader's SET NX could not take: another reader, or, when no read
 * under way holds it, who set it (the console, or a read that ended without releasing it).
 */
function lostTakeText(e: StepEvent, kind: 'lease' | 'lock', doing: 'filling' | 'loading'): string {
  return e.heldByNoRead === undefined
    ? `someone else holds the ${kind}`
    : `the ${kind} is taken: ${holderText(e.heldByNoRead, doing)}`;
}

/**
 * Why a lease's or lock's token has the number it has: the engine numbers every request of the
 * run, any actor's, read or write, so A's second read after B's write holds A-3, not A-2, and a
 * teacher reading "A-1, then A-3" would otherwise look for a token that went missing. A run may
 * number its tokens on from a count other than 0 (the event's `tokensAfter`): the request's
 * place is counted from there. Told from the 2nd request on, or wherever the count does not
 * start from 0 (the first needs no reason otherwise), and only for a token of the engine's form.
 */
function tokenNumberText(e: StepEvent): string {
  const token = e.command.split(' ')[2] ?? '';
  const n = token.startsWith(`${e.actor}-`) ? Number(token.slice(e.actor.length + 1)) : NaN;
  const after = e.tokensAfter ?? 0;
  const place = n - after;
  if (!Number.isSafeInteger(n) || place < 1 || (place < 2 && after === 0)) return '';
  const counted = "every request is counted, whichever actor's";
  const why =
    after === 0
      ? counted
      : `this run's tokens are numbered on from ${after.toLocaleString('en-US')}${place < 2 ? '' : `, and ${counted}`}`;
  return ` Its token, ${token}, numbers the run's ${ordinal(place)} request: ${why}.`;
}

const ordinal = (n: number): string => {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n.toLocaleString('en-US')}${suffix}`;
};

/** A copy's field holding what JSON made of a row's value it could not carry (a BLOB, Inf). */
function uncarriedText(e: StepEvent): string {
  if (e.uncarried === undefined) return '';
  const fields = e.uncarried.map(([f, copy, row]) => `${f} ${row} (the copy has ${copy})`);
  return ` JSON could not carry the row's ${fields.join(', ')}.`;
}

/** The keys Redis evicted to make room for a command, and what went with the write-behind queue. */
function evictedText(e: StepEvent): string {
  if (e.evicted === undefined) return '';
  const queue = e.evicted.includes('write-behind:queue')
    ? ': the write-behind queue, with every write still queued in it, which the database has not got'
    : '';
  const unflushed = e.evictedUnflushed ?? [];
  const copies =
    unflushed.length === 0
      ? ''
      : ` ${unflushed.join(', ')} held the cache's copy of a write the database does not have yet: a read or write of ${unflushed.length === 1 ? 'that row' : 'those rows'} that misses now loads the database's older row, so the copy it caches leaves that acknowledged write out, and once the write is flushed that copy is older than the database's row.`;
  return ` Redis was at its key limit, so it evicted ${e.evicted.join(', ')} to make room${queue}.${copies}`;
}

/** What removed a write-behind write's copy, as the command log shows it, else both ways it goes. */
const copyGoneText = (by: string | undefined): string =>
  by === undefined
    ? 'evicted or deleted'
    : by.startsWith('an eviction')
      ? EVICTED
      : `${by} removed it`;

/**
 * Under write-behind, a SELECT of a row with an acknowledged write still queued: the row it
 * loads leaves that write out, and what the load caches falls out of step with the database.
 */
const behindQueueText = (e: StepEvent): string =>
  e.loadsBehindQueue === 'unreachable'
    ? ` A write of this row is still queued, acknowledged but not yet in the database, and Redis, which holds the queue, is down: this row leaves that write out, older than what the application acknowledged, until Redis is back and the queue is flushed.`
    : e.loadsBehindQueue === 'missing'
      ? ` A write of this row is still queued, acknowledged but not yet in the database, and the cache's copy of it is gone (${copyGoneText(e.copyRemovedBy)}): this row leaves that write out, so the copy ${e.program === 'write' ? 'this write makes from it' : 'the cache stores from it'} is not what the database will hold once the queue is flushed.`
      : '';

function describeCommand(e: StepEvent, repeats = 1): string {
  const who = whoSent(e);
  const sent = `${who} ${e.target === 'redis' ? 'sends' : 'runs'} ${shownCommand(e)}`;
  if (e.program === 'console') {
    // A reply that ends a sentence itself (ioredis' "Connection is closed.") gets no second stop.
    const reply = e.deletedLock ? `${e.reply}, ${deletedLockText(e)}` : sentence(e.reply);
    // A scenario's admin script ("ops") is a client outside the application, not the console.
    return e.actor === 'console'
      ? `${sent} from the console: ${reply}`
      : `${who}, a client outside the application, ${e.target === 'redis' ? 'sends' : 'runs'} ${shownCommand(e)}: ${reply}`;
  }
  // A program that ended before its first command sent nothing: told as how it ended.
  if (e.ends !== undefined)
    return `${who}'s ${e.program} path ${e.ends} before sending any command.`;
  const verdict = e.verdict;
  const staleRead =
    e.isStaleRead && verdict ? staleReadText(verdict, e.otherFields) : overlapReadText(e);
  // A read may end on a step of the cache layer (refresh-ahead's PTTL after a hit): judged there.
  if (e.label === 'discard' && !e.isError && e.program === 'read')
    return `${describeDiscard(e, sent)}${staleRead}`;
  const pattern = describeCacheLayer(e, sent);
  if (pattern !== null) return `${pattern}${staleRead}`;
  if (e.isError) return describeError(e, sent);
  const transaction = describeTransaction(e, sent, staleRead);
  if (transaction !== null) return transaction;
  if (e.target === 'wait') return describeWait(e, who, repeats);
  if (e.target === 'db') {
    if (/\bFROM changes\b/.test(e.command))
      return `${sent}: ${e.reply}, the change log past its cursor.`;
    if (e.command.startsWith('SELECT') && e.label === 'give-up')
      return `${sent} and receives ${dbRowText(e)}. ${who} ran out of retries without a row from the cache, so it returns this row and caches nothing.${staleRead}`;
    if (e.command.startsWith('SELECT'))
      return `${sent} and receives ${dbRowText(e)}.${behindQueueText(e)}${staleRead}`;
    const left = e.isStaleFill
      ? ` The write is done, but ${e.isStaleFillOtherUser === true ? "another user's row a racing fill put under its key" : 'an older row a racing fill put in Redis'} is still there: a STALE FILL that stays until ${staleFillEnds(e)}.`
      : '';
    // Write-behind's write when the cache did not take it (Redis unreachable, or it refused).
    const fallback =
      e.program === 'write' && e.label === 'fallback'
        ? ` Write-behind falls back: the cache could not take this write (its last command failed), so the application writes the database directly, and nothing is queued for the flusher.${
            e.isInvalidationLost !== true
              ? ''
              : e.otherRowLeft !== undefined
                ? ` ${otherRowStaysText(e.key, e.otherRowLeft, ', which this write would have replaced')}, and Lost invalidations counts it.`
                : ' The cache still holds a copy of the row from before this write, older than the row now: it stays until it expires, is evicted or another write replaces it, and Lost invalidations counts it.'
          }`
        : '';
    // The row is there, but a trigger skipped the UPDATE: the row is not missing.
    if (e.reply === '0 rows changed' && e.isWriteSkipped === true)
      return `${sent}: 0 rows changed. The database holds the row with id ${e.key.replace(/^user:/, '')}, but a trigger skipped this write (RAISE(IGNORE) in a trigger the SQL console made), so nothing in the database changed.${fallback}${left}`;
    // An UPDATE that matched no row (the console deleted it): nothing in the database changed.
    if (e.reply === '0 rows changed')
      return `${sent}: 0 rows changed. The database holds no row with id ${e.key.replace(/^user:/, '')}${e.isRowDeleted === true ? ' (it was deleted)' : ''}, so this write changes nothing there.${fallback}${left}`;
    return `${sent}: the row becomes ${dbRowText(e)}.${fallback}${left}`;
  }
  const cmd = e.command.split(' ', 1)[0];
  // GETDEL answers what it removed: a lock's token, told as whose lock it was, not as a hit.
  if (cmd === 'GETDEL' && e.deletedLock !== undefined)
    return `${sent}: ${e.reply}, ${deletedLockText(e)}`;
  if (isUnusableValue(e)) return describeUnusableValue(e, sent);
  // A write's GET (write-behind's copy of the row) is not a read: HITS and MISSES leave it out.
  if (e.program === 'write' && (e.isHit || e.isMiss))
    return e.isHit
      ? `${sent} and finds ${versionText(e.rowVersion)} in the cache (a write's GET, not a read: it is not counted as a hit).`
      : `${sent}: (nil), the key is not cached (a write's GET, not a read: it is not counted as a miss).`;
  // A value that is no row (a lock's token, text typed in the console) read by your code's GET:
  // Redis found the key, so it is a hit, but there is no copy to call fresh or stale.
  if (e.isHit && (e.rowVersion === null || e.rowVersion === undefined))
    return `${sent}: ${e.reply}, a value that is not a row of the users table (Redis found the key, so the GET counts as a hit)${isFailedRead(e) ? `. ${ownerOf(e)}'s read fails.` : '.'}`;
  if (e.isHit)
    return `${sent} and hits ${e.otherUserId !== undefined ? `user ${e.otherUserId}'s row` : versionText(e.rowVersion)}${hitVerdict(e)}${staleRead}`;
  if (e.isTombstone) {
    // Newer than anything the database committed: typed in the console, not left by a write.
    const isAhead =
      e.rowVersion !== null &&
      e.committedVersion !== null &&
      e.isRowDeleted !== true &&
      e.rowVersion > e.committedVersion;
    // Ours read the database next; what a learner's code does next is told by its next step.
    const next =
      e.isLoadedByCache === true
        ? ` and the cache loads the row from the database for ${who}`
        : isLearnerLabel(e.label)
          ? ''
          : ` and ${who} reads the database`;
    return isAhead
      ? `${sent} and finds a tombstone (${versionText(e.rowVersion)}), newer than the database's version ${e.committedVersion}, so no write of the row left it: it counts as a miss${next}.`
      : `${sent} and finds a tombstone (${versionText(e.rowVersion)}): the row changed, so it counts as a miss${next}.`;
  }
  // What the program does next is told by its next step, not foretold here: a single-flight
  // reader tries the lock first, and a learner's program may do anything.
  if (e.isMiss) return `${sent}: (nil), a miss: the key is not in the cache.`;
  if (e.isFillRefused) {
    const why = e.command.includes('lease:')
      ? `${who}'s lease is gone (${holdGoneText(e, GONE)})`
      : e.label === 'refresh'
        ? refreshRefusedText(e)
        : fillRefusedText(e);
    const isOutdated =
      e.rowVersion !== null && e.committedVersion !== null && e.rowVersion < e.committedVersion;
    // Refused by a copy of this very row (another's fill of the same version): the row is in the
    // cache all the same, in that copy, not kept out of it.
    const found = e.keyFound;
    const isRowKept =
      found?.kind === 'copy' && found.version === e.rowVersion && found.isFillsValue === true;
    const after = isRowKept
      ? `That copy keeps ${versionText(e.rowVersion)} in the cache, ${isOutdated ? 'no longer the' : 'the'} current row.`
      : isOutdated
        ? `So ${versionText(e.rowVersion)}, no longer the current row, stays out of the cache.`
        : `Nothing is cached this time, though ${versionText(e.rowVersion)} was the current row.`;
    // A write's store of the row it wrote (update-cache under versioned fills, write-through)
    // goes through the fill's script, but it fills nothing a read missed: told as the write's.
    const refused =
      e.program === 'write'
        ? `${ownerOf(e)}'s store of the row it wrote is refused`
        : 'the fill is refused';
    return `${sent}: (integer) 0, ${refused}: ${why}. ${after}${overlapReadText(e)}`;
  }
  if (e.isStaleFill && e.otherUserId !== undefined)
    return `${sent}: ${e.reply}. A STALE FILL: Redis now holds ${otherUserCopyText(e.key, e.otherUserId, e.rowVersion)}, and no invalidation is on its way: it stays until ${staleFillEnds(e)}.${overlapReadText(e)}`;
  if (e.isStaleFill)
    return `${sent}: ${e.reply}. A STALE FILL: Redis now holds ${versionText(e.rowVersion)}${e.isRowDeleted ? ' of a row the database no longer holds (another process deleted it)' : e.otherFields !== undefined && e.rowVersion === e.committedVersion ? `, the database's version but not its row (${fieldsText(e.otherFields)})` : ` while the database holds version ${e.committedVersion ?? '?'}`}, and no invalidation is on its way: it stays until ${staleFillEnds(e)}.${overlapReadText(e)}`;
  // What a learner's code does after a lock or lease it did not get is told by its next step.
  const isYours = isLearnerLabel(e.label);
  if (cmd === 'SET' && e.key.startsWith('lease:'))
    return e.reply === 'OK'
      ? `${sent}: OK, ${who} holds the lease and may fill.${tokenNumberText(e)}`
      : e.givesUp === true
        ? `${sent}: (nil), ${lostTakeText(e, 'lease', 'filling')}, and that was ${who}'s last try: ${who} waits no more and reads the database, without filling the cache.`
        : isYours
          ? `${sent}: (nil), ${lostTakeText(e, 'lease', 'filling')}, so nothing is stored.`
          : `${sent}: (nil), ${lostTakeText(e, 'lease', 'filling')}; ${who} waits and retries.`;
  if (cmd === 'SET' && e.key.startsWith('lock:'))
    return e.reply === 'OK'
      ? `${sent}: OK, ${who} holds the lock and refills the key itself.${tokenNumberText(e)}`
      : e.givesUp === true
        ? `${sent}: (nil), ${lostTakeText(e, 'lock', 'loading')}, and that was ${who}'s last try: ${who} waits no more and reads the database, without filling the cache.`
        : isYours
          ? `${sent}: (nil), ${lostTakeText(e, 'lock', 'loading')}, so nothing is stored.`
          : `${sent}: (nil), ${lostTakeText(e, 'lock', 'loading')}; ${who} waits and reads the cache again.`;
  // A versioned-fill tombstone as the engine reads one, not any value with the word in it.
  if (cmd === 'SET' && e.sendsTombstone === true)
    return `${sent}: ${e.reply}. A tombstone marks the new version, so an older row cannot be filled over it.`;
  if (cmd === 'EVAL' && (e.label === 'unlock' || e.label === 'release'))
    return describeRelease(e, sent);
  if (cmd === 'DEL' || cmd === 'UNLINK') return describeDel(e, sent);
  // The words after SET's value, counted from the end when the event says how many arguments
  // it sent: the value (a row's JSON) may hold spaces, and a name may be "NX".
  const setWords = cmd === 'SET' ? e.command.toUpperCase().split(' ') : [];
  const setFlags =
    e.argCount === undefined ? setWords.slice(3) : setWords.slice(setWords.length + 3 - e.argCount);
  const notStored = notStoredText(cmd, setFlags, e.reply);
  if (notStored !== null)
    return `${sent}: ${e.reply}, nothing is stored: ${notStored}.${staleRead}`;
  if ((STORES.has(cmd) || cmd === 'EVAL') && e.rowVersion !== null && e.rowVersion !== undefined) {
    // Older than the row, yet no stale fill: a write's invalidation is on its way to remove it.
    const isBehind =
      e.rowVersion > 0 && e.committedVersion !== null && e.rowVersion < e.committedVersion;
    // Write-behind's own SET builds on the cached copy, and sends no invalidation after it.
    if (isBehind && !e.isRowDeleted && e.via === 'cache' && e.program === 'write')
      return `${sent}: ${e.reply}. Redis holds ${versionText(e.rowVersion)}, older than the database's version ${e.committedVersion}: ${writeBehindStaleCopy(e, setFlags)}${staleRead}`;
    // Write-behind's SET of the row it wrote: the cache has the write, the database not yet.
    const isAhead =
      e.via === 'cache' &&
      e.program === 'write' &&
      e.committedVersion !== null &&
      e.rowVersion > e.committedVersion;
    // The row deleted since the SELECT, with a write of it still in flight (no stale fill yet).
    const state = e.isRowDeleted
      ? ' of a row the database no longer holds (another process deleted it)'
      : isAhead
        ? `, newer than the database's version ${e.committedVersion}: the cache holds a write not yet in the database (AHEAD), and write-behind writes the database later, from its queue`
        : isBehind
          ? `, older than the database's version ${e.committedVersion}: a stale copy, not yet a STALE FILL, because ${notJudgedYetText(e)}`
          : e.rowVersion === e.committedVersion
            ? e.otherFields === undefined
              ? ', the current row'
              : `, the database's version but not its row (${fieldsText(e.otherFields)}): STALE`
            : '';
    if (e.storedOtherRow !== undefined)
      return `${sent}: ${e.reply}. ${storedOtherRowText(e, e.storedOtherRow)}${staleRead}`;
    // Another user's row: its version says nothing of this row's, and a write in flight judges it.
    if (e.otherUserId !== undefined)
      return `${sent}: ${e.reply}. Redis ${e.evicted?.includes(e.key) === true ? 'stored, and holds no longer,' : 'holds'} ${otherUserCopyText(e.key, e.otherUserId, e.rowVersion)}: STALE${e.fillJudgedLater !== undefined ? `, not yet a STALE FILL, because ${notJudgedYetText(e)}` : ''}.${staleRead}`;
    // Evicted by the very command that stored it (the policy picks among every key, the new one too).
    return e.evicted?.includes(e.key) === true
      ? `${sent}: ${e.reply}. Redis stored ${versionText(e.rowVersion)}${state}, but holds it no longer${staleRead === '' ? ':' : `.${staleRead}`}`
      : `${sent}: ${e.reply}. Redis holds ${versionText(e.rowVersion)}${state}.${staleRead}`;
  }
  return `${sent}: ${e.reply}.${staleRead}`;
}

/** The commands that store the value they carry at their key, told by what they stored. */
const STORES: ReadonlySet<string> = new Set([
  'SET',
  'SETEX',
  'PSETEX',
  'SETNX',
  'GETSET',
  'MSET',
  'MSETNX',
]);

/**
 * Why a SET whose condition did not hold, or a SETNX that found its key, stored nothing, by its
 * reply: SET NX or XX answers (nil), SETNX 0; with GET, SET answers the key's old value whether
 * or not it stored, so NX stored nothing when there was one, XX when there was none. Null when
 * the command stored its value or is no such command.
 */
function notStoredText(cmd: string, setFlags: readonly string[], reply: string): string | null {
  const nx = 'the key already exists (NX stores only a new key), so it keeps what it held';
  const xx = 'the key is not there (XX stores only over an existing key), so it stays absent';
  if (cmd === 'SETNX')
    return reply === '(integer) 0'
      ? 'the key already exists (SETNX stores only a new key), so it keeps what it held'
      : null;
  if (cmd === 'MSETNX')
    return reply === '(integer) 0'
      ? 'a key it names already exists (MSETNX stores all its keys or none), so each keeps what it held'
      : null;
  if (cmd !== 'SET') return null;
  if (setFlags.includes('GET'))
    return setFlags.includes('NX') && reply !== '(nil)'
      ? nx
      : setFlags.includes('XX') && reply === '(nil)'
        ? xx
        : null;
  if (reply !== '(nil)') return null;
  return setFlags.includes('NX') ? nx : setFlags.includes('XX') ? xx : 'its condition did not hold';
}

/**
 * Another user's row stored under a key that names no user (by a SET, or a SET an EXEC ran): no
 * copy of the request's row at all, so its version is not compared with that row's.
 */
function storedOtherRowText(e: StepEvent, stored: NonNullable<StepEvent['storedOtherRow']>) {
  return `Redis holds user ${stored.id}'s row (${versionText(e.rowVersion)}) under ${e.key}, not a copy of user ${stored.requestId}'s row, which ${ownerOf(e)}'s ${e.program} is for.`;
}

/**
 * A learner's transaction command, told from what Redis answered: a queued command ran nothing
 * (QUEUED), EXEC ran the queue (each reply, and the fill it made) or nothing (nil: a watched key
 * was modified). Null for any other step.
 */
function describeTransaction(e: StepEvent, sent: string, staleRead: string): string | null {
  if (e.target !== 'redis' || !isLearnerLabel(e.label)) return null;
  const who = whoSent(e);
  if (e.isQueued === true)
    return `${who} queues ${shownCommand(e)} in its transaction: Redis answers QUEUED and runs nothing yet; it runs at EXEC, with the rest of ${who}'s queue.${staleRead}`;
  if (e.execRan === 'aborted')
    return `${sent}: (nil). A key ${who} watched was modified since its WATCH, so nothing ran: the queue is dropped, and nothing was filled.${staleRead}`;
  if (Array.isArray(e.execRan)) {
    const n = e.execCount ?? e.execRan.length;
    const listed = e.execRan.map((r) => `${r.command} → ${r.reply}`).join('; ');
    const more = n > e.execRan.length ? `; and ${n - e.execRan.length} more` : '';
    const ran =
      n === 0
        ? `${sent}: the queue is empty, so nothing ran.`
        : `${sent}: Redis runs ${who}'s ${n} queued command${n === 1 ? '' : 's'} at once, no other client's command between them: ${listed}${more}.`;
    const watchMissed =
      e.execWatched?.includes(e.key) === true
        ? ` The WATCH of ${e.key} did not stop it: nothing modified the key between WATCH and EXEC (a DEL of a key that is not there is no modification), and WATCH sees changes to the key, not to the row.`
        : '';
    const fill =
      e.storedOtherRow !== undefined
        ? ` ${storedOtherRowText(e, e.storedOtherRow)}`
        : e.otherUserId !== undefined
          ? ` ${e.isStaleFill ? 'A STALE FILL: Redis now holds' : 'Redis holds'} ${otherUserCopyText(e.key, e.otherUserId, e.rowVersion)}${e.isStaleFill ? `, and no invalidation is on its way: it stays until ${staleFillEnds(e)}.${watchMissed}` : ': STALE.'}`
          : e.isStaleFill
            ? ` A STALE FILL: Redis now holds ${versionText(e.rowVersion)} ${e.isRowDeleted ? 'of a row the database no longer holds (another process deleted it)' : `while the database holds version ${e.committedVersion ?? '?'}`}, and no invalidation is on its way: it stays until ${staleFillEnds(e)}.${watchMissed}`
            : e.rowVersion !== null && e.rowVersion !== undefined
              ? ` Redis holds ${versionText(e.rowVersion)}${e.rowVersion === e.committedVersion ? ', the current row' : ''}.`
              : '';
    return `${ran}${fill}${staleRead}`;
  }
  const cmd = e.command.split(' ', 1)[0];
  if (e.reply !== 'OK') return null;
  if (cmd === 'MULTI')
    return `${sent}: OK. ${who}'s connection is in MULTI: the commands it sends next are queued (Redis answers QUEUED) and run together at EXEC.`;
  if (cmd === 'WATCH')
    return `${sent}: OK. ${who}'s EXEC will answer nil, running nothing, if a watched key is modified before it; a DEL of a key that is not there is no modification.`;
  if (cmd === 'DISCARD')
    return `${sent}: OK. The queue is dropped unrun, and no key is watched any more.`;
  return null;
}

/**
 * A wait of one of our programs, with why it waits: nothing was sent, so the reason is not in
 * any command's reply (a learner's wait is its own, told as it is).
 */
function describeWait(e: StepEvent, who: string, repeats = 1): string {
  const each = /^wait (.+) ms$/.exec(e.command)?.[1];
  if (each === undefined)
    return repeats > 1
      ? `${who} waits ${repeats} times (${e.command} each).`
      : `${who} waits (${e.command}).`;
  // The same wait taken several times in a row: once, with how long in all.
  const waited =
    repeats > 1
      ? `${each} ms ${repeats} times, ${Math.round(Number(each) * repeats * 1000) / 1000} ms in all`
      : `${each} ms`;
  // Said once: "A waits 50 ms.", not "A waits (wait 50 ms).".
  const plain = `${who} waits ${waited}.`;
  if (isLearnerLabel(e.label)) return plain;
  if (e.label === 'locked')
    return `${who} waits ${waited}: another write of ${e.key} holds the cache layer's lock on it (two writes must not both start from the same copy).`;
  if (e.label === 'lag')
    return `${who} waits ${waited}: the change log delivers its next change that much later (its lag).`;
  if (e.label !== 'wait') return plain;
  if (e.program === 'read')
    return `${who} waits ${waited}: it got no row from the cache and could not take the ${e.retries ?? 'lock or lease'} (${retryHolderText(e)}), so it asks the cache again after the wait.`;
  if (e.program === 'write')
    return `${who} waits ${waited}, the double-delete delay, before deleting ${e.key} a second time.`;
  if (e.actor === 'flusher')
    return `${who} waits ${waited}, the write-behind delay, before taking queued writes to the database.`;
  return plain;
}
