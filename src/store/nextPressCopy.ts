// The next Step press played on a copy of the run, for the page's preview of it and for the
// quiz: the run shown is left untouched.
import { explorationKeyspace } from '../engine/redisMock';
import type { RequestQueued, SimAction } from '../engine/simAction';
import { Simulation } from '../engine/simulation';
import type { SimSnapshot } from '../engine/simSnapshot';
import { shownCommand } from '../engine/stepEvent';
import type { Scenario } from '../scenarios';
import { CDC_ACTOR } from '../scenarios/narrationTerms';
import { dispatchEntry } from './dispatchEntry';
import { pressesAhead, type NextStepPreview } from './nextStep';
import type { SandboxState } from './sandboxState';
import type { ScriptRunsContext } from './scriptRuns';

/** What a press is played from: the run shown, and what its copy is restored or replayed from. */
export type NextPressContext = Pick<ScriptRunsContext, 'getSql' | 'runConfig' | 'checkpoints'> & {
  get: () => SandboxState;
  scenario: () => Scenario | undefined;
};

/** A press played on a copy: the snapshots before and after it, and the actions it applied. */
export interface PlayedPress {
  before: SimSnapshot;
  after: SimSnapshot;
  press: SimAction[];
  /** Actors whose new request waited behind their own unfinished one. */
  queued: string[];
}

/**
 * The next Step press played on a copy of the run from its nearest checkpoint (as Back
 * does), not from the seed: the snapshots before and after it, and the actions it applied.
 * With `ahead`, that many presses are played on the copy first, and the press after them is the
 * one measured (the quiz's question a few presses on). Null when no press can be made. The
 * copy's database and in-memory Redis are freed.
 */
export async function playNextPressOnCopy(
  { get, getSql, runConfig, checkpoints, scenario }: NextPressContext,
  ahead = 0,
): Promise<PlayedPress | null> {
  const SQL = getSql();
  const { config, timeline, cursor, canStep } = get();
  if (!SQL || !canStep) return null;
  const sc = scenario();
  const { simConfig, base } = runConfig(config, sc);
  const from = checkpoints.peek(base, cursor);
  // A keyspace on recycled connections, as the explorer's runs: a copy made for every preview
  // and quiz question otherwise builds its connections' whole command tables afresh.
  const server = explorationKeyspace();
  const copy = from
    ? Simulation.restore(SQL, simConfig, from.state, server.connect)
    : Simulation.create(SQL, simConfig, server.connect);
  const presses = pressesAhead(timeline, cursor, sc, ahead + 1);
  const press = presses[ahead].actions;
  try {
    if (!from) for (const action of sc?.setup ?? []) await copy.dispatch(action);
    for (const entry of timeline.slice(from?.cursor ?? 0, cursor)) await dispatchEntry(copy, entry);
    for (const { actions } of presses.slice(0, ahead))
      for (const action of actions) await copy.dispatch(action);
    const before = await copy.snapshot();
    // Actors whose request waited behind their own unfinished one, as `dispatchEntry` notes.
    const queued: string[] = [];
    for (const action of press) {
      const result = await copy.dispatch(action);
      if (
        (action.type === 'read' || action.type === 'write') &&
        (result as RequestQueued | null)?.isQueued
      )
        queued.push(action.actor);
    }
    return { before, after: await copy.snapshot(), press, queued };
  } finally {
    await copy.close();
    server.release();
  }
}

/**
 * What the next Step press will send, from its play on a copy (null: no press can be made);
 * `canStep` as the page stood when the preview was asked for.
 */
export function nextStepPreviewOf(played: PlayedPress | null, canStep: boolean): NextStepPreview {
  if (!played)
    return { commands: [], clockMs: 0, cacheUpAfter: null, cacheRestarts: false, canStep };
  const { before, after, press } = played;
  // The clock moves the press makes before its first command (ttl-expiry's 30 s, then TTL).
  let clockMovedMs = 0;
  for (const a of press) {
    if (a.type !== 'advanceClock') break;
    clockMovedMs += a.ms;
  }
  return {
    // An EVAL of the engine's own script by its name, as the diagram and narration write it.
    commands: after.events.slice(before.commands).map((e) => ({
      actor: e.actor,
      target: e.target,
      command: shownCommand(e),
      ...(e.via ? { via: e.via } : {}),
      // The flusher's and the refresher's are the cache's own; the change log's consumer
      // is a process of its own, as the narration names it ("the change-log consumer cdc").
      ...(e.program === 'background' && e.actor !== CDC_ACTOR ? { program: e.program } : {}),
    })),
    clockMs: after.clockMs - before.clockMs,
    ...(clockMovedMs > 0 ? { clockMovedMs } : {}),
    cacheUpAfter: after.isCacheUp === before.isCacheUp ? null : after.isCacheUp,
    cacheRestarts: press.some((a) => a.type === 'restartCache'),
    canStep,
  };
}
