import { beforeEach, describe, expect, it, vi } from 'vitest';

const core = vi.hoisted(() => ({ load: vi.fn() }));
vi.mock('quickjs-emscripten-core', async (original) => ({
  ...(await original<typeof import('quickjs-emscripten-core')>()),
  newQuickJSWASMModuleFromVariant: core.load,
}));

let copies = 0;
/**
 * A copy of quickjsBrowser.ts of the test's own, with nothing loaded yet (a query makes it another
 * module). Not vi.resetModules(): the test files of a worker share one module graph
 * (`isolate: false`), and emptying it made every later file load the engine again, whose fresh
 * keyspace counter then handed out ioredis-mock keyspaces that earlier files had left keys in.
 */
async function freshQuickJsBrowser(): Promise<typeof import('./quickjsBrowser')> {
  copies += 1;
  return (await import(
    /* @vite-ignore */ `./quickjsBrowser.ts?copy=${copies}`
  )) as typeof import('./quickjsBrowser');
}

describe('loadQuickJsBrowser: a failed load is not kept', () => {
  beforeEach(() => {
    core.load.mockReset();
  });

  it('tries again on the next Run after a load that failed (a dropped .wasm request)', async () => {
    const { loadQuickJsBrowser } = await freshQuickJsBrowser();
    const module = { isQuickJs: true };
    core.load
      .mockRejectedValueOnce(new Error('Failed to fetch quickjs.wasm'))
      .mockResolvedValueOnce(module);
    await expect(loadQuickJsBrowser()).rejects.toThrow('Failed to fetch quickjs.wasm');
    await expect(loadQuickJsBrowser()).resolves.toBe(module);
    expect(core.load).toHaveBeenCalledTimes(2);
  });

  it('loads once when the load succeeds', async () => {
    const { loadQuickJsBrowser } = await freshQuickJsBrowser();
    const module = { isQuickJs: true };
    core.load.mockResolvedValue(module);
    await Promise.all([loadQuickJsBrowser(), loadQuickJsBrowser()]);
    await expect(loadQuickJsBrowser()).resolves.toBe(module);
    expect(core.load).toHaveBeenCalledTimes(1);
  });
});
