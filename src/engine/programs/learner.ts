import type { UserChanges, UserRow } from '../database';
import { cacheKey, endedBeforeCommand, type ProgramContext } from './steps';
import type { YourPaths } from './patterns';
import { lineLabel, toStep, type LearnerStepRequest } from './learnerStep';
import { namesKey, noteStep, parseRow, type Tally } from './learnerTally';
import { isTombstone } from './readVersionedFill';
import type { Program, ReadResult, WriteResult } from './types';
import { CONNECTION_ERROR } from '../cacheErrors';
import type { WriteContext } from './writePaths';
import { errorMessage } from '../errorMessage';

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
const STEP_LIMIT_FAILURE = `stopped after ${MAX_LEARNER_STEPS} steps: does it loop without end (a retry with no limit)?`;

/** The settings and token a learner's program gets as `ctx`, as plain data. */
const contextData = (ctx: ProgramContext) => ({ ...ctx.settings, token: ctx.token });

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
