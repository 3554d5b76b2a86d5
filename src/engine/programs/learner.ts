import type { UserChanges, UserRow } from '../database';
import { WRITABLE_COLUMNS } from '../database';
import { columnValueRefusal, commandSizeRefusal, oversizedCommandRefusal } from '../consoleLimits';
import { asciiUpper, inSandboxWords, scriptKeys } from '../redisCommandKit';
import { queueRefusal, validateCommand } from '../redisValidation';
import { TRANSACTION_COMMANDS } from '../connectionCommandSpecs';
import { COMMANDS, REPLY_PER_CHANNEL_COMMANDS } from '../redisCommandSpecs';
import {
  cacheKey,
  endedBeforeCommand,
  pause,
  selectUser,
  updateUser,
  type ProgramContext,
} from './steps';
import type { YourPaths } from './patterns';
import { isTombstone } from './readVersionedFill';
import type { Program, ReadResult, Step, WriteResult } from './types';
import { CONNECTION_ERROR } from '../cacheErrors';
import type { WriteContext } from './writePaths';
import { errorMessage } from '../errorMessage';
import { storedKeyOf, storedValueOf } from '../storedValue';

/** Which path a learner's program replaces. */
export type LearnerPath = 'read' | 'write';

/** A learner's sources for the paths they replace (a path left out runs ours). */
export type LearnerSources = Partial<Record<LearnerPath, string>>;

/** Which paths these sources (or compiled programs) put in place of ours. */
export const yourPathsOf = (sources: Partial<Record<LearnerPath, unknown>>): YourPaths => ({
  read: sources.read !== undefined,
  write: sources.write !== undefined,
});

/** True when the sources replace at least one of our programs. */
export const hasSources = (sources: LearnerSources | undefined): sources is LearnerSources =>
  sources !== undefined && (sources.read !== undefined || sources.write !== undefined);

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

/** What the sandbox answers when the engine resumes a learner's program. */
export type LearnerResume =
  | { step: LearnerStepRequest }
  /** `nothing`: the program ended with no return value (crossed as null). */
  | { done: unknown; nothing?: true }
  | { fail: string; line: number | null };

/** One run of a learner's program inside the sandbox (one read or one write). */
export interface LearnerRun {
  /**
   * Resumes the program with a step's reply (or throws `error` into it), runs to its next step.
   * `errorItems`: the items of an EXEC's reply that are a queued command's error, each put in
   * place as an `Error` with that message (the reply holds null there), as ioredis hands them.
   */
  resume(
    input: { reply: unknown; errorItems?: [index: number, message: string][] } | { error: string },
  ): LearnerResume;
  /** Ends the run (it is abandoned or finished). */
  dispose(): void;
  /** Once it returned: the line of its return, when known (a message about the value names it). */
  returnLine?(): number | null;
}

/**
 * A learner's compiled program. The engine only ever sees plain data cross this boundary: the
 * program itself runs in a sandbox the host provides (QuickJS in WebAssembly, src/platform).
 */
export interface LearnerRunner {
  readonly path: LearnerPath;
  /** Starts a run with these JSON arguments; its first step comes from `resume({ reply: undefined })`. */
  start(args: unknown[]): LearnerRun | { fail: string; line: number | null };
}

/** Read and write programs that replace the catalog's (a learner's own code). */
export interface ProgramOverrides {
  read?: (id: number, ctx: ProgramContext) => Program<ReadResult>;
  write?: (id: number, changes: UserChanges, ctx: WriteContext) => Program<WriteResult>;
}

/** More steps than any sensible read or write takes: past it the program is stopped. */
export const MAX_LEARNER_STEPS = 200;
/** How a learner's request stopped at {@link MAX_LEARNER_STEPS} fails (its result's `isStepLimit`). */
/**
 * Why your code has no SCRIPT LOAD, and the way it has instead: the scripts EVAL runs share one
 * cache, as Redis' do (a restart empties it), so EVALSHA finds them.
 */
const SCRIPT_CACHE_WAY =
  'Redis keeps each script EVAL runs for EVALSHA by the SHA1 of its text, as SCRIPT LOAD would (until it restarts), so send the script once with EVAL';

const STEP_LIMIT_FAILURE = `stopped after ${MAX_LEARNER_STEPS} steps: does it loop without end (a retry with no limit)?`;

/** The settings and token a learner's program gets as `ctx`, as plain data. */
const contextData = (ctx: ProgramContext) => ({ ...ctx.settings, token: ctx.token });

