import type { SqlJsStatic } from 'sql.js';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { WRITABLE_COLUMNS, type UserChanges } from '../engine/database';
import { Simulation, type SimAction, type SimSnapshot } from '../engine/simulation';
import { findScenario, type Scenario } from '../scenarios';
import {
  formatRedisResult,
  prepareRedisLine,
  toSqlConsoleResult,
  type ConsoleReply,
  type SqlConsoleResult,
} from './consoleFormat';
import {
  actorNames,
  DEFAULT_SANDBOX_CONFIG,
  mergeConfig,
  toSimConfig,
  type SandboxConfig,
} from './sandboxConfig';
import {
  actionsAt,
  beatsAt,
  cursorForStep,
  pressesAt,
  stepsAt,
  type TimelineEntry,
} from './timeline';

export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8] as const;
/** Client name the consoles use in the logs. */
export const CONSOLE_ACTOR = 'console';

export interface Notice {
  id: number;
  text: string;
  tone: 'info' | 'error';
}

export interface RedisConsoleEntry {
  id: number;
  input: string;
  reply: ConsoleReply;
}

export interface SqlConsoleEntry {
  id: number;
  input: string;
  result: SqlConsoleResult;
}

/** Whether the scenario's promised end state was reached (null until its last beat ran). */
export interface OutcomeState {
  description: string;
  isMet: boolean;
}

export interface SandboxState {
  status: 'loading' | 'ready' | 'failed';
  failure: string | null;
  config: SandboxConfig;
  scenarioId: string | null;
  snapshot: SimSnapshot | null;
  timeline: TimelineEntry[];
  /** How many timeline entries are applied; entries after it can be redone with Step. */
  cursor: number;
  /** Engine steps taken by the scenario's setup, before the first Step. */
  baseSteps: number;
  /** Scenario beats applied. */
  beat: number;
  outcome: OutcomeState | null;
  /** The step the diagram animates (the newest one, right after it ran); null: draw still. */
  animatedStep: number | null;
  /**
   * Cells each row's latest write changed: the engine's record of program writes, plus writes
   * seen between two snapshots (console or scenario SQL), which the engine does not attribute.
   */
  changedCells: Record<number, string[]>;
  canStep: boolean;
  isPlaying: boolean;
  speed: number;
  logFilter: string;
  notices: Notice[];
  redisConsole: RedisConsoleEntry[];
  sqlConsole: SqlConsoleEntry[];
  /** Bumped on every applied change; the automation API waits for the page to render it. */
  revision: number;
}

export interface SandboxActions {
  start(SQL: SqlJsStatic, initial?: InitialView): Promise<void>;
  loadScenario(id: string | null): Promise<void>;
  reset(): Promise<void>;
  step(): Promise<boolean>;
  back(): Promise<boolean>;
  seekStep(step: number): Promise<void>;
  stepActor(actor: string): Promise<boolean>;
  startRead(actor: string, id: number): Promise<boolean>;
  startWrite(actor: string, id: number, changes: UserChanges): Promise<boolean>;
  advanceClock(ms: number): Promise<void>;
  advanceToNextExpiry(): Promise<boolean>;
  setCacheAvailable(isUp: boolean): Promise<void>;
  restartCache(): Promise<void>;
  runRedis(line: string): Promise<ConsoleReply>;
  runSql(statement: string): Promise<SqlConsoleResult>;
  configure(patch: Partial<SandboxConfig>): Promise<string | null>;
  play(): void;
  pause(): void;
  setSpeed(speed: number): void;
  setLogFilter(actor: string): void;
  notify(text: string, tone?: Notice['tone']): void;
  dismissNotice(id: number): void;
}

export type SandboxStore = SandboxState & SandboxActions;
export type SandboxStoreApi = StoreApi<SandboxStore>;

/** Where the page starts: from the URL, or defaults. */
export interface InitialView {
  scenarioId: string | null;
  config: SandboxConfig;
  /** Step presses to replay (a shared link's position). */
  presses: number;
}

