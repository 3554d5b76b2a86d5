// A unit-test worker that dies mid-file (a native crash, a signal) is reported by Vitest 4.1 as
// "Worker exited unexpectedly" and nothing more: not the file it was running (its result is
// simply missing from the totals) nor its exit code or signal (vitest#10587 adds them, in
// Vitest 5, which needs Node 22). That happened once in CI, on a clean clone, not again in the
// runs around it. This says which files never reported and how their worker ended, and leaves a
// list of them for `run-unit.mjs` to run again in a new worker when nothing else went wrong.
import childProcess from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { dirname } from 'node:path';
import type { SerializedError } from 'vitest';
import type { Reporter, TestModule } from 'vitest/node';

/** Where the files lost to a dead worker are listed for run-unit.mjs (absent when none were). */
export const LOST_FILES = 'node_modules/.cache/unit-lost-files.json';

/** Each forked worker that ended badly: how (exit code or signal) and when (ms since 1970). */
const deaths: { text: string; at: number }[] = [];

/**
 * Vitest's forks pool imports `fork` from node:child_process as a live binding: this wraps it so
 * that the exit code and signal Vitest drops are kept. Call it from the config, before any run.
 */
export function recordWorkerDeaths(): void {
  const fork = childProcess.fork;
  childProcess.fork = ((...args: Parameters<typeof fork>) => {
    const child = fork(...args);
    child.on('exit', (code, signal) => {
      // SIGTERM is how Vitest stops a worker it is done with.
      if ((code !== 0 && code !== null) || (signal !== null && signal !== 'SIGTERM'))
        deaths.push({
          text: `pid ${child.pid}: exit code ${code}, signal ${signal}`,
          at: Date.now(),
        });
    });
    return child;
  }) as typeof fork;
  syncBuiltinESMExports();
}

const clock = (at: number): string => new Date(at).toISOString().slice(11, 23);

const isWorkerExit = (e: SerializedError): boolean =>
  `${e.message} ${(e.cause as SerializedError | undefined)?.message ?? ''}`.includes(
    'Worker exited unexpectedly',
  );

/** Names the files whose worker died before they reported, and lists them for a second run. */
export class LostFiles implements Reporter {
  private readonly started = new Map<string, number>();
  private readonly ended = new Map<string, number>();

  onTestRunStart(): void {
    rmSync(LOST_FILES, { force: true });
  }

  onTestModuleStart(module: TestModule): void {
    this.started.set(module.moduleId, Date.now());
  }

  onTestModuleEnd(module: TestModule): void {
    this.ended.set(module.moduleId, Date.now());
  }

  /** The files that reported in the 10 s before `at`: the dead worker's last file is among them. */
  private endedBefore(at: number, modules: ReadonlyArray<TestModule>): string[] {
    return modules
      .filter((m) => {
        const end = this.ended.get(m.moduleId);
        return end !== undefined && end <= at && end > at - 10_000;
      })
      .map((m) => `      ${m.relativeModuleId}, ended ${clock(this.ended.get(m.moduleId) ?? 0)}`);
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<SerializedError>): void {
    const lost = modules.filter((m) => m.state() === 'pending' || m.state() === 'queued');
    if (lost.length === 0) return;
    const lines = lost.map((m) => {
      const started = this.started.get(m.moduleId);
      return `  ${m.relativeModuleId}, started ${started === undefined ? 'never' : clock(started)}`;
    });
    console.error(
      [
        `unit: ${lost.length} test file(s) never reported: their worker died.`,
        ...lines,
        `unit: workers that ended badly: ${deaths.length ? '' : 'none seen'}`,
        ...deaths.flatMap((d) => [
          `  ${d.text}, at ${clock(d.at)}; files that reported in the 10 s before:`,
          ...this.endedBefore(d.at, modules),
        ]),
      ].join('\n'),
    );
    const onlyDeaths = errors.every(isWorkerExit) && modules.every((m) => m.state() !== 'failed');
    if (!onlyDeaths) return;
    mkdirSync(dirname(LOST_FILES), { recursive: true });
    writeFileSync(LOST_FILES, JSON.stringify(lost.map((m) => m.moduleId)));
  }
}
