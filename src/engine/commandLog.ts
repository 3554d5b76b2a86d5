import type { VirtualClock } from './clock';
import type { EvictionPolicy } from './eviction';
import { senderFor, senderName, type Sender } from './sender';

/** One command as MONITOR would show it, with its reply. */
export interface CacheLogEntry {
  seq: number;
  timeMs: number;
  /** Its place among the run's Redis and SQL log entries (the clock's {@link VirtualClock.nextLogOrder}). */
  order: number;
  actor: string;
  /**
   * Whom the cache layer (`actor` `cache`) sent it for: the actor whose request it serves, or
   * its own background job (`flusher`, `refresher`). Absent for a client's own command.
   */
  forActor?: string;
  argv: readonly string[];
  reply?: unknown;
  error?: string;
  /** False when the connection was down and the server never saw the command. */
  reachedServer: boolean;
  /**
   * Set when the adapter evicted this key to make room. No client sent it, and MONITOR would
   * show none (the log prints it as the server's event); its argv is the DEL it amounts to, so
   * the log's readers see the key gone from there.
   */
  isEviction?: boolean;
  /** An eviction's: the policy that chose the key and the key limit it kept to. */
  evictedUnder?: EvictionLimit;
  /**
   * Set for a restart of the server, which is no command: no client sent one, and MONITOR would
   * show none (the log prints it as an event). Its argv is the FLUSHALL that emptying amounts to,
   * so the log's readers see every key gone from there, as after a flush.
   */
  isRestart?: boolean;
  /** What the application made of the reply, when it could not use it (a corrupt entry). */
  note?: string;
  /**
   * A script's (EVAL, EVALSHA): the keys its commands changed, which its arguments need not
   * name (those after a FLUSHALL in it, when it flushed). Who stored a copy is read from it.
   */
  changed?: readonly string[];
}

/** What an eviction kept to: the eviction policy and Max keys, as the run was set. */
export interface EvictionLimit {
  readonly policy: EvictionPolicy;
  readonly maxKeys: number;
}

/**
 * What the server does of its own, which the log records though no client sent it: the
 * adapter's eviction of `key` to stay within `under`, or a restart.
 */
export type ServerEvent =
  | { readonly kind: 'eviction'; readonly key: string; readonly under: EvictionLimit }
  | { readonly kind: 'restart' };

/** Where each command that stores a string at its first argument has the value. */
const STORED_VALUE_AT: Readonly<Record<string, number>> = {
  SET: 2,
  SETNX: 2,
  GETSET: 2,
  SETEX: 3,
  PSETEX: 3,
};

/**
 * Whether a logged SET, SETNX, GETSET, SETEX or PSETEX stored its value: not a SET NX that found
 * the key taken ((nil)), a SET XX that found none, or SETNX's 0. With GET, SET answers the old
 * value, so (nil) means only that there was none: stored, unless XX asked for one.
 */
function hasStored(e: CacheLogEntry): boolean {
  if (e.reply === 0) return false;
  if (e.reply !== null) return true;
  const flags = e.argv.slice(3).map((a) => a.toUpperCase());
  return e.argv[0].toUpperCase() === 'SET' && flags.includes('GET') && !flags.includes('XX');
}

/** Who stored a copy, by the command log: an actor's command, or a script an actor sent. */
export interface Storer {
  /** Who sent the command (`console` for a line typed there). */
  actor: string;
  /** The command that stored it (SET, HSET ...), or the script's (EVAL, EVALSHA). */
  command: string;
  /** The command is a script: what it stored is read from the keys it changed. */
  isScript?: true;
}

/** The commands that put another key's value at their second argument (the destination). */
const MOVES_TO: ReadonlySet<string> = new Set(['RENAME', 'RENAMENX', 'COPY']);

/** The commands that remove each key among their arguments. */
const REMOVES: ReadonlySet<string> = new Set(['DEL', 'UNLINK', 'GETDEL']);

/**
 * What a command that moves, copies, removes or sets many keys did to `key`, when it names it:
 * `stored` (RENAME or COPY put a value there), `gone` (the key was removed, moved away, or set
 * by an MSET, which is not told), or undefined (it left `key` as it was). Past a `gone` no older
 * command stored what the key holds now.
 */
