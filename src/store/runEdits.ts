// How the run changes: rebuilt from its timeline, a new input applied as one entry, the entries
// undone by Back redone, and a Step press.
import { ClockLimitError } from '../engine/clock';
import type { SqlJsStatic } from 'sql.js';
import { errorMessage } from '../engine/errorMessage';
import type { SimAction } from '../engine/simAction';
import type { SimCreateConfig } from '../engine/simConfig';
import { Simulation } from '../engine/simulation';
import type { Scenario } from '../scenarios';
import type { Checkpoints } from './checkpoints';
import { dispatchEntry } from './dispatchEntry';
import type { Applied } from './performInput';
import type { SandboxConfig } from './sandboxConfig';
import type { PressOutcome, SandboxState } from './sandboxState';
import type { CutRun, Refuse } from './storeParts';
import {
  beatsAt,
  cursorForStep,
  keepsPrefixOf,
  stepsAt,
  type ConsoleOutput,
  type TimelineEntry,
  type TimelineInput,
} from './timeline';

/** An input as a sentence names it: a console line by its text (cut past 80 characters). */
function inputLabel(input: TimelineInput): string {
  const line =
    input.type === 'redis' ? input.line : input.type === 'sql' ? input.statement : undefined;
  if (line === undefined)
    return input.type === 'press' || input.type === 'stepActor' ? 'the step' : 'that action';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/** A Step press that stepped, or was refused with this text. */
const pressed = (refusal: string | null): PressOutcome =>
  refusal === null ? { type: 'stepped' } : { type: 'refused', refusal };

/**
 * What the run is changed through: the store's state (as its actions see it, and as published),
 * its simulation, the timeline held off the store (see the store's `held`), publish and notices.
 */
export interface RunEditsContext {
  get: () => SandboxState;
  set: (patch: Partial<SandboxState>) => void;
  /** The state the page shows (without what is held). */
  getState: () => SandboxState;
  getSql: () => SqlJsStatic | null;
  getSim: () => Simulation | null;
  setSim: (sim: Simulation) => void;
  requireSim: () => Simulation;
  scenario: () => Scenario | undefined;
  /** The engine's config for a run (with the learner's programs) and its checkpoints' key. */
  runConfig: (
    config: SandboxConfig,
    sc: Scenario | undefined,
  ) => { simConfig: SimCreateConfig; base: string };
  checkpoints: Checkpoints;
  publish: (patch: Partial<SandboxState>, animate: boolean) => Promise<void>;
  /** What is held off the store until the next publish (see the store's `held`). */
  held: () => Partial<SandboxState> | null;
  /** The held timeline no one but the store has seen (see the store's `heldTimeline`). */
  heldTimeline: () => TimelineEntry[] | null;
  setHeldTimeline: (timeline: TimelineEntry[] | null) => void;
  refuse: Refuse;
  cutRun: CutRun;
}

/**
 * The run's changes of one sandbox store: `rebuild`, `apply` (an input as one entry) and
 * `stepOnce` (one Step press).
 */
export function createRunEdits({
  get,
  set,
  getState,
  getSql,
  getSim,
  setSim,
  requireSim,
  scenario,
  runConfig,
  checkpoints,
  publish,
  held,
  heldTimeline,
  setHeldTimeline,
  refuse,
  cutRun,
}: RunEditsContext) {
  /** Rebuilds the simulation from its config, the scenario setup and the first `cursor` entries. */
  const rebuild = async (
    config: SandboxConfig,
    sc: Scenario | undefined,
    timeline: TimelineEntry[],
    cursor: number,
  ): Promise<void> => {
    const SQL = getSql();
    if (!SQL) throw new Error('the sandbox is still loading');
    const { simConfig, base } = runConfig(config, sc);
    // Checkpoints hold for one config, scenario and set of programs, and a rebuild to the start
    // is a new run.
    checkpoints.use(base);
    if (cursor === 0) checkpoints.clear();
    const from = checkpoints.nearest(cursor);
    const setup = from
      ? Simulation.restore(SQL, simConfig, from.state)
      : await Simulation.replay(SQL, simConfig, sc?.setup ?? []);
    const baseCommands = from ? from.baseCommands : setup.commandCount;
    // Replies and step counts are recomputed: under new settings they may differ (entries
    // before a checkpoint were applied under these same settings).
    const applied = timeline.slice(0, from?.cursor ?? 0);
    try {
      for (let i = applied.length; i < cursor; i++) {
        applied.push(await dispatchEntry(setup, timeline[i]));
        checkpoints.offer(setup, i + 1, baseCommands, timeline);
      }
    } catch (e) {
      void setup.close();
      throw e;
    }
    // The simulation replaced frees its SQLite database and its in-memory Redis.
    const sim = getSim();
    if (sim) void sim.close();
    setSim(setup);
    await publish(
      { config, timeline: [...applied, ...timeline.slice(cursor)], cursor, baseCommands },
      false,
    );
  };

  /**
   * Applies new actions as one timeline entry; a redo-able future is dropped first. Resolves to
   * the entry, or to the refusal when the engine refused it (the state before it is kept).
   */
  const apply = async (
    kind: TimelineEntry['kind'],
    input: TimelineInput,
    actions: SimAction[],
    output?: ConsoleOutput,
  ): Promise<Applied> => {
    const s = requireSim();
    const { cursor, timeline } = get();
    let entry: TimelineEntry;
    try {
      entry = await dispatchEntry(s, {
        kind,
        input,
        actions,
        commandsAfter: 0,
        ...(output ? { output } : {}),
      });
    } catch (e) {
      // A refused action may leave a half-applied entry: rebuild what was there before.
      const sc = scenario();
      await rebuild(get().config, sc, timeline, cursor);
      // A step the clock has no room for: every later one would be refused the same way.
      if (e instanceof ClockLimitError && (kind === 'step' || kind === 'beat'))
        return {
          refusal: refuse(
            `Step refused: ${e.message}. Nothing was sent; go Back or Reset to go on.`,
          ),
        };
      return { refusal: refuse(errorMessage(e)) };
    }
    checkpoints.dropAfter(cursor);
    const replacesRedo = cursor < timeline.length;
    // A held timeline no one has seen grows in place (see `heldTimeline`).
    const isPushed = timeline === heldTimeline() && cursor === timeline.length;
    const next = isPushed ? timeline : [...timeline.slice(0, cursor), entry];
    if (isPushed) timeline.push(entry);
    else keepsPrefixOf(next, timeline, cursor);
    try {
      await publish({ timeline: next, cursor: cursor + 1 }, true);
      setHeldTimeline(held()?.timeline === next ? next : null);
      // After Back: this input replaced the steps there were to redo. Recorded once shown: an
      // input taken back below leaves them in place, and no summary may name it.
      if (replacesRedo) cutRun('input', cursor);
    } catch (e) {
      if (isPushed) timeline.pop();
      // The input ran, but the page cannot show what it left (its snapshot threw): taken back,
      // so the page, its link and the engine stay one run. Left in place, the page showed the
      // state before it from then on, and every later input ran unseen the same way.
      // Lines pasted before it were not shown one by one (see `publish`): the one that left
      // what cannot be shown may be any of them, so the run goes back a line at a time until it
      // can be shown. Only this line taken back, the page froze at the state before the paste.
      const shown = Math.min(getState().cursor, cursor);
      let at = cursor;
      for (;;) {
        try {
          await rebuild(
            get().config,
            scenario(),
            at === cursor ? timeline : timeline.slice(0, at),
            at,
          );
          break;
        } catch (again) {
          if (at <= shown) throw again;
          at--;
        }
      }
      const after = cursor - at;
      return {
        refusal: refuse(
          `The page could not show what ${inputLabel(at === cursor ? input : timeline[at].input)} left (${errorMessage(e)}), so it was taken back${after === 0 ? '' : `, with the ${after === 1 ? 'line' : `${after} lines`} after it`}: the run is as it was before it.`,
        ),
      };
    }
    // After the snapshot: the checkpoint then holds the panels as shown, with nothing pending,
    // so a Back to it reads back nothing (beside 100,000 keys too).
    checkpoints.offer(s, cursor + 1, get().baseCommands, next);
    return { refusal: null, output: entry.output };
  };

  /**
   * Step after Back: re-applies the undone entries up to the state just after the next step
   * (the same position Back left from), so console lines and clock jumps come back with it.
   */
  const redo = async (): Promise<null> => {
    const s = requireSim();
    const timeline = [...get().timeline];
    let { cursor } = get();
    keepsPrefixOf(timeline, get().timeline, cursor);
    const target = Math.max(cursor + 1, cursorForStep(timeline, stepsAt(timeline, cursor) + 1));
    while (cursor < target) {
      timeline[cursor] = await dispatchEntry(s, timeline[cursor]);
      cursor++;
      checkpoints.offer(s, cursor, get().baseCommands, timeline);
    }
    await publish({ timeline, cursor }, true);
    return null;
  };

  /** One Step press; resolves to what it did. */
  async function stepOnce(): Promise<PressOutcome> {
    const s = requireSim();
    const { cursor, timeline } = get();
    if (cursor < timeline.length) return pressed(await redo());
    const sc = scenario();
    const beat = beatsAt(timeline, cursor);
    if (sc && beat < sc.beats.length)
      return pressed((await apply('beat', { type: 'press' }, sc.beats[beat].actions)).refusal);
    if (s.readyActors().length === 0) {
      if (get().isPlaying) set({ isPlaying: false });
      return { type: 'nothingToStep' };
    }
    return pressed((await apply('step', { type: 'press' }, [{ type: 'step' }])).refusal);
  }

  return { rebuild, apply, stepOnce };
}
