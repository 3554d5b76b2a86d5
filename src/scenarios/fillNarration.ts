// Fills that went wrong: why a fill or refresh-ahead's reload was refused (what the key held,
// and who stored it), what ends a stale fill, and why a copy older than the row is not judged yet.
import type { Storer } from '../engine/commandLog';
import type { StepEvent } from '../engine/stepEvent';
import { GONE } from './lockNarration';

/**
 * Why a fill older than the row is not yet a stale fill, as the engine said (`fillJudgedLater`):
 * a write of the row still in flight (under update-cache its own SET follows, not a DEL), or the
 * change log's invalidation on its way.
 */
export function notJudgedYetText(e: StepEvent): string {
  switch (e.fillJudgedLater) {
    case 'write':
      return 'a write of the row is still in flight: the copy is judged when that write finishes';
    case 'change-log':
      return "the change log's invalidation of the row is still on its way";
    default:
      return 'a write of the row is still in flight, or the change log has not delivered its invalidation';
  }
}

/**
 * Why write-behind's SET of a write left a copy older than the database, and what becomes of it:
 * the write built on the cached copy while the row was written around the cache, and no
 * invalidation follows (the flush sends none). A row at 2^53 - 1 refuses the flush too.
 */
export function writeBehindStaleCopy(e: StepEvent, setFlags: readonly string[]): string {
  const hasTtl = setFlags.includes('EX') || setFlags.includes('PX');
  const refused =
    e.committedVersion !== null && e.committedVersion >= Number.MAX_SAFE_INTEGER
      ? ` The row is at 2^53 - 1: the flusher's UPDATE of this write will be refused, so the write is lost (Writes lost counts it once the flusher has taken it), and the database keeps version ${e.committedVersion}.`
      : '';
  return `a stale copy. Under write-behind a write builds on the cached copy, and the database's row was written around the cache (by the SQL console, or by a write while Redis was unreachable); no invalidation is sent to remove it, so it stays stale until ${hasTtl ? 'its TTL ends, or Redis evicts it or restarts' : 'Redis evicts it or restarts (it has no TTL)'}.${refused}`;
}

/**
 * Why FILL_IF_NEWER refused its row, by what its key held before it (`keyFound`): a tombstone of
 * a newer write, a copy of the same version (and who stored it: another reader, a write, the
 * console), or a newer copy.
 * Without that (a real server), every way the script refuses.
 */
export function fillRefusedText(e: StepEvent): string {
  const found = e.keyFound;
  const mine = e.rowVersion;
  // FILL_IF_NEWER refuses a copy at its own version too (a reader that filled first).
  const every = 'Redis already holds this version, or a newer one or its tombstone';
  if (found === undefined || mine === null) return every;
  switch (found.kind) {
    case 'tombstone': {
      const carries = e.program === 'write' ? 'this write committed' : 'this fill carries';
      const newer = `Redis holds a tombstone of version ${found.version}, newer than the version ${mine} ${carries}`;
      // Newer than the row itself: no write left it (the console set it), so none changed the row.
      if (
        e.committedVersion !== null &&
        e.isRowDeleted !== true &&
        found.version > e.committedVersion
      )
        return `${newer} and than the database's version ${e.committedVersion}, so no write of the row left it, and ${e.program === 'write' ? 'the script' : 'the fill'} never puts an older version over a newer one`;
      return e.program === 'read'
        ? `${newer}: a write changed the row after this read's SELECT, and the fill must not put the older row back over its mark`
        : `${newer}: a newer write changed the row after this write's UPDATE, and the older row must not go back over its mark`;
    }
    case 'copy':
      if (found.version === mine)
        return `Redis already holds ${
          found.isFillsValue === false
            ? `a copy at version ${mine} with other contents than this row (the script compares versions only)`
            : `version ${mine}, the same row`
        }: ${copyStorerText(found.storedBy)}`;
      if (found.version !== undefined && found.version > mine)
        return e.program === 'write'
          ? `Redis holds a newer copy of the row (version ${found.version}${
              found.storedBy === undefined
                ? ''
                : found.storedBy.actor === 'console'
                  ? ', set in the console'
                  : `, stored by ${found.storedBy.actor}`
            }) than the version ${mine} this write committed: the script never replaces a newer version with an older one, so a write that finishes after a newer one cannot put its older row back`
          : `Redis holds a newer copy of the row (version ${found.version}), and the fill never replaces a newer version with an older one`;
      return every;
    case 'other-user':
    case 'not-a-row':
      return found.version === undefined
        ? every
        : `${e.key} holds a value in which the script reads version ${found.version}, not older than the version ${mine} this fill carries (${found.kind === 'other-user' ? `a row of user ${found.userId}` : `no row: ${found.value}`})`;
    default:
      return every;
  }
}

