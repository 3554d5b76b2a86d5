import type { SqlValue } from 'sql.js';
import {
  keyspaceWorkRefusal,
  lineLengthRefusal,
  MAX_REPLY_CHARS,
  valueWorkRefusal,
} from '../engine/consoleLimits';
import { CONNECTION_ERROR } from '../engine/cacheErrors';
import type { SqlResult } from '../engine/sqlResult';
import {
  formatReply,
  isBlankCommandLine,
  NOT_UTF8,
  parseCommandLine,
  splitCommandLine,
  toRedisReply,
  typedReply,
  validateCommand,
} from '../engine/redisCli';
import { asciiUpper, cString } from '../engine/redisCommandKit';
import { helpText } from '../engine/redisServerCommands';
import { lookupRedis7Command } from '../engine/redisCommandNames';
import { TRANSACTION_COMMANDS } from '../engine/redisTransactions';
import { COMMANDS, REPLY_PER_CHANNEL_COMMANDS } from '../engine/redisCommandSpecs';

/** What a console shows for one input: the text as the real tool prints it, and whether it failed. */
export interface ConsoleReply {
  text: string;
  isError: boolean;
}

/** Most times the console repeats a line (`3 INCR n`); redis-cli itself sets no bound. */
export const MAX_REPEAT = 100;

/**
 * redis-cli's `clear`: one word, any case, that clears the screen rather than reaching Redis. Like
 * each of its own words, redis-cli compares it as a C string, up to a NUL byte (`"clear\x00x"`).
 */
export function isRedisCliClear(line: string): boolean {
  const parsed = parseCommandLine(line);
  return (
    'argv' in parsed && parsed.argv.length === 1 && asciiUpper(cString(parsed.argv[0])) === 'CLEAR'
  );
}

/** A line redis-cli's prompt sends nothing for: only C blanks (a no-break space is a word). */
export const isRedisCliBlank = isBlankCommandLine;

/** What the console says where redis-cli's `quit` or `exit` would end the session. */
export const STAYS_OPEN =
  'redis-cli would exit here; this console is part of the page and stays open (nothing was sent)';

/**
 * What the console says for redis-cli's own prompt commands, which redis-cli answers itself and
 * sends nothing for: a first word starting with `:` (`:set hints`), `connect host port` and
 * `restart`. Null for any other line.
 */
function clientCommandReply(argv: readonly string[]): string | null {
  const first = cString(argv[0]);
  if (first.startsWith(':'))
    return "redis-cli takes a line starting with ':' as its own setting (:set hints, :set nohints); this console has no such settings (nothing was sent)";
  if (argv.length === 3 && /^connect$/i.test(first))
    return `connect is redis-cli's own command to reach another server; this console has one Redis, in the page (nothing was sent)`;
  if (/^restart$/i.test(first))
    return "restart is redis-cli's own command for its Lua debugger, which this console does not have (nothing was sent)";
  return null;
}

/** What redis-cli prints once it has sent a subscribe command, before the server's first reply. */
const PUBSUB_BANNER = 'Reading messages... (press Ctrl-C to quit)';

/**
 * Whether redis-cli goes into its subscribe mode for this command (its `strcasecmp` of the name,
 * so up to a NUL byte): it then prints {@link PUBSUB_BANNER} before the reply, an error too (a
 * wrong argument count, or `"SUBSCRIBE\x00x"`, which Redis does not know), once for the line
 * whatever its count. A subscribe that would run is refused by the console in its own words.
 */
function isSubscribe(argv: readonly string[]): boolean {
  return /^(subscribe|psubscribe|ssubscribe)$/i.test(cString(argv[0]));
}

/**
 * Whether redis-cli goes into its replica output mode for this command (`SYNC` or `PSYNC`, by
 * `strcasecmp`, so up to a NUL byte): it reads the server's first reply itself, and an error
 * ends redis-cli, whatever the line's count.
 */
function isReplicaSync(argv: readonly string[]): boolean {
  return /^p?sync$/i.test(cString(argv[0]));
}

/**
 * What redis-cli prints when Redis answers its replica output mode with `error` (a wrong
 * argument count, an unknown command): its banner, then the error line as it came (on stderr),
 * and it exits; the console says that it stays open.
 */
function replicaSyncFailed(error: string): string {
  return [
    'Entering replica output mode...  (press Ctrl-C to quit)',
    // The reply's line as redis-cli read it, up to its LF: the CR before it is printed too.
    `SYNC with master failed: -${error}\r`,
    'redis-cli would exit here; this console is part of the page and stays open',
  ].join('\n');
}

