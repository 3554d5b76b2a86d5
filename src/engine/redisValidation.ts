// What the console accepts, and the errors Redis 7 answers from a command's arguments alone,
// before touching any key: names, arity, options, integer and expire-time arguments. One
// registry holds each command's arity, checks, syntax and summary; HELP and COMMAND read it.

import { lookupRedis7Command, REDIS_7_COMMAND_NAMES } from './redisCommandNames';
import { configGetMatches, isRedis7ConfigName } from './redisConfigNames';
import { REDIS_7_HELP } from './redisHelpTexts';
import { commandSizeRefusal } from './consoleLimits';
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
const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });

// ---------------------------------------------------------------------------------------------
// Validation: the errors Redis 7 answers from the arguments alone, before touching any key.

const UINT64_MAX = 2n ** 64n - 1n;

const arityError = (name: string) =>
  `ERR wrong number of arguments for '${name.toLowerCase()}' command`;
const expireTimeError = (name: string) =>
  `ERR invalid expire time in '${name.toLowerCase()}' command`;

/** The expire argument of SET / SETEX / PSETEX (`getExpireMillisecondsOrReply`). */
function checkExpireArg(text: string, unitIsSeconds: boolean, command: string): string | null {
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
function checkStringOptions(argv: string[], command: StringCommand): string | null {
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
function checkExpireCommand(argv: string[], unitIsSeconds: boolean): string | null {
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
function checkScan(argv: string[]): string | null {
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

const checkIntegers =
  (...positions: number[]) =>
  (argv: string[]): string | null =>
    positions.some((p) => parseInt64(argv[p]) === null) ? NOT_AN_INTEGER : null;

/** DECRBY negates its argument, which overflows for the smallest 64-bit integer. */
const checkDecrBy = (argv: string[]): string | null =>
  checkIntegers(2)(argv) ??
  (parseInt64(argv[2]) === INT64_MIN ? 'ERR decrement would overflow' : null);

/**
 * COPY's options as Redis parses them (REPLACE, DB n within int and the 16 databases), then the
 * same key twice in one database.
 */
function checkCopy(argv: string[]): string | null {
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
function checkMove(argv: string[]): string | null {
  const refusal = intRefusal(argv[2]);
  if (refusal !== null) return refusal;
  if (!isDbIndex(argv[2])) return 'ERR DB index is out of range';
  return BigInt(argv[2].trim()) === 0n ? 'ERR source and destination objects are the same' : null;
}

/** SWAPDB index1 index2 as Redis checks it: two ints, each one of the 16 databases. */
function checkSwapdb(argv: string[]): string | null {
  const refusal =
    intRefusal(argv[1], 'ERR invalid first DB index') ??
    intRefusal(argv[2], 'ERR invalid second DB index');
  if (refusal !== null) return refusal;
  return !isDbIndex(argv[1]) || !isDbIndex(argv[2]) ? 'ERR DB index is out of range' : null;
}

/** A database swapped with itself is a no-op; two different ones: this console has one. */
const refuseSwapdb = (argv: string[]): string | null =>
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
function checkWait(argv: string[]): string | null {
  if (parseInt64(argv[1]) === null) return NOT_AN_INTEGER;
  const timeout = parseInt64(argv[2]);
  if (timeout === null) return 'ERR timeout is not an integer or out of range';
  return timeout < 0n ? 'ERR timeout is negative' : null;
}

const refuseWait = (argv: string[]): string | null =>
  BigInt.asIntN(32, parseInt64(argv[1]) ?? 0n) <= 0n
    ? null
    : 'ERR WAIT for replicas is not supported in this console: its Redis has none, so Redis would block for the timeout (for ever with 0) and then answer 0';

/** SELECT's index as Redis reads it: an int, then one of the 16 databases. */
function checkSelect(argv: string[]): string | null {
  const n = parseInt64(argv[1]);
  if (n === null) return NOT_AN_INTEGER;
  if (n < -(2n ** 31n) || n > 2n ** 31n - 1n)
    return 'ERR value is out of range, value must between -2147483648 and 2147483647';
  return n < 0n || n > 15n ? 'ERR DB index is out of range' : null;
}

/** Any database but db0 is refused: this console has only db0. */
const refuseSelect = (argv: string[]): string | null =>
  parseInt64(argv[1]) === 0n
    ? null
    : 'ERR SELECT of another database is not supported in this console: it has one database, db0';

/** The Redis parameters CONFIG GET answers here, from the page's own settings. */
const CONFIG_PARAMETERS = ['maxmemory-policy', 'maxmemory-samples'];

/**
 * CONFIG's words as Redis checks them: its arity and unknown subcommand errors, REWRITE's error
 * for a server without a config file, CONFIG SET's before any value.
 */
function checkConfig(argv: string[]): string | null {
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
function refuseConfig(argv: string[]): string | null {
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
function checkObject(argv: string[]): string | null {
  const lookup = lookupRedis7Command(argv);
  if (lookup?.refusal === 'arity' || lookup?.refusal === 'unknown subcommand') return lookup.error;
  // Every subcommand runs as far as the key's lookup: a missing key answers nil, as in Redis;
  // ENCODING and REFCOUNT of one that exists are refused there (redisKeyCommands.ts `object`).
  return null;
}

/** FLUSHALL / FLUSHDB take nothing, or exactly one of ASYNC and SYNC. */
const checkFlush = (argv: string[]): string | null =>
  argv.length === 1 || (argv.length === 2 && ['ASYNC', 'SYNC'].includes(optionWord(argv[1])))
    ? null
    : SYNTAX_ERROR;

/** One command the console accepts. */
export interface CommandSpec {
  /** Redis 7's arity: negative means at least that many words, counting the name. */
  arity: number;
  /** The argument checks Redis makes before looking at any key. */
  check?: (argv: string[]) => string | null;
  /**
   * What the console refuses of a command Redis would run (another database, a replica to
   * wait for, a CONFIG parameter the page does not have), once Redis' own checks pass.
   */
  refuse?: (argv: string[]) => string | null;
  /** As `redis-cli`'s help shows it. */
  syntax: string;
  summary: string;
  /** Answered by the console itself, as redis-cli answers its own `help`: nothing is sent. */
  isConsoleOnly?: boolean;
}

const pairs = (name: string, odd: boolean) => (argv: string[]) =>
  argv.length % 2 === (odd ? 1 : 0) ? arityError(name) : null;

/**
 * The help groups of Redis 7 (`HELP @string` in redis-cli) and the console's commands in each.
 * HELP itself is the console's own and in none.
 */
export const HELP_GROUPS: ReadonlyMap<string, readonly string[]> = new Map([
  [
    'generic',
    [
      'DEL',
      'UNLINK',
      'EXISTS',
      'EXPIRE',
      'PEXPIRE',
      'EXPIREAT',
      'PEXPIREAT',
      'TTL',
      'PTTL',
      'EXPIRETIME',
      'PEXPIRETIME',
      'PERSIST',
      'RENAME',
      'RENAMENX',
      'COPY',
      'KEYS',
      'SCAN',
      'TYPE',
      'OBJECT',
      'TOUCH',
      'MOVE',
      'WAIT',
    ],
  ],
  [
    'string',
    [
      'GET',
      'SET',
      'INCR',
      'DECR',
      'INCRBY',
      'DECRBY',
      'MGET',
      'MSET',
      'SETNX',
      'SETEX',
      'PSETEX',
      'GETDEL',
      'GETEX',
      'APPEND',
      'STRLEN',
      'GETSET',
      'MSETNX',
      'GETRANGE',
      'SUBSTR',
      'INCRBYFLOAT',
      'SETRANGE',
    ],
  ],
  ['hash', ['HSET', 'HGET', 'HGETALL', 'HDEL', 'HLEN', 'HEXISTS', 'HMGET']],
  ['list', ['LPUSH', 'RPUSH', 'LRANGE', 'LLEN', 'LPOP', 'RPOP', 'LINSERT']],
  ['set', ['SADD', 'SMEMBERS', 'SCARD', 'SISMEMBER', 'SREM']],
  ['connection', ['PING', 'ECHO', 'SELECT', 'RESET', 'QUIT']],
  ['pubsub', ['UNSUBSCRIBE', 'PUNSUBSCRIBE', 'SUNSUBSCRIBE']],
  ['server', ['DBSIZE', 'FLUSHALL', 'FLUSHDB', 'INFO', 'CONFIG', 'TIME', 'SWAPDB']],
  ['transactions', ['MULTI', 'EXEC', 'DISCARD', 'WATCH', 'UNWATCH']],
]);

/** Every command the console accepts, in the order HELP lists them. */
export const COMMANDS: ReadonlyMap<string, CommandSpec> = new Map<string, CommandSpec>([
  ['GET', { arity: 2, syntax: 'GET key', summary: 'the string at key, or nil' }],
  [
    'SET',
    {
      arity: -3,
      check: (argv) => checkStringOptions(argv, 'SET'),
      syntax: 'SET key value [NX|XX] [GET] [EX s|PX ms|EXAT t|PXAT t|KEEPTTL]',
      summary: 'store a string (a plain SET drops the TTL)',
    },
  ],
  ['DEL', { arity: -2, syntax: 'DEL key [key ...]', summary: 'delete keys; how many existed' }],
  [
    'UNLINK',
    {
      arity: -2,
      syntax: 'UNLINK key [key ...]',
      summary: 'DEL, the memory freed in the background',
    },
  ],
  ['EXISTS', { arity: -2, syntax: 'EXISTS key [key ...]', summary: 'how many of the keys exist' }],
  [
    'EXPIRE',
    {
      arity: -3,
      check: (argv) => checkExpireCommand(argv, true),
      syntax: 'EXPIRE key seconds [NX|XX|GT|LT]',
      summary: 'set a TTL in seconds',
    },
  ],
  [
    'PEXPIRE',
    {
      arity: -3,
      check: (argv) => checkExpireCommand(argv, false),
      syntax: 'PEXPIRE key ms [NX|XX|GT|LT]',
      summary: 'set a TTL in milliseconds',
    },
  ],
  [
    'EXPIREAT',
    {
      arity: -3,
      check: (argv) => checkExpireCommand(argv, true),
      syntax: 'EXPIREAT key unix-seconds [NX|XX|GT|LT]',
      summary: 'expire at a Unix time (virtual 0 is 2026-01-01)',
    },
  ],
  [
    'PEXPIREAT',
    {
      arity: -3,
      check: (argv) => checkExpireCommand(argv, false),
      syntax: 'PEXPIREAT key unix-ms [NX|XX|GT|LT]',
      summary: 'expire at a Unix time in milliseconds',
    },
  ],
  ['TTL', { arity: 2, syntax: 'TTL key', summary: 'seconds left; -1 no TTL, -2 no key' }],
  ['PTTL', { arity: 2, syntax: 'PTTL key', summary: 'milliseconds left; -1 no TTL, -2 no key' }],
  [
    'EXPIRETIME',
    { arity: 2, syntax: 'EXPIRETIME key', summary: 'the Unix time (s) it expires; -1, -2 as TTL' },
  ],
  [
    'PEXPIRETIME',
    {
      arity: 2,
      syntax: 'PEXPIRETIME key',
      summary: 'the Unix time (ms) it expires; -1, -2 as PTTL',
    },
  ],
  ['PERSIST', { arity: 2, syntax: 'PERSIST key', summary: 'remove the TTL' }],
  [
    'RENAME',
    { arity: 3, syntax: 'RENAME key newkey', summary: 'move a value and its TTL to another key' },
  ],
  [
    'COPY',
    {
      arity: -3,
      check: checkCopy,
      syntax: 'COPY source destination [DB 0] [REPLACE]',
      summary: 'copy a value and its TTL to another key',
    },
  ],
  [
    'RENAMENX',
    { arity: 3, syntax: 'RENAMENX key newkey', summary: 'RENAME only if newkey is missing' },
  ],
  ['KEYS', { arity: 2, syntax: 'KEYS pattern', summary: 'keys matching a glob pattern' }],
  [
    'SCAN',
    {
      arity: -2,
      check: checkScan,
      syntax: 'SCAN cursor [MATCH pattern] [COUNT n] [TYPE type]',
      summary: 'iterate over keys',
    },
  ],
  ['DBSIZE', { arity: 1, syntax: 'DBSIZE', summary: 'how many keys there are' }],
  [
    'FLUSHALL',
    { arity: -1, check: checkFlush, syntax: 'FLUSHALL [ASYNC|SYNC]', summary: 'delete every key' },
  ],
  [
    'FLUSHDB',
    { arity: -1, check: checkFlush, syntax: 'FLUSHDB [ASYNC|SYNC]', summary: 'delete every key' },
  ],
  ['INCR', { arity: 2, syntax: 'INCR key', summary: 'add 1 to a 64-bit integer' }],
  ['DECR', { arity: 2, syntax: 'DECR key', summary: 'subtract 1 from a 64-bit integer' }],
  [
    'INCRBY',
    { arity: 3, check: checkIntegers(2), syntax: 'INCRBY key n', summary: 'add n to an integer' },
  ],
  [
    'DECRBY',
    { arity: 3, check: checkDecrBy, syntax: 'DECRBY key n', summary: 'subtract n from an integer' },
  ],
  ['MGET', { arity: -2, syntax: 'MGET key [key ...]', summary: 'several strings at once' }],
  // MSET and HSET take pairs; an unpaired argument is reported as a wrong number of arguments.
  [
    'MSET',
    {
      arity: -3,
      check: pairs('mset', false),
      syntax: 'MSET key value [key value ...]',
      summary: 'store several strings',
    },
  ],
  ['SETNX', { arity: 3, syntax: 'SETNX key value', summary: 'SET only if the key is missing' }],
  [
    'SETEX',
    {
      arity: 4,
      check: (argv) => checkExpireArg(argv[2], true, 'setex'),
      syntax: 'SETEX key seconds value',
      summary: 'SET with a TTL in seconds',
    },
  ],
  [
    'PSETEX',
    {
      arity: 4,
      check: (argv) => checkExpireArg(argv[2], false, 'psetex'),
      syntax: 'PSETEX key ms value',
      summary: 'SET with a TTL in milliseconds',
    },
  ],
  ['GETDEL', { arity: 2, syntax: 'GETDEL key', summary: 'GET, then delete the key' }],
  [
    'GETEX',
    {
      arity: -2,
      check: (argv) => checkStringOptions(argv, 'GETEX'),
      syntax: 'GETEX key [EX s|PX ms|EXAT t|PXAT t|PERSIST]',
      summary: 'GET and change the TTL',
    },
  ],
  ['APPEND', { arity: 3, syntax: 'APPEND key value', summary: 'append; the new length in bytes' }],
  ['STRLEN', { arity: 2, syntax: 'STRLEN key', summary: 'length of the string in bytes' }],
  ['GETSET', { arity: 3, syntax: 'GETSET key value', summary: 'SET, answering the old value' }],
  [
    'MSETNX',
    {
      arity: -3,
      check: pairs('msetnx', false),
      syntax: 'MSETNX key value [key value ...]',
      summary: 'MSET only if none of the keys exists',
    },
  ],
  [
    'GETRANGE',
    {
      arity: 4,
      check: checkIntegers(2, 3),
      syntax: 'GETRANGE key start end',
      summary: 'bytes start to end of a string (negative counts from the end)',
    },
  ],
  [
    'SUBSTR',
    {
      arity: 4,
      check: checkIntegers(2, 3),
      syntax: 'SUBSTR key start end',
      summary: 'GETRANGE under its old name (deprecated in Redis, which still answers it)',
    },
  ],
  [
    'INCRBYFLOAT',
    {
      arity: 3,
      syntax: 'INCRBYFLOAT key increment',
      summary: 'add a decimal number, computed and printed as Redis does (long double)',
    },
  ],
  [
    'SETRANGE',
    {
      arity: 4,
      syntax: 'SETRANGE key offset value',
      summary: 'overwrite bytes from offset, padding with zero bytes; the new length',
    },
  ],
  ['TYPE', { arity: 2, syntax: 'TYPE key', summary: 'string, hash, list, set or none' }],
  [
    'TOUCH',
    {
      arity: -2,
      syntax: 'TOUCH key [key ...]',
      summary: 'how many of the keys exist; each is an access for eviction',
    },
  ],
  [
    'WAIT',
    {
      arity: 3,
      check: checkWait,
      refuse: refuseWait,
      syntax: 'WAIT 0 timeout',
      summary:
        'the replicas that acknowledged: 0, there are none here (waiting for one is refused)',
    },
  ],
  [
    'MOVE',
    {
      arity: 3,
      check: checkMove,
      syntax: 'MOVE key db',
      summary: 'Redis checks the database; a move out of db0, the one here, is refused',
    },
  ],
  [
    'OBJECT',
    {
      arity: -2,
      check: checkObject,
      syntax: 'OBJECT FREQ key | OBJECT IDLETIME key | OBJECT HELP',
      summary:
        "what eviction reads of a key (under a Max keys limit): its LFU counter under allkeys-lfu, its idle seconds under another policy; OBJECT HELP is Redis' own",
    },
  ],
  [
    'HSET',
    {
      arity: -4,
      check: pairs('hset', true),
      syntax: 'HSET key field value [field value ...]',
      summary: 'set hash fields; how many were new',
    },
  ],
  ['HGET', { arity: 3, syntax: 'HGET key field', summary: 'one field of a hash' }],
  ['HGETALL', { arity: 2, syntax: 'HGETALL key', summary: 'every field and value of a hash' }],
  ['HDEL', { arity: -3, syntax: 'HDEL key field [field ...]', summary: 'delete hash fields' }],
  ['HLEN', { arity: 2, syntax: 'HLEN key', summary: 'how many fields a hash has' }],
  ['HEXISTS', { arity: 3, syntax: 'HEXISTS key field', summary: '1 if the hash has the field' }],
  [
    'HMGET',
    { arity: -3, syntax: 'HMGET key field [field ...]', summary: 'several fields at once' },
  ],
  ['LPUSH', { arity: -3, syntax: 'LPUSH key element [...]', summary: "push at a list's head" }],
  ['RPUSH', { arity: -3, syntax: 'RPUSH key element [...]', summary: "push at a list's tail" }],
  [
    'LRANGE',
    {
      arity: 4,
      check: checkIntegers(2, 3),
      syntax: 'LRANGE key start stop',
      summary: 'a range of a list (negative counts from the end)',
    },
  ],
  ['LLEN', { arity: 2, syntax: 'LLEN key', summary: 'how long a list is' }],
  [
    'LPOP',
    {
      arity: -2,
      check: (argv) => (argv.length > 3 ? arityError('lpop') : null),
      syntax: 'LPOP key [count]',
      summary: "remove and return from a list's head",
    },
  ],
  [
    'RPOP',
    {
      arity: -2,
      check: (argv) => (argv.length > 3 ? arityError('rpop') : null),
      syntax: 'RPOP key [count]',
      summary: "remove and return from a list's tail",
    },
  ],
  [
    'LINSERT',
    {
      arity: 5,
      syntax: 'LINSERT key BEFORE|AFTER pivot element',
      summary: 'insert next to the first pivot; the new length, -1 without the pivot',
    },
  ],
  ['SADD', { arity: -3, syntax: 'SADD key member [...]', summary: 'add set members' }],
  ['SMEMBERS', { arity: 2, syntax: 'SMEMBERS key', summary: 'every member of a set' }],
  ['SCARD', { arity: 2, syntax: 'SCARD key', summary: 'how many members a set has' }],
  ['SISMEMBER', { arity: 3, syntax: 'SISMEMBER key member', summary: '1 if member is in the set' }],
  ['SREM', { arity: -3, syntax: 'SREM key member [...]', summary: 'remove set members' }],
  // PING's arity is -1 but it answers "wrong number of arguments" beyond one message.
  [
    'PING',
    {
      arity: -1,
      check: (argv) => (argv.length > 2 ? arityError('ping') : null),
      syntax: 'PING [message]',
      summary: 'PONG, or the message',
    },
  ],
  ['ECHO', { arity: 2, syntax: 'ECHO message', summary: 'the message' }],
  [
    'SELECT',
    {
      arity: 2,
      check: checkSelect,
      refuse: refuseSelect,
      syntax: 'SELECT 0',
      summary: 'use db0, the one database here (another is refused)',
    },
  ],
  // The console subscribes to nothing (SUBSCRIBE is refused): these confirm that each channel
  // or pattern is not subscribed to, as Redis answers a client outside its subscribe mode.
  [
    'UNSUBSCRIBE',
    {
      arity: -1,
      syntax: 'UNSUBSCRIBE [channel ...]',
      summary: 'one reply a channel: not subscribed (the console subscribes to none)',
    },
  ],
  [
    'PUNSUBSCRIBE',
    {
      arity: -1,
      syntax: 'PUNSUBSCRIBE [pattern ...]',
      summary: 'one reply a pattern: not subscribed (the console subscribes to none)',
    },
  ],
  [
    'SUNSUBSCRIBE',
    {
      arity: -1,
      syntax: 'SUNSUBSCRIBE [shardchannel ...]',
      summary: 'one reply a shard channel: not subscribed (the console subscribes to none)',
    },
  ],
  [
    'SWAPDB',
    {
      arity: 3,
      check: checkSwapdb,
      refuse: refuseSwapdb,
      syntax: 'SWAPDB index1 index2',
      summary:
        'Redis checks both; a database swapped with itself is OK, two are refused (one here)',
    },
  ],
  [
    'TIME',
    {
      arity: 1,
      syntax: 'TIME',
      summary: 'the virtual clock as Unix seconds and microseconds (virtual 0 is 2026-01-01)',
    },
  ],
  [
    'INFO',
    {
      arity: -1,
      syntax: 'INFO [section ...]',
      summary: 'this sandbox: keys, eviction policy, hits and misses',
    },
  ],
  [
    'CONFIG',
    {
      arity: -2,
      check: checkConfig,
      refuse: refuseConfig,
      syntax: 'CONFIG GET parameter [parameter ...] | CONFIG HELP',
      summary:
        "the eviction settings Redis names so (the page's Eviction setting): maxmemory-policy and maxmemory-samples, by name or glob pattern; CONFIG HELP is Redis' own",
    },
  ],
  [
    'HELP',
    {
      arity: -1,
      syntax: 'HELP [command]',
      summary: 'this list, or one command',
      isConsoleOnly: true,
    },
  ],
]);

/**
 * The commands Redis answers with one reply for each channel named (or a nil for none), which
 * the command layer gives as the list of those replies: the console prints each.
 */
export const REPLY_PER_CHANNEL_COMMANDS: ReadonlySet<string> = new Set([
  'UNSUBSCRIBE',
  'PUNSUBSCRIBE',
  'SUNSUBSCRIBE',
]);

/**
 * Transactions need a connection's state, which the command layer has none of: the adapter
 * answers them for a console connection itself (redisTransactions.ts), so what reaches this
 * check is a script's or a learner's code's, refused with a message of the console's own.
 */
const CONSOLE_UNSUPPORTED = new Set(['MULTI', 'EXEC', 'DISCARD', 'WATCH', 'UNWATCH']);

/**
 * The transaction commands, which a console connection runs itself (redisTransactions.ts), not
 * the command layer: here for HELP, with Redis' arity.
 */
export const TRANSACTION_SPECS: ReadonlyMap<string, CommandSpec> = new Map<string, CommandSpec>([
  [
    'MULTI',
    {
      arity: 1,
      syntax: 'MULTI',
      summary: 'start a transaction: the commands after it answer QUEUED and run at EXEC',
    },
  ],
  [
    'EXEC',
    {
      arity: 1,
      syntax: 'EXEC',
      summary:
        'run the queue at once, each reply in order; nil, running nothing, if a watched key was modified',
    },
  ],
  [
    'DISCARD',
    { arity: 1, syntax: 'DISCARD', summary: 'drop the queue unrun, and watch no key any more' },
  ],
  [
    'WATCH',
    {
      arity: -2,
      syntax: 'WATCH key [key ...]',
      summary:
        'EXEC answers nil if a key is modified before it (a DEL of a missing key is no change)',
    },
  ],
  ['UNWATCH', { arity: 1, syntax: 'UNWATCH', summary: 'watch no key any more' }],
  // What RESET resets of a connection here: no other state of one (a name, CLIENT REPLY,
  // tracking, a subscription, another database) can be set in this console.
  [
    'RESET',
    {
      arity: 1,
      syntax: 'RESET',
      summary: 'reset the connection: a MULTI is dropped unrun (in MULTI too) and no key watched',
    },
  ],
]);

/**
 * QUIT, which the console's connection answers itself (a count first, or redis-cli would take it
 * as its own word to exit: consoleFormat.ts; cache.ts `quit`): here for HELP, with Redis' arity.
 */
export const QUIT_SPEC: CommandSpec = {
  arity: -1,
  syntax: 'QUIT',
  summary:
    "typed alone, redis-cli's own word to exit; after a count (1 quit) sent to Redis: OK, and Redis closes the connection, a MULTI and the watched keys with it",
};

/** The commands the adapter answers for a console connection itself. */
export const TRANSACTION_COMMANDS: ReadonlySet<string> = new Set(TRANSACTION_SPECS.keys());

/** What a redis-server that is no cluster node answers them (the console's server is none). */
export const CLUSTER_DISABLED = 'ERR This instance has cluster support disabled';

/** Commands for a cluster node: any subcommand of CLUSTER, HELP too, and these three. */
export const CLUSTER_COMMANDS: ReadonlySet<string> = new Set([
  'CLUSTER',
  'READONLY',
  'READWRITE',
  'ASKING',
]);

/**
 * Where the page itself does what a command the console does not run would do, its refusal
 * says so: a learner who types CONFIG SET maxmemory-policy is pointed at the setting.
 */
const INSTEAD: ReadonlyMap<string, string> = new Map([
  // COMMAND would describe Redis' commands, which this console runs only some of.
  [
    'COMMAND',
    `Redis 7.0 has ${REDIS_7_COMMAND_NAMES.size} commands and this console runs ${
      [...COMMANDS.keys()].filter((n) => REDIS_7_COMMAND_NAMES.has(n.toLowerCase())).length +
      TRANSACTION_SPECS.size +
      1 // QUIT
    } of them, which HELP lists (HELP name describes one)`,
  ],
  ['SHUTDOWN', "this page's Take Redis down and Restart Redis buttons stop and restart it"],
]);

/** Upper-case names of the commands the console accepts, in help-text order. */
export const SUPPORTED_COMMANDS: readonly string[] = Object.freeze([...COMMANDS.keys()]);

/** The bytes `%.Ns` prints: up to the first NUL, at most `max` bytes (may end mid-character). */
function cStringBytes(text: string, max: number): Uint8Array {
  const bytes = utf8Encoder.encode(text);
  const nul = bytes.indexOf(0);
  return bytes.subarray(0, Math.min(nul < 0 ? bytes.length : nul, max));
}

/** Redis 7's `commandCheckExistence`: the name and the args echoed within a 128-byte budget. */
function unknownCommandError(argv: string[]): string {
  const args: number[] = [];
  for (let i = 1; i < argv.length && args.length < 128; i++) {
    const budget = 128 - args.length; // the quotes and spaces count against it too
    args.push(0x27, ...cStringBytes(argv[i], budget), 0x27, 0x20);
  }
  const name = utf8Decoder.decode(cStringBytes(argv[0], 128));
  return `ERR unknown command '${name}', with args beginning with: ${utf8Decoder.decode(new Uint8Array(args))}`;
}

/**
 * Checks a command the way Redis 7 does before executing it: known name (case-insensitive),
 * arity, and the argument errors that do not depend on the data (SET/GETEX options, integer and
 * expire-time arguments, SCAN cursor and options, FLUSHALL/FLUSHDB mode, EXPIRE flags).
 * Errors that depend on the data, such as WRONGTYPE, are left to the command itself.
 *
 * A command Redis 7 has and the console does not run is refused with the console-only message
 * `ERR SUBSCRIBE is not supported in this console`; only a name Redis does not know either is
 * `ERR unknown command`. MULTI, EXEC, DISCARD, WATCH and UNWATCH are refused so here too: the
 * page's console sends them to its connection, which answers them (redisTransactions.ts).
 *
 * @returns `null` when the command may run (also for an empty argv, which redis-cli never
 *   sends), otherwise the error text without the `(error) ` prefix, e.g.
 *   `ERR wrong number of arguments for 'get' command`. `from` a script, an argument may be
 *   larger than the console's value limit (see `commandSizeRefusal`).
 */
export function validateCommand(
  argv: string[],
  from: 'console' | 'script' | 'code script' = 'console',
): string | null {
  if (argv.length === 0) return null;
  const tooLarge = commandSizeRefusal(argv, from);
  if (tooLarge !== null) return tooLarge;
  const name = asciiUpper(argv[0]);
  const spec = COMMANDS.get(name);
  // A command Redis has and this console does not run is not "unknown": say what is true, once
  // its words are ones Redis would run (it answers a wrong arity or subcommand first).
  if (CONSOLE_UNSUPPORTED.has(name) || !spec) {
    const lookup = lookupRedis7Command(argv);
    if (lookup === undefined) return unknownCommandError(argv).replace(/[\r\n]/g, ' ');
    if (lookup.refusal !== null) return lookup.error.replace(/[\r\n]/g, ' ');
    // A redis-server that is no cluster node answers these so; the console's server is none.
    if (CLUSTER_COMMANDS.has(name)) return CLUSTER_DISABLED;
    // A container's HELP is Redis' own text, which the console has (`containerHelp`).
    if (lookup.name === `${name.toLowerCase()}|help` && REDIS_7_HELP.has(name.toLowerCase()))
      return null;
    const instead = INSTEAD.get(name);
    // A subcommand is named with its container: `CLIENT ID`, `COMMAND COUNT`.
    const what = lookup.name.includes('|') ? `${name} ${asciiUpper(argv[1])}` : name;
    return `ERR ${what} is not supported in this console${instead === undefined ? '' : `: ${instead}`}`;
  }
  const error = argumentError(spec, argv) ?? spec.refuse?.(argv) ?? protoRefusal(argv);
  // Redis turns CR and LF in error replies into spaces so the protocol stays line-based.
  return error?.replace(/[\r\n]/g, ' ') ?? null;
}

/** Redis' own error for a console command's words: its arity, then its arguments. */
const argumentError = (spec: CommandSpec, argv: string[]): string | null =>
  (spec.arity >= 0 ? argv.length !== spec.arity : argv.length < -spec.arity)
    ? arityError(asciiUpper(argv[0]))
    : (spec.check?.(argv) ?? null);

/**
 * What a SELECT or SWAPDB whose words Redis accepts would do to another database than db0
 * (`switch the connection to db1`, `swap db0 with db1`); null for any other command, for one
 * Redis refuses for its words (`SELECT 99`), and for one that stays in db0 (`SWAPDB 3 3`).
 */
export function databaseSwitch(argv: readonly string[]): string | null {
  const name = asciiUpper(argv[0] ?? '');
  if (name !== 'SELECT' && name !== 'SWAPDB') return null;
  const spec = COMMANDS.get(name);
  if (spec === undefined || argumentError(spec, [...argv]) !== null) return null;
  const [a, b] = argv.slice(1).map((word) => `db${parseInt64(word)}`);
  if (name === 'SELECT') return a === 'db0' ? null : `switch the connection to ${a}`;
  return a === b ? null : `swap ${a} with ${b}`;
}

/**
 * Whether a WAIT whose words Redis accepts waits for one replica or more, which this console
 * refuses outside MULTI (it has none, and Redis would block). In a transaction Redis' WAIT does
 * not block (its client may not): it answers at once how many replicas acknowledged, 0 here.
 */
export function waitsForReplicas(argv: readonly string[]): boolean {
  const spec = COMMANDS.get('WAIT');
  return (
    asciiUpper(argv[0] ?? '') === 'WAIT' &&
    spec !== undefined &&
    argumentError(spec, [...argv]) === null &&
    refuseWait([...argv]) !== null
  );
}

/**
 * Why a console command typed in MULTI is refused as it is queued, which makes EXEC answer
 * EXECABORT; null when it is queued. Redis checks only a command's name and number of words
 * before queuing it (a subcommand's too); every other error of its own (a syntax error, a number
 * that is none, an invalid expire time, a database out of range, `PING a b`) comes from the
 * command as EXEC runs it, and stays with that command's reply while the rest of the queue runs.
 * An argument over the console's size limit is refused here: the queue could not hold it. What
 * else the console refuses of a command Redis would run (one it does not run, `CONFIG GET
 * maxmemory`, `__proto__`) is queued, as Redis queues it, and EXEC refuses the queue whole before
 * anything runs (see {@link consoleRefusal}): refusing it here made EXEC answer EXECABORT, which
 * Redis does not answer there.
 */
export function queueRefusal(argv: string[]): string | null {
  const refusal = validateCommand(argv, 'console');
  if (refusal === null || commandSizeRefusal(argv, 'console') !== null) return refusal;
  const lookup = lookupRedis7Command(argv);
  if (lookup === undefined || lookup.refusal !== null) return refusal;
  return NO_MULTI_COMMANDS.has(asciiUpper(argv[0])) ? NOT_IN_MULTI : null;
}

/** Redis 7.0's commands flagged `no-multi`: refused as they are queued, in Redis' words. */
export const NO_MULTI_COMMANDS: ReadonlySet<string> = new Set([
  'SAVE',
  'SHUTDOWN',
  'SYNC',
  'PSYNC',
]);
const NOT_IN_MULTI = 'ERR Command not allowed inside a transaction';

/**
 * What the console refuses of a command whose words Redis accepts and would run, in the
 * console's own words (`ERR ZADD is not supported in this console`, `CONFIG GET maxmemory`, a
 * key named `__proto__`); null for a command the console runs, or one whose words Redis refuses
 * (that error is Redis' own). A SELECT or SWAPDB of another database and a WAIT for replicas are
 * null too: in MULTI they are queued and answered apart (`databaseSwitch`, `waitsForReplicas`).
 */
export function consoleRefusal(argv: string[]): string | null {
  const refusal = validateCommand(argv, 'console');
  if (refusal === null || queueRefusal(argv) !== null) return null;
  const name = asciiUpper(argv[0]);
  // UNWATCH, queued, is the connection's own: EXEC answers it OK.
  if (CLUSTER_COMMANDS.has(name) || TRANSACTION_COMMANDS.has(name)) return null;
  if (databaseSwitch(argv) !== null || waitsForReplicas(argv)) return null;
  const spec = CONSOLE_UNSUPPORTED.has(name) ? undefined : COMMANDS.get(name);
  return spec !== undefined && argumentError(spec, argv) !== null ? null : refusal;
}

/**
 * ioredis-mock keeps keys and hash fields as properties of plain objects, where `__proto__`
 * is not a property but the object's prototype: `SET __proto__ v` answered OK and stored
 * nothing, and `HSET __proto__ f v` changed what every missing key answered. Refused, with why.
 */
function protoRefusal(argv: readonly string[]): string | null {
  for (let i = 1; i < argv.length; i++)
    if (argv[i] === '__proto__')
      return "ERR '__proto__' is not supported by the in-browser Redis (it keeps keys and hash fields in JavaScript objects, where that name is special): use another name";
  return null;
}
