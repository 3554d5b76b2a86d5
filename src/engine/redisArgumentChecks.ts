// The errors Redis 7 answers from a command's arguments alone, before touching any key: SET and
// GETEX options, integer and expire-time arguments, SCAN's cursor, databases, CONFIG parameters.
// The command registry (redisCommandSpecs.ts) names each command's check.

import { lookupRedis7Command } from './redisCommandNames';
import { configGetMatches, isRedis7ConfigName } from './redisConfigNames';
import {
  asciiUpper,
  cString,
  INT64_MAX,
  INT64_MIN,
  NOT_AN_INTEGER,
  optionWord,
  parseInt64,
  SYNTAX_ERROR,
} from './redisCommandKit';

const utf8Encoder = new TextEncoder();
export const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** The bytes `%.Ns` prints: up to the first NUL, at most `max` bytes (may end mid-character). */
export function cStringBytes(text: string, max: number): Uint8Array {
  const bytes = utf8Encoder.encode(text);
  const nul = bytes.indexOf(0);
  return bytes.subarray(0, Math.min(nul < 0 ? bytes.length : nul, max));
}

const UINT64_MAX = 2n ** 64n - 1n;

export const arityError = (name: string) =>
  `ERR wrong number of arguments for '${name.toLowerCase()}' command`;
const expireTimeError = (name: string) =>
  `ERR invalid expire time in '${name.toLowerCase()}' command`;

/** The expire argument of SET / SETEX / PSETEX (`getExpireMillisecondsOrReply`). */
export function checkExpireArg(
  text: string,
  unitIsSeconds: boolean,
  command: string,
): string | null {
  const n = parseInt64(text);
  if (n === null) return NOT_AN_INTEGER;
  // Redis also rejects values that overflow once converted to milliseconds.
  if (n <= 0n || (unitIsSeconds && n > INT64_MAX / 1000n)) return expireTimeError(command);
  return null;
}

type StringCommand = 'SET' | 'GETEX';
const TIME_OPTIONS = ['EX', 'PX', 'EXAT', 'PXAT'];
/** SET/GETEX options: which command takes each, and which earlier option makes it a syntax error. */
const STRING_OPTIONS = new Map<string, { for: StringCommand[]; conflicts: string[] }>([
  ['NX', { for: ['SET'], conflicts: ['XX'] }],
  ['XX', { for: ['SET'], conflicts: ['NX'] }],
  ['GET', { for: ['SET'], conflicts: [] }],
  ['KEEPTTL', { for: ['SET'], conflicts: ['PERSIST', ...TIME_OPTIONS] }],
  ['PERSIST', { for: ['GETEX'], conflicts: ['KEEPTTL', ...TIME_OPTIONS] }],
  // A time option may repeat (the last one wins) but not mix with another time option.
  ...TIME_OPTIONS.map((opt): [string, { for: StringCommand[]; conflicts: string[] }] => [
    opt,
    {
      for: ['SET', 'GETEX'],
      conflicts: ['KEEPTTL', 'PERSIST', ...TIME_OPTIONS.filter((t) => t !== opt)],
    },
  ]),
]);

/** `parseExtendedStringArgumentsOrReply`, then (SET only) the expire value. */
export function checkStringOptions(argv: string[], command: StringCommand): string | null {
  const seen = new Set<string>();
  let expire: { text: string; unitIsSeconds: boolean } | null = null;
  for (let j = command === 'SET' ? 3 : 2; j < argv.length; j++) {
    const opt = optionWord(argv[j]);
    const rule = STRING_OPTIONS.get(opt);
    const isTime = TIME_OPTIONS.includes(opt);
    if (!rule || !rule.for.includes(command) || rule.conflicts.some((c) => seen.has(c)))
      return SYNTAX_ERROR;
    if (isTime && j + 1 >= argv.length) return SYNTAX_ERROR;
    seen.add(opt);
    if (isTime) expire = { text: argv[++j], unitIsSeconds: opt === 'EX' || opt === 'EXAT' };
  }
  // GETEX checks its expire value only after finding the key (a missing key answers nil), which
  // a stateless check cannot know; the command itself has to do that.
  if (command === 'GETEX' || expire === null) return null;
  return checkExpireArg(expire.text, expire.unitIsSeconds, 'set');
}

