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
 * does not carry it; Vite serves the .wasm as an asset of the page's own origin. A load that
 * fails (the .wasm request dropped) is not kept: the next Run loads again, not fails the same way.
 */
export function loadQuickJsBrowser(): Promise<QuickJSWASMModule> {
  if (loaded) return loaded;
  const loading = newQuickJSWASMModuleFromVariant(
    newVariant(releaseSync, { wasmLocation: wasmUrl, wasmMemory: newSandboxMemory() }),
  );
  loaded = loading;
  loading.catch(() => {
    if (loaded === loading) loaded = undefined;
  });
  return loading;
}
