// The console's redis-cli look-alike: how a typed line becomes arguments, which errors Redis 7
// would answer before running a command, and how replies and MONITOR lines are printed.
//
// Redis works on bytes while JavaScript strings are UTF-16, so everything byte-shaped here
// (\xHH escapes, the 128-byte cut of the unknown-command error, the quoting of non-ASCII text)
// goes through UTF-8, as it would between a real redis-cli and a real server.

const utf8Encoder = new TextEncoder();
// ignoreBOM: a U+FEFF at the start of an argument is data, not a byte-order mark to drop.
const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** C `isspace` in the "C" locale, which redis-cli uses to skip blanks between arguments. */
const isBlank = (c: string | undefined): boolean => c !== undefined && ' \t\n\v\f\r'.includes(c);
const isHexDigit = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);
/** Redis compares command names and options with `strcasecmp`, which folds ASCII only. */
const asciiUpper = (s: string): string => s.replace(/[a-z]/g, (c) => c.toUpperCase());

/** What redis-cli prints for a line it cannot split; a fresh object each time. */
const invalidArguments = () => ({ error: 'Invalid argument(s)' });
const DOUBLE_QUOTE_ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  a: '\x07',
};

/**
 * Splits a line typed into the console into arguments exactly as redis-cli does
 * (`sdssplitargs`): blanks separate arguments; double quotes understand `\"`, `\\`, `\n`, `\r`,
 * `\t`, `\b`, `\a` and `\xHH` (a byte; the bytes are read as UTF-8); single quotes understand
 * only `\'`; quotes may start mid-argument (`a"b c"` is `ab c`), but a closing quote must be
 * followed by a blank or the end of the line.
 *
 * @returns `{ argv }` (empty for a blank line) or, for unbalanced or misplaced quotes, the error
 *   redis-cli prints: `{ error: 'Invalid argument(s)' }`.
 */
export function parseCommandLine(line: string): { argv: string[] } | { error: string } {
  const chars = Array.from(line); // code points, so a surrogate pair is never split
  const argv: string[] = [];
  let i = 0;
  for (;;) {
    while (isBlank(chars[i])) i++;
    if (i >= chars.length) return { argv };

    const bytes: number[] = [];
    const append = (text: string) => bytes.push(...utf8Encoder.encode(text));
    let quote: '"' | "'" | null = null;
    let done = false;
    while (!done) {
      const c = chars[i];
      if (quote === null) {
        // Only these four end an unquoted argument; \v and \f do not (as in redis-cli).
        if (c === undefined || c === ' ' || c === '\n' || c === '\r' || c === '\t') done = true;
        else if (c === '"' || c === "'") quote = c;
        else append(c);
        i++;
      } else if (c === undefined) {
        return invalidArguments(); // the line ended inside quotes
      } else if (c === quote) {
        if (i + 1 < chars.length && !isBlank(chars[i + 1])) return invalidArguments();
        done = true;
        i++;
      } else if (
        quote === '"' &&
        c === '\\' &&
        chars[i + 1] === 'x' &&
        isHexDigit(chars[i + 2]) &&
        isHexDigit(chars[i + 3])
      ) {
        bytes.push(parseInt(chars[i + 2] + chars[i + 3], 16));
        i += 4;
      } else if (quote === '"' && c === '\\' && i + 1 < chars.length) {
        const escaped = chars[i + 1];
        append(DOUBLE_QUOTE_ESCAPES[escaped] ?? escaped);
        i += 2;
      } else if (quote === "'" && c === '\\' && chars[i + 1] === "'") {
        append("'");
        i += 2;
      } else {
        append(c);
        i++;
      }
    }
    argv.push(utf8Decoder.decode(new Uint8Array(bytes)));
  }
}

// ---------------------------------------------------------------------------------------------
// Validation: the errors Redis 7 answers from the arguments alone, before touching any key.

const SYNTAX_ERROR = 'ERR syntax error';
const NOT_AN_INTEGER = 'ERR value is not an integer or out of range';
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

const arityError = (name: string) =>
  `ERR wrong number of arguments for '${name.toLowerCase()}' command`;
