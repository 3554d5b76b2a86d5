import type { QuickJSContext, QuickJSWASMModule } from 'quickjs-emscripten-core';

/**
 * QuickJS asks a runtime's interrupt handler once every 10,000 polls (a loop's turn, a call:
 * `JS_INTERRUPT_COUNTER_INIT`), and quickjs-emscripten has no way to ask more often. That is
 * too seldom when each poll is a builtin that copies a megabyte: `for (;;) 'x'.repeat(1e6)`
 * ran 30 to 60 s before its first check. The count left to the next check is an int in the
 * context (`JSContext.interrupt_counter`); this finds where, once per WebAssembly module, so
 * the call guard can shorten it. Found by its behaviour, not by a fixed offset: the handler runs
 * just after QuickJS sets the count back to 10,000, and a count set lower must bring the next
 * check sooner. When either fails (another build of QuickJS), the count is left alone.
 */

const COUNTER_INIT = 10_000;
/** How far into a JSContext to look for the count, in bytes. */
const SEARCH_BYTES = 1024;

const offsets = new WeakMap<QuickJSWASMModule, number | null>();

/** The JSContext pointer quickjs-emscripten keeps private: the count lives at an offset from it. */
export const contextPointer = (vm: QuickJSContext): number =>
  (vm as unknown as { ctx: { value: number } }).ctx.value;

/** The byte offset of `interrupt_counter` in this module's JSContext, or null if not found. */
export function interruptCounterOffset(quickjs: QuickJSWASMModule): number | null {
  if (offsets.has(quickjs)) return offsets.get(quickjs) ?? null;
  const runtime = quickjs.newRuntime();
  const vm = runtime.newContext();
  const memory = quickjs.getWasmMemory();
  const ctx = contextPointer(vm);
  let offset: number | null | undefined;
  let checks = 0;
  runtime.setInterruptHandler(() => {
    checks++;
    if (offset === undefined) {
      const words = new Int32Array(memory.buffer, ctx, SEARCH_BYTES / 4);
      const found: number[] = [];
      words.forEach((w, i) => {
        if (w === COUNTER_INIT) found.push(i * 4);
      });
      offset = found.length === 1 ? found[0] : null;
    }
    if (offset !== null) new Int32Array(memory.buffer, ctx + offset, 1)[0] = 10;
    return false;
  });
  // About 100,000 polls: 10 checks or so as QuickJS counts, thousands with the count at 10.
  const result = vm.evalCode('for (let i = 0; i < 100000; i++);');
  (result.error ?? result.value).dispose();
  vm.dispose();
  runtime.dispose();
  const isFound = typeof offset === 'number' && checks > 1000;
  offsets.set(quickjs, isFound ? (offset as number) : null);
  return isFound ? (offset as number) : null;
}

/** Sets the polls left before this context's next interrupt check. */
export type SetCountdown = (polls: number) => void;

/** A setter for `vm`'s count to its next check, or null where the count was not found. */
export function countdownOf(quickjs: QuickJSWASMModule, vm: QuickJSContext): SetCountdown | null {
  const offset = interruptCounterOffset(quickjs);
  if (offset === null) return null;
  const memory = quickjs.getWasmMemory();
  const at = contextPointer(vm) + offset;
  // A fresh view each time: the memory's buffer is replaced when it grows.
  return (polls) => {
    new Int32Array(memory.buffer, at, 1)[0] = polls;
  };
}
