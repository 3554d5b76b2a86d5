import type { QuickJSContext, QuickJSHandle, QuickJSWASMModule } from 'quickjs-emscripten-core';
import type {
  LearnerPath,
  LearnerResume,
  LearnerRun,
  LearnerRunner,
} from '../engine/programs/learner';
import type { CallGuard } from './callGuard';
import { BROKEN_BEFORE, isHostStackOverflow, STACK_RAN_OUT } from './hostStackOverflow';
import { SANDBOX_MEMORY_MB } from './quickjsMemory';
import { constAssignmentLine, withGlobalReadOnlyWhy } from './readOnlyAssignments';
import {
  describeError,
  MEMORY_LIMIT,
  OUT_OF_MEMORY,
  isStoppedFailure,
  withThrownFacts,
} from './sandboxErrors';
import { lineFrom, MAX_CROSSING_CHARS, statementLine, type HostOnly } from './sandboxPrelude';
import { runtimeInLearnerTerms } from './syntaxInLearnerTerms';
import { group } from './groupDigits';

/**
 * A compiled learner program's runs: each call into its QuickJS context under the guard, each
 * run's start, resumes and end, and the runs in flight across the programs of one module.
 */

/**
 * What a program is told, at its yield, when a command's reply is too large to enter it: the
 * command ran (a GETDEL deleted, a script wrote), only its reply is not handed over.
 */
const replyTooLarge = (chars: number): string =>
  `the reply is ${group(chars)} characters as JSON; at most ${group(MAX_CROSSING_CHARS)} may ` +
  `enter your code at once (its JavaScript has ${SANDBOX_MEMORY_MB} MB in all). The command ran; ` +
  'only its reply was not handed over';

/** A compiled learner program: `runner` for the engine, `dispose` to free its sandbox. */
export interface CompiledLearnerProgram {
  runner: LearnerRunner;
  dispose(): void;
}

/**
 * The memory ran out while other requests of the learner's code were in flight: each keeps what
 * it holds across its yields until it ends, and the sandbox's memory is one for all of them, so
 * several requests that each fit alone (20 MB held across a SELECT, under load) pass it together.
 */
const outOfMemoryInFlight = (inFlight: number): string =>
  `ran out of memory with ${group(inFlight)} requests of your code in flight at once: what they held together passed the ${SANDBOX_MEMORY_MB} MB the sandbox has for all of them (each keeps what it holds across a yield until it ends; at most ${MEMORY_LIMIT / 1024 / 1024} MB for one string or array). Hold less across a yield, or build it after the last one`;

/**
 * The runs of learner code started and not yet over, per QuickJS module: every runtime of one
 * module shares its memory (see quickjsMemory.ts), so a read path's runs and a write path's
 * take from the same 64 MB.
 */
const runsInFlight = new WeakMap<QuickJSWASMModule, { count: number }>();

/** A compiled program's context in QuickJS, as the compile leaves it, and how to free it. */
export interface CompiledContext {
  quickjs: QuickJSWASMModule;
  path: LearnerPath;
  /** The learner's source as compiled (its lines are the ones errors name). */
  source: string;
  vm: QuickJSContext;
  host: HostOnly;
  guard: CallGuard;
  /** Whether the code can throw null itself (else a null thrown is QuickJS out of memory). */
  canThrowNull: boolean;
  /** Frees the handles, the context and the runtime. */
  dispose(): void;
}

