/**
 * The WebAssembly memory QuickJS runs in, with a ceiling. A runtime's memory limit
 * (`runtime.setMemoryLimit`) bounds only each allocation in this build: QuickJS counts an
 * allocation by `malloc_usable_size`, which it has no way to ask under Emscripten, so a program
 * that keeps megabyte strings grew the page's memory by gigabytes, for seconds, before anything
 * stopped it (quickjs-emscripten issues 255 and 271). With a ceiling on the module's memory,
 * `malloc` fails at it and QuickJS throws "out of memory" in the program that asked.
 */

/** The most memory the sandbox's QuickJS has in all: every runtime of one page or worker. */
export const SANDBOX_MEMORY_MB = 64;

const PAGE = 64 * 1024;

/**
 * A fresh memory for one QuickJS module, all of it from the start: growing it page by page took
 * longer than the call guard's 300 ms under load, so a runaway program was stopped as too long
 * before it met the ceiling. The pages are the system's to zero when first touched.
 */
export const newSandboxMemory = (): WebAssembly.Memory => {
  const pages = (SANDBOX_MEMORY_MB * 1024 * 1024) / PAGE;
  return new WebAssembly.Memory({ initial: pages, maximum: pages });
};
