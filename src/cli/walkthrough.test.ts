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
    // Two processes, one per exit code: each refusal leaves main() by the same path (the
    // message after "walkthrough: ", exit 2), so the others are checked in-process, where their
    // messages come from (parseWalkthroughArgs in scriptOptions.test.ts: a file as --out, a
    // folder under /proc, where Node's recursive mkdir spun for ever). Each process here is
    // about 1.8 s of CPU (Node with tsx, the scenarios imported).
    const dir = mkdtempSync(join(tmpdir(), 'walkthrough-cli-'));
    try {
      writeFileSync(join(dir, 'boards.json'), '{}');
      const [help, badSetting] = await Promise.all([
        walkthrough(['--help']),
        walkthrough(['stale-set', '--set', 'ttl=-1', '--out', join(dir, 'boards')]),
      ]);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^ {2}--out DIR /m);
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
