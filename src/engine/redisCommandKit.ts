// What every console command implementation shares: its context, Redis 7's error texts, key
// lookups with the hit and miss counting Redis does, and 64-bit integer and expiry arithmetic.

import type { RedisReply } from './redisCli';
import type { Keyspace, RedisType, RedisValue } from './redisKeyspace';
import { typeOf } from './redisKeyspace';

/**
 * The Unix time, in ms, that virtual time 0 stands for (2026-01-01T00:00:00Z). Redis takes
 * absolute times (EXAT, PXAT) and checks expiry overflows against the Unix clock; the sandbox's
 * virtual clock starts at 0, so absolute times are read against this fixed instant.
 */
export const UNIX_EPOCH_OF_VIRTUAL_ZERO_MS = 1_767_225_600_000;

/** TIME's reply at virtual `nowMs`: Unix seconds and microseconds, as strings (virtual 0 is 2026-01-01). */
export function unixTimeReply(nowMs: number): [string, string] {
  const us = Math.round((UNIX_EPOCH_OF_VIRTUAL_ZERO_MS + nowMs) * 1000);
  return [String(Math.floor(us / 1e6)), String(us % 1e6)];
}

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

export const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';

/**
 * An error message as Redis 7 words it: ioredis-mock says "Key k does not contain a list" (a set,
 * a sorted set) where Redis answers WRONGTYPE: the programs' commands go through this, the console's
 * through redisCli's errorReply, which does the same.
 */
export function inRedisWords(message: string): string {
  return /^Key .* does not contain a (list|set|sorted set)$/s.test(message) ? WRONGTYPE : message;
}
export const NOT_AN_INTEGER = 'ERR value is not an integer or out of range';
export const SYNTAX_ERROR = 'ERR syntax error';

/** Counters Redis keeps for INFO that the commands update. */
export interface KeyspaceStats {
  keyspaceHits: number;
  keyspaceMisses: number;
}

/** Everything a command may use: the keyspace, virtual now, the counters, and INFO's text. */
export interface CommandContext {
  keyspace: Keyspace;
  /** The id of the connection that sent the command, as HELLO answers it. */
  clientId: number;
  /** Virtual milliseconds, whole. */
  nowMs: number;
  /** Virtual milliseconds as the clock has them, fractions too (TIME's microseconds). */
  clockMs?: number;
  stats: KeyspaceStats;
  /** INFO's text for the sections asked (lower case; empty means the default set). */
  info(sections: string[]): string;
  /**
   * CONFIG RESETSTAT: the server's counters that INFO reports (hits, misses, commands, errors,
   * evictions) start again from zero, as Redis' `resetServerStats` does.
   */
  resetStats?(): void;
  /** The sandbox's eviction settings, which CONFIG GET reports as Redis' parameters. */
  eviction: { policy: string; samples: number };
  /**
   * Called with each key a lookup found, as Redis' `lookupKey` updates the key's LRU time or
   * LFU counter (not for EXISTS, TYPE, the TTL family and SCAN's TYPE, which look with NOTOUCH).
   */
  accessed?(key: string): void;
  /**
   * What Redis keeps of a key for eviction, as OBJECT FREQ and OBJECT IDLETIME read it: its LFU
   * counter after decay, and its idle time in LRU clock ticks (ms). Undefined when the page
   * keeps none (no Max keys limit: nothing can be evicted, so no access is recorded).
   */
  accessData?(key: string): { frequency: number; idleMs: number } | undefined;
  /**
   * RENAME moved the value at `from` to `to`. Redis moves the object itself, and with it the
   * LRU time and LFU counter eviction keeps of it: the key at `to` is no new key for OBJECT
   * FREQ, IDLETIME or the next eviction.
   */
  moved?(from: string, to: string): void;
  /**
   * COPY made a new object at `key` (Redis adds a duplicate): its LRU time and LFU counter start
   * afresh, as a new key's do, even where it replaced a key (`COPY a b REPLACE`).
   */
  created?(key: string): void;
  /**
   * Set for a command a script sends: its arguments are not held to the console's value limit
   * (`MAX_VALUE_BYTES`), as Redis holds them to none a script could reach. What a script
   * sends is already bounded: the strings it makes by its budget (`luaBudget.ts`), its
   * arguments by whoever sent the EVAL. `'code'`: a script a learner's code sent, whose
   * commands are held to the value limit of the code's own (a SET from it could store 4 MiB
   * where the code's SET stops at 1 MiB).
   */
  isFromScript?: boolean | 'code';
}