function keyFate(e: CacheLogEntry, name: string, key: string): 'stored' | 'gone' | undefined {
  if (name === 'FLUSHALL' || name === 'FLUSHDB') return 'gone';
  if (REMOVES.has(name)) return e.argv.slice(1).includes(key) ? 'gone' : undefined;
  // OK (a console line's is logged as its status reply), or 1.
  const isDone =
    e.reply === 'OK' ||
    e.reply === 1 ||
    (typeof e.reply === 'object' &&
      e.reply !== null &&
      (e.reply as { status?: unknown }).status === 'OK');
  if (MOVES_TO.has(name)) {
    if (e.argv[2] === key) return isDone ? 'stored' : undefined;
    return e.argv[1] === key && name !== 'COPY' && isDone ? 'gone' : undefined;
  }
  // MSET is not told (its value is not at a place of its own), and no older command stored it.
  if (name === 'MSET' || name === 'MSETNX')
    return isDone && e.argv.some((a, at) => at % 2 === 1 && a === key) ? 'gone' : undefined;
  return undefined;
}

/** The commands that set fields of a hash at their first argument, from the second on. */
const HASH_SETS: ReadonlySet<string> = new Set(['HSET', 'HMSET', 'HSETNX']);

/**
 * Who stored `value` at `key` (a hash: its fields as JSON), by the log: the last command that
 * stored a string there, when it stored this value; the commands that set each of a hash's
 * fields to the value it holds, when one actor sent them all; or the last script that changed
 * the key (a script's arguments need not hold what it stored, so it is taken at its word).
 * RENAME, RENAMENX or COPY to the key stored what they put there. Undefined when not known:
 * the log does not reach back that far, the key was deleted, moved away, flushed or set by an
 * MSET after the last command that stored there (what it holds came another way), or a hash's
 * fields were set by more than one actor.
 */
export function storedBy(
  log: readonly CacheLogEntry[],
  key: string,
  value: string,
  type: 'string' | 'hash' = 'string',
): Storer | undefined {
  const fields = type === 'hash' ? hashFields(value) : null;
  const unseen = new Set(fields === null ? [] : Object.keys(fields));
  let storer: Storer | undefined;
  for (let i = log.length - 1; i >= 0; i--) {
    const e = log[i];
    if (e.error !== undefined || !e.reachedServer) continue;
    const name = e.argv[0].toUpperCase();
    if (e.changed?.includes(key) === true && (name === 'EVAL' || name === 'EVALSHA'))
      return storer === undefined || storer.actor === e.actor
        ? { actor: e.actor, command: name, isScript: true }
        : undefined;
    // A copy deleted (or moved away) before the one asked about was stored: the storer is newer
    // than that, never a command that stored the deleted one. One put there by RENAME or COPY
    // was stored by it.
    const fate = keyFate(e, name, key);
    if (fate === 'gone') return undefined;
    if (fate === 'stored')
      return storer === undefined || storer.actor === e.actor
        ? { actor: e.actor, command: name }
        : undefined;
    if (e.argv[1] !== key) continue;
    if (fields !== null) {
      if (!HASH_SETS.has(name)) continue;
      for (let f = 2; f + 1 < e.argv.length; f += 2) {
        const field = e.argv[f];
        if (!unseen.has(field)) continue;
        // Set to another value, and changed since by something the log does not tie to it.
        if (fields[field] !== e.argv[f + 1]) return undefined;
        if (storer !== undefined && storer.actor !== e.actor) return undefined;
        storer = { actor: e.actor, command: name };
        unseen.delete(field);
      }
      if (unseen.size === 0) return storer;
      continue;
    }
    const at = STORED_VALUE_AT[name];
    if (at === undefined || !hasStored(e)) continue;
    return e.argv[at] === value ? { actor: e.actor, command: name } : undefined;
  }
  return undefined;
}

/**
 * Whether Redis evicted `key` after the last command the log holds that stored `value` there
 * (a lease's or a lock's token), before anything else stored at it or removed it: how a lease
 * or a lock is gone that no command named. False when the log does not reach back to that command.
 */
export function wasEvictedAfterStoring(
  log: readonly CacheLogEntry[],
  key: string,
  value: string,
): boolean {
  let from = log.length - 1;
  for (; from >= 0; from--) {
    const e = log[from];
    const at = STORED_VALUE_AT[e.argv[0].toUpperCase()];
    if (e.error !== undefined || !e.reachedServer || e.argv[1] !== key || at === undefined)
      continue;
    if (e.argv[at] === value && hasStored(e)) break;
  }
  if (from < 0) return false;
  for (let i = from + 1; i < log.length; i++) {
    const e = log[i];
    if (e.error !== undefined || !e.reachedServer) continue;
    if (e.isEviction === true) {
      if (e.argv[1] === key && e.reply === 1) return true;
      continue;
    }
    const name = e.argv[0].toUpperCase();
    if (keyFate(e, name, key) !== undefined) return false;
    if (e.changed?.includes(key) === true) return false;
    if (e.argv[1] === key && STORED_VALUE_AT[name] !== undefined && hasStored(e)) return false;
  }
  return false;
}

