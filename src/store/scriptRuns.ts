// The scenario's own run, as its verdict and its story judge it: whether a run's settings leave
// the script's steps as they were, and the run at the end of the script, each played on a copy.
import type { SqlJsStatic } from 'sql.js';
import type { SimCreateConfig } from '../engine/simConfig';
import { Simulation } from '../engine/simulation';
import type { SimSnapshot } from '../engine/simSnapshot';
import type { Scenario } from '../scenarios';
import { scenarioConfig, type SandboxConfig } from './sandboxConfig';
import type { Checkpoints } from './checkpoints';
import { dispatchEntry } from './dispatchEntry';
import { codeInUse, interventionOf } from './offScript';
import type { SandboxState } from './sandboxState';
import { offScriptChanges, type JudgedRun } from './scriptSettings';
import { scriptTrace } from './scriptTrace';
import { inputsAt, scriptEndAt, startsRequest, type TimelineEntry } from './timeline';

/**
 * What the script's runs are played from: sql.js once loaded, a run's engine config, the
 * checkpoints.
 */
export interface ScriptRunsContext {
  getSql: () => SqlJsStatic | null;
  /** The engine's config for a run (with the learner's programs) and its checkpoints' key. */
  runConfig: (
    config: SandboxConfig,
    sc: Scenario | undefined,
  ) => { simConfig: SimCreateConfig; base: string };
  checkpoints: Checkpoints;
}

/** The script's runs of one sandbox store, with what they cache between publishes. */
export function createScriptRuns({ getSql, runConfig, checkpoints }: ScriptRunsContext) {
  /** The engine's trace of a scenario's script under a run's config, by both (see scriptTrace). */
  const scriptTraces = new Map<string, Promise<string | null>>();

  /**
   * Whether the settings shown differ from the scenario's own and yet run its script step for
   * step as they do (the same events, counters and stores): each script played on a copy, once
   * for a config. Code of the learner's own is never the script's.
   */
  const isScriptUnchanged = async (
    sc: Scenario,
    config: SandboxConfig,
    yours: SandboxState['yourPaths'],
  ): Promise<boolean> => {
    const SQL = getSql();
    if (!SQL || codeInUse(yours).length > 0 || offScriptChanges(sc, config).length === 0)
      return false;
    const sql = SQL;
    const trace = (c: SandboxConfig) => {
      const { simConfig, base } = runConfig(c, sc);
      let found = scriptTraces.get(base);
      if (found === undefined) {
        // A page's life tries few configs; a bound keeps a long session's from piling up.
        if (scriptTraces.size >= 64) scriptTraces.clear();
        found = scriptTrace(sql, simConfig, sc);
        scriptTraces.set(base, found);
      }
      return found;
    };
    const own = await trace(scenarioConfig(sc, config));
    return own !== null && own === (await trace(config));
  };

  /** The run at the end of the script, once worked out for this run (see `runAtScriptEnd`). */
  let scriptEnd: { key: string; judged: JudgedRun } | null = null;

  /**
   * The run a scenario's verdict judges: the end of its script, that is the run as its last
   * beat left it, with the steps after it that finished the requests still in flight then (a
   * setting changed at the end can leave one). What the learner does after that is free play:
   * a read of any row (its own too), a write, their steps move the counters the panels show but
   * not the verdict, which speaks of the scenario's run. Played on a copy from the nearest
   * checkpoint, as the next-step preview is, and kept once settled (nothing done later moves it).
   */
  const runAtScriptEnd = async (
    config: SandboxConfig,
    sc: Scenario,
    timeline: readonly TimelineEntry[],
    cursor: number,
    now: SimSnapshot,
  ): Promise<JudgedRun> => {
    const SQL = getSql();
    const end = scriptEndAt(timeline, sc.beats.length) ?? cursor;
    if (cursor <= end || !SQL) return { at: cursor, snapshot: now };
    const { simConfig, base } = runConfig(config, sc);
    const keyAt = (at: number) => JSON.stringify([base, inputsAt(timeline, at)]);
    // Settled at `at`: what follows the entry after it cannot move it.
    if (
      scriptEnd &&
      scriptEnd.judged.at < cursor &&
      scriptEnd.key === keyAt(scriptEnd.judged.at + 1)
    )
      return scriptEnd.judged;
    const from = checkpoints.peek(base, end);
    const copy = from
      ? Simulation.restore(SQL, simConfig, from.state)
      : await Simulation.replay(SQL, simConfig, sc.setup);
    try {
      for (const entry of timeline.slice(from?.cursor ?? 0, end)) await dispatchEntry(copy, entry);
      let at = end;
      while (at < cursor && copy.readyActors().length > 0 && !startsRequest(timeline[at]))
        await dispatchEntry(copy, timeline[at++]);
      if (at === cursor) return { at, snapshot: now };
      const judged: JudgedRun = {
        at,
        snapshot: await copy.snapshot(),
        ...(copy.readyActors().length > 0 ? { startedEarly: interventionOf(timeline[at])! } : {}),
      };
      scriptEnd = { key: keyAt(at + 1), judged };
      return judged;
    } finally {
      void copy.close();
    }
  };

  return { isScriptUnchanged, runAtScriptEnd };
}
