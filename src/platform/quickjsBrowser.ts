import releaseSync from '@jitl/quickjs-wasmfile-release-sync';
import wasmUrl from '@jitl/quickjs-wasmfile-release-sync/wasm?url';
import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSWASMModule,
} from 'quickjs-emscripten-core';
import { newSandboxMemory } from './quickjsMemory';

let loaded: Promise<QuickJSWASMModule> | undefined;

/**
 * QuickJS for the page. Imported lazily (only when a learner runs code), so the first page
 * does not carry it; Vite serves the .wasm as an asset of the page's own origin.
 */
export function loadQuickJsBrowser(): Promise<QuickJSWASMModule> {
  return (loaded ??= newQuickJSWASMModuleFromVariant(
    newVariant(releaseSync, { wasmLocation: wasmUrl, wasmMemory: newSandboxMemory() }),
  ));
}
