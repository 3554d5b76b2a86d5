// Locks and leases (single flight's lock, a reader's lease): who holds one a reader waits on,
// how a request's own is gone, and what a DEL, UNLINK, GETDEL or a token-checked release removed.
import type { DeletedEntry } from '../engine/deletedEntry';
import type { StepEvent } from '../engine/stepEvent';
import { whoSent } from './narrationTerms';

/** How a reader's lock can be gone before it releases it. */
const GONE_LOCK = 'it expired, or a restart or a console command removed it';

/** A lease or lock gone because Redis evicted it, which the command log shows. */
export const EVICTED = 'Redis evicted it: it was at its key limit';

/** How a lease or an entry a fill counted on can be gone: a write, its TTL, or anything else. */
export const GONE = 'a write deleted it, it expired, or a restart or a console command removed it';

/**
 * How a request's own lease or lock is gone, as the command log tells it (evicted, expired, or
 * who removed it), else every way it can be (`every`).
 */
export function holdGoneText(e: StepEvent, every: string): string {
  if (e.isHoldEvicted === true) return EVICTED;
  if (e.holdEnd?.kind === 'expired') return 'it expired: the PX it was taken with ran out';
  if (e.holdEnd?.kind === 'removed') return `${e.holdEnd.by} removed it`;
  if (e.holdEnd?.kind === 'replaced') return `${e.holdEnd.by} replaced it`;
  return every;
}

/**
 * Who holds the lock or lease a reader waits on, as the engine found it when the wait began: a
 * reader loading the row is named only when one is (a token typed in the console, or left by a
 * read that ended without releasing it, is held by no read under way).
 */
export function retryHolderText(e: StepEvent): string {
  return holderText(e.retryHolder, e.retries === 'lease' ? 'filling' : 'loading');
}

/** Who holds a lock or lease (see {@link retryHolderText}); `doing`: what its holder would be doing. */
export function holderText(holder: StepEvent['retryHolder'], doing: 'filling' | 'loading'): string {
  if (holder === undefined) return 'someone else holds it';
  if (holder.isFree === true) return 'its holder has let it go since';
  if (holder.actor !== undefined) return `${holder.actor} holds it and is ${doing} the row`;
  const token = JSON.stringify(holder.token);
  const ttl = holder.ttlLeftMs;
  const left =
    ttl === undefined
      ? ''
      : ttl >= 1000
        ? `${(Math.round(ttl / 100) / 10).toLocaleString('en-US')} s`
        : `${Math.round(ttl)} ms`;
  const stays = `so none is ${doing} the row: it stays until it is removed${ttl === undefined ? ' (it has no TTL)' : ` or its TTL runs out, in ${left}`}`;
  if (holder.setBy === 'console')
    return `the console set it, token ${token}, and no read under way holds it, ${stays}`;
  if (holder.setBy !== undefined)
    return `${holder.setBy} set it, token ${token}, in a read that has ended without releasing it, ${stays}`;
  return `no read under way holds its token ${token}, ${stays}`;
}

/** A DEL or UNLINK: what its count says about the keys it named (one key, or a key and its lease). */
export function describeDel(e: StepEvent, sent: string): string {
  const keys = (e.argCount ?? 2) - 1;
  const removed = Number(/\(integer\) (\d+)/.exec(e.reply)?.[1] ?? NaN);
  if (removed === 0) return `${sent}: ${e.reply}, nothing was there to remove.`;
  if (keys <= 1 && (e.key.startsWith('lock:') || e.key.startsWith('lease:')))
    return `${sent}: ${e.reply}, ${deletedLockText(e)}`;
  if (keys <= 1 && e.deletedEntry !== undefined && e.deletedEntry.kind !== 'copy')
    return `${sent}: ${e.reply}, removed ${e.key}, which held ${deletedHeldText(e.deletedEntry, e.key)}.`;
  // Not known what it held (a real server is not read): its name says no more than the key.
  if (keys <= 1 || !Number.isFinite(removed))
    return `${sent}: ${e.reply}, ${e.deletedEntry?.kind === 'copy' ? 'the cached copy' : e.key} is gone.`;
  return `${sent}: ${e.reply}: ${removed} of its ${keys} keys existed, and none of them is left.`;
}