/**
 * How a lease's or a lock's token stored at `key` came to be gone, by the command log: its expiry
 * (the PX or EX it was stored with) ran out, a command removed it first (who, in words: "B's
 * DEL", "the console's FLUSHALL", "a restart of Redis"), or a command stored another token over
 * it ("the console's SET", and that token). Undefined when the log does not tell it: it does not
 * reach back to the token's store, or something else changed the key (a script, a RENAME onto
 * it; an eviction is {@link wasEvictedAfterStoring}'s).
 */
export type HoldEnd =
  | { kind: 'expired' }
  | { kind: 'removed'; by: string }
  | { kind: 'replaced'; by: string; token: string };

export function holdEndOf(
  log: readonly CacheLogEntry[],
  key: string,
  token: string,
  nowMs: number,
): HoldEnd | undefined {
  let from = log.length - 1;
  for (; from >= 0; from--) {
    const e = log[from];
    if (e.error !== undefined || !e.reachedServer || e.argv[1] !== key) continue;
    if (e.argv[0].toUpperCase() === 'SET' && e.argv[2] === token && hasStored(e)) break;
  }
  if (from < 0) return undefined;
  const expiresAtMs = expiryOf(log[from]);
  // Redis stamps and checks expiries in whole milliseconds (see `Cache.rowText`).
  const isExpiredAt = (ms: number): boolean =>
    expiresAtMs !== undefined && expiresAtMs <= Math.floor(ms);
  for (let i = from + 1; i < log.length; i++) {
    const e = log[i];
    if (e.error !== undefined || !e.reachedServer) continue;
    if (isExpiredAt(e.timeMs)) return { kind: 'expired' };
    if (e.isEviction === true) {
      if (e.argv[1] === key) return undefined;
      continue;
    }
    const name = e.argv[0].toUpperCase();
    const fate = keyFate(e, name, key);
    const by = `${e.actor === 'console' ? "the console's" : `${e.actor}'s`} ${name}`;
    if (fate === 'gone') {
      if (e.isRestart === true) return { kind: 'removed', by: 'a restart of Redis' };
      return { kind: 'removed', by };
    }
    if (fate === 'stored' || e.changed?.includes(key) === true) return undefined;
    if (e.argv[1] !== key || READS_ONLY.has(name)) continue;
    // A SET NX that found the token there stored nothing; anything else at the key changed it.
    const at = STORED_VALUE_AT[name];
    if (at !== undefined && !hasStored(e)) continue;
    // Another token stored over it (a plain SET checks no holder): that command ended the hold.
    if (at !== undefined && e.argv[at] !== token)
      return { kind: 'replaced', by, token: e.argv[at] };
    return undefined;
  }
  return isExpiredAt(nowMs) ? { kind: 'expired' } : undefined;
}

/** Commands that read a key and leave it, its value and its expiry as they were. */
const READS_ONLY: ReadonlySet<string> = new Set([
  'GET',
  'EXISTS',
  'TTL',
  'PTTL',
  'EXPIRETIME',
  'PEXPIRETIME',
  'TYPE',
  'STRLEN',
  'GETRANGE',
  'OBJECT',
]);

/** When a SET with EX or PX expires the key it stored (whole ms), or undefined without one. */
function expiryOf(e: CacheLogEntry): number | undefined {
  for (let i = 3; i + 1 < e.argv.length; i++) {
    const flag = e.argv[i].toUpperCase();
    const n = Number(e.argv[i + 1]);
    if (!Number.isFinite(n)) continue;
    if (flag === 'PX') return Math.floor(e.timeMs) + n;
    if (flag === 'EX') return Math.floor(e.timeMs) + n * 1000;
  }
  return undefined;
}

/** A hash's fields from its JSON, each as the text Redis holds (null: not a hash's JSON). */
function hashFields(value: string): Record<string, string> | null {
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
    return Object.fromEntries(Object.entries(parsed).map(([f, v]) => [f, String(v)]));
  } catch {
    return null;
  }
}

/** {@link storedBy}'s actor, for a string stored by a command of its own (not by a script). */
export function storerOf(
  log: readonly CacheLogEntry[],
  key: string,
  value: string,
): string | undefined {
  const storer = storedBy(log, key, value);
  return storer?.isScript === true ? undefined : storer?.actor;
}

