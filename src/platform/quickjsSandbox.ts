import type { QuickJSContext, QuickJSWASMModule } from 'quickjs-emscripten-core';
import type { LearnerPath } from '../engine/programs/learner';
import { BOUNDED_BUILTINS } from './boundedBuiltins';
import { HARDEN_BUILTINS } from './hardenBuiltins';
import { CallGuard } from './callGuard';
import { countdownOf } from './interruptCounter';
import { deepestNesting, isHostStackOverflow, nestedTooDeep } from './hostStackOverflow';
import { compiledProgramOf, type CompiledLearnerProgram } from './learnerRunner';
import { addLineProbes, awaitsAtTopLevel } from './lineProbes';
import {
  asFactory,
  HOST_ONLY,
  LEARNER_FILE,
  PRELUDE,
  statementLine,
  type HostOnly,
} from './sandboxPrelude';
import { describeError, isStoppedFailure, MEMORY_LIMIT, withThrownFacts } from './sandboxErrors';
import { constAssignmentLine, withGlobalReadOnlyWhy } from './readOnlyAssignments';
import {
  hashbangAsComment,
  runtimeInLearnerTerms,
  syntaxInLearnerTerms,
} from './syntaxInLearnerTerms';

/**
 * Learner code runs here: in QuickJS, a JavaScript engine compiled to WebAssembly, with its own
 * heap and globals. It has no DOM, storage, network, timers or page globals (the context has only
 * the language's built-ins, and the prelude removes Date and Math.random so every run replays the
 * same). Nothing but JSON text crosses between it and the page: a step out, a reply back.
 */

/**
 * QuickJS's own stack limit, low enough that it trips before the page's: a recursion without end
 * is then "recursed too deeply" with its line. At 512 KB the browser's stack ran out first, and
 * its RangeError out of WebAssembly left QuickJS unusable until a reload. About 1,000 calls deep.
 */
const STACK_LIMIT = 128 * 1024;

/** A compile's outcome: the program, or why the code does not compile and the line it names. */
export type CompileResult =
  { ok: true; program: CompiledLearnerProgram } | { ok: false; error: string; line: number | null };

/**
 * Why a source that closed its factory early or never closed something does not compile: its
 * own syntax error, in words about the braces (null when it compiles on its own).
 */
function* unbalancedBraces(
  vm: QuickJSContext,
  source: string,
  lines: number,
): Generator<CompileSlice, { error: string; line: number | null } | null, string> {
  const alone = vm.evalCode(source, LEARNER_FILE, { compileOnly: true });
  yield PAUSE;
  if (!alone.error) {
    alone.value.dispose();
    return null;
  }
  const failure = describeError(vm, alone.error, false);
  alone.error.dispose();
  const line = Math.min(failure.line ?? lines, lines);
  // Inside the factory's function a \`return\` at the code's top level parses, alone it does
  // not: no brace is at fault (it was told "a {, ( or [ is never closed").
  if (/return not in a function/.test(failure.error))
    return {
      error: `${failure.error}: a return belongs inside read or write (the top-level code runs once, when Run compiles it)`,
      line,
    };
  if (/'\}'/.test(failure.error))
    return { error: `a } closes more than was opened (${failure.error}): check the braces`, line };
  // The code stops where an expression was due (\`const ttl =\` on its last line): one more
  // value at its end and it parses.
  const completed = vm.evalCode(`${source}\nnull`, LEARNER_FILE, { compileOnly: true });
  yield PAUSE;
  const isMidExpression = !completed.error;
  if (completed.error) completed.error.dispose();
  else completed.value.dispose();
  if (isMidExpression)
    return {
      error: `the code ends in the middle of an expression (${failure.error}): finish it, and check that every {, ( and [ is closed`,
      line,
    };
  // Only an end reached too soon is a bracket never closed: \`new.target\` at the top level, say,
  // parses inside the factory's function and not alone, and was told as braces never closed.
  if (!/unexpected token in expression: ''$|unexpected end of/.test(failure.error))
    return syntaxInLearnerTerms({ error: failure.error, line }, source);
  return { error: `a {, ( or [ is never closed (${failure.error}): check the braces`, line };
}

/**
 * A syntax error on a line that awaits: in a generator \`await\` is a plain name, so QuickJS
 * says only "expecting ';'". The cause is named after it, as it is for a line that starts with
 * \`import\` or \`export\`.
 */
