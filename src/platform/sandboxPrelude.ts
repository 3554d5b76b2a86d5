import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';
import { MAX_COMMAND_ARGS, MAX_VALUE_BYTES } from '../engine/consoleLimits';
import { group } from './groupDigits';

/**
 * The sandbox's prelude: the helpers the learner's code yields (`redis`, `selectUser`, ...), and
 * the functions only the host calls to start, resume and drop runs and to read the lines they
 * noted. It runs in QuickJS before the learner's code; what it hands out crosses as JSON.
 */

/**
 * The most characters of JSON a step or a result may take to cross out of the sandbox: four
 * values of the largest size. Past it the request fails before the text crosses (copying it
 * out and parsing it costs the page about as much as making it cost QuickJS).
 */
export const MAX_CROSSING_CHARS = 4 * MAX_VALUE_BYTES;

/** The most of a thrown message the request's error keeps. */
export const MAX_MESSAGE_CHARS = 1_000;

/** The helpers a learner's program yields; each returns a step as plain data, with its line. */
export const PRELUDE = String.raw`
'use strict';
// In a function of its own: a script's top-level const and let are bindings every later script
// sees, so the learner's code could read and change __runs (another request's generator) or the
// line notes by name.
(() => {
const __line = () => {
  const m = /learner\.js:(\d+)/.exec(new Error().stack || '');
  return m ? Number(m[1]) : undefined;
};
// As ioredis sends them: NaN, Infinity and a BigInt as their text (JSON would carry the first
// two as null, and could not carry a BigInt at all).
const __asSent = (a) => (typeof a === 'bigint' || (typeof a === 'number' && !Number.isFinite(a)) ? String(a) : a);
// Each step a request makes is noted until it is yielded: one made and dropped (its yield
// forgotten, as in updateUser(id, changes); alone) was never sent, which the request's end says.
let __making;
const __made = (step) => { if (__making) __making.add(step); return step; };
globalThis.redis = (...argv) => __made({ t: 'redis', argv: argv.map(__asSent), line: __line() });
globalThis.selectUser = (id) => __made({ t: 'select', id, line: __line() });
globalThis.updateUser = (id, changes) => __made({ t: 'update', id, changes, line: __line() });
globalThis.sleep = (ms) => __made({ t: 'wait', ms, line: __line() });
globalThis.cacheKey = (id) => 'user:' + id;
// A fill's expiry as the engine's own programs send it: EX seconds, PX for a fraction of a
// second (Redis refuses EX 0.5), nothing for TTL 0 (no expiry; EX 0 is an error).
globalThis.expiry = (ctx) => {
  const t = ctx && ctx.ttlSeconds;
  if (!(t > 0)) return [];
  return Number.isInteger(t) ? ['EX', t] : ['PX', Math.max(1, Math.round(t * 1000))];
};
// The line of the statement that ran last (see lineProbes.ts), and the line a plain value (not
// an Error, so with no stack) was thrown at by the last run that failed.
let __atLine;
let __plainLine;
globalThis.__at = (line) => { __atLine = line; };
globalThis.__plainThrowLine = () => __plainLine;
globalThis.__statementLine = () => __atLine;
// The line of the return the last run that ended returned at (see __resume).
let __lastReturnLine = null;
globalThis.__returnLine = () => __lastReturnLine;
// The line of the return that ended the run, and the value the last throw statement threw with
// its line (see lineProbes.ts): a finally's statements run after the one, and a thrown Error's
// stack is the learner's to rewrite.
let __retLine;
let __thrown;
globalThis.__r = (line, v) => { __retLine = line; return v; };
globalThis.__t = (line, v) => { __thrown = { v, line }; return v; };
// What the host is told of a value thrown out of the code: the line of the throw statement that
// threw it, if one did, and the class that made an Error whose name is Error's own
// (\`class MyErr extends Error {}\`).
globalThis.__thrownFacts = (e) => {
  const line = __thrown !== undefined && __thrown.v === e ? __thrown.line : null;
  let made = null;
  try {
    if (e instanceof Error && e.name === 'Error') {
      const c = Object.getPrototypeOf(e).constructor;
      if (typeof c === 'function' && c !== Error && typeof c.name === 'string' && c.name !== '') made = c.name;
    }
  } catch {}
  return JSON.stringify({ line, made });
};
// An Error whose message is too long to copy out whole, as the host reads a thrown value (its
// JSON, then its text): a message of 30,000,000 characters ran the memory out both ways, and the
// request was told it threw a value that cannot be read. Its start and length, read here.
// A value nested past this JSON.stringify's bound is said to be so: the host reads the others
// with QuickJS's JSON in C, which recursed past the page's own stack on \`throw deep\`.
globalThis.__longMessage = (e) => {
  if (e === null || typeof e !== 'object') return undefined;
  if (e instanceof Error) {
    const own = (key) => {
      const d = Object.getOwnPropertyDescriptor(e, key);
      return d !== undefined && typeof d.value === 'string' ? d.value : undefined;
    };
    const message = own('message');
    if (message !== undefined && message.length > ${MAX_MESSAGE_CHARS}) {
      const stack = own('stack');
      return JSON.stringify({ name: String(e.name).slice(0, 200), message: message.slice(0, ${MAX_MESSAGE_CHARS}),
        messageLength: message.length, stack: stack === undefined ? undefined : stack.slice(0, 4000) });
    }
  }
  try {
    JSON.stringify(e);
  } catch (x) {
    if (x instanceof RangeError && String(x.message).startsWith('JSON.stringify: the value is nested'))
      return JSON.stringify({ tooDeep: true });
  }
  return undefined;
};
// The line of the yield that ran last (see lineProbes.ts), for a yield of something not a step.
let __yieldLine;
globalThis.__y = (line, v) => { __yieldLine = line; return v; };
delete globalThis.Date;
Math.random = () => { throw new Error('Math.random is not available: runs must replay exactly'); };
// EXEC's reply with a queued command's error among the items: each an Error in its place, as
// ioredis hands one over (the other commands ran), made here so \`item instanceof Error\` holds.
const __withErrors = (value, errorsJson) => {
  if (errorsJson === undefined || !Array.isArray(value)) return value;
  for (const [i, message] of JSON.parse(errorsJson)) value[i] = new Error(message);
  return value;
};
const __AsyncFunction = Object.getPrototypeOf(async function () {});
const __runs = new Map();
let __next = 0;
globalThis.__start = (path, argsJson) => {
  // A fresh instance of the learner's code for every run: its top-level variables start as the
  // code sets them, so a run never depends on the runs before it (Back, the explorer, a check).
  __thrown = undefined;
  const fn = globalThis.__make()[path];
  if (typeof fn !== 'function')
    throw new TypeError('define ' + (path === 'read'
      ? 'function* read(id, ctx)' : 'function* write(id, changes, ctx)'));
  // Refused before it is called: its body would run up to its first await, for nothing.
  if (Object.getPrototypeOf(fn) === __AsyncFunction)
    throw new TypeError(path + ' is an async function, which is not supported: write function* ' + path
      + '(...) and use yield, not await, for each step');
  const gen = fn(...JSON.parse(argsJson));
  // An async generator has next() too, but it answers with a promise: no step could cross.
  if (gen !== null && typeof gen === 'object' && typeof gen[Symbol.asyncIterator] === 'function')
    throw new TypeError(path + ' is an async generator (async function*), which is not supported: write function* ' + path
      + '(...) and use yield, not await, for each step');
  if (gen === null || typeof gen !== 'object' || typeof gen.next !== 'function')
    throw new TypeError(path + ' must be a generator: write function* ' + path + '(...) and yield each step');
  // Runs a discarded simulation never finished: keep the newest only.
  if (__runs.size >= 512) __runs.delete(__runs.keys().next().value);
  __runs.set(++__next, { gen, line: undefined, retLine: undefined, made: new Set() });
  return __next;
};
globalThis.__resume = (id, mode, json, errorsJson) => {
  const run = __runs.get(id);
  const gen = run.gen;
  // A failed command is thrown in at the yield that sent it. Made here, its stack has no line of
  // the learner's: if it comes back out uncaught, it names that yield's line.
  const failed = mode === 'throw' ? new Error(json) : undefined;
  // Noted now: it may come out after a finally has yielded again, in a later resume.
  if (failed !== undefined && run.line !== undefined) failed.lineNumber = run.line;
  let r;
  __yieldLine = undefined;
  __atLine = undefined;
  // A return's line stays the run's across a finally that yields before the return completes.
  __retLine = run.retLine;
  __thrown = undefined;
  __plainLine = undefined;
  __making = run.made;
  try {
    r = failed ? gen.throw(failed) : gen.next(json === '' ? undefined : __withErrors(JSON.parse(json), errorsJson));
  } catch (e) {
    __runs.delete(id);
    // No statement ran since the run resumed: it threw in the one it was suspended in.
    if (!(e instanceof Error)) __plainLine = __atLine === undefined ? run.line : __atLine;
    throw e;
  }
  __making = undefined;
  run.retLine = __retLine;
  run.made.delete(r.value);
  if (r.done) {
    __runs.delete(id);
    // A step returned is the engine's to name (a read path's wrong value); one dropped is here.
    const dropped = run.made.values().next().value;
    if (dropped !== undefined)
      return JSON.stringify({ fail: 'made ' + __call(dropped) + ' and never yielded it, so it was never sent: put yield before it, as in yield '
        + __call(dropped), line: dropped.line === undefined ? null : dropped.line });
    // The return's line: the return's own, else (the end reached) the last statement that ran,
    // or the yield it was suspended at. The engine names it when the value returned is not one
    // it can take.
    const line = __retLine !== undefined ? __retLine : __atLine === undefined ? run.line : __atLine;
    __lastReturnLine = line === undefined ? null : line;
    // JSON would drop a function or a symbol without a word, and the engine would then call it
    // a yield: say what was returned.
    const kind = typeof r.value;
    if (kind === 'function' || kind === 'symbol')
      return JSON.stringify({ fail: 'returned a ' + kind + ': return the row (or its JSON), or null',
        line: line === undefined ? null : line });
    // No return value (\`return;\`, or the end reached) crosses as null, said as nothing.
    return __cross(r.value === undefined ? { done: null, nothing: true } : { done: r.value }, line);
  }
  const v = r.value;
  if (v === null || typeof v !== 'object' || typeof v.t !== 'string') {
    __runs.delete(id);
    const what = v === undefined ? 'nothing (a bare yield)'
      : typeof v === 'function' ? 'a function: call the helper, as in yield redis("GET", key)'
      : v instanceof Promise ? 'a Promise (your code runs no async code here: no async, await or .then)'
      // { then() {} }: JSON would say {}, as if nothing had been yielded.
      : __isThenable(v) ? 'a thenable, an object with a then method as a promise has (a promise is not a step: your code runs no async code here, no async, await or .then)'
      // \`yield helper(id)\` of a generator function of the learner's: its steps need yield*.
      : Object.prototype.toString.call(v) === '[object Generator]'
        ? 'a generator (to take the steps of another function*, use yield*, as in yield* helper(id))'
      : __brief(v);
    return JSON.stringify({ fail: 'yielded ' + what + '; a program may only yield redis(...), selectUser(id), updateUser(id, changes) or sleep(ms)',
      line: __yieldLine === undefined ? null : __yieldLine });
  }
  // A step the helpers did not make (an object literal) has no line of its own: the yield's.
  const line = v.line === undefined ? __yieldLine : v.line;
  run.line = line;
  const unsendable = __unsendableArg(v);
  if (unsendable !== undefined) {
    __runs.delete(id);
    return JSON.stringify({ fail: unsendable, line: line === undefined ? null : line });
  }
  return __cross({ step: __cutShort(line === v.line ? v : { ...v, line }) }, line);
};
const __isThenable = (v) => {
  try {
    return typeof v.then === 'function';
  } catch (e) {
    return false;
  }
};
// A symbol or a function as a command's argument crosses as JSON's null, which the engine could
// only call "null or undefined": the first argument that is not a string or a number is named
// here when it is one of those (the engine names any other, in the same words).
const __unsendableArg = (v) => {
  if (v.t !== 'redis' || !Array.isArray(v.argv)) return undefined;
  const i = v.argv.findIndex((a) => typeof a !== 'string' && typeof a !== 'number');
  const kind = i < 0 ? undefined : typeof v.argv[i];
  if (kind !== 'symbol' && kind !== 'function') return undefined;
  return 'redis() arguments must be strings or numbers: argument ' + (i + 1)
    + (i > 0 ? ' of ' + String(v.argv[0]).replace(/[a-z]+/g, (w) => w.toUpperCase()) : '')
    + ' is ' + (kind === 'symbol' ? 'a symbol' : 'a function (call it, and send what it returns)');
};
// A Redis command too big to run is cut short here, before it crosses: the engine refuses it
// from its first arguments and the sizes (src/engine/consoleLimits.ts), so its refusal costs no
// more than a small command's. Sent whole, 5 MB took seconds to copy out, parse and log.
const __shown = (a) => (typeof a === 'string' && a.length > 40 ? a.slice(0, 40) + '…' : a);
const __cutShort = (v) => {
  const argv = v.argv;
  if (v.t !== 'redis' || !Array.isArray(argv)) return v;
  if (argv.length > ${MAX_COMMAND_ARGS} + 1)
    return { t: 'redis', argv: argv.slice(0, 4).map(__shown), line: v.line, over: { args: argv.length - 1 } };
  for (let i = 0; i < argv.length; i++)
    if (typeof argv[i] === 'string' && argv[i].length > ${MAX_VALUE_BYTES})
      return { t: 'redis', argv: argv.slice(0, i + 1).map(__shown), line: v.line, over: { arg: i, chars: argv[i].length } };
  return v;
};
const __cross = (out, line) => {
  let json;
  // A BigInt or a cycle makes JSON.stringify throw here, in our code: told as what the program
  // yielded or returned, not as an error the program threw.
  try {
    json = JSON.stringify(out);
  } catch (e) {
    // A string too long to cross, whose JSON ran the memory out (30,000,000 characters): its length.
    if (typeof out.done === 'string' && out.done.length > ${MAX_CROSSING_CHARS})
      return JSON.stringify({ fail: 'returned a string of ' + String(out.done.length).replace(/\B(?=(\d{3})+$)/g, ',')
        + ' characters; at most ${group(MAX_CROSSING_CHARS)} characters of JSON may leave your code at once (a value may be at most ${group(MAX_VALUE_BYTES)} bytes)',
        line: line === undefined ? null : line });
    return JSON.stringify({ fail: (out.step ? 'yielded a step' : 'returned a value')
      + ' that cannot be sent as JSON (' + e.name + ': ' + e.message + ')',
      line: line === undefined ? null : line });
  }
  if (json.length <= ${MAX_CROSSING_CHARS}) return json;
  const n = String(json.length).replace(/\B(?=(\d{3})+$)/g, ',');
  return JSON.stringify({ fail: (out.step ? 'yielded a step' : 'returned a value') + ' of ' + n
    + ' characters as JSON; at most ${group(MAX_CROSSING_CHARS)} may leave your code at once (a value may be at most ${group(MAX_VALUE_BYTES)} bytes)',
    line: line === undefined ? null : line });
};
// A step as the call that made it: redis("SET", "user:1", …), selectUser(1), sleep(50).
const __call = (v) => v.t === 'redis' ? 'redis(' + v.argv.slice(0, 2).map(__brief).join(', ') + (v.argv.length > 2 ? ', …' : '') + ')'
  : v.t === 'select' ? 'selectUser(' + __brief(v.id) + ')'
  : v.t === 'update' ? 'updateUser(' + __brief(v.id) + ', …)'
  : 'sleep(' + __brief(v.ms) + ')';
// What a program yielded instead of a step, as short JSON (an object as it is, not [object Object]).
const __brief = (v) => {
  let text;
  try {
    text = JSON.stringify(typeof v === 'string' ? v.slice(0, 80) : v);
  } catch (e) {
    text = undefined;
  }
  if (typeof text !== 'string') text = String(v);
  return text.length > 80 ? text.slice(0, 79) + '…' : text;
};
globalThis.__drop = (id) => { __runs.delete(id); };
})();
`;