/** What a user's key held that a DEL removed, when it was no copy of the row the read path serves. */
function deletedHeldText(held: DeletedEntry, key: string): string {
  switch (held.kind) {
    case 'tombstone':
      return `a tombstone (version ${held.version}), not a cached row`;
    case 'other-user':
      return `user ${held.userId}'s row (version ${held.version}), not a copy of ${key}'s row`;
    case 'not-a-row':
      return `${held.value}, not a cached row`;
    case 'not-a-string':
      return `${/^[aeiou]/.test(held.type) ? 'an' : 'a'} ${held.type}, not a cached row`;
    default:
      return 'a copy of the row';
  }
}

/**
 * A lock or lease a plain DEL, UNLINK or GETDEL removed, and whose it was: none checks a token,
 * so it removes whatever holder's lock is there. Told from what the key held before it and who
 * set that.
 */
export function deletedLockText(e: StepEvent): string {
  const what = e.key.startsWith('lease:') ? 'lease' : 'lock';
  const held = e.deletedLock;
  if (held === undefined) return `the ${what} is removed.`;
  const cmd = e.command.split(' ')[0].toUpperCase();
  const checksNone = `${cmd === 'UNLINK' ? 'An' : 'A'} ${cmd} does not check whose ${what} it removes`;
  const token = JSON.stringify(held.token);
  const remover = e.actor === 'console' ? 'the console' : e.actor;
  if (held.setBy === undefined)
    return `the ${what} is removed. It held ${token}; the command log does not show who set it, and ${checksNone.replace(/^A/, 'a')}.`;
  if (held.setBy === e.actor)
    return `the ${what} is released: it held ${token}, which ${remover} set itself.`;
  const owner = held.setBy === 'console' ? 'the console (by hand)' : held.setBy;
  const whose = held.setBy === 'console' ? "the console's" : `${held.setBy}'s`;
  if (e.program === 'console')
    return `the ${what} is removed: it held ${token}, which ${owner} set, so ${remover} removed ${whose} ${what} (${checksNone.replace(/^A/, 'a')}).`;
  return `the ${what} is removed, but it was not ${remover}'s: it held ${token}, which ${owner} set. ${checksNone}, so ${remover} removed ${whose} ${what}.`;
}

/**
 * Single-flight's lock or a lease released with its token checked (RELEASE_IF_HELD): 1, it was
 * still the request's own and is gone; 0, it was not (gone, or another holder's), left alone.
 */
export function describeRelease(e: StepEvent, sent: string): string {
  const who = whoSent(e);
  const what = e.key.startsWith('lease:') ? 'lease' : 'lock';
  if (e.reply === '(integer) 1')
    return `${sent}: (integer) 1, ${e.key} still held ${who}'s token, so the script deleted it: the ${what} is released.`;
  if (e.reply !== '(integer) 0') return `${sent}: ${e.reply}.`;
  const alone = `The script checks the token before it deletes, so it leaves that holder's ${what} alone.`;
  // Replaced by the token it holds now: one command took the request's token away and put that
  // holder's in its place.
  const end = e.holdEnd;
  if (end?.kind === 'replaced' && end.token === e.lockHeldBy)
    return `${sent}: (integer) 0, the ${what} was no longer ${who}'s: ${end.by} replaced ${who}'s token with ${JSON.stringify(end.token)}. ${alone}`;
  const gone = `${who}'s own ${what} was gone (${holdGoneText(e, what === 'lease' ? GONE : GONE_LOCK)})`;
  return e.lockHeldBy === undefined
    ? `${sent}: (integer) 0, the ${what} was no longer ${who}'s: ${gone}, so the script deleted nothing.`
    : `${sent}: (integer) 0, the ${what} was no longer ${who}'s: ${gone} and another holder has taken it since (token ${e.lockHeldBy}). ${alone}`;
}