function withAwaitHint(
  failure: { error: string; line: number | null },
  source: string,
): { error: string; line: number | null } {
  if (failure.line === null || !failure.error.startsWith('threw SyntaxError')) return failure;
  const text = source.split('\n')[failure.line - 1] ?? '';
  // A module's first word: QuickJS says "expecting '('" (import) or "unsupported keyword".
  if (/^\s*(import|export)\b/.test(text))
    return {
      ...failure,
      error: `${failure.error} (your code is one script, not a module: there is no import or export here; redis, selectUser, updateUser, sleep, cacheKey and expiry are already defined)`,
    };
  if (!/\bawait\b/.test(text)) return failure;
  // \`const x = await f()\` above read: no async function would make it work there.
  if (awaitsAtTopLevel(source, failure.line))
    return {
      ...failure,
      error: `${failure.error} (there is no await here: your code runs no async code, and its top-level code runs once, when Run compiles it, taking no steps; a Redis command or SQL statement is a step of read or write, yielded there, as in const cached = yield redis('GET', key))`,
    };
  return {
    ...failure,
    error: `${failure.error} (await works only in an async function: here each step is yielded, as in yield redis('GET', key))`,
  };
}

/**
 * Where a compile may let the page run between its pieces ({@link PAUSE}), or asks for the line
 * probes of its source (a {@link ProbeRequest}: `addLineProbes`, answered with the probed text).
 */
type CompileSlice = typeof PAUSE | ProbeRequest;
const PAUSE = 'pause';
interface ProbeRequest {
  probe: string;
}

/** How a compile in slices gets its line probes and lets the page run between its pieces. */
export interface CompileSlicing {
  /** The source with its line probes (`addLineProbes`), made off the page's thread. */
  probe(source: string): Promise<string>;
  /** Resolves once the page has had its turn (a task of its own after this one). */
  pause(): Promise<void>;
}

/** Compiles a learner's read or write path in a fresh QuickJS runtime of its own. */
export function compileLearnerProgram(
  quickjs: QuickJSWASMModule,
  path: LearnerPath,
  written: string,
): CompileResult {
  return settleCompile(written, () => {
    const steps = compileInRuntime(quickjs, path, written);
    let answer = '';
    for (;;) {
      const next = steps.next(answer);
      if (next.done) return next.value;
      answer = next.value === PAUSE ? '' : addLineProbes(next.value.probe);
    }
  });
}

/**
 * {@link compileLearnerProgram} for the page: the same compile with the same result, cut into
 * pieces the page runs as separate tasks, its line probes parsed off the page's thread. In one
 * piece, a program near the size limit (60 kB of statements) held the page 0.3 to 3 s.
 */
export async function compileLearnerProgramInSlices(
  quickjs: QuickJSWASMModule,
  path: LearnerPath,
  written: string,
  slicing: CompileSlicing,
): Promise<CompileResult> {
  const steps = compileInRuntime(quickjs, path, written);
  let answer = '';
  for (;;) {
    const next = settleCompile(written, () => steps.next(answer));
    if ('ok' in next) return next;
    if (next.done) return next.value;
    if (next.value === PAUSE) {
      await slicing.pause();
      answer = '';
    } else answer = await slicing.probe(next.value.probe);
  }
}

/** Runs a piece of a compile; one that ran the page's own stack out is told as nesting too deep. */
function settleCompile<T>(
  written: string,
  piece: () => T,
): T | Extract<CompileResult, { ok: false }> {
  try {
    return piece();
  } catch (error) {
    if (!isHostStackOverflow(error)) throw error;
    // The runtime the parse broke off in is left as it is: freeing it asserts on its
    // half-made objects and aborts the whole module, every program's sandbox with it.
    const deepest = deepestNesting(written.replace(/\r\n?/g, '\n'));
    return {
      ok: false,
      error: nestedTooDeep(deepest.depth),
      line: deepest.depth > 100 ? deepest.line : null,
    };
  }
}

