/**
 * Reading the in-memory keyspace without a command: nothing is logged, counted or accessed,
 * and an expired key is not reaped (the commands do that). `now` is virtual time in whole ms,
 * as ioredis-mock stamps expiries; `time` runs the mock's own expiry checks on virtual time.
 */
import { typeOf, type Keyspace, type RedisType, type RedisValue } from './redisKeyspace';
import type { VirtualTimeBinding } from './virtualTime';

/** What `Cache.peek` found at a key. */
export type PeekType = RedisType | 'none' | 'other';

/** A hash as a JSON object, a list or set as a JSON array: text every panel can show. */
export function asJsonText(value: Exclude<RedisValue, string>): string {
  return JSON.stringify(value instanceof Map ? Object.fromEntries(value) : [...value]);
}

/**
 * What a key held at one moment, for {@link keyStatesAt}: its type, its expiry, and its
 * value, a string as it is (strings never change in place, so the same one compares at once,
 * where writing it out as JSON cost a replay of `COPY` of a 1 MB value a thousand times 7 s)
 * and a collection, which commands change in place, written out as text.
 */
export interface KeyState {
  type: string;
  held: string;
  expiresAt: number | null;
}

function keyState(value: RedisValue, expiresAt: number | undefined): KeyState {
  const held =
    typeof value === 'string'
      ? value
      : JSON.stringify(
          value instanceof Map ? [...value] : Array.isArray(value) ? value : [...value],
        );
  return { type: typeOf(value), held, expiresAt: expiresAt ?? null };
}

/** Whether two of {@link keyStatesAt}'s states are the same (undefined: the key absent). */
export const isSameKeyState = (a: KeyState | undefined, b: KeyState | undefined): boolean =>
  a === undefined || b === undefined
    ? a === b
    : a.type === b.type && a.expiresAt === b.expiresAt && a.held === b.held;

/** What `key` holds now and when it expires (Infinity: never); undefined when absent. */
export function heldAt(
  keyspace: Keyspace,
  key: string,
  now: number,
  time: VirtualTimeBinding,
): { value: RedisValue; expiresAtMs: number } | undefined {
  const value = time.run(() => keyspace.get(key, now));
  if (value === undefined) return undefined;
  return { value, expiresAtMs: keyspace.expiresAt(key) ?? Infinity };
}

/**
 * What each of `keys` holds and until when, as text to compare (undefined: absent), without
 * reaping a key that has expired.
 */
export function keyStatesAt(
  keyspace: Keyspace,
  keys: readonly string[],
  now: number,
  time: VirtualTimeBinding,
): Map<string, KeyState | undefined> {
  const states = new Map<string, KeyState | undefined>();
  for (const key of keys) {
    const expiresAt = keyspace.expiresAt(key);
    const value =
      expiresAt !== undefined && expiresAt <= now
        ? undefined
        : time.run(() => keyspace.get(key, now));
    states.set(key, value === undefined ? undefined : keyState(value, expiresAt));
  }
  return states;
}

/**
 * What a string or a hash at `key` holds now, as text (a hash's fields as JSON), without
 * reaping an expired key: null when the key is absent, expired or of another type.
 */
export function rowTextAt(
  keyspace: Keyspace,
  key: string,
  now: number,
  time: VirtualTimeBinding,
): string | null {
  const expiresAt = keyspace.expiresAt(key);
  if (expiresAt !== undefined && expiresAt <= now) return null;
  // Bound by hand, not through `time.run`: every write of a long run reads its key here.
  time.enter();
  let value: RedisValue | undefined;
  try {
    value = keyspace.get(key, now);
  } finally {
    time.exit();
  }
  if (typeof value === 'string') return value;
  return value instanceof Map ? asJsonText(value) : null;
}

/**
 * The list at `key` as the keyspace holds it (not copied: a queue of 100,000 entries is not
 * written out to be read), with what the key holds (none: absent).
 */
export function listAt(
  keyspace: Keyspace,
  key: string,
  now: number,
  time: VirtualTimeBinding,
): { type: PeekType; entries: readonly string[] } {
  const value = time.run(() => keyspace.get(key, now));
  if (value === undefined) return { type: 'none', entries: [] };
  const type = typeOf(value);
  return { type, entries: type === 'list' ? (value as string[]) : [] };
}
