import type { CacheLogEntry } from './commandLog';
import { storedBy, storerText } from './commandLog';
import { userIdOfKey } from './programs/steps';
import type { Runtime } from './runtime';
import { scriptVersionOf } from './versionedInvalidation';

/**
 * Why refresh-ahead's reload (REFRESH_IF_CURRENT) answered 0, read from the keyspace and the
 * command log at that step: the key holds a version newer than the reload's (and who stored
 * it, when the log shows it); or the entry is gone, because its TTL ended, or a command removed
 * it (who, when the log shows it). Absent when not known: a real server, read only by commands.
 */
export type RefreshRefusal =
  | { kind: 'newer'; version: number; storedBy?: string }
  | { kind: 'expired' }
  | { kind: 'removed'; by?: string };

/**
 * The commands that can remove a key, by the reply that says they did: DEL and UNLINK 1, GETDEL
 * the value; an expiry set in the past 1 (the key is gone at once); RENAME (an error otherwise)
 * and RENAMENX 1 move it away.
 */
const REMOVED: Readonly<Record<string, (reply: unknown) => boolean>> = {
  DEL: (r) => r === 1,
  UNLINK: (r) => r === 1,
  GETDEL: (r) => typeof r === 'string',
  EXPIRE: (r) => r === 1,
  PEXPIRE: (r) => r === 1,
  EXPIREAT: (r) => r === 1,
  PEXPIREAT: (r) => r === 1,
  RENAME: () => true,
  RENAMENX: (r) => r === 1,
};

/** A reply as the programs get it: the console's typed integer (`{ integer: '1' }`) as a number. */
function plainReply(reply: unknown): unknown {
  const typed = reply as { integer?: unknown } | null;
  return typeof typed === 'object' && typed !== null && typeof typed.integer === 'string'
    ? Number(typed.integer)
    : reply;
}

/** Commands that read a key and leave it as it was. */
const LEAVES_KEY: ReadonlySet<string> = new Set(['GET', 'EXISTS', 'TTL', 'PTTL', 'TYPE', 'STRLEN']);

/** Commands that empty the whole keyspace. */
const FLUSHES: ReadonlySet<string> = new Set(['FLUSHALL', 'FLUSHDB']);

/**
 * What refused a reload at `key`, read just after its script answered 0: a refused script
 * changed nothing, so the key holds what the script found there.
 */
export function refreshRefusalOf(rt: Runtime, key: string): RefreshRefusal | undefined {
  const text = rt.cache.rowText(key);
  if (text === undefined) return undefined;
  if (text !== null) {
    const version = scriptVersionOf(text);
    if (version === undefined) return undefined;
    const storer = storedBy(rt.cache.log, key, text);
    return storer === undefined
      ? { kind: 'newer', version }
      : { kind: 'newer', version, storedBy: storerText(storer) };
  }
  if (rt.consistency.hasExpiredEntry(userIdOfKey(key), rt.clock.nowMs)) return { kind: 'expired' };
  const by = removerOf(rt.cache.log, key);
  return by === undefined ? { kind: 'removed' } : { kind: 'removed', by };
}

/**
 * Who removed `key` by the command log: the last command of it that reached Redis, when that
 * removed it ("an eviction" for one, a script that changed it), or a flush after it (a restart
 * is the adapter's own). Undefined when the last command of it left it there: what removed it
 * is older than the capped log's lines.
 */
export function removerOf(log: readonly CacheLogEntry[], key: string): string | undefined {
  for (let i = log.length - 1; i >= 0; i--) {
    const e = log[i];
    if (e.error !== undefined || !e.reachedServer) continue;
    const name = e.argv[0].toUpperCase();
    // A restart empties Redis, as a flush does.
    if (e.isRestart === true) return 'a restart of Redis';
    if (FLUSHES.has(name)) return `${whose(e.actor)} ${name}`;
    if (e.argv[1] !== key && e.changed?.includes(key) !== true) continue;
    // A read of the key left it as it was (a reader's GET that missed on it since).
    if (LEAVES_KEY.has(name)) continue;
    if (e.isEviction === true) return 'an eviction (Redis was at its key limit)';
    // A script that changed the key last, which is gone now: the script removed it.
    if (name === 'EVAL' || name === 'EVALSHA') return `${whose(e.actor)} ${name}`;
    const removed = e.argv[1] === key ? REMOVED[name] : undefined;
    return removed !== undefined && removed(plainReply(e.reply))
      ? `${whose(e.actor)} ${name}`
      : undefined;
  }
  return undefined;
}

const whose = (actor: string): string => (actor === 'console' ? "the console's" : `${actor}'s`);