/** Whether an error is Redis' own (its words), not one of this console's refusals. */
const isOwnError = (error: string): boolean => !/this console|in-browser/.test(error);

/** C's LONG_MAX on a 64-bit build, where redis-cli's strtol of a repeat count overflows. */
const LONG_MAX = 2n ** 63n - 1n;

/**
 * A typed Redis line, parsed and checked; `argv` is set only when it may be sent, `times` times.
 * As in redis-cli's prompt, a first word that is a whole number with a command after it repeats
 * the command (`3 INCR n` sends INCR three times); 0 or less, or more than a 64-bit `long`
 * holds, is refused with redis-cli's message. A refused command prints its error `times` times,
 * as redis-cli prints the server's.
 * A number alone, or one with anything else in it (`3.5 PING`), goes to the server as a command.
 * redis-cli's own prompt commands are answered here and send nothing (`?` is its name for
 * `help`, which this console answers as HELP).
 *
 * @param liveKeys the keys Redis holds now, when known: a repeated command that goes over every
 *   key is refused beyond the console's budget (see `keyspaceWorkRefusal`).
 * @param elementsOf the size of what a key holds now, when known: a repeated command over large
 *   values is refused beyond the console's budget (see `valueWorkRefusal`).
 */
export function prepareRedisLine(
  line: string,
  liveKeys?: number,
  elementsOf?: (key: string) => number,
):
  | { argv: string[]; times: number; isQuitRepeated?: true }
  | { reply: ConsoleReply; refused?: { argv: string[]; times: number } } {
  const tooLong = lineLengthRefusal(line);
  if (tooLong !== null) return { reply: { text: `(error) ERR ${tooLong}`, isError: true } };
  const parsed = splitCommandLine(line);
  if ('error' in parsed) return { reply: { text: parsed.error, isError: true } };
  if (parsed.argv.length === 0) return { reply: { text: '', isError: false } };
  let argv = parsed.argv;
  let times = 1;
  // redis-cli looks at the line's first word for these, before any count.
  const client = clientCommandReply(argv);
  if (client !== null) return { reply: { text: client, isError: false } };
  // redis-cli reads its own words (quit, help, a count ...) as C strings: up to a NUL byte, so
  // `"2\x00" PING` sends PING twice and `"quit\x00x"` quits.
  const first = cString(argv[0]);
  if (/^(quit|exit)$/i.test(first)) return { reply: { text: STAYS_OPEN, isError: false } };
  // What strtol(argv[0], &end, 10) reads to the end, as redis-cli checks it: blanks, a sign and
  // digits; an empty word reads as 0 (no digits leave `end` at its start, there the end).
  if (argv.length > 1 && /^(?:[ \t\n\v\f\r]*[+-]?\d+)?$/.test(first)) {
    times = first === '' ? 0 : Number(first);
    // strtol sets ERANGE beyond a 64-bit long, which redis-cli refuses like a count below 1.
    const isOutOfRange = first !== '' && BigInt(first.trim()) > LONG_MAX;
    if (times <= 0 || isOutOfRange)
      return {
        reply: {
          text: 'Invalid redis-cli repeat command option value.',
          isError: true,
        },
      };
    if (times > MAX_REPEAT)
      return {
        reply: {
          text: `(error) this console repeats a command at most ${MAX_REPEAT} times (redis-cli has no limit), got ${argv[0]}`,
          isError: true,
        },
      };
    argv = argv.slice(1);
  }
  // With a count first, redis-cli sends `quit` or `exit` to the server as it sends any word:
  // EXIT is an unknown command there, and QUIT answers OK and closes the connection (below).
  // redis-cli answers `help` (and `?`, its other name) itself, once whatever the count.
  const isCliHelp = /^(help|\?)$/i.test(cString(argv[0]));
  if (isCliHelp) {
    argv = ['HELP', ...argv.slice(1)];
    times = 1;
  }
  // Redis answers QUIT OK, whatever its words and in MULTI too, and closes the connection: the
  // console's connection does the same (cache.ts `quit`). Its name is looked up whole, as Redis
  // looks it up (`"QUIT\x00x"` is unknown), and it stores no byte of its words. A count sends it
  // once: redis-cli's second QUIT finds the connection closed, and it stops repeating.
  if (argv[0] !== undefined && asciiUpper(argv[0]) === 'QUIT')
    return times > 1 ? { argv, times: 1, isQuitRepeated: true } : { argv, times };
  // redis-cli sends a command Redis refuses `times` times too, and prints the error each time;
  // bytes this console cannot store are refused the same way.
  // MULTI, EXEC, DISCARD, WATCH and UNWATCH are the console connection's own (the adapter
  // keeps its transaction): their words are checked there, as EXEC's refusal ends a MULTI.
  const wordsError = TRANSACTION_COMMANDS.has(asciiUpper(argv[0]))
    ? parsed.notUtf8 === undefined
      ? null
      : transactionWordsError(argv)
    : validateCommand(argv);
  // Redis reads a command's words before it stores any byte: a line with bytes that are not
  // UTF-8 still gets Redis' own error about its words (`PING a "\xff"`: a word too many), and in
  // MULTI that error aborts the transaction or is queued, as Redis' does. Only a line Redis
  // would run is refused for its bytes. U+FFFD stands for them in the error, as a terminal
  // shows the bytes redis-cli prints; but where Redis would cut what it quotes at 128 bytes
  // (`unknown command`, `unknown subcommand`), U+FFFD's 3 bytes would move the cut, so such a
  // line is refused for its bytes instead.
  const isWordsError =
    wordsError !== null &&
    (parsed.notUtf8 === undefined ||
      (isOwnError(wordsError) && !(wordsError.includes('\uFFFD') && isPastCut(argv))));
  const refusal = isWordsError ? wordsError : parsed.notUtf8 !== undefined ? NOT_UTF8 : null;
  if (refusal !== null) {
    // A command refused while the connection is in MULTI must still abort its transaction, as
    // Redis' refusal at queue time does, or be queued when Redis finds the error only at EXEC:
    // the caller sends it there, where the connection decides (`queueRefusal`). A line refused
    // for its bytes alone never reaches the connection.
    const refused = isWordsError ? { argv, times } : undefined;
    // Redis' own error for a command redis-cli prints raw has no `(error) ` before it there;
    // the console's own refusals keep it, so they still read as errors.
    const isRedisOwn = isOwnError(refusal);
    const isRaw = isPrintedRaw(argv) && isRedisOwn;
    const text = Array<string>(times)
      .fill(isRaw ? refusal : `(error) ${refusal}`)
      .join('\n');
    if (isRedisOwn && isReplicaSync(argv))
      return { reply: { text: replicaSyncFailed(refusal), isError: true }, refused };
    return {
      reply: {
        text: isRedisOwn && isSubscribe(argv) ? `${PUBSUB_BANNER}\n${text}` : text,
        isError: true,
      },
      refused,
    };
  }
  // redis-cli prints its own help without sending anything, and with Redis down too.
  if (COMMANDS.get(asciiUpper(argv[0]))?.isConsoleOnly === true)
    return {
      reply: { text: Array<string>(times).fill(helpText(argv)).join('\n'), isError: false },
    };
  // The bound on work is the console's own, for the line as a whole: said once, nothing sent.
  const tooMuch =
    (liveKeys === undefined ? null : keyspaceWorkRefusal(argv, times, parsed.argv[0], liveKeys)) ??
    (elementsOf === undefined ? null : valueWorkRefusal(argv, times, parsed.argv[0], elementsOf));
  if (tooMuch !== null) return { reply: { text: `(error) ${tooMuch}`, isError: true } };
  return { argv, times };
}

