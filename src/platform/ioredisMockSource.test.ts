import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { COMMAND_TABLE_MISSING, ioredisMockForPage } from './ioredisMockSource';

const require = createRequire(import.meta.url);
const libPath = require.resolve('ioredis-mock');
const source = readFileSync(libPath, 'utf8');

/** ioredis-mock's module as the page's build makes it, loaded from where its own file lies. */
function pageBuildOfMock(): new () => {
  command(...args: string[]): Promise<unknown>;
  set(key: string, value: string): Promise<unknown>;
  get(key: string): Promise<unknown>;
} {
  const mod = new Module(libPath) as Module & { _compile(code: string, file: string): void };
  mod.filename = libPath;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(
    libPath.replace(/[\\/][^\\/]+$/, ''),
  );
  mod._compile(ioredisMockForPage(source), libPath);
  const exported = mod.exports as { default?: unknown };
  return (exported.default ?? exported) as ReturnType<typeof pageBuildOfMock>;
}

describe("the page's build of ioredis-mock", () => {
  it("leaves COMMAND's tables out, and a COMMAND that reaches the mock says so", async () => {
    expect(source).toContain('command-docs.json');
    const built = ioredisMockForPage(source);
    expect(built).not.toMatch(/command-(?:docs|info)\.json/);
    const Redis = pageBuildOfMock();
    const redis = new Redis();
    await expect(redis.command('DOCS', 'get')).rejects.toThrow(COMMAND_TABLE_MISSING);
    await expect(redis.command('INFO', 'get')).rejects.toThrow(COMMAND_TABLE_MISSING);
    await expect(redis.command()).rejects.toThrow(COMMAND_TABLE_MISSING);
    // The rest of the mock runs as before, its process.nextTick on the page's microtasks.
    expect(await redis.set('k', 'v')).toBe('OK');
    expect(await redis.get('k')).toBe('v');
  });

  it('fails the build when a new ioredis-mock no longer reads the tables as it did', () => {
    expect(() => ioredisMockForPage('module.exports = {};')).toThrow(/no longer read COMMAND/);
  });
});
