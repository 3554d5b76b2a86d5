import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';
import { MAX_COMMAND_ARGS } from '../engine/consoleLimits';
import { MAX_CALL_MS, MAX_POLLS, type CallGuard } from './callGuard';
import { SANDBOX_MEMORY_MB } from './quickjsMemory';
import { LEARNER_FILE, MAX_MESSAGE_CHARS } from './sandboxPrelude';
import { group } from './groupDigits';

/**
 * What the learner's code threw, or why a call into the sandbox failed (stopped, out of memory),
 * in the learner's words and with the line it names. The thrown value is read in the sandbox,
 * under the call guard.
 */

/**
 * The most one allocation may take. The limit QuickJS is given counts each allocation whole but
 * keeps no total in this build (see quickjsMemory.ts, whose ceiling bounds the total).
 */
export const MEMORY_LIMIT = 32 * 1024 * 1024;

/** What a call the guard stopped at its count of polls fails with: the same on any machine. */
export const STOPPED = `was stopped: it ran too long without taking a step (this sandbox stops the code between two steps after ${group(MAX_POLLS)} of its JavaScript's polls, a loop's turn or a call each): an endless loop, or more work than that, such as a loop over a million items? Each Redis command or SQL statement must be yielded.`;

/**
 * What a call the guard stopped by the clock fails with (its backstop for polls that are each a
 * costly builtin). A busy machine slows every poll, so this outcome is the machine's as much as
 * the code's, and the message says so: under load a read of 20 MB, correct code, was stopped here.
 */
export const STOPPED_BY_CLOCK = `was stopped: it ran too long without taking a step by this machine's clock, before its ${group(MAX_POLLS)} polls were spent (this sandbox also stops the code between two steps after ${MAX_CALL_MS / 1000} s of work by the clock): calls that each do much work (a sort, a copy or a search over a large array or string) again and again, or a machine too busy to wait on; the clock is this machine's, so on a busy one the same code and seed can be stopped here and pass another time. Each Redis command or SQL statement must be yielded.`;

/** Whether a failure is the guard's stop, by its count of polls or by the clock. */
export const isStoppedFailure = (error: string): boolean =>
  error === STOPPED || error === STOPPED_BY_CLOCK;

/** What a call that ran the sandbox's memory out fails with. */
export const OUT_OF_MEMORY = `used more memory than the sandbox has (${SANDBOX_MEMORY_MB} MB in all, ${MEMORY_LIMIT / 1024 / 1024} MB at most for one string or array): does something grow without end?`;

/** QuickJS's own limit on a call's arguments (`f(...list)`), which nothing here can raise. */
const QUICKJS_MAX_ARGS = 65_534;

/** What the sandbox refuses when code adds a property to its frozen global object, and why. */
const NOT_EXTENSIBLE_WHY =
  'no property can be added to a frozen object: the sandbox freezes its global object and built-ins, so that no request leaves anything behind for the next and every run replays the same; an object your code froze or sealed takes none either. Keep the value in a variable or an object of your own';

/** The line of `learner.js` an error names (syntax errors and stack frames), if any. */
export function lineOf(error: {
  message?: unknown;
  stack?: unknown;
  lineNumber?: unknown;
}): number | null {
  const stack = typeof error.stack === 'string' ? error.stack : '';
  const inStack = new RegExp(`${LEARNER_FILE.replace('.', '\\.')}:(\\d+)`).exec(stack);
  if (inStack) return Number(inStack[1]);
  return typeof error.lineNumber === 'number' ? error.lineNumber : null;
}

/**
 * A thrown value's failure with what the prelude noted of it (`__thrownFacts`): the line of the
 * throw statement that threw it, before its stack's (\`e.stack = '... learner.js:99'\` named
 * line 99 of a six-line program), and the class of an Error subclass, whose name is Error's
 * (\`throw new MyErr('bad')\` was told "threw: bad" at the class's line).
 */
export function withThrownFacts(
  vm: QuickJSContext,
  factsOf: QuickJSHandle,
  thrown: QuickJSHandle,
  guard: CallGuard,
  failure: { error: string; line: number | null },
): { error: string; line: number | null } {
  guard.arm();
  const out = vm.callFunction(factsOf, vm.undefined, thrown);
  const stopped = guard.disarm();
  if (out.error) {
    out.error.dispose();
    return failure;
  }
  const text: unknown = vm.dump(out.value);
  out.value.dispose();
  if (stopped || typeof text !== 'string') return failure;
  const facts = JSON.parse(text) as { line: number | null; made: string | null };
  const plain = 'threw: ';
  return {
    error:
      facts.made !== null && failure.error.startsWith(plain)
        ? `threw ${shortened(facts.made)}: ${failure.error.slice(plain.length)}`
        : failure.error,
    line: facts.line ?? failure.line,
  };
}