const group = (n: number) => n.toLocaleString('en-US');

/**
 * Whether Redis could cut an error quoting `argv` (at 128 bytes, by `%.128s` or its args),
 * measured with U+FFFD's 3 bytes (at least the bytes Redis got): the words together, or the
 * unknown-command echo of the arguments, each quoted and followed by a space (`'\xff' ` is 4
 * bytes of Redis' 128: 40 of them are cut at 32, or 22 with U+FFFD's).
 */
const isPastCut = (argv: readonly string[]): boolean => {
  if (argv.reduce((bytes, word) => bytes + utf8Length(word), 0) >= 128) return true;
  let echoed = 0;
  for (const word of argv.slice(1)) {
    echoed += utf8Length(word) + 3;
    if (echoed >= 128) return true;
  }
  return false;
};
const utf8Encoder = new TextEncoder();
const utf8Length = (text: string): number => utf8Encoder.encode(text).length;

/** Redis' error for the words of MULTI, EXEC, DISCARD, WATCH or UNWATCH (a wrong count), or null. */
function transactionWordsError(argv: readonly string[]): string | null {
  const lookup = lookupRedis7Command(argv);
  return lookup !== undefined && lookup.refusal !== null ? lookup.error : null;
}

/**
 * The commands redis-cli 7.0 prints raw (its `output_raw`: INFO, CLUSTER INFO, CLIENT LIST ...,
 * by their words and count): an error reply then shows without `(error) `.
 */