/** The runner of a compiled program, and `dispose` to free its sandbox. */
export function compiledProgramOf({
  quickjs,
  path,
  source,
  vm,
  host,
  guard,
  canThrowNull,
  dispose,
}: CompiledContext): CompiledLearnerProgram {
  const inFlight = runsInFlight.get(quickjs) ?? { count: 0 };
  runsInFlight.set(quickjs, inFlight);
  /** This program's runs in flight, counted in `inFlight` too. */
  let ownInFlight = 0;
  /** A failure of memory said with the runs in flight when it happened, this one among them. */
  const withRunsInFlight = <T extends { fail: string }>(out: T, isCounted: boolean): T => {
    const count = inFlight.count + (isCounted ? 0 : 1);
    return out.fail === OUT_OF_MEMORY && count > 1
      ? { ...out, fail: outOfMemoryInFlight(count) }
      : out;
  };
  const fns = {
    start: host.__start,
    resume: host.__resume,
    drop: host.__drop,
    plainThrowLine: host.__plainThrowLine,
    returnLine: host.__returnLine,
  };
  let isDisposed = false;
  /**
   * A call ran the page's own stack out inside QuickJS (`eval` of code nested too deep for its
   * parser): the runtime was left part way through, so nothing calls into it again, nor frees it
   * (freeing asserts on its half-made objects and aborts the module, every program's with it).
   */
  let isBroken = false;
  const call = (
    fn: QuickJSHandle,
    args: (string | number)[],
  ): { value: string | number } | { fail: string; line: number | null } => {
    if (isDisposed)
      return { fail: 'this version of your code was replaced while the request ran', line: null };
    if (isBroken) return { fail: BROKEN_BEFORE, line: null };
    const handles: QuickJSHandle[] = [];
    let result: ReturnType<QuickJSContext['callFunction']>;
    let stopped: boolean;
    try {
      for (const a of args) handles.push(typeof a === 'string' ? vm.newString(a) : vm.newNumber(a));
      guard.arm();
      try {
        result = vm.callFunction(fn, vm.undefined, ...handles);
      } catch (error) {
        guard.disarm();
        if (!isHostStackOverflow(error)) throw error;
        isBroken = true;
        return { fail: STACK_RAN_OUT, line: null };
      }
      stopped = guard.disarm();
    } finally {
      // Every way out frees the arguments (a throw left them alive in the runtime for as long as
      // the program lived), but a broken runtime's: it takes no call again, a free's neither.
      if (!isBroken) for (const h of handles) h.dispose();
    }
    if (result.error) {
      const described = describeError(
        vm,
        result.error,
        stopped,
        canThrowNull,
        guard,
        host.__longMessage,
      );
      if (stopped || isStoppedFailure(described.error)) {
        result.error.dispose();
        return { fail: described.error, line: statementLine(vm, host) ?? described.line };
      }
      const failure = withThrownFacts(vm, host.__thrownFacts, result.error, guard, described);
      result.error.dispose();
      if (failure.line === null) {
        // A plain value thrown has no stack: the prelude noted the line it was thrown at.
        const noted = vm.callFunction(fns.plainThrowLine, vm.undefined);
        if (!noted.error) {
          const line: unknown = vm.dump(noted.value);
          noted.value.dispose();
          if (typeof line === 'number') return { fail: failure.error, line };
        } else noted.error.dispose();
      }
      const said = withGlobalReadOnlyWhy(vm, source, runtimeInLearnerTerms(failure, source));
      return { fail: said.error, line: constAssignmentLine(source, failure) ?? said.line };
    }
    const value = vm.dump(result.value) as string | number;
    result.value.dispose();
    return { value };
  };
  const runner: LearnerRunner = {
    path,
    start(args) {
      let json: string;
      try {
        json = JSON.stringify(args);
      } catch {
        return { fail: 'arguments could not be passed', line: null };
      }
      const started = call(fns.start, [path, json]);
      if ('fail' in started) return withRunsInFlight(started, false);
      const id = started.value as number;
      let isOver = false;
      inFlight.count++;
      ownInFlight++;
      const over = () => {
        if (isOver) return;
        isOver = true;
        // A program disposed of took its runs out of the count already.
        if (isDisposed) return;
        inFlight.count--;
        ownInFlight--;
      };
      let returnLine: number | null = null;
      const run: LearnerRun = {
        returnLine: () => returnLine,
        resume(input): LearnerResume {
          if (isOver) return { fail: 'the run is over', line: null };
          const reply =
            'error' in input || input.reply === undefined ? '' : JSON.stringify(input.reply);
          // A reply too large to cross is thrown in as an error instead: copied in whole, one
          // larger than the sandbox's memory broke QuickJS for every program until a reload.
          const out =
            'error' in input
              ? call(fns.resume, [id, 'throw', input.error])
              : reply.length > MAX_CROSSING_CHARS
                ? call(fns.resume, [id, 'throw', replyTooLarge(reply.length)])
                : call(
                    fns.resume,
                    'errorItems' in input && input.errorItems !== undefined
                      ? [id, 'next', reply, JSON.stringify(input.errorItems)]
                      : [id, 'next', reply],
                  );
          if ('fail' in out) {
            const said = withRunsInFlight(out, true);
            over();
            return said;
          }
          try {
            const parsed = JSON.parse(out.value as string) as LearnerResume;
            if ('done' in parsed || 'fail' in parsed) over();
            if ('done' in parsed) returnLine = lineFrom(vm, fns.returnLine);
            return parsed;
          } catch {
            over();
            return { fail: 'yielded something that is not a step', line: null };
          }
        },
        dispose() {
          if (isOver || isDisposed) return;
          over();
          call(fns.drop, [id]);
        },
      };
      return run;
    },
  };
  return {
    runner,
    dispose() {
      if (isDisposed) return;
      isDisposed = true;
      // Its runs left in flight end with its runtime, and their memory with them.
      inFlight.count -= ownInFlight;
      ownInFlight = 0;
      if (!isBroken) dispose();
    },
  };
}
