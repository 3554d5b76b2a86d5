import { runSim } from './simMain';

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