function isPrintedRaw(argv: readonly string[]): boolean {
  const [name, sub] = [asciiUpper(argv[0]), asciiUpper(argv[1] ?? '')];
  const n = argv.length;
  if (name === 'INFO' || name === 'LOLWUT') return true;
  if (n < 2) return false;
  if (name === 'DEBUG') return ['HTSTATS', 'HTSTATS-KEY', 'CLIENT-EVICTION'].includes(sub);
  if (name === 'MEMORY') return sub === 'MALLOC-STATS' || sub === 'DOCTOR';
  if (name === 'CLIENT') return sub === 'LIST' || sub === 'INFO';
  if (name === 'CLUSTER') return n === 2 && (sub === 'NODES' || sub === 'INFO');
  if (name === 'LATENCY') return (n === 3 && sub === 'GRAPH') || (n === 2 && sub === 'DOCTOR');
  return false;
}

/**
 * The answers to a line sent `times` times, one after another, as redis-cli prints them, up to
 * {@link MAX_REPLY_CHARS}: the text is cut at the end of the last whole line that fits (inside
 * a line only when none does), and a last line says how much is not shown. Replies after the
 * cut are not formatted at all.
 */
export function formatRedisResults(
  argv: string[],
  results: readonly unknown[],
  isQuitRepeated = false,
): ConsoleReply {
  const isError = results.some((r) => (r as { error?: string }).error !== undefined);
  const texts: string[] = [];
  let room = MAX_REPLY_CHARS;
  for (let i = 0; i < results.length; i++) {
    const { text } = formatRedisResult(argv, results[i]);
    // An empty reply redis-cli prints raw (`INFO nosuchsection`) prints nothing, not a line.
    if (text === '' && isRawBulk(argv, results[i])) continue;
    if (text.length <= room) {
      texts.push(text);
      room -= text.length + 1; // and the line break before the next reply
      continue;
    }
    room = Math.max(0, room);
    const lineEnd = text.lastIndexOf('\n', room);
    // Inside a line, never between the two halves of a surrogate pair.
    const cutAt =
      lineEnd >= 0 ? lineEnd : /[\ud800-\udbff]/.test(text[room - 1] ?? '') ? room - 1 : room;
    if (cutAt > 0) texts.push(text.slice(0, cutAt));
    const hidden = text.length - cutAt - (lineEnd >= 0 ? 1 : 0);
    const after = results.length - i - 1;
    texts.push(
      `[${group(hidden)} more characters` +
        (results.length > 1 ? ` of reply ${i + 1}` : '') +
        ' not shown' +
        (after > 0 ? `, nor the ${group(after)} repl${after === 1 ? 'y' : 'ies'} after it` : '') +
        `: this console prints at most ${group(MAX_REPLY_CHARS)} characters of a line's ` +
        'replies; redis-cli would print them all]',
    );
    break;
  }
  if (!isError && asciiUpper(argv[0] ?? '') === 'QUIT')
    texts.push(...(isQuitRepeated ? [SERVER_CLOSED, AFTER_REPEATED_QUIT] : [AFTER_QUIT]));
  return { text: texts.join('\n'), isError };
}

/** Whether a typed line is QUIT after a count above 1 (`2 quit`), which Redis gets once. */
export function isRepeatedQuit(line: string): boolean {
  const prepared = prepareRedisLine(line);
  return 'argv' in prepared && prepared.isQuitRepeated === true;
}

/** What redis-cli prints (on stderr) for a command it sends on a connection Redis closed. */
export const SERVER_CLOSED = 'Error: Server closed the connection';

/**
 * What the console says after `2 quit`'s OK and redis-cli's error for its second QUIT: redis-cli
 * stops repeating there and connects again for the next line, as this console runs it.
 */
export const AFTER_REPEATED_QUIT =
  'Redis closed the connection after this OK, and a MULTI or WATCH with it. redis-cli sent the next QUIT on the closed connection and printed the error above for it (Redis got one QUIT), then stopped repeating; it connects again for your next line, and this console runs it on a new connection too';

