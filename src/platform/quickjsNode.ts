import releaseSync from '@jitl/quickjs-wasmfile-release-sync';
import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSWASMModule,
} from 'quickjs-emscripten-core';
import { newSandboxMemory } from './quickjsMemory';

let loaded: Promise<QuickJSWASMModule> | undefined;

/** QuickJS for Node (tests, CLI): the variant finds its .wasm beside itself. */
export function loadQuickJsNode(): Promise<QuickJSWASMModule> {
  return (loaded ??= newQuickJSWASMModuleFromVariant(
    newVariant(releaseSync, { wasmMemory: newSandboxMemory() }),
  ));
}

/**
 * Tests only: the next load makes a fresh module, with memory of its own. The unit tests share
 * a process per worker (`isolate: false`), and the sandbox's memory is one 64 MB for every
 * runtime of a module: programs a test file compiled and left alive (a store that is never
 * disposed) filled it for the files after it, until one could not compile at all ("out of
 * memory", in CI). Called after each file; what a file leaves goes with its module.
 */
export function forgetQuickJsNode(): void {
  loaded = undefined;
}
