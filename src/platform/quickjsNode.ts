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