/**
 * What the console says after QUIT's OK: where redis-cli and this console part ways. redis-cli
 * sends its next line on the closed connection, prints `Error: Server closed the connection`
 * for it (the line does not run) and connects again for the line after.
 */
export const AFTER_QUIT =
  'Redis closed the connection after this OK, and a MULTI or WATCH with it. redis-cli would send your next line on the closed connection and print "Error: Server closed the connection" for it (it would not run), then connect again; this console runs your next line, on a new connection';

/** The engine's answer to a console command, printed as redis-cli would. */
export function formatRedisResult(argv: string[], result: unknown): ConsoleReply {
  const r = result as { reply?: unknown; error?: string };
  // ioredis' rejection when Redis cannot be reached, not an error reply from Redis: no ERR code.
  if (r.error === CONNECTION_ERROR) return { text: `(error) ${r.error}`, isError: true };
  if (r.error !== undefined) {
    const text = formatReply(toRedisReply(argv[0], new Error(r.error)));
    // A command redis-cli prints raw shows Redis' error without `(error) `, in MULTI too, where
    // a line refused for its words is sent to abort the transaction and its error comes here.
    const isRaw = isPrintedRaw(argv) && isOwnError(r.error);
    return { text: isRaw ? text.replace(/^\(error\) /, '') : text, isError: true };
  }
  // Redis sends one reply a channel; the command layer gives them as a list: each is printed.
  if (REPLY_PER_CHANNEL_COMMANDS.has(asciiUpper(argv[0])) && Array.isArray(r.reply))
    return {
      text: (r.reply as unknown[]).map((one) => formatReply(typedReply(one))).join('\n'),
      isError: false,
    };
  // redis-cli writes a raw reply's bytes as they are (INFO's end in CRLF) and adds no line break
  // of its own: the text is the bytes but the final LF, which the transcript's line ends.
  if (isRawBulk(argv, result))
    return { text: formatReply(typedReply(r.reply)).replace(/\n$/, ''), isError: false };
  // The console's command layer marks statuses itself: every string it returns is a bulk string.
  return { text: formatReply(typedReply(r.reply)), isError: false };
}

/** A reply redis-cli prints raw (INFO's text, which the command layer marks as a status). */
function isRawBulk(argv: readonly string[], result: unknown): boolean {
  const reply = (result as { reply?: unknown }).reply;
  return isPrintedRaw(argv) && typeof reply === 'object' && reply !== null && 'status' in reply;
}

/** A SQL console answer: a table for rows, a count for changes, or SQLite's error. */
export type SqlConsoleResult =
  | {
      columns: string[];
      /** The cells; an INTEGER beyond ±9007199254740991 is the string of its exact digits. */
      rows: SqlValue[][];
      changes: number;
      /** `[row, column, text]` of each REAL cell, with the text SQLite writes for it (`2.0`, `Inf`). */
      realTexts?: [number, number, string][];
      /** `[row, column, length]` of each TEXT or BLOB cell cut to its first characters or bytes, and its length. */
      cutCells?: [number, number, number][];
      isTruncated?: boolean;
      /** Earlier statements of the line returned rows too, not shown (the last one's are). */
      earlierSets?: number;
      /** The line created, altered or dropped part of the schema (a count of rows cannot say so). */
      schemaChanged?: boolean;
      /** What it did to the schema, one phrase each (see `SqlResult.schemaChanges`). */
      schemaChanges?: string[];
    }
  | {
      error: string;
      /** The console refused the line before SQLite ran any of it (a COMMIT, a shell command ...). */
      isRefused?: true;
    };

export function toSqlConsoleResult(result: unknown): SqlConsoleResult {
  const r = result as Partial<SqlResult> & { error?: string; isRefused?: boolean };
  if (typeof r.error === 'string')
    return r.isRefused === true ? { error: r.error, isRefused: true } : { error: r.error };
  return {
    columns: r.columns ?? [],
    rows: r.rows ?? [],
    changes: r.changes ?? 0,
    ...(r.realTexts?.length ? { realTexts: r.realTexts } : {}),
    ...(r.cutCells?.length ? { cutCells: r.cutCells } : {}),
    ...(r.isTruncated ? { isTruncated: true } : {}),
    ...(r.earlierSets ? { earlierSets: r.earlierSets } : {}),
    ...(r.schemaChanged ? { schemaChanged: true } : {}),
    ...(r.schemaChanges?.length ? { schemaChanges: r.schemaChanges } : {}),
  };
}
