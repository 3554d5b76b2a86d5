import type { LearnerRun, LearnerRunner } from './learner';

/**
 * Wraps a learner's runner to count its runs in flight, as the sandbox does (learnerRunner.ts:
 * a run is in flight from its start until it returns, fails or is disposed of). For tests: an
 * engine that leaves a run part way and never ends it shows as a count above zero.
 */
export function countRunsInFlight(runner: LearnerRunner): {
  runner: LearnerRunner;
  inFlight: () => number;
} {
  let count = 0;
  const counted: LearnerRunner = {
    path: runner.path,
    start(args) {
      const run = runner.start(args);
      if ('fail' in run) return run;
      count++;
      let isOver = false;
      const over = () => {
        if (!isOver) count--;
        isOver = true;
      };
      const wrapped: LearnerRun = {
        resume(input) {
          const out = run.resume(input);
          if ('done' in out || 'fail' in out) over();
          return out;
        },
        dispose() {
          over();
          run.dispose();
        },
        returnLine: () => run.returnLine?.() ?? null,
      };
      return wrapped;
    },
  };
  return { runner: counted, inFlight: () => count };
}