/** Who stored a copy, in words: "the console (by hand)", "A's SET", "the cache layer's SET", "a script (EVAL) sent by A". */
export function storerText(storer: Storer): string {
  // `cache`: the cache layer, library code in the application's process (`sentBy`).
  const who =
    storer.actor === 'console'
      ? 'the console'
      : storer.actor === 'cache'
        ? 'the cache layer'
        : storer.actor;
  if (storer.isScript === true) return `a script (${storer.command}) sent by ${who}`;
  return storer.actor === 'console' ? 'the console (by hand)' : `${who}'s ${storer.command}`;
}

/**
 * The cache adapter's command log, MONITOR-style: every command with its reply and actor,
 * numbered, capped at `limit` entries (oldest dropped first; 0 keeps none, but still numbers).
 */
export class CommandLog {
  private readonly clock: VirtualClock;
  private readonly limit: number;
  private logSeq = 0;
  /** The sequence number of the last command logged (an eviction's DEL aside; 0: none yet). */
  private lastCommandSeq = 0;
  private readonly logEntries: CacheLogEntry[] = [];

  constructor(clock: VirtualClock, limit: number) {
    this.clock = clock;
    this.limit = limit;
  }

  /** The entries kept, oldest first. */
  get entries(): readonly CacheLogEntry[] {
    return this.logEntries;
  }

  /** Logs one command: its reply, or the error it failed with. */
  record(
    sender: Sender,
    argv: readonly string[],
    reply: unknown,
    error: string | undefined,
    reachedServer: boolean,
    changed?: readonly string[],
  ): void {
    this.logSeq++;
    this.lastCommandSeq = this.logSeq;
    if (this.limit === 0) return;
    const entry: CacheLogEntry = {
      seq: this.logSeq,
      timeMs: this.clock.nowMs,
      order: this.clock.nextLogOrder(),
      actor: senderName(sender),
      argv,
      reachedServer,
    };
    const forActor = senderFor(sender);
    if (forActor !== undefined) entry.forActor = forActor;
    if (error !== undefined) entry.error = error;
    else entry.reply = reply;
    if (changed !== undefined) entry.changed = changed;
    this.push(entry);
  }

  /**
   * Logs an event of the server's own (see {@link CacheLogEntry.isEviction} and
   * {@link CacheLogEntry.isRestart}): not a command, so not the last command either.
   */
  recordServerEvent(event: ServerEvent): void {
    this.logSeq++;
    if (this.limit === 0) return;
    const isEviction = event.kind === 'eviction';
    const entry: CacheLogEntry = {
      seq: this.logSeq,
      timeMs: this.clock.nowMs,
      order: this.clock.nextLogOrder(),
      actor: isEviction ? 'evict' : 'system',
      // What it amounts to, so the log's readers see the key (every key) gone from there.
      argv: isEviction ? ['DEL', event.key] : ['FLUSHALL'],
      reply: isEviction ? 1 : 'OK',
      reachedServer: true,
    };
    if (isEviction) {
      entry.isEviction = true;
      entry.evictedUnder = event.under;
    } else entry.isRestart = true;
    this.push(entry);
  }

  private push(entry: CacheLogEntry): void {
    this.logEntries.push(entry);
    if (this.logEntries.length > this.limit) {
      this.logEntries.splice(0, this.logEntries.length - this.limit);
    }
  }

  /** The sequence number of the last command logged (an eviction's DEL aside; 0: none yet). */
  get lastCommand(): number {
    return this.lastCommandSeq;
  }

  /**
   * Puts `note` on the entry numbered `seq` (gone from the log, or never kept: nothing to note).
   * By its number, not as a sender's last entry: in a timed run other requests' commands (on
   * the same connection, or the cache layer's for someone else) may have been logged since.
   */
  noteOn(seq: number, note: string): void {
    const log = this.logEntries;
    for (let i = log.length - 1; i >= 0 && log[i].seq >= seq; i--) {
      if (log[i].seq === seq) {
        log[i].note = note;
        return;
      }
    }
  }

  /** The log as data (copies), for the adapter's checkpoints. */
  saveState(): { log: CacheLogEntry[]; logSeq: number } {
    return { log: this.logEntries.map((e) => ({ ...e })), logSeq: this.logSeq };
  }

  /** Puts a {@link saveState} back. */
  loadState(state: { log: readonly CacheLogEntry[]; logSeq: number }): void {
    this.logEntries.length = 0;
    for (const e of state.log) this.logEntries.push({ ...e });
    this.logSeq = state.logSeq;
  }
}
