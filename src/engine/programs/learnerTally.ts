// What the engine learns of a learner's run as it steps: the replies of the request's own key,
// its transaction's queue, its errors.
import type { UserRow } from '../database';
import { scriptKeys } from '../redisCommandKit';
import { storedKeyOf, storedValueOf } from '../storedValue';
import type { Step } from './types';

/** What the engine learned about a run while it stepped (to build the result). */
export interface Tally {
  steps: number;
  selects: number;
  hadCacheError: boolean;
  /** A Redis command naming the request's own key failed (a DEL that could not invalidate). */
  hadKeyError: boolean;
  lastUpdate: UserRow | null;
  filledVersion: number | null;
  /** What the last GET (GETEX, GETDEL) of the request's own key answered. */
  cached: unknown;
  /** The commands queued since the program's MULTI (null outside MULTI): EXEC's replies are theirs. */
  queue: string[][] | null;
}

/** Whether a command acts on `key` (as a key: PUBLISH's message or SET's value does not). */
export function namesKey(argv: readonly string[], key: string): boolean {
  switch (argv[0]) {
    case 'DEL':
    case 'UNLINK':
    case 'EXISTS':
    case 'MGET':
      return argv.includes(key, 1);
    case 'EVAL':
    case 'EVALSHA':
      return scriptKeys(argv).includes(key);
    default:
      return argv[1] === key;
  }
}

/** Notes what a step the run took answered (see {@link Tally}). */
export function noteStep(step: Step, reply: unknown, key: string, tally: Tally): void {
  if (step.target === 'db' && step.op === 'select') tally.selects++;
  if (step.target === 'db' && step.op === 'update') tally.lastUpdate = reply as UserRow | null;
  if (step.target !== 'redis') return;
  const name = step.argv[0];
  if (name === 'MULTI') {
    if (reply === 'OK') tally.queue = [];
    return;
  }
  if (name === 'EXEC' || name === 'DISCARD') {
    const queue = tally.queue;
    tally.queue = null;
    // EXEC ran the queue: each command's reply is its own, a fill among them one of the key.
    if (name === 'EXEC' && queue !== null && Array.isArray(reply))
      queue.forEach((argv, i) => {
        noteCommand(argv, reply[i], key, tally);
        // A queued command that failed is a cache error, as one sent alone that failed is.
        if (reply[i] instanceof Error) {
          tally.hadCacheError = true;
          if (namesKey(argv, key)) tally.hadKeyError = true;
        }
      });
    return;
  }
  // Queued: nothing ran yet, so nothing is known of what it answers.
  if (tally.queue !== null && name !== 'WATCH') {
    if (reply === 'QUEUED') tally.queue.push(step.argv);
    return;
  }
  noteCommand(step.argv, reply, key, tally);
}

/** What a Redis command that ran (alone, or in EXEC) answered of the request's own key. */
function noteCommand(argv: string[], reply: unknown, key: string, tally: Tally): void {
  if (storedKeyOf(argv) !== key || reply instanceof Error) return;
  if (argv[0] === 'GET' || argv[0] === 'GETEX' || argv[0] === 'GETDEL') tally.cached = reply;
  const value = storedValueOf(argv, reply);
  if (value !== undefined) tally.filledVersion = parseRow(value)?.version ?? null;
}

/** A user row, or its JSON, as a row (see `rowOf`); null for any other value. */
export function parseRow(value: unknown): UserRow | null {
  if (typeof value !== 'string') return rowOf(value);
  try {
    return rowOf(JSON.parse(value));
  } catch {
    return null;
  }
}

/**
 * A number, or text that is one as a hash's field holds it (`"5"`: the Redis panel's rule,
 * `isSameValue` in copyDiff.ts), as a number; otherwise undefined.
 */
const numberOf = (v: unknown): number | undefined =>
  typeof v === 'number'
    ? v
    : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))
      ? Number(v)
      : undefined;

/**
 * `v` as a user row, or null: an object with a numeric `id` and `version`. A row rebuilt from a
 * hash (HGETALL: every field text) is one too, its `id` and `version` taken as the numbers they
 * hold, so it is judged as the Redis panel judges the hash.
 */
function rowOf(v: unknown): UserRow | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const r = v as { id?: unknown; version?: unknown };
  const id = numberOf(r.id);
  const version = numberOf(r.version);
  if (id === undefined || version === undefined) return null;
  return id === r.id && version === r.version ? (v as UserRow) : ({ ...v, id, version } as UserRow);
}
