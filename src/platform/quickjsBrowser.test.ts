import { beforeEach, describe, expect, it, vi } from 'vitest';

const core = vi.hoisted(() => ({ load: vi.fn() }));
vi.mock('quickjs-emscripten-core', async (original) => ({
  ...(await original<typeof import('quickjs-emscripten-core')>()),
  newQuickJSWASMModuleFromVariant: core.load,
}));

describe('loadQuickJsBrowser: a failed load is not kept', () => {
  beforeEach(() => {
    vi.resetModules();
    core.load.mockReset();
  });

  it('tries again on the next Run after a load that failed (a dropped .wasm request)', async () => {
    const { loadQuickJsBrowser } = await import('./quickjsBrowser');
    const module = { isQuickJs: true };
    core.load
      .mockRejectedValueOnce(new Error('Failed to fetch quickjs.wasm'))
      .mockResolvedValueOnce(module);
    await expect(loadQuickJsBrowser()).rejects.toThrow('Failed to fetch quickjs.wasm');
    await expect(loadQuickJsBrowser()).resolves.toBe(module);
    expect(core.load).toHaveBeenCalledTimes(2);
  });

  it('loads once when the load succeeds', async () => {
    const { loadQuickJsBrowser } = await import('./quickjsBrowser');
    const module = { isQuickJs: true };
    core.load.mockResolvedValue(module);
    await Promise.all([loadQuickJsBrowser(), loadQuickJsBrowser()]);
    await expect(loadQuickJsBrowser()).resolves.toBe(module);
    expect(core.load).toHaveBeenCalledTimes(1);
  });
});
