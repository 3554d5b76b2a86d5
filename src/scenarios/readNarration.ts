// What a read's GET found means for the read: a hit fresh, outdated, ahead of the database or a
// stale read by the checker's rule; a value that is no usable row (a corrupt entry).
import type { ReadVerdict } from '../engine/readChecker';
import type { StepEvent } from '../engine/stepEvent';
import { describeDel } from './lockNarration';
import { fieldsText, isFailedRead, ownerOf, versionText, whoSent } from './narrationTerms';

/**
 * Why the checker judged a read stale: a newer version committed, or the row deleted, first; or
 * its copy is not the row (with the fields that differ: the checker's, else this step's hit's).
 */
export function staleReadText(verdict: ReadVerdict, hitFields: StepEvent['otherFields']): string {
  const otherFields = verdict.otherFields ?? hitFields;
  if (verdict.isUnlikeRow === true)
    return ` A STALE READ: this copy is not the database's row: ${
      verdict.version > verdict.committedVersion
        ? `${versionText(verdict.version)}, while the database holds version ${verdict.committedVersion}`
        : otherFields !== undefined
          ? `at ${versionText(verdict.version)} it has ${fieldsText(otherFields)}`
          : `the row at ${versionText(verdict.version)} has other fields`
    }.`;
  if (verdict.isRowDeleted !== true && verdict.committedAtStart !== undefined)
    return ` A STALE READ: the database held version ${verdict.committedAtStart} before this read began (it holds version ${verdict.committedVersion} now).`;
  if (verdict.isRowDeleted !== true)
    return ` A STALE READ: the database has held version ${verdict.committedVersion} since before this read began.`;
  return ` A STALE READ: the row was deleted from the database, yet this read returned a copy of it (${versionText(verdict.version)}) that outlived it: a copy of a deleted row is stale.`;
}

/**
 * A read that ends, on a step other than its GET, returning a version older than the database's
 * without being a stale read: the newer version was committed after the read began (the
 * checker's rule). Said, so that beside a STALE badge, or a fill refused, the Stale reads counter
 * does not read as a slip. A GET's own hit says it in {@link hitVerdict}.
 */
export function overlapReadText(e: StepEvent): string {
  const v = e.verdict;
  if (!e.finishes || v === undefined || v.isStale || e.command.startsWith('GET ')) return '';
  if (v.isRowDeleted === true || v.isUnlikeRow === true) return '';
  if (!(v.version > 0 && v.version < v.committedVersion)) return '';
  return ` ${ownerOf(e)}'s read returns version ${v.version}, while the database holds version ${v.committedVersion}: the read began before that version was committed, so it may return either and is not counted a stale read.`;
}

/**
 * A GET that answered a value the application cannot use as the row (not JSON, another user's
 * row ...): the engine counts it a miss, and the program reads the database.
 */
export const isUnusableValue = (e: StepEvent): boolean =>
  e.target === 'redis' && e.isMiss && !e.isTombstone && !e.isError && e.reply !== '(nil)';

/** The reply of a GET that {@link isUnusableValue}, and what it is. */
export const corruptEntryText = (e: StepEvent): string =>
  `${e.reply}, a value that is not ${e.key}'s row as the application writes it: a corrupt entry`;

/**
 * A GET's value that {@link isUnusableValue}, told: a miss for a read, which reads the database
 * next; nothing a write can use.
 */
export function describeUnusableValue(e: StepEvent, sent: string): string {
  const who = whoSent(e);
  const answered = `${sent}: ${corruptEntryText(e)}.`;
  return e.program === 'read'
    ? `${answered} It counts as a miss: the read deletes it next, reads the database and fills the key as its miss path does.`
    : `${answered} ${who} cannot use it (a write's GET, not a read: it is not counted as a miss).`;
}

/**
 * What a GET hit means for its read: fresh when the copy is the database's current row; a copy
 * older than the row otherwise (a stale read once the read returns, unless the newer version was
 * committed while it was in flight: the checker's rule).
 */
