import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** The real process: its exit code is what a shell script sees. */
async function walkthrough(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', [
      '--import',
      'tsx',
      'src/cli/walkthrough.ts',
      ...args,
    ]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('npm run walkthrough: exit codes, as npm run sim', () => {
  it('exits 0 with --help, and 2 naming the flag for a bad argument, before building anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'walkthrough-cli-'));
    try {
      const file = join(dir, 'boards.json');
      writeFileSync(file, '{}');
      const [help, fileOut, procOut, badSetting] = await Promise.all([
        walkthrough(['--help']),
        walkthrough(['cold-read', '--out', file]),
        // Node's recursive mkdir spun here for ever: /proc is a folder that takes no new ones.
        walkthrough(['cold-read', '--out', '/proc/boards']),
        walkthrough(['stale-set', '--set', 'ttl=-1', '--out', join(dir, 'boards')]),
      ]);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^ {2}--out DIR /m);
      expect(fileOut.code).toBe(2);
      expect(fileOut.stderr).toContain(
        `walkthrough: --out must name a directory, and "${file}" is a file\n`,
      );
      expect(procOut.code).toBe(2);
      expect(procOut.stderr).toContain(
        `walkthrough: --out "/proc/boards" is not a folder files can be written into (ENOENT: no such file or directory, mkdir '/proc/boards'): name another folder\n`,
      );
      expect(badSetting.code).toBe(2);
      expect(badSetting.stderr).toContain(
        'walkthrough: --set ttl: the TTL must be a whole number from 0 (no expiry) to 2,592,000 s, got "-1"',
      );
      expect(readdirSync(dir)).toEqual(['boards.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
