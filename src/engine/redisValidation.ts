// What the console accepts, and the errors Redis 7 answers from a command's words alone, before
// touching any key: the name, the arity, then the command's own argument checks
// (redisArgumentChecks.ts), as the registry (redisCommandSpecs.ts) names them; and what the
// console refuses of a command Redis would run, in MULTI and out of it.

import { lookupRedis7Command, REDIS_7_COMMAND_NAMES } from './redisCommandNames';
import { REDIS_7_HELP } from './redisHelpTexts';
import { commandSizeRefusal } from './consoleLimits';
import { asciiUpper, parseInt64 } from './redisCommandKit';
import { arityError, cStringBytes, refuseWait, utf8Decoder } from './redisArgumentChecks';
import {
  CLUSTER_COMMANDS,
  CLUSTER_DISABLED,
  TRANSACTION_COMMANDS,
  TRANSACTION_SPECS,
} from './connectionCommandSpecs';
import { COMMANDS, type CommandSpec } from './redisCommandSpecs';

/**
 * Transactions need a connection's state, which the command layer has none of: the adapter
 * answers them for a console connection itself (redisTransactions.ts), so what reaches this
 * check is a script's or a learner's code's, refused with a message of the console's own.
 */
const CONSOLE_UNSUPPORTED = new Set(['MULTI', 'EXEC', 'DISCARD', 'WATCH', 'UNWATCH']);

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