/**
 * A number, or text that is one as a hash's field holds it (`"5"`: the Redis panel's rule,
 * `isSameValue` in copyDiff.ts), as a number; otherwise undefined.
 */
const numberOf = (v: unknown): number | undefined =>
  typeof v === 'number'
    ? v
    : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))
      ? Number(v)
      : undefined;

/**
 * `v` as a user row, or null: an object with a numeric `id` and `version`. A row rebuilt from a
 * hash (HGETALL: every field text) is one too, its `id` and `version` taken as the numbers they
 * hold, so it is judged as the Redis panel judges the hash.
 */
function rowOf(v: unknown): UserRow | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const r = v as { id?: unknown; version?: unknown };
  const id = numberOf(r.id);
  const version = numberOf(r.version);
  if (id === undefined || version === undefined) return null;
  return id === r.id && version === r.version ? (v as UserRow) : ({ ...v, id, version } as UserRow);
}

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

/** What the engine learned about a run while it stepped (to build the result). */
interface Tally {
  steps: number;
  selects: number;
  hadCacheError: boolean;
  /** A Redis command naming the request's own key failed (a DEL that could not invalidate). */
  hadKeyError: boolean;
  lastUpdate: UserRow | null;
  filledVersion: number | null;
  /** What the last GET (GETEX, GETDEL) of the request's own key answered. */
  cached: unknown;
  /** The commands queued since the program's MULTI (null outside MULTI): EXEC's replies are theirs. */
  queue: string[][] | null;
}

/**
 * Drives one learner run as an engine program: each step the learner yields crosses as data,
 * is checked, and runs in the engine like any other; the reply goes back as data. A program
 * that fails, asks for something that is not a step, or takes more than `MAX_LEARNER_STEPS`
 * ends the request failed with a message naming the line (the simulation goes on).
 */
function* drive(
  runner: LearnerRunner,
  args: unknown[],
  key: string,
  fail: (message: string) => ReadResult | WriteResult,
  finish: (
    value: unknown,
    tally: Tally,
    isNothing: boolean,
    line: number | null,
  ) => ReadResult | WriteResult,
): Program<ReadResult | WriteResult> {
  const tally: Tally = {
    steps: 0,
    selects: 0,
    hadCacheError: false,
    hadKeyError: false,
    lastUpdate: null,
    filledVersion: null,
    cached: null,
    queue: null,
  };
  // A request must take a step to be seen: one that ends before its first command takes a step
  // that sends nothing and says how it ended (never a wait it did not ask for), labelled with
  // the line it failed at when that is known, so the code panel marks that line.
  const failed = function* (
    message: string,
    line: number | null,
  ): Program<ReadResult | WriteResult> {
    if (tally.steps === 0)
      yield endedBeforeCommand('failed', line === null ? undefined : lineLabel(line));
    return atLabel(fail(atLine(message, line)), line);
  };
  const started = runner.start(args);
  if ('fail' in started) return yield* failed(started.fail, started.line);
  const run = started;
  try {
    let input: Parameters<LearnerRun['resume']>[0] = { reply: undefined };
    for (;;) {
      const next = run.resume(input);
      if ('fail' in next) return yield* failed(next.fail, next.line);
      if ('done' in next) {
        if (tally.steps === 0) yield endedBeforeCommand('returned');
        const line = run.returnLine?.() ?? null;
        return atLabel(
          finish(next.done, tally, 'nothing' in next && next.nothing === true, line),
          line,
        );
      }
      if (typeof next.step !== 'object' || next.step === null)
        return yield* failed('yielded something that is not a step', null);
      const step = toStep(next.step);
      if (typeof step === 'string') return yield* failed(step, next.step.line ?? null);
      if (++tally.steps > MAX_LEARNER_STEPS)
        return { ...(yield* failed(STEP_LIMIT_FAILURE, null)), isStepLimit: true };
      try {
        const reply = yield step;
        noteStep(step, reply, key, tally);
        input = crossingReply(reply);
      } catch (e) {
        tally.hadCacheError = true;
        if (step.target === 'redis' && namesKey(step.argv, key)) tally.hadKeyError = true;
        const message = errorMessage(e);
        // EXEC's refusal (EXECABORT) discards the transaction, but not one refused as too much
        // work (it stays open for a DISCARD); a closed connection drops it too.
        if (
          step.target === 'redis' &&
          ((step.argv[0] === 'EXEC' && !message.includes(' is too much work here')) ||
            step.argv[0] === 'DISCARD' ||
            message === CONNECTION_ERROR)
        )
          tally.queue = null;
        input = { error: message };
      }
    }
  } finally {
    run.dispose();
  }
}