/** A command's reply and the keys it may have changed ('all' after a flush). */
export interface CommandOutcome {
  reply: RedisReply;
  touched: string[] | 'all';
}

/** A reply and the keys the command touched (the adapter re-reads those). */
export const out = (reply: RedisReply, ...touched: string[]): CommandOutcome => ({
  reply,
  touched,
});

export const error = (text: string): { error: string } => ({ error: text });
export const ok = (): RedisReply => ({ status: 'OK' });
/** An integer reply; beyond 2^53 it is carried as text so no digit is lost. */
export const integer = (n: bigint | number): RedisReply =>
  typeof n === 'number' || (n >= -(2n ** 53n) && n <= 2n ** 53n)
    ? Number(n)
    : { integer: n.toString() };

export const asciiUpper = (s: string): string => s.replace(/[a-z]/g, (c) => c.toUpperCase());

/**
 * Lower case as Redis' `strcasecmp` folds it, ASCII letters only: `toLowerCase` would also fold
 * the Kelvin sign (U+212A) to `k`, making `\u212AEYS` the name KEYS, which Redis does not find.
 */
export const asciiLower = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/**
 * A refusal worded for a command a learner's code sent: it speaks of the sandbox, since the code
 * typed in no console ("not supported in this console" becomes "... in this sandbox").
 */
export const inSandboxWords = (error: string): string =>
  error.replace(/\bthis console\b/g, 'this sandbox');

/** The keys an EVAL or EVALSHA names: its `numkeys` arguments after the count. */
export function scriptKeys(argv: readonly string[]): string[] {
  const count = Number(argv[2]);
  return Number.isInteger(count) && count > 0 ? argv.slice(3, 3 + count) : [];
}

/**
 * What Redis 7 answers an EVAL or EVALSHA (`argv`, its name first) whose arguments it cannot
 * run: too few, a `numkeys` that is not an integer, negative, or more than the arguments after
 * it. Null when it may run. ioredis-mock ran the script regardless (`EVAL "return 1" x` answered
 * 1), and `EVAL` alone failed with a Node.js message about its `data` argument.
 */
export function scriptCallError(argv: readonly string[]): string | null {
  if (argv.length < 3)
    return `ERR wrong number of arguments for '${argv[0].toLowerCase()}' command`;
  const count = parseInt64(argv[2]);
  if (count === null) return NOT_AN_INTEGER;
  if (count > BigInt(argv.length - 3))
    return "ERR Number of keys can't be greater than number of args";
  if (count < 0n) return "ERR Number of keys can't be negative";
  return null;
}

/**
 * An option word as Redis compares it: `strcasecmp` (or a test of `opt[2] == '\0'`) on the
 * argument's C string, so a NUL byte ends the word (`"NX\x00junk"` is NX), then upper-cased.
 */
export const optionWord = (s: string): string => asciiUpper(cString(s));

/** An argument as C reads it: up to its first NUL byte. */
export const cString = (s: string): string => {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
};

/** Redis's `string2ll`: plain decimal, no `+`, no leading zeros, no `-0`, within 64 bits. */
export function parseInt64(text: string): bigint | null {
  if (text.length > 20 || !/^(0|-?[1-9][0-9]*)$/.test(text)) return null;
  const n = BigInt(text);
  return n >= INT64_MIN && n <= INT64_MAX ? n : null;
}