/** EXPIRE/PEXPIRE: options first (`parseExtendedExpireArgumentsOrReply`), then the number. */
export function checkExpireCommand(argv: string[], unitIsSeconds: boolean): string | null {
  const options = argv.slice(3);
  const unsupported = options.find((o) => !['NX', 'XX', 'GT', 'LT'].includes(optionWord(o)));
  // Redis formats the option with C's %s, which stops at a NUL byte, and `addReplyErrorFormat`
  // trims CR and LF off the end of the message (those inside become spaces later).
  if (unsupported !== undefined)
    return `ERR Unsupported option ${utf8Decoder.decode(cStringBytes(unsupported, Infinity))}`.replace(
      /[\r\n]+$/,
      '',
    );
  const has = (flag: string) => options.some((o) => optionWord(o) === flag);
  if (has('NX') && (has('XX') || has('GT') || has('LT'))) {
    return 'ERR NX and XX, GT or LT options at the same time are not compatible';
  }
  if (has('GT') && has('LT')) return 'ERR GT and LT options at the same time are not compatible';
  const n = parseInt64(argv[2]);
  if (n === null) return NOT_AN_INTEGER;
  // Negative values are allowed (the key is deleted); only the conversion to ms may overflow.
  if (unitIsSeconds && (n > INT64_MAX / 1000n || n < INT64_MIN / 1000n))
    return expireTimeError(argv[0]);
  return null;
}

/**
 * SCAN's cursor is read with `strtoul`, which takes a sign and wraps negatives around, and
 * stops at a NUL byte (Redis checks only that it stopped at the C string's end).
 */
export function checkScan(argv: string[]): string | null {
  const cursor = cString(argv[1]);
  if (!/^([+-]?[0-9]+)?$/.test(cursor) || BigInt(cursor.replace(/^[+-]/, '') || '0') > UINT64_MAX) {
    return 'ERR invalid cursor';
  }
  for (let i = 2; i < argv.length; i += 2) {
    const opt = optionWord(argv[i]);
    if (i + 1 >= argv.length || !['MATCH', 'COUNT', 'TYPE'].includes(opt)) return SYNTAX_ERROR;
    if (opt === 'COUNT') {
      const count = parseInt64(argv[i + 1]);
      if (count === null) return NOT_AN_INTEGER;
      if (count < 1n) return SYNTAX_ERROR;
    }
  }
  return null;
}

export const checkIntegers =
  (...positions: number[]) =>
  (argv: string[]): string | null =>
    positions.some((p) => parseInt64(argv[p]) === null) ? NOT_AN_INTEGER : null;

/** DECRBY negates its argument, which overflows for the smallest 64-bit integer. */
export const checkDecrBy = (argv: string[]): string | null =>
  checkIntegers(2)(argv) ??
  (parseInt64(argv[2]) === INT64_MIN ? 'ERR decrement would overflow' : null);

/**
 * COPY's options as Redis parses them (REPLACE, DB n within int and the 16 databases), then the
 * same key twice in one database.
 */
export function checkCopy(argv: string[]): string | null {
  let db = 0n;
  for (let j = 3; j < argv.length; j++) {
    const opt = optionWord(argv[j]);
    if (opt === 'REPLACE') continue;
    if (opt !== 'DB' || j + 1 >= argv.length) return SYNTAX_ERROR;
    const n = parseInt64(argv[++j]);
    if (n === null) return NOT_AN_INTEGER;
    // Redis' own words, "must" without "be".
    if (n < -(2n ** 31n) || n > 2n ** 31n - 1n)
      return 'ERR value is out of range, value must between -2147483648 and 2147483647';
    if (n < 0n || n > 15n) return 'ERR DB index is out of range';
    db = n;
  }
  // A copy to another database is refused when there is something to copy (see `copy`).
  return db === 0n && argv[1] === argv[2]
    ? 'ERR source and destination objects are the same'
    : null;
}

