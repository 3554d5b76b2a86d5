import releaseSync from '@jitl/quickjs-wasmfile-release-sync';
import { newQuickJSWASMModuleFromVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core';

let loaded: Promise<QuickJSWASMModule> | undefined;

/** QuickJS for Node (tests, CLI): the variant finds its .wasm beside itself. */
export function loadQuickJsNode(): Promise<QuickJSWASMModule> {
  return (loaded ??= newQuickJSWASMModuleFromVariant(releaseSync));
}