/**
 * The prelude's functions only the host calls. They are taken as handles and deleted from the
 * global object before the learner's code loads: called from it, `__resume` of another actor's
 * run (the ids count up from 1) fed that request a reply of the code's making, and `__drop`
 * ended it, which then failed with "cannot read property 'gen' of undefined".
 */
export const HOST_ONLY = [
  '__start',
  '__resume',
  '__drop',
  '__plainThrowLine',
  '__returnLine',
  '__statementLine',
  '__thrownFacts',
  '__longMessage',
] as const;
export type HostOnly = Record<(typeof HOST_ONLY)[number], QuickJSHandle>;

/**
 * The learner's source as a factory of fresh instances: its top-level code runs again for each
 * run (a request), in strict mode. It starts on the first line, so error lines stay the
 * source's own.
 */
export const asFactory = (source: string): string =>
  `globalThis.__make = function () { 'use strict'; ${source}\n;return { read: typeof read === 'function' ? read : undefined, write: typeof write === 'function' ? write : undefined }; };`;

/** The name the learner's code is compiled under: error lines and stack frames name it. */
export const LEARNER_FILE = 'learner.js';

/**
 * The line of the statement the code ran last, as its probes noted it (see lineProbes.ts). For a
 * call that was stopped, this and not the stack names the line: the top-level code runs inside
 * the factory, and where the interrupt lands in a loop there, QuickJS names the factory's first
 * line.
 */
export const statementLine = (vm: QuickJSContext, host: HostOnly): number | null =>
  lineFrom(vm, host.__statementLine);

/** The line a prelude function answers (the last statement's, the last return's), if any. */
export function lineFrom(vm: QuickJSContext, fn: QuickJSHandle): number | null {
  const noted = vm.callFunction(fn, vm.undefined);
  if (noted.error) {
    noted.error.dispose();
    return null;
  }
  const line: unknown = vm.dump(noted.value);
  noted.value.dispose();
  return typeof line === 'number' ? line : null;
}