/** An int argument as Redis' `getIntFromObjectOrReply` reads it; `message` replaces its errors. */
function intRefusal(text: string, message?: string): string | null {
  const n = parseInt64(text);
  if (n === null) return message ?? NOT_AN_INTEGER;
  if (n < -(2n ** 31n) || n > 2n ** 31n - 1n)
    return message ?? 'ERR value is out of range, value must between -2147483648 and 2147483647';
  return null;
}

const isDbIndex = (text: string): boolean => {
  const n = BigInt(text.trim());
  return n >= 0n && n <= 15n;
};

/**
 * MOVE key db as Redis checks it: an int, one of the 16 databases, not the one the console is
 * in (db0). A move into another database is refused when there is a key to move (see `move`).
 */
export function checkMove(argv: string[]): string | null {
  const refusal = intRefusal(argv[2]);
  if (refusal !== null) return refusal;
  if (!isDbIndex(argv[2])) return 'ERR DB index is out of range';
  return BigInt(argv[2].trim()) === 0n ? 'ERR source and destination objects are the same' : null;
}

/** SWAPDB index1 index2 as Redis checks it: two ints, each one of the 16 databases. */
export function checkSwapdb(argv: string[]): string | null {
  const refusal =
    intRefusal(argv[1], 'ERR invalid first DB index') ??
    intRefusal(argv[2], 'ERR invalid second DB index');
  if (refusal !== null) return refusal;
  return !isDbIndex(argv[1]) || !isDbIndex(argv[2]) ? 'ERR DB index is out of range' : null;
}

/** A database swapped with itself is a no-op; two different ones: this console has one. */
export const refuseSwapdb = (argv: string[]): string | null =>
  BigInt(argv[1].trim()) === BigInt(argv[2].trim())
    ? null
    : 'ERR SWAPDB of two databases is not supported in this console: it has one database, db0';

/**
 * WAIT numreplicas timeout as Redis reads it (a long, then a timeout in ms, not negative). The
 * console's Redis has no replicas: waiting for none answers 0 at once, as Redis does; waiting
 * for one or more would block for the timeout (for ever with 0) and is refused.
 *
 * Redis 7.0 reads the count as a long but keeps it, once the client blocks, in the `int` of its
 * blocking state, which its next event loop compares with the 0 replicas that acknowledged: a
 * count whose low 32 bits are 0 or negative as an int (2^31, 2^32, 2^63-1) answers 0 at once
 * too, where 4294967297 (an int 1) blocks.
 */
export function checkWait(argv: string[]): string | null {
  if (parseInt64(argv[1]) === null) return NOT_AN_INTEGER;
  const timeout = parseInt64(argv[2]);
  if (timeout === null) return 'ERR timeout is not an integer or out of range';
  return timeout < 0n ? 'ERR timeout is negative' : null;
}

export const refuseWait = (argv: string[]): string | null =>
  BigInt.asIntN(32, parseInt64(argv[1]) ?? 0n) <= 0n
    ? null
    : 'ERR WAIT for replicas is not supported in this console: its Redis has none, so Redis would block for the timeout (for ever with 0) and then answer 0';

/** SELECT's index as Redis reads it: an int, then one of the 16 databases. */
export function checkSelect(argv: string[]): string | null {
  const n = parseInt64(argv[1]);
  if (n === null) return NOT_AN_INTEGER;
  if (n < -(2n ** 31n) || n > 2n ** 31n - 1n)
    return 'ERR value is out of range, value must between -2147483648 and 2147483647';
  return n < 0n || n > 15n ? 'ERR DB index is out of range' : null;
}

