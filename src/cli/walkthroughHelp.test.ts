import { afterEach, expect, it, vi } from 'vitest';

// Each factory runs only if the module is imported: a flag says whether --help loaded it.
const loaded = vi.hoisted(() => new Set<string>());
vi.mock('@playwright/test', () => {
  loaded.add('@playwright/test');
  return {};
});
vi.mock('vite', () => {
  loaded.add('vite');
  return {};
});

const argv = process.argv;
afterEach(() => {
  process.argv = argv;
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

it('npm run walkthrough -- --help answers without loading Playwright or Vite', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  process.argv = ['node', 'walkthrough.ts', '--help'];
  await import('./walkthrough');
  await vi.waitFor(() => expect(process.exitCode).toBe(0));
  expect(log).toHaveBeenCalledWith(expect.stringContaining('Usage: npm run walkthrough'));
  expect([...loaded]).toEqual([]);
});
