/**
 * How long the job in flight has left, in wall-clock ms, from its recent progress.
 *
 * A run starts slowly: the worker starts, sql.js' wasm loads, the JIT compiles the engine's hot
 * paths, the page lazily draws its first charts. Paced since its start, a run of 2,000,000
 * requests said "about 6 min 17 s" left and finished 4 s later. So the first seconds are left
 * out, the pace is the progress of the last few seconds only, and there is no number (the bar
 * says it is estimating) until that pace spans a second and has stopped speeding up.
 */

/** How far back the pace looks, in wall-clock ms: older progress says little about the rest. */
export const PACE_WINDOW_MS = 4000;
/**
 * Progress in the run's first this many wall-clock ms is left out of the pace: it is the warm-up
 * (the JIT's tiers, the first charts), slower than anything after it.
 */
export const WARM_UP_MS = 2000;
/** No number until the pace covers this much wall-clock time. */
export const MIN_PACE_SPAN_MS = 1000;
/**
 * Before the first number, the pace is still warming up while one half of the window goes this
 * many times faster than the other: the older half is dropped.
 */
export const STEADY_FACTOR = 1.25;
/**
 * After it, a pace that changes by this much from one half of the window to the other (not the
 * noise of a shared machine) is the newer half's: the rest of the run goes as it goes now.
 */
export const CHANGED_FACTOR = 1.5;

interface Sample {
  atMs: number;
  fraction: number;
}

/** The recent pace of one run. */
export interface RunPace {
  /**
   * A progress report: `fraction` (0..1) of the run done at wall-clock `atMs`. Returns the ms
   * the run has left at its recent pace, or null while there is no pace that means something.
   */
  report(atMs: number, fraction: number): number | null;
}

export function createRunPace(): RunPace {
  const samples: Sample[] = [];
  let firstAtMs: number | null = null;
  /** Once a number has been given, the bar does not go back to estimating. */
  let isSteady = false;
  const rate = (from: Sample, to: Sample): number =>
    to.atMs > from.atMs ? (to.fraction - from.fraction) / (to.atMs - from.atMs) : NaN;
  return {
    report(atMs, fraction) {
      firstAtMs ??= atMs;
      if (atMs - firstAtMs < WARM_UP_MS) return null;
      samples.push({ atMs, fraction });
      // Keep one sample at or before the window's start, so the pace can span the whole window.
      while (samples.length > 2 && samples[1].atMs <= atMs - PACE_WINDOW_MS) samples.shift();
      const first = samples[0];
      const last = samples[samples.length - 1];
      if (last.atMs - first.atMs < MIN_PACE_SPAN_MS) return null;
      const midAt = first.atMs + (last.atMs - first.atMs) / 2;
      const mid = samples.findLast((s) => s.atMs <= midAt) ?? first;
      const older = rate(first, mid);
      const newer = rate(mid, last);
      const differ = (factor: number): boolean =>
        !(newer <= older * factor && older <= newer * factor);
      if (!isSteady && differ(STEADY_FACTOR)) {
        // The older half was still warming up: the pace starts again from the newer one.
        samples.splice(0, samples.indexOf(mid));
        return null;
      }
      const pace = differ(CHANGED_FACTOR) ? newer : rate(first, last);
      if (!(pace > 0)) return null;
      isSteady = true;
      return Math.max(0, (1 - fraction) / pace);
    },
  };
}

/** Where the run in flight stands in its job (a sweep or a pattern comparison runs several). */
export interface JobPlace {
  /** The run in flight's time left at its recent pace (see {@link RunPace}); null without one. */
  runLeftMs: number | null;
  /** Since the run in flight was asked for: its start, a large database's seeding, its requests. */
  runElapsedMs: number;
  /** The job's earlier runs, whole. */
  earlierRunsMs: number;
  part: { index: number; of: number };
}

/**
 * Wall-clock ms a job has left: the run in flight at its recent pace, and each run to come as
 * long as a run has taken on average so far (seeding included). Without a pace for the run in
 * flight, runs that have ended still give one: the average of theirs.
 */
export function jobTimeLeftMs({
  runLeftMs,
  runElapsedMs,
  earlierRunsMs,
  part,
}: JobPlace): number | null {
  const runsToCome = part.of - part.index - 1;
  if (runLeftMs !== null) {
    const perRunMs = (earlierRunsMs + runElapsedMs + runLeftMs) / (part.index + 1);
    return runLeftMs + runsToCome * perRunMs;
  }
  if (part.index === 0) return null;
  const perRunMs = earlierRunsMs / part.index;
  return Math.max(0, perRunMs - runElapsedMs) + runsToCome * perRunMs;
}