/** What a program that threw a Promise is told (vm.dump would answer its state instead). */
const THREW_TOO_DEEP =
  'threw a value nested more than 1000 deep (or one that holds itself), which cannot be read: throw an Error with a message';
const THREW_PROMISE =
  'threw a Promise (a value, not an Error; your code runs no async code here: no async, await or .then)';

/**
 * The value a program threw, as plain data: QuickJS reads it in the sandbox (its JSON, then its
 * name, message and stack), so a getter, a `toJSON` or a Proxy's trap of the learner's runs
 * here. Under the guard, as every call in is: read with it disarmed, `throw { get message() {
 * for (;;) {} } }` held the page's thread for good. A Promise is told apart first: vm.dump
 * answers its state and frees the handle it is given, which the caller frees again (a
 * QuickJSUseAfterFree thrown out of the Step).
 */
function dumpThrown(
  vm: QuickJSContext,
  handle: QuickJSHandle,
  guard: CallGuard | undefined,
  longMessage: QuickJSHandle | undefined,
): { dumped: unknown; kind?: string; isPromise: boolean; stopped: boolean; tooDeep?: boolean } {
  const state = vm.getPromiseState(handle);
  if (!('notAPromise' in state && state.notAPromise === true)) {
    if (state.type === 'fulfilled') state.value.dispose();
    if (state.type === 'rejected') state.error.dispose();
    return { dumped: undefined, isPromise: true, stopped: false };
  }
  const kind = vm.typeof(handle);
  guard?.arm();
  let dumped: unknown;
  let briefText: unknown;
  try {
    // An Error with a message too long to copy out whole: its start and its length; a value
    // nested too deep for vm.dump's JSON in C: that it is (see `__longMessage`). Anything else
    // (or a reading that throws) is read as it is.
    const brief =
      longMessage && kind === 'object'
        ? vm.callFunction(longMessage, vm.undefined, handle)
        : undefined;
    if (brief?.error) brief.error.dispose();
    else if (brief) briefText = vm.dump(brief.value);
    if (brief && !brief.error) brief.value.dispose();
    dumped = typeof briefText === 'string' ? (JSON.parse(briefText) as unknown) : vm.dump(handle);
  } finally {
    if (guard?.disarm() === true) dumped = STOPPED_READING;
  }
  if (dumped === STOPPED_READING) return { dumped: undefined, isPromise: false, stopped: true };
  if ((dumped as { tooDeep?: unknown } | null)?.tooDeep === true && typeof briefText === 'string')
    return { dumped: undefined, isPromise: false, stopped: false, tooDeep: true };
  return { dumped, kind, isPromise: false, stopped: false };
}

/**
 * What a thrown symbol, BigInt, function or object that cannot be read as JSON is told: vm.dump
 * hands over a symbol (`Symbol()` described as "undefined"), a BigInt, or the value's text, ""
 * when that threw too, which read "threw: Symbol(undefined)", "threw: 10" or "threw: ".
 */
function plainThrown(dumped: unknown, kind: string | undefined): string | null {
  const shown = (text: string) => (text.length > 80 ? `${text.slice(0, 79)}…` : text);
  if (typeof dumped === 'symbol')
    return `threw ${dumped.description === 'undefined' ? 'Symbol()' : shown(String(dumped))} (a value, not an Error)`;
  if (typeof dumped === 'bigint') return `threw ${shown(`${dumped}n`)} (a value, not an Error)`;
  if (kind === 'function' && typeof dumped === 'string')
    return `threw a function, ${shown(dumped)} (a value, not an Error)`;
  if (kind !== 'object' || typeof dumped !== 'string') return null;
  return dumped === ''
    ? 'threw a value that cannot be read: turning it into JSON and into text both threw (a Proxy, or a getter or toString that throws?)'
    : `threw ${shown(dumped)} (a value that cannot be turned into JSON: a getter, a toJSON or a Proxy that throws?)`;
}

/** A name or a value's text, at most 80 characters of it. */
const shortened = (text: string): string => (text.length > 80 ? `${text.slice(0, 79)}…` : text);

/** Marks a thrown value whose reading the guard stopped (see `dumpThrown`). */
const STOPPED_READING = Symbol('stopped reading the thrown value');

/**
 * A value thrown out of the sandbox (`handle`), or a call the guard stopped (`wasStopped`), told
 * as the request's error, with the line of `learner.js` it names.
 */