/** Unix ms now (a BigInt, for Redis' 64-bit overflow checks). */
export const unixNowMs = (ctx: CommandContext): bigint =>
  BigInt(UNIX_EPOCH_OF_VIRTUAL_ZERO_MS) + BigInt(ctx.nowMs);

/** Converts an absolute Unix time in ms to the virtual time the keyspace stores. */
export const virtualAt = (unixMs: bigint): bigint => unixMs - BigInt(UNIX_EPOCH_OF_VIRTUAL_ZERO_MS);

/**
 * A lookup as Redis' `lookupKeyRead`: counts a keyspace hit or miss, and is an access of the
 * key for eviction unless `noTouch` (Redis' LOOKUP_NOTOUCH).
 */
export function lookupRead(
  ctx: CommandContext,
  key: string,
  noTouch = false,
): RedisValue | undefined {
  const value = ctx.keyspace.get(key, ctx.nowMs);
  if (value === undefined) ctx.stats.keyspaceMisses++;
  else {
    ctx.stats.keyspaceHits++;
    if (!noTouch) ctx.accessed?.(key);
  }
  return value;
}

/** A lookup as `lookupKeyWrite`: no counting, but an access of the key for eviction. */
export function lookupWrite(ctx: CommandContext, key: string): RedisValue | undefined {
  const value = ctx.keyspace.get(key, ctx.nowMs);
  if (value !== undefined) ctx.accessed?.(key);
  return value;
}

/** The value when it has the type, `{ error: WRONGTYPE }` when it has another, else undefined. */
export function ofType<T extends RedisValue>(
  value: RedisValue | undefined,
  type: RedisType,
): T | undefined | { wrongType: true } {
  if (value === undefined) return undefined;
  return typeOf(value) === type ? (value as T) : { wrongType: true };
}

export const isWrongType = (v: unknown): v is { wrongType: true } =>
  typeof v === 'object' && v !== null && 'wrongType' in v;

/** Stores a value the way SET does: replaces whatever was there, and its TTL. */
export function overwrite(ctx: CommandContext, key: string, value: RedisValue): void {
  ctx.keyspace.set(key, value);
  ctx.keyspace.setExpiresAt(key, undefined);
}

/** Stores a new version of an existing key's value, keeping its TTL (INCR, APPEND, HSET ...). */
export function update(ctx: CommandContext, key: string, value: RedisValue): void {
  ctx.keyspace.set(key, value);
}

const utf8 = new TextEncoder();
/** Length in bytes, as Redis counts a string. */
export const byteLength = (s: string): number => utf8.encode(s).length;

export const expireTimeError = (name: string) =>
  `ERR invalid expire time in '${name.toLowerCase()}' command`;

/**
 * Redis 7's `getExpireMillisecondsOrReply` after the checks that need no clock: turns a
 * relative time (EX, PX, SETEX, PSETEX) into an absolute Unix ms, failing as Redis does when
 * the sum overflows 64 bits. Absolute times (EXAT, PXAT) are taken as given.
 */
export function absoluteExpiry(
  ctx: CommandContext,
  amount: bigint,
  unit: 'EX' | 'PX' | 'EXAT' | 'PXAT',
): bigint | null {
  let ms = unit === 'EX' || unit === 'EXAT' ? amount * 1000n : amount;
  if (unit === 'EX' || unit === 'PX') ms += unixNowMs(ctx);
  return ms > INT64_MAX || ms <= 0n ? null : ms;
}

/** Redis' `checkAlreadyExpired`: an absolute time at or before now deletes the key. */
export const isInThePast = (ctx: CommandContext, unixMs: bigint): boolean =>
  unixMs <= unixNowMs(ctx);

/** Writes an absolute Unix-ms expiry to the keyspace (virtual time). */
export function expireAt(ctx: CommandContext, key: string, unixMs: bigint): void {
  ctx.keyspace.setExpiresAt(key, virtualAt(unixMs));
}
