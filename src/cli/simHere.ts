import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { runSim } from './simMain';

const run = promisify(execFile);

/**
 * The same CLI in this process: what it prints and its exit code, without starting Node and tsx
 * again (seconds of CPU each, and the slowest unit tests on a busy machine). The tests that start
 * the real process (the summary, a refusal's exit code) check that the two are the same program.
 */
export async function simHere(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runSim(args, { log: (l) => out.push(l), error: (l) => err.push(l) });
  const text = (lines: string[]) => lines.map((l) => `${l}\n`).join('');
  return { code, stdout: text(out), stderr: text(err) };
}

/**
 * `npm run sim` as its own process: Node and tsx started afresh (seconds of CPU), for the few
 * tests that check the real entry point and its exit code.
 */
export async function simProcess(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['--import', 'tsx', 'src/cli/sim.ts', ...args], {
      cwd: process.cwd(),
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