/** Whether a command acts on `key` (as a key: PUBLISH's message or SET's value does not). */
function namesKey(argv: readonly string[], key: string): boolean {
  switch (argv[0]) {
    case 'DEL':
    case 'UNLINK':
    case 'EXISTS':
    case 'MGET':
      return argv.includes(key, 1);
    case 'EVAL':
    case 'EVALSHA':
      return scriptKeys(argv).includes(key);
    default:
      return argv[1] === key;
  }
}

const atLine = (message: string, line: number | null): string =>
  line === null ? message : `line ${line}: ${message}`;

/** Where a read returned a value it may not, when its line is known. */
const atReturn = (line: number | null): string => (line === null ? '' : ` at line ${line}`);

/**
 * A step a read path made and returned instead of yielding it (`const cached = redis('GET', key)`
 * with its `yield` forgotten, then `return cached`), as the learner wrote the call, with the line
 * the call was made at; null for any other value. Such a step was never sent.
 */
function unsentStep(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const arg = (a: unknown): string => {
    const text = JSON.stringify(a) ?? String(a);
    return text.length > 40 ? `${text.slice(0, 39)}…` : text;
  };
  const call =
    v.t === 'redis' && Array.isArray(v.argv)
      ? `redis(${v.argv.slice(0, 4).map(arg).join(', ')}${v.argv.length > 4 ? ', …' : ''})`
      : v.t === 'select' && 'id' in v
        ? `selectUser(${arg(v.id)})`
        : v.t === 'update' && 'id' in v
          ? `updateUser(${arg(v.id)}, …)`
          : v.t === 'wait' && 'ms' in v
            ? `sleep(${arg(v.ms)})`
            : null;
  if (call === null) return null;
  return typeof v.line === 'number' ? `${call}, made at line ${v.line}` : call;
}

/** Whether a read path returned versioned-fill's tombstone, as its JSON or parsed. */
function isReturnedTombstone(value: unknown): boolean {
  if (typeof value === 'string') return isTombstone(value);
  return (
    typeof value === 'object' && value !== null && 'tombstone' in value && value.tombstone === true
  );
}

/** A learner's step is labelled with its line: the code panel marks the line by the label. */
const lineLabel = (line: number): string => `line ${line}`;

/**
 * A failed result names the label of the line it failed at (its return's, for a wrong value):
 * the code panel marks that line, not the last command's, as the one that ran last.
 */
const atLabel = <R extends ReadResult | WriteResult>(result: R, line: number | null): R =>
  result.error === undefined || line === null ? result : { ...result, errorLabel: lineLabel(line) };

/** Whether a step's label is a learner's: its line, or `learner` where no line is known. */
export const isLearnerLabel = (label: string): boolean =>
  label === 'learner' || /^line \d+$/.test(label);

/**
 * A reply as it crosses into the sandbox: an EXEC's errors (each a queued command's, among the
 * other replies) cross as their messages beside the items, which JSON could not carry.
 */
function crossingReply(reply: unknown): { reply: unknown; errorItems?: [number, string][] } {
  if (reply === undefined) return { reply: null };
  if (!Array.isArray(reply) || !reply.some((item) => item instanceof Error)) return { reply };
  const errorItems: [number, string][] = [];
  const items = reply.map((item: unknown, i) => {
    if (!(item instanceof Error)) return item;
    errorItems.push([i, item.message]);
    return null;
  });
  return { reply: items, errorItems };
}

function noteStep(step: Step, reply: unknown, key: string, tally: Tally): void {
  if (step.target === 'db' && step.op === 'select') tally.selects++;
  if (step.target === 'db' && step.op === 'update') tally.lastUpdate = reply as UserRow | null;
  if (step.target !== 'redis') return;
  const name = step.argv[0];
  if (name === 'MULTI') {
    if (reply === 'OK') tally.queue = [];
    return;
  }
  if (name === 'EXEC' || name === 'DISCARD') {
    const queue = tally.queue;
    tally.queue = null;
    // EXEC ran the queue: each command's reply is its own, a fill among them one of the key.
    if (name === 'EXEC' && queue !== null && Array.isArray(reply))
      queue.forEach((argv, i) => {
        noteCommand(argv, reply[i], key, tally);
        // A queued command that failed is a cache error, as one sent alone that failed is.
        if (reply[i] instanceof Error) {
          tally.hadCacheError = true;
          if (namesKey(argv, key)) tally.hadKeyError = true;
        }
      });
    return;
  }
  // Queued: nothing ran yet, so nothing is known of what it answers.
  if (tally.queue !== null && name !== 'WATCH') {
    if (reply === 'QUEUED') tally.queue.push(step.argv);
    return;
  }
  noteCommand(step.argv, reply, key, tally);
}

