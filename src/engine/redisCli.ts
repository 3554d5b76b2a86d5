// The console's redis-cli look-alike: how a typed line becomes arguments, which errors Redis 7
// would answer before running a command, and how replies and MONITOR lines are printed.
//
// Redis works on bytes while JavaScript strings are UTF-16, so everything byte-shaped here
// (\xHH escapes, the 128-byte cut of the unknown-command error, the quoting of non-ASCII text)
// goes through UTF-8, as it would between a real redis-cli and a real server.

const utf8Encoder = new TextEncoder();
// ignoreBOM: a U+FEFF at the start of an argument is data, not a byte-order mark to drop.
const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const strictUtf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
const SURROGATE = /[\uD800-\uDFFF]/;

export { validateCommand } from './redisValidation';
export { SUPPORTED_COMMANDS } from './redisCommandSpecs';

/** C `isspace` in the "C" locale, which redis-cli uses to skip blanks between arguments. */
const isBlank = (c: string | undefined): boolean => c !== undefined && ' \t\n\v\f\r'.includes(c);

/**
 * Whether redis-cli's prompt finds no word in a line and sends nothing: blanks as C's `isspace`
 * counts them, not JavaScript's `trim`, for which a no-break space or U+3000 is blank too, where
 * redis-cli sends it as a word (an unknown command).
 */
export const isBlankCommandLine = (line: string): boolean => [...line].every(isBlank);
const isHexDigit = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);
/** Redis compares command names and options with `strcasecmp`, which folds ASCII only. */
const asciiUpper = (s: string): string => s.replace(/[a-z]/g, (c) => c.toUpperCase());

/**
 * The console keeps values as text, so a `\xHH` byte sequence that is not UTF-8 is refused
 * rather than stored changed (a real Redis would keep the raw bytes).
 */
export const NOT_UTF8 =
  'ERR this console stores text: the bytes given with \\x are not valid UTF-8';

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
 *   redis-cli prints: `{ error: 'Invalid argument(s)' }`; for `\xHH` bytes that are not UTF-8,
 *   {@link NOT_UTF8}.
 */
export function parseCommandLine(line: string): { argv: string[] } | { error: string } {
  const split = splitCommandLine(line);
  if ('error' in split) return split;
  return split.notUtf8 === undefined ? { argv: split.argv } : { error: NOT_UTF8 };
}

/**
 * {@link parseCommandLine} for a caller that decides itself what bytes that are not UTF-8 mean:
 * such an argument is decoded with U+FFFD in their place and `notUtf8` is the index of the first.
 */