export function hitVerdict(e: StepEvent): string {
  // The read failed on this step (what it returned was wrong): no verdict to tell.
  if (isFailedRead(e)) return `. ${ownerOf(e)}'s read fails.`;
  if (e.isStaleRead) return '.';
  if (e.verdict?.isRowDeleted === true)
    return ', a copy of a row deleted while this read was in flight, so it is not counted stale.';
  // Not judged yet (the read goes on), and no row left to be fresh against.
  if (e.isRowDeleted)
    return ', a copy of a row the database no longer holds, and the read goes on.';
  const isBehind =
    e.rowVersion !== null && e.committedVersion !== null && e.rowVersion < e.committedVersion;
  // Newer than the row (a copy typed in the console): judged when the read returns, not here.
  const isAhead =
    e.rowVersion !== null && e.committedVersion !== null && e.rowVersion > e.committedVersion;
  if (isAhead && !e.finishes)
    return ` while the database holds version ${e.committedVersion}, and the read goes on.`;
  // A write still running set the cache before its UPDATE committed: the key is AHEAD.
  if (isAhead && e.verdict?.isReadAhead === true)
    return `, ahead of the database's version ${e.committedVersion}: a version a write of the row still running put in the cache before its UPDATE committed it. A DIRTY READ: it returned a value the database has not committed yet (a read ahead of the database, not a stale one).`;
  if (isAhead && e.verdict?.isSetBackInFlight === true)
    return `, ahead of the database's version ${e.committedVersion}: the row was set back to it after this read began, so the read may return either and is not counted a stale read. The copy is a stale entry all the same (its STALE badge): a read that begins now and hits it is counted stale.`;
  // Ahead, and the checker did not count the read stale: write-behind's copy of a write still on
  // its way (the cache commits first), the one row ahead a read may return. Not "fresh": the
  // versions differ.
  if (isAhead)
    return `, ahead of the database's version ${e.committedVersion}: the cache's copy of an acknowledged write not yet in the database (write-behind writes the cache first), so the read is not stale.`;
  // At the row's version but not the row (a copy typed in the console): not fresh.
  if (!isBehind && !isAhead && e.otherFields !== undefined)
    return `, but not the database's version ${e.committedVersion}: ${fieldsText(e.otherFields)}${e.finishes ? '.' : ', and the read goes on.'}`;
  if (!isBehind) return ': fresh.';
  // Not a stale read, by the checker's rule; the copy is a stale entry all the same, and the
  // sentence says both, so that beside the key's STALE badge the counter does not read as a slip.
  return e.finishes
    ? `, while the database holds version ${e.committedVersion}: the read that sent this GET began before that version was committed, so it may return either and is not counted a stale read. The copy is a stale entry all the same (its STALE badge): a read that begins now and hits it is counted stale.`
    : ` while the database holds version ${e.committedVersion}: an outdated copy, and the read goes on.`;
}

/**
 * A read's deletion of the corrupt entry its GET found (the step labelled `discard`): a plain
 * DEL, or under versioned fills and the cache layer the script that deletes only that entry.
 */
export function describeDiscard(e: StepEvent, sent: string): string {
  const who = whoSent(e);
  const isRemoved = e.reply === '(integer) 1';
  const left = 'left there, every read of the row would miss on it until its TTL.';
  const next = `${ownerOf(e)}'s read goes on as a miss: it reads the database and fills the key as its miss path does, so the next read of it can hit.`;
  // A plain DEL removes what the key holds now: a writer's row (update-cache) stored since the
  // GET is no corrupt entry, and the sentence must not call it one.
  const held = e.deletedEntry;
  const since =
    held?.kind === 'copy' || held?.kind === 'tombstone'
      ? `That was ${held.kind === 'copy' ? `version ${held.version}, a copy of the row` : `a tombstone (version ${held.version})`} stored since ${who}'s GET, not the entry ${who} could not use: a DEL removes whatever the key holds.`
      : undefined;
  if (!e.command.startsWith('EVAL'))
    return `${describeDel(e, sent)} ${
      !isRemoved
        ? `Something else removed the entry ${who} could not use since its GET.`
        : (since ?? `${who} deleted it because it could not use it (a corrupt entry): ${left}`)
    } ${next}`;
  // Versioned fills and the cache layer store only over an older version or into an empty key:
  // whether the row goes back is known at that step, not at this one (something may have
  // stored a row in the key since the GET, as when the script finds another entry there).
  const fill =
    e.via === 'cache'
      ? 'the cache loads the row from the database next and stores it only if the key is empty then (SET NX)'
      : 'it reads the database next, and its fill stores the row only over no entry or an older version';
  const tried = `${ownerOf(e)}'s read goes on as a miss: ${fill}, which that step tells.`;
  return isRemoved
    ? `${sent}: (integer) 1. ${e.key} still held the entry the read could not use (a corrupt entry), so the script deleted it: ${left} ${tried}`
    : `${sent}: ${e.reply}. ${e.key} no longer holds the entry the read could not use: something replaced or removed it since the GET, and the script deletes only that entry, so it left the key as it is. ${tried}`;
}