function* compileInRuntime(
  quickjs: QuickJSWASMModule,
  path: LearnerPath,
  written: string,
): Generator<CompileSlice, CompileResult, string> {
  // The editor breaks lines at \r\n, \r and \n, QuickJS numbers them by \n alone: code with
  // lone CRs (from a link or the API) would fail at "line 1" whatever line the editor shows. The
  // change is no change to what runs: JavaScript reads a template literal's CRs as \n too.
  const source = hashbangAsComment(written.replace(/\r\n?/g, '\n'));
  // QuickJS throws null when it has no memory left even for its "out of memory" error: code
  // without a throw of its own (nor a generator's .throw) cannot have thrown that null itself.
  const canThrowNull = /\bthrow\b/.test(source);
  const runtime = quickjs.newRuntime();
  runtime.setMemoryLimit(MEMORY_LIMIT);
  runtime.setMaxStackSize(STACK_LIMIT);
  const vm = runtime.newContext();
  const guard = new CallGuard(runtime, countdownOf(quickjs, vm));
  vm.unwrapResult(vm.evalCode(PRELUDE, 'prelude.js')).dispose();
  const host = Object.fromEntries(
    HOST_ONLY.map((name) => [name, vm.getProp(vm.global, name)]),
  ) as HostOnly;
  vm.unwrapResult(
    vm.evalCode(HOST_ONLY.map((name) => `delete globalThis.${name};`).join(''), 'prelude.js'),
  ).dispose();
  const dispose = () => {
    for (const handle of Object.values(host)) handle.dispose();
    vm.dispose();
    runtime.dispose();
  };
  // Builtins whose one call could outrun the guard search in slices or refuse (boundedBuiltins.ts).
  vm.unwrapResult(vm.evalCode(BOUNDED_BUILTINS, 'prelude.js')).dispose();
  // Probes name the line an endless loop was running when it is stopped (see lineProbes.ts).
  const factory = asFactory(yield { probe: source });
  // The code must parse on its own: a } too many would otherwise close the factory's function
  // and run what follows it at the top level, before the built-ins are frozen. Compiled only.
  const alone = vm.evalCode(source, LEARNER_FILE, { compileOnly: true });
  yield PAUSE;
  if (alone.error) {
    const asWritten = vm.evalCode(factory, LEARNER_FILE, { compileOnly: true });
    yield PAUSE;
    if (!asWritten.error) {
      // It parses only inside the factory (a } closes it, then a function absorbs the rest).
      asWritten.value.dispose();
      alone.error.dispose();
      const failure = yield* unbalancedBraces(vm, source, source.split('\n').length);
      dispose();
      return { ok: false, ...(failure ?? { error: 'the code does not parse', line: null }) };
    }
    // A syntax error either way: the factory's own message names it (below); nothing runs.
    asWritten.error.dispose();
    alone.error.dispose();
  } else alone.value.dispose();
  guard.arm();
  const loaded = vm.evalCode(factory, LEARNER_FILE);
  let stopped = guard.disarm();
  yield PAUSE;
  if (loaded.error) {
    const failure = describeError(
      vm,
      loaded.error,
      stopped,
      canThrowNull,
      guard,
      host.__longMessage,
    );
    loaded.error.dispose();
    const lines = source.split('\n').length;
    // Past the source's last line is the factory's own closing code: a } of the learner's closed
    // it early, or something the learner opened is never closed. The source compiled on its own
    // (not run) tells the two apart, and names the line of a } too many.
    const unbalanced =
      failure.line !== null && failure.line > lines
        ? yield* unbalancedBraces(vm, source, lines)
        : null;
    dispose();
    return {
      ok: false,
      ...(unbalanced ?? withAwaitHint(syntaxInLearnerTerms(failure, source), source)),
    };
  }
  loaded.value.dispose();
  // From here on the global object and every built-in, prototypes included, are frozen.
  vm.unwrapResult(vm.evalCode(HARDEN_BUILTINS, 'prelude.js')).dispose();
  yield PAUSE;
  // One instance now: its top-level code's errors are the compile's, and it must define the path.
  guard.arm();
  const made = vm.evalCode('globalThis.__make()', 'prelude.js');
  stopped = guard.disarm();
  if (made.error) {
    const described = describeError(
      vm,
      made.error,
      stopped,
      canThrowNull,
      guard,
      host.__longMessage,
    );
    const failure =
      stopped || isStoppedFailure(described.error)
        ? described
        : withThrownFacts(vm, host.__thrownFacts, made.error, guard, described);
    made.error.dispose();
    // A plain value thrown (\`throw 5\`) has no stack: the statement that ran last threw it.
    const line =
      stopped || isStoppedFailure(failure.error)
        ? (statementLine(vm, host) ?? failure.line)
        : (constAssignmentLine(source, failure) ?? failure.line ?? statementLine(vm, host));
    const said = withGlobalReadOnlyWhy(
      vm,
      source,
      runtimeInLearnerTerms({ ...failure, line }, source),
    );
    dispose();
    return { ok: false, ...said };
  }
  const defined = vm.getProp(made.value, path);
  const kind = vm.typeof(defined);
  defined.dispose();
  made.value.dispose();
  if (kind !== 'function') {
    dispose();
    return {
      ok: false,
      error:
        path === 'read'
          ? 'Define the read path as function* read(id, ctx) { ... }'
          : 'Define the write path as function* write(id, changes, ctx) { ... }',
      line: null,
    };
  }
  return {
    ok: true,
    program: compiledProgramOf({
      quickjs,
      path,
      source,
      vm,
      host,
      guard,
      canThrowNull,
      dispose,
    }),
  };
}