export function splitCommandLine(
  line: string,
): { argv: string[]; notUtf8?: number } | { error: string } {
  let notUtf8: number | undefined;
  const chars = Array.from(line); // code points, so a surrogate pair is never split
  const argv: string[] = [];
  let i = 0;
  for (;;) {
    while (isBlank(chars[i])) i++;
    if (i >= chars.length) return notUtf8 === undefined ? { argv } : { argv, notUtf8 };

    // Text is gathered as a string and encoded once per run (per character it was quadratic in
    // garbage for a 32 KiB argument); only \xHH bytes go in one at a time.
    const bytes: number[] = [];
    let text = '';
    const flush = () => {
      if (text === '') return;
      for (const byte of utf8Encoder.encode(text)) bytes.push(byte);
      text = '';
    };
    let quote: '"' | "'" | null = null;
    let done = false;
    while (!done) {
      const c = chars[i];
      if (quote === null) {
        // Only these four end an unquoted argument; \v and \f do not (as in redis-cli).
        if (c === undefined || c === ' ' || c === '\n' || c === '\r' || c === '\t') done = true;
        else if (c === '"' || c === "'") quote = c;
        else text += c;
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
        flush();
        bytes.push(parseInt(chars[i + 2] + chars[i + 3], 16));
        i += 4;
      } else if (quote === '"' && c === '\\' && i + 1 < chars.length) {
        const escaped = chars[i + 1];
        text += DOUBLE_QUOTE_ESCAPES[escaped] ?? escaped;
        i += 2;
      } else if (quote === "'" && c === '\\' && chars[i + 1] === "'") {
        text += "'";
        i += 2;
      } else {
        text += c;
        i++;
      }
    }
    // Text alone with no UTF-16 surrogate (a lone one would be encoded as U+FFFD) decodes back
    // to itself: not encoded and decoded again (an MSET line of 10,000 arguments).
    if (bytes.length === 0 && !SURROGATE.test(text)) {
      argv.push(text);
      continue;
    }
    flush();
    try {
      argv.push(strictUtf8Decoder.decode(new Uint8Array(bytes)));
    } catch {
      notUtf8 ??= argv.length;
      argv.push(utf8Decoder.decode(new Uint8Array(bytes)));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Replies and MONITOR lines.

/**
 * A reply as the console shows it: a bulk string, an integer, nil, an array, an error, or a
 * status (a bare line such as `OK`, made with {@link status}).
 */
export type RedisReply =
  | string
  | number
  | null
  | RedisReply[]
  | { error: string }
  | { status: string }
  /** An integer beyond 2^53, as its decimal text so no digit is lost. */
  | { integer: string };

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

/** Printable ASCII but `"` and `\`: the bytes `repr` writes as they are. */
const PRINTED_AS_IS = /^[ !#-[\]-~]*$/;

/** Redis's `sdscatrepr`: double-quoted, byte by byte, non-printable bytes as `\xHH`. */
function repr(text: string): string {
  // Most replies are plain ASCII: quoted as they are, without a UTF-8 copy of each (an LRANGE of
  // 60,000 elements had spent 2.4 s of the page's thread encoding them one by one).
  if (PRINTED_AS_IS.test(text)) return `"${text}"`;
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
  if ('integer' in reply) return `(integer) ${reply.integer}`;
  return 'error' in reply ? `(error) ${reply.error}` : reply.status;
}

/**
 * The start of {@link formatReply}'s text: all of it when it is at most `limit` characters, else
 * a prefix of it longer than `limit`. For a line that shows a reply's first characters: an LRANGE
 * of 60,000 elements is not formatted whole (a megabyte of text) to show sixty.
 */
export function formatReplyHead(reply: RedisReply, limit: number): string {
  return headTTY(reply, '', Math.max(1, limit + 1));
}

/** At least the first `need` characters of `formatTTY(reply, prefix)`, or all of it. */
function headTTY(reply: RedisReply, prefix: string, need: number): string {
  if (typeof reply === 'string') {
    // Each character prints as one character or more: the first `need` print at least `need`.
    if (reply.length <= need) return repr(reply);
    // A surrogate pair is one character: cut after it, not between its halves.
    const isPairSplit =
      isHighSurrogate(reply.charCodeAt(need - 1)) && isLowSurrogate(reply.charCodeAt(need));
    const cut = isPairSplit ? need + 1 : need;
    return repr(reply.slice(0, cut)).slice(0, -1);
  }
  if (!Array.isArray(reply) || reply.length === 0) return formatTTY(reply, prefix);
  const width = String(reply.length).length;
  const nestedPrefix = prefix + ' '.repeat(width + 2);
  // An item cut short is longer than what was still needed, so none follows one.
  let out = '';
  for (let i = 0; i < reply.length && out.length < need; i++) {
    const head = `${i === 0 ? '' : `\n${prefix}`}${String(i + 1).padStart(width)}) `;
    out += head + headTTY(reply[i], nestedPrefix, Math.max(1, need - out.length - head.length));
  }
  return out;
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/**
 * Renders a reply as redis-cli prints it in a terminal: `"value"` (escaped like redis-cli,
 * non-ASCII bytes as `\xHH`), `(integer) 1`, `(nil)`, `(empty array)`, numbered and indented
 * arrays, `(error) ERR ...`, and status text as is. No trailing newline.
 */
export function formatReply(reply: RedisReply): string {
  return formatTTY(reply, '');
}

/** Commands whose every string reply is a status; INFO too, because redis-cli prints it raw. */
const STATUS_COMMANDS = new Set([
  'MSET',
  'FLUSHALL',
  'FLUSHDB',
  'SETEX',
  'PSETEX',
  'TYPE',
  'INFO',
  'HELP',
]);
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

/** A reply the console's command layer made already (status, error, big integer). */
const isReplyObject = (raw: unknown): raw is RedisReply =>
  typeof raw === 'object' &&
  raw !== null &&
  !Array.isArray(raw) &&
  !(raw instanceof Error) &&
  ('status' in raw || 'error' in raw || 'integer' in raw) &&
  Object.keys(raw).length === 1;

function convert(raw: unknown): RedisReply {
  if (raw === null || raw === undefined) return null;
  if (isReplyObject(raw)) return raw;
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number') return Number.isInteger(raw) ? raw : String(raw);
  if (Array.isArray(raw)) return raw.map(convert);
  if (raw instanceof Error) return errorReply(raw.message);
  // Buffer is a Uint8Array; decoding covers both in Node and in the browser.
  if (raw instanceof Uint8Array) return utf8Decoder.decode(raw);
  return String(raw);
}

/**
 * A reply from the console's command layer (`runCommand`), whose strings are always bulk
 * strings and whose statuses are already marked, or the Error a command failed with.
 */
export function typedReply(raw: unknown): RedisReply {
  return convert(raw);
}

/**
 * A reply of the console's command layer as an ioredis client hands it to the application: a
 * status as its text (`OK`), an integer as a number (beyond 2^53 rounded, as ioredis rounds it),
 * HGETALL's fields as an object; strings, nil and arrays as they are.
 */
export function clientReply(command: string, reply: unknown): unknown {
  if (Array.isArray(reply)) {
    if (asciiUpper(command) !== 'HGETALL') return reply.map((r) => clientReply('', r));
    const fields: Record<string, unknown> = {};
    for (let i = 0; i + 1 < reply.length; i += 2) fields[String(reply[i])] = reply[i + 1];
    return fields;
  }
  if (typeof reply !== 'object' || reply === null) return reply;
  if ('status' in reply) return (reply as { status: string }).status;
  if ('integer' in reply) return Number((reply as { integer: string }).integer);
  return reply;
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
  if (isReplyObject(raw)) return raw;
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
