import { scriptsOf } from './cacheState';
import { withCjsonConfig, type CjsonConfig } from './luaCjson';
import type { Lrand48 } from './luaRandom';
import { takeScriptReply } from './luaReplies';
import { withScriptClock, withScriptCommands } from './luaRedisCall';
import type { ScriptReply } from './luaReplyConversion';
import {
  inSandboxWords,
  scriptCallError,
  type CommandContext,
  type CommandOutcome,
} from './redisCommandKit';
import { runCommand } from './redisCommands';
import { mockKeyspace, type Keyspace } from './redisKeyspace';

/**
 * The keys a script's commands changed through the command layer (its KEYS or not), and whether
 * it flushed the keyspace first (then only the keys after the flush are listed).
 */
export interface ScriptTouched {
  flushed: boolean;
  keys: string[];
}

/** What a script sent on one connection needs of the cache adapter and its server. */
export interface ScriptRun {
  /** Virtual now, for the script's TIME. */
  nowMs: () => number;
  /** The server's one generator for every script's `math.random`. */
  random: Lrand48;
  /** The server's settings of every script's global `cjson`. */
  cjsonConfig: CjsonConfig;
  /** Where the keys each connection's script changed are kept until its reply is recorded. */
  touched: WeakMap<object, ScriptTouched>;
  /** Every connection the adapter opened: EVALSHA finds a script any of them sent. */
  connections: Iterable<object>;
  /** What the command layer runs a script's command with. */
  commandContext: (keyspace: Keyspace) => CommandContext;
  /** A script a learner's code sent: its commands are held to the code's limits. */
  scriptFrom?: 'code';
  /** After each command the script ran: for the watches, the keys it wrote with what they held. */
  wroteAnyway: (argv: string[], reply: unknown, touched: CommandOutcome['touched']) => void;
}

/**
 * Sends an EVAL or EVALSHA (`argv`) on `conn` with `send`, which calls the client's method with
 * `args` (`argv` after the name; an EVALSHA's SHA1 is rewritten in place to the one the server
 * holds). Throws a refusal Redis makes before running the script. The script runs within this
 * call: its reply as Redis makes it (luaReplies.ts) replaces the mock's, its TIME reads the
 * virtual clock, and its commands run on the command layer, as the console's do.
 */
export function sendScript(
  conn: object,
  argv: readonly string[],
  name: 'EVAL' | 'EVALSHA',
  args: string[],
  send: () => Promise<unknown>,
  run: ScriptRun,
): Promise<unknown> {
  const refusal = scriptCallError(argv);
  if (refusal !== null) throw new Error(refusal);
  if (name === 'EVALSHA') args[0] = sharedScript(conn, argv[1], run.connections);
  takeScriptReply();
  // The keys the script's commands touched are re-read once its reply is in (see Cache's `track`).
  const touched: ScriptTouched = { flushed: false, keys: [] };
  run.touched.set(conn, touched);
  const runInScript = (scriptArgv: string[]) => {
    const keyspace = mockKeyspace(conn);
    if (keyspace === null) return { error: 'ERR this sandbox cannot run that command here' };
    const outcome = runCommand(
      { ...run.commandContext(keyspace), isFromScript: run.scriptFrom ?? true },
      scriptArgv,
    );
    if (outcome.touched === 'all') {
      touched.flushed = true;
      touched.keys = [];
    } else touched.keys.push(...outcome.touched);
    const { reply } = outcome;
    // A key the script wrote with what it held is still modified for a WATCH of it.
    run.wroteAnyway(scriptArgv, reply, outcome.touched);
    // The script is no console: a refusal speaks of the sandbox.
    if (typeof reply === 'object' && reply !== null && 'error' in reply)
      return { error: inSandboxWords(reply.error) };
    return reply;
  };
  const sent = withScriptClock(run.nowMs, () =>
    withCjsonConfig(run.cjsonConfig, () => withScriptCommands(runInScript, run.random, send)),
  );
  const converted = takeScriptReply();
  if (converted === undefined) return sent;
  return sent.then(
    () => scriptOutcome(converted),
    () => scriptOutcome(converted),
  );
}

/**
 * The SHA1 an EVALSHA names, lower-cased as Redis reads it, with the script stored under it
 * on `conn`: Redis keeps one script cache for the whole server, ioredis-mock one for each
 * connection, so an actor's EVALSHA of a script another actor's EVAL had sent answered
 * NOSCRIPT. Throws Redis' NOSCRIPT when no connection has it (ioredis-mock also found a name
 * every object inherits, `constructor`, and failed with a JavaScript error).
 */
function sharedScript(conn: object, sha: string, connections: Iterable<object>): string {
  const lower = sha.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const own = (conn as { shaScripts?: Record<string, string> }).shaScripts;
  if (own === undefined) return sha;
  for (const other of [conn, ...connections]) {
    const scripts = scriptsOf(other);
    if (Object.hasOwn(scripts, lower) && typeof scripts[lower] === 'string') {
      own[lower] = scripts[lower];
      return lower;
    }
  }
  throw new Error('NOSCRIPT No matching script. Please use EVAL.');
}

/** A script's converted reply as the command's outcome: its value, or its error reply thrown. */
function scriptOutcome(reply: ScriptReply): unknown {
  if ('error' in reply) throw new Error(reply.error);
  return reply.value;
}
