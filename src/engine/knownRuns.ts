import type { ChooseActor } from './explorerRuns';
import type { ExploredInterleaving } from './interleavingGrid';

/**
 * The runs made so far, to follow a schedule without running it again: a run depends only on
 * which actor took each step, so the same choices after the same steps end the same way.
 */
export class KnownRuns {
  /** The actors ready after each schedule prefix (actors joined by spaces). */
  private readonly readyAfter = new Map<string, string[]>();
  private readonly complete = new Map<string, ExploredInterleaving>();
  /** The ready actors offered to `pick` in the run being recorded, depth by depth. */
  private offered: string[][] = [];

  /** How many runs were made (each a schedule not run before). */
  get made(): number {
    return this.complete.size;
  }

  /** Wraps `pick` to note what it was offered, for `add` to keep with the run. */
  recording(pick: ChooseActor): ChooseActor {
    this.offered = [];
    return (ready, depth) => {
      this.offered[depth] = ready;
      return pick(ready, depth);
    };
  }

  /** Keeps a run made with the pick `recording` last wrapped. */
  add(run: ExploredInterleaving): ExploredInterleaving {
    let prefix = '';
    this.offered.forEach((ready, depth) => {
      this.readyAfter.set(prefix, ready);
      prefix += (depth === 0 ? '' : ' ') + run.schedule[depth];
    });
    this.complete.set(run.schedule.join(' '), run);
    return run;
  }

  /** Each actor's most steps in one run made so far, and at least as many as `counted`. */
  mostSteps(counted: Record<string, number>): Record<string, number> {
    const most = { ...counted };
    for (const run of this.complete.values()) {
      const steps: Record<string, number> = {};
      for (const a of run.schedule) steps[a] = (steps[a] ?? 0) + 1;
      for (const [a, n] of Object.entries(steps)) most[a] = Math.max(most[a] ?? 0, n);
    }
    return most;
  }

  /** The run `pick` makes, if it stays on the runs made so far; undefined once it leaves them. */
  follow(pick: ChooseActor): ExploredInterleaving | undefined {
    const schedule: string[] = [];
    for (;;) {
      const key = schedule.join(' ');
      const run = this.complete.get(key);
      if (run !== undefined) return run;
      const ready = this.readyAfter.get(key);
      if (ready === undefined) return undefined;
      schedule.push(pick(ready, schedule.length));
    }
  }
}
