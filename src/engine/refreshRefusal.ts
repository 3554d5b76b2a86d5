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

/** The commands that remove a key and answer so (DEL and UNLINK 1, GETDEL the value). */
const REMOVERS: ReadonlySet<string> = new Set(['DEL', 'UNLINK', 'GETDEL']);

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
 * Who removed `key` by the command log: the last command of it that reached Redis, when that is
 * a DEL, UNLINK or GETDEL that removed it ("Redis's eviction" for an eviction). Undefined when
 * the last command of it is anything else (a restart or a flush is no command of the key).
 */
function removerOf(log: readonly CacheLogEntry[], key: string): string | undefined {
  for (let i = log.length - 1; i >= 0; i--) {
    const e = log[i];
    if (e.error !== undefined || !e.reachedServer) continue;
    if (e.argv[1] !== key && e.changed?.includes(key) !== true) continue;
    const name = e.argv[0].toUpperCase();
    if (!REMOVERS.has(name) || e.argv[1] !== key) return undefined;
    if (e.isEviction === true) return 'an eviction (Redis was at its key limit)';
    const isRemoved = e.reply === 1 || typeof e.reply === 'string';
    if (!isRemoved) return undefined;
    return e.actor === 'console' ? `the console's ${name}` : `${e.actor}'s ${name}`;
  }
  return undefined;
}