/** Any database but db0 is refused: this console has only db0. */
export const refuseSelect = (argv: string[]): string | null =>
  parseInt64(argv[1]) === 0n
    ? null
    : 'ERR SELECT of another database is not supported in this console: it has one database, db0';

/** The Redis parameters CONFIG GET answers here, from the page's own settings. */
const CONFIG_PARAMETERS = ['maxmemory-policy', 'maxmemory-samples'];

/**
 * CONFIG's words as Redis checks them: its arity and unknown subcommand errors, REWRITE's error
 * for a server without a config file, CONFIG SET's before any value.
 */
export function checkConfig(argv: string[]): string | null {
  const sub = asciiUpper(argv[1]);
  const lookup = lookupRedis7Command(argv);
  // A wrong arity, or a subcommand Redis does not have, gets Redis' own words.
  if (lookup?.refusal === 'arity' || lookup?.refusal === 'unknown subcommand') return lookup.error;
  // Redis' own error for a server started without a config file, which the page's Redis is: a
  // refusal would say less, and answer where Redis answers an error of its own.
  if (sub === 'REWRITE') return 'ERR The server is running without a config file';
  // CONFIG SET's words as Redis checks them before any value: name and value pairs, and a first
  // name that is none of its parameters (which no later name or value can change). A name with
  // a NUL byte is not judged: Redis hashes all its bytes but compares them only up to the NUL.
  if (sub === 'SET') {
    if (argv.length % 2 === 1) return SYNTAX_ERROR;
    const first = argv[2];
    if (!first.includes('\0') && !isRedis7ConfigName(first))
      return `ERR Unknown option or number of arguments for CONFIG SET - '${first}'`;
  }
  return null;
}

/**
 * CONFIG GET with the exact names of parameters this sandbox has, CONFIG HELP and RESETSTAT; any
 * other CONFIG is refused, saying where the page keeps its settings.
 */
export function refuseConfig(argv: string[]): string | null {
  const sub = asciiUpper(argv[1]);
  const instead =
    "this console's CONFIG answers only CONFIG GET maxmemory-policy and maxmemory-samples (and CONFIG HELP and RESETSTAT); " +
    "the eviction policy and the key limit are this page's Eviction and Max keys settings, and INFO memory shows them";
  // HELP is Redis' own text about Redis' CONFIG, true here too; RESETSTAT resets INFO's counts.
  if (sub === 'HELP' || sub === 'RESETSTAT') return null;
  if (sub !== 'GET') return `ERR CONFIG ${sub} is not supported in this console: ${instead}`;
  // A name or pattern that takes in a parameter the console does not have is refused; one
  // that names no parameter of Redis' adds nothing to the reply, as in Redis.
  for (const name of argv.slice(2))
    if (configGetMatches(name).some(({ parameter }) => !CONFIG_PARAMETERS.includes(parameter)))
      return `ERR CONFIG GET ${name} is not supported in this console: ${instead}`;
  return null;
}

/**
 * OBJECT's words as Redis checks them: its arity and unknown subcommand errors, in its words.
 * FREQ and IDLETIME read what the page keeps for eviction; HELP is Redis' own text.
 */
export function checkObject(argv: string[]): string | null {
  const lookup = lookupRedis7Command(argv);
  if (lookup?.refusal === 'arity' || lookup?.refusal === 'unknown subcommand') return lookup.error;
  // Every subcommand runs as far as the key's lookup: a missing key answers nil, as in Redis;
  // ENCODING and REFCOUNT of one that exists are refused there (redisKeyCommands.ts `object`).
  return null;
}

/** FLUSHALL / FLUSHDB take nothing, or exactly one of ASYNC and SYNC. */
export const checkFlush = (argv: string[]): string | null =>
  argv.length === 1 || (argv.length === 2 && ['ASYNC', 'SYNC'].includes(optionWord(argv[1])))
    ? null
    : SYNTAX_ERROR;