const initialState: SandboxState = {
  status: 'loading',
  failure: null,
  config: DEFAULT_SANDBOX_CONFIG,
  scenarioId: null,
  snapshot: null,
  timeline: [],
  cursor: 0,
  baseSteps: 0,
  beat: 0,
  outcome: null,
  animatedStep: null,
  changedCells: {},
  canStep: false,
  isPlaying: false,
  speed: 1,
  logFilter: 'all',
  notices: [],
  redisConsole: [],
  sqlConsole: [],
  revision: 0,
};

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The sandbox's one store: it owns the Simulation (outside the state, since it is not plain
 * data), the timeline of what was done (for Back, the scrubber and links), and the UI state.
 * Every change runs through one queue, so clicks, keys, playback and scripts never interleave.
 */
export function createSandboxStore(): SandboxStoreApi {
  let SQL: SqlJsStatic | null = null;
  let sim: Simulation | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let nextId = 1;

  return createStore<SandboxStore>()((set, get) => {
    const serial = <T>(fn: () => Promise<T>): Promise<T> => {
      const run = queue.then(fn, fn);
      queue = run.catch(() => undefined);
      return run;
    };

    const scenario = (): Scenario | undefined => {
      const id = get().scenarioId;
      return id === null ? undefined : findScenario(id);
    };

    const requireSim = (): Simulation => {
      if (!sim) throw new Error('the sandbox is still loading');
      return sim;
    };

    /** Publishes the simulation's state (after every change). */
    const publish = async (patch: Partial<SandboxState>, animate: boolean): Promise<void> => {
      const s = requireSim();
      const snapshot = await s.snapshot();
      const state = { ...get(), ...patch };
      const sc = state.scenarioId === null ? undefined : findScenario(state.scenarioId);
      const beat = beatsAt(state.timeline, state.cursor);
      const isScenarioOver = sc !== undefined && beat >= sc.beats.length;
      const seen = animate ? diffRows(get().snapshot, snapshot) : {};
      set({
        ...patch,
        snapshot,
        beat,
        changedCells: {
          ...snapshot.changedCells,
          ...(animate ? get().changedCells : {}),
          ...seen,
        },
        outcome:
          sc && isScenarioOver
            ? { description: sc.outcome.description, isMet: sc.outcome.isMet(snapshot) }
            : null,
        animatedStep: animate && snapshot.step > (get().snapshot?.step ?? 0) ? snapshot.step : null,
        canStep:
          state.cursor < state.timeline.length ||
          (sc !== undefined && !isScenarioOver) ||
          s.readyActors().length > 0,
        revision: get().revision + 1,
      });
    };

    /** Rebuilds the simulation from its config, the scenario setup and the first `cursor` entries. */
    const rebuild = async (
      config: SandboxConfig,
      sc: Scenario | undefined,
      timeline: TimelineEntry[],
      cursor: number,
    ): Promise<void> => {
      if (!SQL) throw new Error('the sandbox is still loading');
      const setup = await Simulation.replay(SQL, toSimConfig(config), sc?.setup ?? []);
      const baseSteps = setup.stepCount;
      for (const action of actionsAt(timeline, cursor)) await setup.dispatch(action);
      sim = setup;
      await publish({ config, timeline, cursor, baseSteps }, false);
    };

    /** Applies new actions as one timeline entry; a redo-able future is dropped first. */
    const apply = async (kind: TimelineEntry['kind'], actions: SimAction[]): Promise<unknown[]> => {
      const s = requireSim();
      const { cursor, timeline } = get();
      const results: unknown[] = [];
      try {
        for (const action of actions) results.push(await s.dispatch(action));
      } catch (e) {
        // A refused action may leave a half-applied entry: rebuild what was there before.
        const sc = scenario();
        await rebuild(get().config, sc, timeline, cursor);
        get().notify(errorText(e), 'error');
        return [];
      }
      const entry: TimelineEntry = { kind, actions, stepsAfter: s.stepCount };
      await publish({ timeline: [...timeline.slice(0, cursor), entry], cursor: cursor + 1 }, true);
      return results;
    };

    const redo = async (): Promise<boolean> => {
      const s = requireSim();
      const { timeline } = get();
      let { cursor } = get();
      const before = s.stepCount;
      while (cursor < timeline.length && s.stepCount === before) {
        for (const action of timeline[cursor].actions) await s.dispatch(action);
        cursor++;
      }
      await publish({ cursor }, true);
      return true;
    };

    const knownActor = (actor: string): boolean => {
      if (actorNames(get().config.actorCount).includes(actor)) return true;
      get().notify(
        `There is no actor "${actor}" (actors: ${actorNames(get().config.actorCount).join(', ')}).`,
        'error',
      );
      return false;
    };

    const validId = (id: number): boolean => {
      if (Number.isInteger(id) && id >= 1 && id <= 1000) return true;
      get().notify(`User id must be a whole number from 1 to 1000, got "${id}".`, 'error');
      return false;
    };

    return {
      ...initialState,

      start: (sqlJs, initial) =>
        serial(async () => {
          SQL = sqlJs;
          const view = initial ?? { scenarioId: null, config: DEFAULT_SANDBOX_CONFIG, presses: 0 };
          const sc = view.scenarioId === null ? undefined : findScenario(view.scenarioId);
          set({ scenarioId: sc?.id ?? null });
          await rebuild(view.config, sc, [], 0);
          for (let i = 0; i < view.presses && get().canStep; i++) await stepOnce();
          set({ status: 'ready', animatedStep: null });
        }).catch((e: unknown) => {
          set({ status: 'failed', failure: errorText(e) });
        }),

      loadScenario: (id) =>
        serial(async () => {
          const sc = id === null ? undefined : findScenario(id);
          if (id !== null && !sc) {
            get().notify(`Unknown scenario "${id}".`, 'error');
            return;
          }
          const config: SandboxConfig = sc
            ? {
                ...get().config,
                actorCount: sc.actors.length,
                writePolicy: sc.writePolicy,
                readMitigation: sc.readMitigation,
                ttlSeconds: sc.ttlSeconds,
              }
            : get().config;
          set({ scenarioId: sc?.id ?? null, isPlaying: false });
          await rebuild(config, sc, [], 0);
        }),

      reset: () =>
        serial(async () => {
          set({ isPlaying: false });
          await rebuild(get().config, scenario(), [], 0);
        }),

      step: () => serial(stepOnce),

      back: () =>
        serial(async () => {
          const { timeline, cursor, baseSteps } = get();
          const now = stepsAt(timeline, cursor, baseSteps);
          if (cursor === 0) return false;
          const target = now > baseSteps ? cursorForStep(timeline, now - 1, baseSteps) : 0;
          await rebuild(get().config, scenario(), timeline, Math.min(target, cursor - 1));
          return true;
        }),

      seekStep: (step) =>
        serial(async () => {
          const { timeline, baseSteps } = get();
          await rebuild(
            get().config,
            scenario(),
            timeline,
            cursorForStep(timeline, step, baseSteps),
          );
        }),

      stepActor: (actor) =>
        serial(async () => {
          if (!knownActor(actor)) return false;
          if (!requireSim().readyActors().includes(actor)) {
            get().notify(
              `Actor ${actor} has nothing to do: start a read or a write first.`,
              'error',
            );
            return false;
          }
          await apply('step', [{ type: 'stepActor', actor }]);
          return true;
        }),

      startRead: (actor, id) =>
        serial(async () => {
          if (!knownActor(actor) || !validId(id)) return false;
          await apply('input', [{ type: 'read', actor, id }]);
          return true;
        }),

      startWrite: (actor, id, changes) =>
        serial(async () => {
          if (!knownActor(actor) || !validId(id)) return false;
          const cols = Object.keys(changes);
          const bad = cols.find((c) => !(WRITABLE_COLUMNS as readonly string[]).includes(c));
          if (bad !== undefined || cols.length === 0) {
            get().notify(
              `A write changes one or more of ${WRITABLE_COLUMNS.join(', ')}${bad ? ` (not "${bad}")` : ''}.`,
              'error',
            );
            return false;
          }
          await apply('input', [{ type: 'write', actor, id, changes }]);
          return true;
        }),

      advanceClock: (ms) =>
        serial(async () => {
          if (!Number.isFinite(ms) || ms < 0) {
            get().notify(`The clock only moves forward (got ${ms} ms).`, 'error');
            return;
          }
          await apply('input', [{ type: 'advanceClock', ms }]);
        }),

      advanceToNextExpiry: () =>
        serial(async () => {
          const ttls = (get().snapshot?.cache ?? []).map((e) => e.ttlMs).filter((t) => t > 0);
          if (ttls.length === 0) {
            get().notify('No key in Redis has a TTL, so nothing will expire.', 'info');
            return false;
          }
          await apply('input', [{ type: 'advanceClock', ms: Math.min(...ttls) }]);
          return true;
        }),

      setCacheAvailable: (isUp) =>
        serial(async () => {
          await apply('input', [{ type: 'setCacheAvailable', isUp }]);
        }),

      restartCache: () =>
        serial(async () => {
          await apply('input', [{ type: 'restartCache' }]);
        }),

      runRedis: (line) =>
        serial(async () => {
          const prepared = prepareRedisLine(line);
          let reply: ConsoleReply;
          if ('reply' in prepared) reply = prepared.reply;
          else {
            const [result] = await apply('input', [
              { type: 'redis', actor: CONSOLE_ACTOR, argv: prepared.argv },
            ]);
            reply = formatRedisResult(prepared.argv, result);
          }
          if (line.trim() !== '')
            set({ redisConsole: [...get().redisConsole, { id: nextId++, input: line, reply }] });
          return reply;
        }),

      runSql: (statement) =>
        serial(async () => {
          if (statement.trim() === '') return { columns: [], rows: [], changes: 0 };
          const [raw] = await apply('input', [
            { type: 'sql', actor: CONSOLE_ACTOR, sql: statement },
          ]);
          const result = toSqlConsoleResult(raw);
          set({ sqlConsole: [...get().sqlConsole, { id: nextId++, input: statement, result }] });
          return result;
        }),

      configure: (patch) =>
        serial(async () => {
          const merged = mergeConfig(get().config, patch);
          if ('error' in merged) {
            get().notify(merged.error, 'error');
            return merged.error;
          }
          const { timeline, cursor } = get();
          try {
            await rebuild(merged.config, scenario(), timeline, cursor);
          } catch (e) {
            // The history does not fit the new settings (an actor it used is gone): start over.
            await rebuild(merged.config, scenario(), [], 0);
            get().notify(`Settings applied; the run restarted (${errorText(e)}).`, 'info');
          }
          return null;
        }),

      play: () => {
        if (get().canStep) set({ isPlaying: true });
      },
      pause: () => set({ isPlaying: false }),
      setSpeed: (speed) => {
        if ((SPEEDS as readonly number[]).includes(speed)) set({ speed });
      },
      setLogFilter: (actor) => set({ logFilter: actor }),
      notify: (text, tone = 'info') =>
        set({ notices: [...get().notices.slice(-3), { id: nextId++, text, tone }] }),
      dismissNotice: (id) => set({ notices: get().notices.filter((n) => n.id !== id) }),
    };

    async function stepOnce(): Promise<boolean> {
      const s = requireSim();
      const { cursor, timeline } = get();
      if (cursor < timeline.length) return redo();
      const sc = scenario();
      const beat = beatsAt(timeline, cursor);
      if (sc && beat < sc.beats.length) {
        await apply('beat', sc.beats[beat].actions);
        return true;
      }
      if (s.readyActors().length === 0) {
        if (get().isPlaying) set({ isPlaying: false });
        return false;
      }
      await apply('step', [{ type: 'step' }]);
      return true;
    }
  });
}

/** Cells whose value differs between two snapshots, by row id. */
function diffRows(before: SimSnapshot | null, after: SimSnapshot): Record<number, string[]> {
  const out: Record<number, string[]> = {};
  if (!before) return out;
  const old = new Map(before.db.map((r) => [r.id, r]));
  for (const row of after.db) {
    const prev = old.get(row.id);
    if (!prev) continue;
    const cols = (Object.keys(row) as (keyof typeof row)[]).filter((c) => row[c] !== prev[c]);
    if (cols.length > 0) out[row.id] = cols;
  }
  return out;
}

/** Step presses applied: what a link needs to come back to this position. */
export const selectPresses = (s: SandboxState): number => pressesAt(s.timeline, s.cursor);
