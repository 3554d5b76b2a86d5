// A keyspace for trying commands out: it reads through to the real one and keeps every write to
// itself, so the real keyspace is left exactly as it was (no value, expiry or key order changed,
// no expired key reaped). EXEC tries a queue on one before running it (see
// `otherDatabaseRefusal` in redisTransactions.ts).

import { cloneValue, type Keyspace, type RedisValue } from './redisKeyspace';

/** A {@link Keyspace} over `base` whose writes go to itself only. */
export function trialKeyspace(base: Keyspace): Keyspace {
  // What the trial wrote: a value, or undefined for a key it removed.
  const values = new Map<string, RedisValue | undefined>();
  const expiries = new Map<string, number | bigint | undefined>();
  let isCleared = false;
  /** Whether `base` still speaks for `key` (the trial has not written or removed it). */
  const isBase = (key: string) => !isCleared && !values.has(key);
  const exactExpiresAt = (key: string): number | bigint | undefined =>
    expiries.has(key) ? expiries.get(key) : isBase(key) ? base.exactExpiresAt(key) : undefined;
  const isExpired = (key: string, nowMs: number) => {
    const at = exactExpiresAt(key);
    return at !== undefined && Number(at) <= nowMs;
  };
  // With no "now" at all nothing has expired, so the base reaps nothing it reads.
  const baseHolds = (key: string) => isBase(key) && base.get(key, -Infinity) !== undefined;
  const trial: Keyspace = {
    get(key, nowMs) {
      if (isExpired(key, nowMs)) return undefined;
      if (!isBase(key)) return values.get(key);
      const value = base.get(key, -Infinity);
      if (value === undefined) return undefined;
      const copy = cloneValue(value);
      values.set(key, copy);
      return copy;
    },
    set(key, value) {
      // The expiry is left as it was, the base's included.
      if (isBase(key)) expiries.set(key, base.exactExpiresAt(key));
      values.set(key, value);
    },
    delete(key) {
      const had = isBase(key) ? baseHolds(key) : values.get(key) !== undefined;
      values.set(key, undefined);
      expiries.set(key, undefined);
      return had;
    },
    keys(nowMs) {
      const live = isCleared ? [] : base.keys(nowMs).filter((key) => !values.has(key));
      for (const [key, value] of values)
        if (value !== undefined && !isExpired(key, nowMs)) live.push(key);
      return live;
    },
    expiresAt: (key) => {
      const at = exactExpiresAt(key);
      return at === undefined ? undefined : Number(at);
    },
    exactExpiresAt,
    setExpiresAt(key, atMs) {
      if (isBase(key) && !values.has(key)) {
        const value = base.get(key, -Infinity);
        values.set(key, value === undefined ? undefined : cloneValue(value));
      }
      expiries.set(key, atMs);
    },
    clear() {
      values.clear();
      expiries.clear();
      isCleared = true;
    },
  };
  return trial;
}
