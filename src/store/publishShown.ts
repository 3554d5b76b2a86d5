// What the page shows of the run after a change: its snapshot, the consoles' transcripts, the
// scenario's beat and verdict, and the cells that changed.
import type { Simulation } from '../engine/simulation';
import type { SimSnapshot } from '../engine/simSnapshot';
import { findScenario } from '../scenarios';
import { changesPastBeats, interventions } from './offScript';
import type { Notice, SandboxState } from './sandboxState';
import type { createScriptRuns } from './scriptRuns';
import { judgeOutcome, scriptConfigOf } from './scriptSettings';
import { beatsAt, transcriptsAt, type Transcripts } from './timeline';

type ScriptRuns = ReturnType<typeof createScriptRuns>;

/**
 * What a publish reads and writes: the state the page shows, the store's `set`, what is held
 * off the store (see the store's `held`), and the scenario's own runs.
 */
export interface PublishShownContext {
  getState: () => SandboxState;
  set: (patch: Partial<SandboxState>) => void;
  getHeld: () => Partial<SandboxState> | null;
  isScriptUnchanged: ScriptRuns['isScriptUnchanged'];
  runAtScriptEnd: ScriptRuns['runAtScriptEnd'];
}

/** The publish of one sandbox store that shows its run, with the transcripts last shown. */
export function createPublishShown({
  getState,
  set,
  getHeld,
  isScriptUnchanged,
  runAtScriptEnd,
}: PublishShownContext) {
  /** The consoles' transcripts the page shows, and what they were read from. */
  let transcripts: Transcripts | null = null;

  /** The publish that shows the run (see `publish`). */
  const publishShown = async (
    s: Simulation,
    patch: Partial<SandboxState>,
    animate: boolean,
  ): Promise<void> => {
    const snapshot = await s.snapshot();
    const held = getHeld();
    // What was held is published with this (the set below takes it off `held`).
    if (held !== null) patch = { ...held, ...patch };
    // `get` below reads what the page shows: what is held is in `patch`.
    const get = getState;
    const state = { ...get(), ...patch };
    // Read from the entries added since the transcripts shown, not from the first one.
    const shownTranscripts = transcriptsAt(transcripts, state.timeline, state.cursor);
    const sc = state.scenarioId === null ? undefined : findScenario(state.scenarioId);
    const beat = beatsAt(state.timeline, state.cursor);
    const isScenarioOver = sc !== undefined && beat >= sc.beats.length;
    const seen = animate ? diffRows(get().snapshot, snapshot) : {};
    const judged =
      sc && isScenarioOver
        ? await runAtScriptEnd(state.config, sc, state.timeline, state.cursor, snapshot)
        : null;
    const isScriptRunAsAuthored =
      sc !== undefined && (await isScriptUnchanged(sc, state.config, state.yourPaths));
    const offScript = sc ? interventions(state.timeline, state.cursor, sc.beats.length) : [];
    // What a notice said of the run before it changed may be untrue of the run now: a refusal of
    // a press, and, once the run left the script, that the settings leave its story standing.
    const isUntrueNow = (n: Notice): boolean =>
      (n.isAboutRunState === true &&
        (state.timeline !== get().timeline || state.cursor !== get().cursor)) ||
      (n.topic === 'script' && offScript.length > 0);
    set({
      ...patch,
      snapshot,
      beat,
      isScriptRunAsAuthored,
      judgedAt: judged?.at ?? null,
      changedCells: {
        ...snapshot.changedCells,
        ...(animate ? get().changedCells : {}),
        ...seen,
      },
      outcome:
        sc && judged
          ? judgeOutcome(
              sc,
              scriptConfigOf(sc, state.config, isScriptRunAsAuthored),
              judged.snapshot,
              offScript,
              get().yourPaths,
              changesPastBeats(state.timeline, state.cursor, sc.beats.length),
              judged.startedEarly,
            )
          : null,
      animatedStep:
        animate && snapshot.commands > (get().snapshot?.commands ?? 0) ? snapshot.commands : null,
      canStep:
        state.cursor < state.timeline.length ||
        (sc !== undefined && !isScenarioOver) ||
        s.readyActors().length > 0,
      redisConsole: shownTranscripts.redis,
      sqlConsole: shownTranscripts.sql,
      revision: get().revision + 1,
      ...(get().notices.some(isUntrueNow)
        ? { notices: get().notices.filter((n) => !isUntrueNow(n)) }
        : {}),
    });
    transcripts = shownTranscripts;
  };

  return publishShown;
}

/** Cells whose value differs between two snapshots, by row id. */
function diffRows(before: SimSnapshot | null, after: SimSnapshot): Record<number, string[]> {
  const out: Record<number, string[]> = {};
  if (!before) return out;
  const old = new Map(before.db.map((r) => [r.id, r]));
  for (const row of after.db) {
    const prev = old.get(row.id);
    if (!prev) continue;
    // A column the SQL console renamed or added is a new schema, not a changed value.
    const cols = (Object.keys(row) as (keyof typeof row)[]).filter(
      (c) => c in prev && row[c] !== prev[c],
    );
    if (cols.length > 0) out[row.id] = cols;
  }
  return out;
}