const expireTimeError = (name: string) =>
  `ERR invalid expire time in '${name.toLowerCase()}' command`;

/** Redis's `string2ll`: plain decimal, no `+`, no leading zeros, no `-0`, within 64 bits. */
function parseInt64(text: string): bigint | null {
  if (!/^(0|-?[1-9][0-9]*)$/.test(text)) return null;
  const n = BigInt(text);
  return n >= INT64_MIN && n <= INT64_MAX ? n : null;
}

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
    const opt = asciiUpper(argv[j]);
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
  const unsupported = options.find((o) => !['NX', 'XX', 'GT', 'LT'].includes(asciiUpper(o)));
  if (unsupported !== undefined) return `ERR Unsupported option ${unsupported}`;
  const has = (flag: string) => options.some((o) => asciiUpper(o) === flag);
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

/** SCAN's cursor is read with `strtoul`, which takes a sign and wraps negatives around. */
function checkScan(argv: string[]): string | null {
  const cursor = argv[1];
  if (!/^([+-]?[0-9]+)?$/.test(cursor) || BigInt(cursor.replace(/^[+-]/, '') || '0') > UINT64_MAX) {
    return 'ERR invalid cursor';
  }
  for (let i = 2; i < argv.length; i += 2) {
    const opt = asciiUpper(argv[i]);
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

/** FLUSHALL / FLUSHDB take nothing, or exactly one of ASYNC and SYNC. */
const checkFlush = (argv: string[]): string | null =>
  argv.length === 1 || (argv.length === 2 && ['ASYNC', 'SYNC'].includes(asciiUpper(argv[1])))
    ? null
    : SYNTAX_ERROR;

/**
 * Redis 7's arity for each command (negative: at least that many, counting the name) and the
 * checks it makes on the arguments before looking at any key.
 */
const COMMANDS = new Map<string, { arity: number; check?: (argv: string[]) => string | null }>([
  ['GET', { arity: 2 }],
  ['SET', { arity: -3, check: (argv) => checkStringOptions(argv, 'SET') }],
  ['DEL', { arity: -2 }],
  ['EXISTS', { arity: -2 }],
  ['EXPIRE', { arity: -3, check: (argv) => checkExpireCommand(argv, true) }],
  ['PEXPIRE', { arity: -3, check: (argv) => checkExpireCommand(argv, false) }],
  ['TTL', { arity: 2 }],
  ['PTTL', { arity: 2 }],
  ['PERSIST', { arity: 2 }],
  ['KEYS', { arity: 2 }],
  ['SCAN', { arity: -2, check: checkScan }],
  ['DBSIZE', { arity: 1 }],
  ['FLUSHALL', { arity: -1, check: checkFlush }],
  ['FLUSHDB', { arity: -1, check: checkFlush }],
  ['INCR', { arity: 2 }],
  ['DECR', { arity: 2 }],
  ['INCRBY', { arity: 3, check: checkIntegers(2) }],
  ['DECRBY', { arity: 3, check: checkDecrBy }],
  ['MGET', { arity: -2 }],
  // MSET and HSET take pairs; an unpaired argument is reported as a wrong number of arguments.
  ['MSET', { arity: -3, check: (argv) => (argv.length % 2 === 0 ? arityError('mset') : null) }],
  ['SETNX', { arity: 3 }],
  ['SETEX', { arity: 4, check: (argv) => checkExpireArg(argv[2], true, 'setex') }],
  ['PSETEX', { arity: 4, check: (argv) => checkExpireArg(argv[2], false, 'psetex') }],
  ['GETDEL', { arity: 2 }],
  ['GETEX', { arity: -2, check: (argv) => checkStringOptions(argv, 'GETEX') }],
  ['APPEND', { arity: 3 }],
  ['STRLEN', { arity: 2 }],
  ['TYPE', { arity: 2 }],
  ['HSET', { arity: -4, check: (argv) => (argv.length % 2 === 1 ? arityError('hset') : null) }],
  ['HGET', { arity: 3 }],
  ['HGETALL', { arity: 2 }],
  ['HDEL', { arity: -3 }],
  ['LPUSH', { arity: -3 }],
  ['RPUSH', { arity: -3 }],
  ['LRANGE', { arity: 4, check: checkIntegers(2, 3) }],
  ['SADD', { arity: -3 }],
  ['SMEMBERS', { arity: 2 }],
  // PING's arity is -1 but it answers "wrong number of arguments" beyond one message.
  ['PING', { arity: -1, check: (argv) => (argv.length > 2 ? arityError('ping') : null) }],
  ['ECHO', { arity: 2 }],
  ['INFO', { arity: -1 }],
]);

/**
 * Transactions need the console to queue commands and keep per-connection state it does not
 * have, so these are refused with a console-specific message (not a real Redis error).
 */
const CONSOLE_UNSUPPORTED = new Set(['MULTI', 'EXEC', 'DISCARD', 'WATCH', 'UNWATCH']);

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
 * MULTI, EXEC, DISCARD, WATCH and UNWATCH are refused with the console-only message
 * `ERR MULTI is not supported in this console`.
 *
 * @returns `null` when the command may run (also for an empty argv, which redis-cli never
 *   sends), otherwise the error text without the `(error) ` prefix, e.g.
 *   `ERR wrong number of arguments for 'get' command`.
 */
export function validateCommand(argv: string[]): string | null {
  if (argv.length === 0) return null;
  const name = asciiUpper(argv[0]);
  if (CONSOLE_UNSUPPORTED.has(name)) return `ERR ${name} is not supported in this console`;
  const spec = COMMANDS.get(name);
  const error = !spec
    ? unknownCommandError(argv)
    : (spec.arity >= 0 ? argv.length !== spec.arity : argv.length < -spec.arity)
      ? arityError(name)
      : (spec.check?.(argv) ?? null);
  // Redis turns CR and LF in error replies into spaces so the protocol stays line-based.
  return error && error.replace(/[\r\n]/g, ' ');
}

// ---------------------------------------------------------------------------------------------
// Replies and MONITOR lines.

/**
 * A reply as the console shows it: a bulk string, an integer, nil, an array, an error, or a
 * status (a bare line such as `OK`, made with {@link status}).
 */
export type RedisReply =
  string | number | null | RedisReply[] | { error: string } | { status: string };

/** A status reply (`+OK`, `+PONG`), printed without quotes. */
export function status(text: string): { status: string } {
  return { status: text };
}

const REPR_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\x07': '\\a',
  '\b': '\\b',
};

/** Redis's `sdscatrepr`: double-quoted, byte by byte, non-printable bytes as `\xHH`. */
function repr(text: string): string {
  let out = '"';
  for (const byte of utf8Encoder.encode(text)) {
    const c = String.fromCharCode(byte);
    // "C"-locale isprint: only 0x20-0x7e, so every byte of a non-ASCII character is escaped.
    out +=
      REPR_ESCAPES[c] ??
      (byte >= 0x20 && byte <= 0x7e ? c : `\\x${byte.toString(16).padStart(2, '0')}`);
  }
  return out + '"';
}

/** redis-cli's `cliFormatReplyTTY`; `prefix` indents the lines of nested arrays. */
function formatTTY(reply: RedisReply, prefix: string): string {
  if (reply === null) return '(nil)';
  if (typeof reply === 'number') return `(integer) ${reply}`;
  if (typeof reply === 'string') return repr(reply);
  if (Array.isArray(reply)) {
    if (reply.length === 0) return '(empty array)';
    // Indexes are right-aligned to the widest one; nested lines indent past "NN) ".
    const width = String(reply.length).length;
    const nestedPrefix = prefix + ' '.repeat(width + 2);
    return reply
      .map(
        (item, i) =>
          `${i === 0 ? '' : prefix}${String(i + 1).padStart(width)}) ${formatTTY(item, nestedPrefix)}`,
      )
      .join('\n');
  }
  return 'error' in reply ? `(error) ${reply.error}` : reply.status;
}

/**
 * Renders a reply as redis-cli prints it in a terminal: `"value"` (escaped like redis-cli,
 * non-ASCII bytes as `\xHH`), `(integer) 1`, `(nil)`, `(empty array)`, numbered and indented
 * arrays, `(error) ERR ...`, and status text as is. No trailing newline.
 */
export function formatReply(reply: RedisReply): string {
  return formatTTY(reply, '');
}

/** Commands whose every string reply is a status; INFO too, because redis-cli prints it raw. */
const STATUS_COMMANDS = new Set(['MSET', 'FLUSHALL', 'FLUSHDB', 'SETEX', 'PSETEX', 'TYPE', 'INFO']);
/** SET ... GET and PING <message> answer with bulk strings; only these texts are statuses. */
const STATUS_TEXT = new Map([
  ['SET', 'OK'],
  ['PING', 'PONG'],
]);

/**
 * Real Redis error codes. A list rather than "starts with a capital word" because ioredis-mock
 * throws messages such as `XX and NX options at the same time are not compatible`, which Redis
 * sends as `ERR XX and NX ...`.
 */
const ERROR_CODE =
  /^(ERR|WRONGTYPE|NOSCRIPT|BUSY|BUSYKEY|NOAUTH|WRONGPASS|NOPERM|READONLY|LOADING|OOM|MISCONF|EXECABORT|MOVED|ASK|TRYAGAIN|CROSSSLOT|CLUSTERDOWN|MASTERDOWN|NOREPLICAS|NOGROUP|NOPROTO|UNBLOCKED|NOTBUSY)( |$)/;

function errorReply(message: string): { error: string } {
  // ioredis-mock's wording for what Redis reports as WRONGTYPE.
  if (/^Key .* does not contain a (list|set|sorted set)$/s.test(message)) {
    return { error: 'WRONGTYPE Operation against a key holding the wrong kind of value' };
  }
  return { error: ERROR_CODE.test(message) ? message : `ERR ${message}` };
}

function convert(raw: unknown): RedisReply {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number') return Number.isInteger(raw) ? raw : String(raw);
  if (Array.isArray(raw)) return raw.map(convert);
  if (raw instanceof Error) return errorReply(raw.message);
  // Buffer is a Uint8Array; decoding covers both in Node and in the browser.
  if (raw instanceof Uint8Array) return utf8Decoder.decode(raw);
  return String(raw);
}

/**
 * Converts what an ioredis(-mock) call resolved to, or the Error it rejected with, into a
 * {@link RedisReply} for `command` (case-insensitive): status replies (SET's `OK`, MSET,
 * FLUSHALL, FLUSHDB, SETEX, PSETEX, TYPE, PING's `PONG`; INFO, printed raw) become
 * {@link status}, integers stay numbers, null/undefined become nil, arrays recurse, HGETALL's
 * object becomes `[field, value, ...]`, byte arrays are decoded as UTF-8 and anything else goes
 * through `String()`. An Error becomes `{ error }`, with `ERR ` added unless its message starts
 * with a Redis error code.
 */
export function toRedisReply(command: string, raw: unknown): RedisReply {
  const name = asciiUpper(command);
  if (typeof raw === 'string' && (STATUS_COMMANDS.has(name) || STATUS_TEXT.get(name) === raw))
    return status(raw);
  if (
    name === 'HGETALL' &&
    typeof raw === 'object' &&
    raw !== null &&
    !Array.isArray(raw) &&
    !(raw instanceof Error)
  ) {
    return Object.entries(raw).flat().map(convert);
  }
  return convert(raw);
}

/**
 * The line Redis MONITOR prints for a command, from virtual time: seconds with six decimals
 * (rounded to the microsecond), `[db client]`, then every argument quoted like redis-cli.
 *
 * @example formatMonitorLine(3600000.25, 0, 'actor:A', ['GET', 'user:123'])
 *   // '3600.000250 [0 actor:A] "GET" "user:123"'
 * @param timeMs virtual milliseconds, not negative
 */
export function formatMonitorLine(
  timeMs: number,
  db: number,
  client: string,
  argv: string[],
): string {
  // Rounding, not truncating: 1.001 ms is 1000.9999999999999 µs in floating point.
  const micros = Math.round(timeMs * 1000);
  const seconds = Math.floor(micros / 1_000_000);
  const fraction = String(micros - seconds * 1_000_000).padStart(6, '0');
  return `${seconds}.${fraction} [${db} ${client}] ${argv.map(repr).join(' ')}`;
}
