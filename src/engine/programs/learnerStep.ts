// A step a learner's program asks for, as it crosses out of the sandbox (plain data), checked
// and turned into an engine step, labelled with the line that asked for it.
import type { UserChanges } from '../database';
import { WRITABLE_COLUMNS } from '../database';
import { columnValueRefusal, commandSizeRefusal, oversizedCommandRefusal } from '../consoleLimits';
import { asciiUpper, inSandboxWords } from '../redisCommandKit';
import { queueRefusal, validateCommand } from '../redisValidation';
import { TRANSACTION_COMMANDS } from '../connectionCommandSpecs';
import { COMMANDS, REPLY_PER_CHANNEL_COMMANDS } from '../redisCommandSpecs';
import { pause, selectUser, updateUser } from './steps';
import type { Step } from './types';

/**
 * One step as a learner's program asks for it, plain data that crossed out of the sandbox:
 * `redis(...argv)`, `selectUser(id)`, `updateUser(id, changes)` or `sleep(ms)`. `line` is the
 * line of the learner's source that asked for it (the code panel highlights it).
 */
export type LearnerStepRequest =
  | {
      t: 'redis';
      argv: unknown[];
      line?: number;
      /**
       * Set when the sandbox cut the command short before it crossed (too many arguments, or
       * one longer than a value may be): `argv` then holds only its first arguments, shortened.
       */
      over?: { args: number } | { arg: number; chars: number };
    }
  | { t: 'select'; id: unknown; line?: number }
  | { t: 'update'; id: unknown; changes: unknown; line?: number }
  | { t: 'wait'; ms: unknown; line?: number };

/**
 * Why your code has no SCRIPT LOAD, and the way it has instead: the scripts EVAL runs share one
 * cache, as Redis' do (a restart empties it), so EVALSHA finds them.
 */
const SCRIPT_CACHE_WAY =
  'Redis keeps each script EVAL runs for EVALSHA by the SHA1 of its text, as SCRIPT LOAD would (until it restarts), so send the script once with EVAL';

/** Turns a learner's step request into an engine step, or says why it is not one. */
export function toStep(req: LearnerStepRequest): Step | string {
  const label = req.line === undefined ? 'learner' : lineLabel(req.line);
  switch (req.t) {
    case 'redis': {
      if (!Array.isArray(req.argv) || req.argv.length === 0)
        return 'redis() needs a command, for example redis("GET", key)';
      const bad = req.argv.findIndex((a) => typeof a !== 'string' && typeof a !== 'number');
      if (bad >= 0)
        return `redis() arguments must be strings or numbers: argument ${bad + 1}${
          bad > 0 ? ` of ${asciiUpper(String(req.argv[0]))}` : ''
        } is ${kindOf(req.argv[bad])}`;
      const [cmd, ...rest] = req.argv.map(String);
      const argv = [asciiUpper(cmd), ...rest];
      // Too big to run: refused from what crossed, worded for code (the console's says console).
      if (req.over !== undefined)
        return {
          target: 'redis',
          label,
          argv,
          refusal: oversizedCommandRefusal(argv[0], req.over),
        };
      const tooLarge = commandSizeRefusal(argv, 'code');
      if (tooLarge !== null) return { target: 'redis', label, argv, refusal: tooLarge };
      // Scripts run on the mock's Lua, as the engine's own fill scripts do.
      if (argv[0] === 'EVAL' || argv[0] === 'EVALSHA')
        return { target: 'redis', label, argv, judgedByKeys: true };
      // Redis answers UNSUBSCRIBE a b with a reply for each channel, which no single answer to
      // your code can be (the console prints each).
      if (REPLY_PER_CHANNEL_COMMANDS.has(argv[0]))
        return {
          target: 'redis',
          label,
          argv,
          refusal: `ERR ${argv[0]} is not supported in this sandbox: Redis answers it with one reply for each channel, and your code gets one answer a command (the Redis console runs it)`,
        };
      // MULTI, EXEC, DISCARD, WATCH and UNWATCH run on the actor's own connection, as the
      // console's do on its one (redisTransactions.ts checks their words as Redis does).
      if (TRANSACTION_COMMANDS.has(argv[0])) return { target: 'redis', label, argv, checked: true };
      // Everything else goes through the console's command layer, which answers as Redis 7
      // does where ioredis-mock is lenient, and refuses what it cannot answer faithfully.
      const refusal = validateCommand(argv);
      if (refusal === null) return { target: 'redis', label, argv, checked: true };
      return {
        target: 'redis',
        label,
        argv,
        ...(queueRefusal(argv) === null ? { isRunTimeRefusal: true } : {}),
        // A command the console does not run at all (a subcommand of one too: CLIENT ID); not
        // one it runs and refuses a use of (SELECT of another database), which HELP lists.
        // Either way your code is told of the sandbox: it typed in no console.
        refusal:
          !COMMANDS.has(asciiUpper(argv[0])) &&
          /^ERR \S+( \S+)? is not supported in this console(:|$)/.test(refusal)
            ? asciiUpper(argv[0]) === 'SCRIPT'
              ? // EVALSHA runs here; what SCRIPT LOAD is for, EVAL does as well.
                `ERR SCRIPT ${asciiUpper(String(argv[1]))} is not supported in this sandbox: ${SCRIPT_CACHE_WAY}`
              : `ERR ${argv[0]} is not supported in this sandbox: your code may send the commands the Redis console's HELP lists, and EVAL or EVALSHA`
            : inSandboxWords(refusal),
      };
    }
    case 'select':
      if (!Number.isInteger(req.id)) return 'selectUser(id) needs a whole number id';
      return selectUser(label, req.id as number);
    case 'update': {
      if (!Number.isInteger(req.id)) return 'updateUser(id, changes) needs a whole number id';
      const changes = req.changes as Record<string, unknown> | null;
      if (typeof changes !== 'object' || changes === null)
        return 'updateUser(id, changes) needs an object of changes, for example { name: "Ada" }';
      const picked: UserChanges = {};
      for (const [column, value] of Object.entries(changes)) {
        if (!(WRITABLE_COLUMNS as readonly string[]).includes(column))
          return `updateUser can change ${WRITABLE_COLUMNS.join(', ')}, not "${column}"`;
        if (typeof value !== 'string') return `updateUser: ${column} must be a string`;
        const tooLarge = columnValueRefusal(column, value);
        if (tooLarge !== null) return tooLarge;
        picked[column as (typeof WRITABLE_COLUMNS)[number]] = value;
      }
      return updateUser(label, req.id as number, picked);
    }
    case 'wait':
      if (typeof req.ms !== 'number' || !(req.ms >= 0) || req.ms > 60_000)
        return 'sleep(ms) needs a number of milliseconds from 0 to 60000';
      return pause(label, req.ms);
    default:
      return 'a program may only yield redis(...), selectUser(id), updateUser(id, changes) or sleep(ms)';
  }
}

/** What a value that cannot be a Redis argument is, in words (what crossed: JSON data). */
function kindOf(value: unknown): string {
  // JSON carries undefined in a list as null: the two cannot be told apart here.
  if (value === null) return 'null or undefined (a misspelt ctx setting?)';
  if (Array.isArray(value)) return 'an array (send JSON.stringify(value))';
  if (typeof value === 'object') return 'an object (send JSON.stringify(value))';
  if (typeof value === 'boolean') return `a boolean (${String(value)})`;
  return `of type ${typeof value}`;
}

/** A learner's step is labelled with its line: the code panel marks the line by the label. */
export const lineLabel = (line: number): string => `line ${line}`;