/** What a Redis command that ran (alone, or in EXEC) answered of the request's own key. */
function noteCommand(argv: string[], reply: unknown, key: string, tally: Tally): void {
  if (storedKeyOf(argv) !== key || reply instanceof Error) return;
  if (argv[0] === 'GET' || argv[0] === 'GETEX' || argv[0] === 'GETDEL') tally.cached = reply;
  const value = storedValueOf(argv, reply);
  if (value !== undefined) tally.filledVersion = parseRow(value)?.version ?? null;
}

function parseRow(value: unknown): UserRow | null {
  if (typeof value !== 'string') return rowOf(value);
  try {
    return rowOf(JSON.parse(value));
  } catch {
    return null;
  }
}

/** The cached copy's text, when it is not `row` as returned (see `ReadResult.copyText`). */
function copyTextOf(cached: string, row: UserRow): { copyText?: string } {
  return JSON.stringify(JSON.parse(cached)) === JSON.stringify(row) ? {} : { copyText: cached };
}

/** A learner's read path as an engine program: it returns the user row (or its JSON) or null. */
export function learnerReadProgram(
  runner: LearnerRunner,
): (id: number, ctx: ProgramContext) => Program<ReadResult> {
  return (id, ctx) => {
    const key = cacheKey(id);
    const base = {
      kind: 'read' as const,
      key,
      id,
      row: null,
      version: 0,
      isHit: false,
      hadCacheError: false,
      filledVersion: null,
    };
    return drive(
      runner,
      [id, contextData(ctx)],
      key,
      (error) => ({ ...base, error: `Your read path failed: ${error}` }),
      (value, tally, isNothing, line) => {
        if (value === null || value === undefined)
          return {
            ...base,
            hadCacheError: tally.hadCacheError,
            ...(isNothing || value === undefined ? { returnedNothing: true as const } : {}),
          };
        const row = parseRow(value);
        if (row === null && isReturnedTombstone(value))
          return {
            ...base,
            error: `Your read path returned a version tombstone${atReturn(line)}, not a user row: under versioned-fill a write (or the change log's consumer) leaves one in place of the copy it removes, so that no older row is filled over it. Treat a value with "tombstone": true as a miss: read the database and return the row`,
          };
        const unsent = row === null ? unsentStep(value) : null;
        if (unsent !== null)
          return {
            ...base,
            error: `Your read path returned a command it never sent${atReturn(line)}: ${unsent}, was not yielded. Put yield before it (const cached = yield redis('GET', key)) to send it and get its reply`,
          };
        if (row === null)
          return {
            ...base,
            error: `Your read path returned something that is not a user row${atReturn(line)}: return the row (or its JSON), or null`,
          };
        // Another user's row is not a fresh answer, whatever its version: a key or id mixed up.
        if (row.id !== id)
          return {
            ...base,
            error: `Your read path was asked for user ${id} and returned user ${row.id}'s row${atReturn(line)}: check the key and the id it reads`,
          };
        return {
          ...base,
          row,
          version: row.version,
          isHit: tally.selects === 0,
          hadCacheError: tally.hadCacheError,
          filledVersion: tally.filledVersion,
          ...(JSON.stringify(parseRow(tally.cached)) === JSON.stringify(row)
            ? { isCachedCopy: true as const, ...copyTextOf(tally.cached as string, row) }
            : {}),
        };
      },
    ) as Program<ReadResult>;
  };
}

/** A learner's write path as an engine program: its UPDATE's row is the write's row. */
export function learnerWriteProgram(
  runner: LearnerRunner,
): (id: number, changes: UserChanges, ctx: WriteContext) => Program<WriteResult> {
  return (id, changes, ctx) => {
    const key = cacheKey(id);
    const base = {
      kind: 'write' as const,
      key,
      id,
      row: null,
      isInvalidationLost: false,
      hadCacheError: false,
    };
    return drive(
      runner,
      [id, changes, contextData(ctx)],
      key,
      (error) => ({ ...base, error: `Your write path failed: ${error}` }),
      (_value, tally) => ({
        ...base,
        row: tally.lastUpdate,
        // Only a failed command on the row's own key can have left its old copy in the cache:
        // an error on another key (a PUBLISH the code caught) lost no invalidation.
        isInvalidationLost: tally.hadKeyError && tally.lastUpdate !== null,
        hadCacheError: tally.hadCacheError,
      }),
    ) as Program<WriteResult>;
  };
}
