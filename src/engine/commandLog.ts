import type { VirtualClock } from './clock';

/** One command as MONITOR would show it, with its reply. */
export interface CacheLogEntry {
  seq: number;
  timeMs: number;
  actor: string;
  argv: readonly string[];
  reply?: unknown;
  error?: string;
  /** False when the connection was down and the server never saw the command. */
  reachedServer: boolean;
  /** Set when the adapter evicted this key to make room (the argv is the eviction's DEL). */
  isEviction?: boolean;
  /** What the application made of the reply, when it could not use it (a corrupt entry). */
  note?: string;
}

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

/**
 * Who stored `value` at `key`, by the log: the actor of the last command that stored a string
 * there, when it stored this value. Undefined when not known: the log does not reach back that
 * far, or the value came another way (a script, MSET, RENAME).
 */
export function storerOf(
  log: readonly CacheLogEntry[],
  key: string,
  value: string,
): string | undefined {
  for (let i = log.length - 1; i >= 0; i--) {
    const e = log[i];
    if (e.argv[1] !== key || e.error !== undefined || !e.reachedServer) continue;
    const at = STORED_VALUE_AT[e.argv[0].toUpperCase()];
    if (at === undefined || !hasStored(e)) continue;
    return e.argv[at] === value ? e.actor : undefined;
  }
  return undefined;
}

/**
 * The cache adapter's command log, MONITOR-style: every command with its reply and actor,
 * numbered, capped at `limit` entries (oldest dropped first; 0 keeps none, but still numbers).
 */
export class CommandLog {
  private readonly clock: VirtualClock;
  private readonly limit: number;
  private logSeq = 0;
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
    actor: string,
    argv: readonly string[],
    reply: unknown,
    error: string | undefined,
    reachedServer: boolean,
    isEviction = false,
  ): void {
    this.logSeq++;
    if (this.limit === 0) return;
    const entry: CacheLogEntry = {
      seq: this.logSeq,
      timeMs: this.clock.nowMs,
      actor,
      argv,
      reachedServer,
    };
    if (error !== undefined) entry.error = error;
    else entry.reply = reply;
    if (isEviction) entry.isEviction = true;
    this.logEntries.push(entry);
    if (this.logEntries.length > this.limit) {
      this.logEntries.splice(0, this.logEntries.length - this.limit);
    }
  }

  /** Puts `note` on `actor`'s last entry (none: nothing to note). */
  noteOnLast(actor: string, note: string): void {
    const log = this.logEntries;
    for (let i = log.length - 1; i >= 0; i--) {
      if (log[i].actor === actor) {
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