/**
 * Who put the copy a fill found at its own version, by the command log: another reader's fill,
 * a write, or the console, never guessed.
 */
function copyStorerText(storer: Storer | undefined): string {
  if (storer === undefined) return 'stored before this fill, by a command the log no longer shows';
  if (storer.actor === 'console')
    return `the console set it by hand, with ${storer.isScript === true ? `a script (${storer.command})` : storer.command}`;
  return storer.isScript === true
    ? `${storer.actor} stored it first, by a script (${storer.command})`
    : `${storer.actor} stored it first, by ${storer.command}`;
}

/**
 * Why refresh-ahead's reload stored nothing: what the engine found at the key (a newer version,
 * and who stored it; the entry expired, or removed, and by whom). On a real server, where that
 * is not read, every way it can be refused.
 */
export function refreshRefusedText(e: StepEvent): string {
  const r = e.refreshRefusal;
  const never = 'the reload never puts an older row back';
  const onlyThere = 'the reload only replaces an entry still there';
  if (r === undefined)
    return `the entry is gone (${GONE}) or Redis holds a newer row (a reader refilled it after a write), and ${never}`;
  if (r.kind === 'newer')
    return `Redis holds version ${r.version}${r.storedBy !== undefined ? ` (stored by ${r.storedBy})` : ''}, newer than the version ${e.rowVersion ?? '?'} the reload read, and ${never}`;
  if (r.kind === 'expired')
    return `the entry expired (its TTL ended) before the reload could store it, and ${onlyThere}`;
  return r.by !== undefined
    ? `the entry is gone (${r.by} removed it), and ${onlyThere}`
    : `the entry is gone (no command in the log removed it: it expired, or a command older than the log's lines removed it), and ${onlyThere}`;
}

/**
 * What ends a stale fill: its TTL or another write (which removes it, or under update-cache and
 * write-through replaces it), or, stored with no TTL, a write or an eviction (where Redis evicts
 * at all). Under ttl-only a write leaves Redis alone: only the TTL (or an eviction) ends it.
 */
export function staleFillEnds(e: StepEvent): string {
  const write =
    e.staleFillWrite === 'leaves'
      ? null
      : `another write of the row ${e.staleFillWrite === 'replaces' ? 'replaces' : 'removes'} it`;
  const ttlOnly = 'a ttl-only write leaves Redis alone';
  // With no key limit, or under noeviction, no eviction comes either.
  if (e.isStaleFillUntimed === true && e.staleFillNeverEvicted !== undefined) {
    const noEviction =
      e.staleFillNeverEvicted === 'no key limit'
        ? 'Redis has no key limit, so it evicts nothing'
        : 'Redis evicts nothing under noeviction';
    return write === null
      ? `a restart or a console command removes it (it has no TTL, so no expiry ends it; ${noEviction}; and ${ttlOnly})`
      : `${write} (it has no TTL, so no expiry ends it, and ${noEviction})`;
  }
  if (e.isStaleFillUntimed === true)
    return write === null
      ? `Redis evicts it (it has no TTL, so no expiry ends it, and ${ttlOnly})`
      : `${write} or Redis evicts it (it has no TTL, so no expiry ends it)`;
  return write === null ? `its TTL ends it (${ttlOnly})` : `its TTL ends it or ${write}`;
}