export function describeError(
  vm: QuickJSContext,
  handle: QuickJSHandle,
  wasStopped: boolean,
  canThrowNull = true,
  guard?: CallGuard,
  longMessage?: QuickJSHandle,
): { error: string; line: number | null } {
  const thrown = wasStopped
    ? { dumped: vm.dump(handle), isPromise: false, stopped: false }
    : dumpThrown(vm, handle, guard, longMessage);
  const stopped = wasStopped || thrown.stopped;
  const dumped = thrown.dumped as
    | {
        name?: unknown;
        message?: unknown;
        messageLength?: unknown;
        stack?: unknown;
        lineNumber?: unknown;
      }
    | string
    | null;
  const err = typeof dumped === 'object' && dumped !== null ? dumped : { message: String(dumped) };
  const line = lineOf(err);
  if (stopped)
    return { error: guard?.wasStoppedByClock() === true ? STOPPED_BY_CLOCK : STOPPED, line };
  if (thrown.isPromise) return { error: THREW_PROMISE, line };
  if ('tooDeep' in thrown && thrown.tooDeep === true) return { error: THREW_TOO_DEEP, line };
  const plain = 'kind' in thrown ? plainThrown(dumped, thrown.kind) : null;
  if (plain !== null) return { error: plain, line };
  if (dumped === null && !canThrowNull) return { error: OUT_OF_MEMORY, line };
  // \`throw undefined\`, \`throw null\`: a value with no message, said as the value it is.
  if (dumped === undefined || dumped === null)
    return { error: `threw ${String(dumped)} (a value, not an Error)`, line };
  // An Error whose message getter threw as QuickJS read it: its name and stack came, not its
  // message (it was told "threw {"name":"Error","stack":...} (a value, not an Error)").
  if (
    typeof dumped === 'object' &&
    dumped !== null &&
    err.message === undefined &&
    typeof err.name === 'string' &&
    typeof err.stack === 'string' &&
    /^ {4}at /.test(err.stack) &&
    Object.keys(dumped).every((k) => k === 'name' || k === 'stack')
  )
    return {
      error: `threw ${shortened(err.name)}, whose message could not be read (a message getter that throws?)`,
      line,
    };
  // `throw { code: 1 }`: a plain value, not an Error, shown as it is (not as "undefined").
  if (typeof dumped === 'object' && dumped !== null && err.message === undefined) {
    const text = JSON.stringify(dumped) ?? String(dumped);
    const shown = text.length > 80 ? `${text.slice(0, 79)}…` : text;
    return { error: `threw ${shown} (a value, not an Error)`, line };
  }
  const name = typeof err.name === 'string' ? err.name : 'Error';
  const whole = typeof err.message === 'string' ? err.message : String(err.message);
  const length = typeof err.messageLength === 'number' ? err.messageLength : whole.length;
  // A message of a megabyte (`throw 'x'.repeat(1e6)`) would be the narration, the log and the
  // request's error whole: its start, and how long it was.
  const message =
    length > MAX_MESSAGE_CHARS
      ? `${whole.slice(0, MAX_MESSAGE_CHARS)}… (${group(length)} characters in all)`
      : whole;
  if (/out of memory/i.test(message)) return { error: OUT_OF_MEMORY, line };
  // QuickJS's own limit (an InternalError), not a failed command whose reply says "stack
  // overflow" (a Lua script's, thrown in at its yield): that one is shown as Redis answered it.
  if (name === 'InternalError' && /stack overflow/i.test(message))
    return { error: 'recursed too deeply (stack overflow)', line };
  // `redis('DEL', ...keys)` with 100,000 keys: QuickJS refuses the call itself.
  if (name === 'RangeError' && /^too many arguments in function call/.test(message))
    return {
      error: `threw RangeError: too many arguments in a call: this sandbox's JavaScript passes at most ${group(QUICKJS_MAX_ARGS)} to a function, and a Redis command from your code may have at most ${group(MAX_COMMAND_ARGS)} arguments (send several commands of fewer)`,
      line,
    };
  // The prelude deletes Date: say why, not only that it is not defined.
  if (name === 'ReferenceError' && message === "'Date' is not defined")
    return {
      error: `threw ${name}: ${message} (the sandbox has no clock: every run must replay exactly, so code cannot read the time)`,
      line,
    };
  // hardenBuiltins freezes the global object: `globalThis.hits = 1` gets QuickJS's bare words.
  if (name === 'TypeError' && message === 'object is not extensible')
    return { error: `threw ${name}: ${message} (${NOT_EXTENSIBLE_WHY})`, line };
  return { error: name === 'Error' ? `threw: ${message}` : `threw ${name}: ${message}`, line };
}
