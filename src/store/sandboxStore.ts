import type { SqlJsStatic } from 'sql.js';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SqlGuard } from '../engine/consoleSql';
import type { ProgramOverrides } from '../engine/programs/learner';
import { Simulation } from '../engine/simulation';
import { findScenario, type Scenario } from '../scenarios';
import { Checkpoints } from './checkpoints';
import {
  DEFAULT_SANDBOX_CONFIG,
  scenarioConfig,
  toSimConfig,
  type SandboxConfig,
} from './sandboxConfig';
import { createScriptRuns } from './scriptRuns';
import { createPublishShown } from './publishShown';
import { createInputQueue } from './inputQueue';
import { nextStepPreviewOf, playNextPressOnCopy } from './nextPressCopy';
import { createNotices } from './sandboxNotices';
import { createPerform } from './performInput';
import { createRunEdits } from './runEdits';
import { createLinkReplay } from './linkReplay';
import { createResetUndo } from './resetUndo';
import { createTimelineMoves } from './timelineMoves';
import { createProgramSwap } from './programSwap';
import { createConfigure } from './settingsChange';
import { createReplaySettings, isRestorable, REPLAY_AGAIN_TEXT } from './replaySettings';
import {
  initialState,
  type InitialView,
  type SandboxActions,
  type SandboxState,
} from './sandboxState';
import type { TimelineEntry } from './timeline';
import { errorMessage } from '../engine/errorMessage';
import { MAX_CLOCK_MS } from '../engine/clock';
import { formatNumber } from '../schema/fields';
import { shownName } from './shown';
import type { StoreCore } from './storeParts';

export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8] as const;
export type SandboxStore = SandboxState & SandboxActions;
export type SandboxStoreApi = StoreApi<SandboxStore>;

/**
 * The sandbox's one store: it owns the Simulation (outside the state, since it is not plain
 * data), the timeline of what was done (for Back, the scrubber and links), and the UI state.
 * Every change runs through one queue, so clicks, keys, playback and scripts never interleave.
 */
export function createSandboxStore(options: { sqlGuard?: SqlGuard } = {}): SandboxStoreApi {
  let SQL: SqlJsStatic | null = null;
  let sim: Simulation | null = null;
  /** The learner's programs, when they run instead of ours (kept out of state: not plain data). */
  let programs: ProgramOverrides | null = null;
  /** Counts the learner's program swaps: checkpoints taken under other programs do not apply. */
  let programsGeneration = 0;
  /** True while a link is replayed: snapshots wait until its last input. */
  let isRestoring = false;
  /** Saved simulations Back and the scrubber replay from (see checkpoints.ts). */
  const checkpoints = new Checkpoints();

  return createStore<SandboxStore>()((setState, getState) => {
    /**
     * What the inputs run since the last publish changed, not yet shown (lines pasted together, a
     * link's replay): kept off the store until the publish that shows them all. Set on the store,
     * each line of a 1,000-line paste woke every subscriber (the link's text, the narration's
     * selectors, the console), and each of them read the whole timeline: a paste's cost grew
     * with the lines typed before it.
     */
    let held: Partial<SandboxState> | null = null;
    /**
     * The held timeline when no one but this store has seen it (the array `apply` made): the next
     * line is pushed onto it instead of copying the whole timeline for each line.
     */
    let heldTimeline: TimelineEntry[] | null = null;
    /** The state as the store's own actions see it: the published state, with what is held. */
    const get = (): SandboxStore => (held === null ? getState() : { ...getState(), ...held });
    const set = (patch: Partial<SandboxStore>): void => {
      if (held !== null) {
        for (const key of Object.keys(patch)) delete held[key as keyof SandboxState];
        if ('timeline' in patch) heldTimeline = null;
        if (Object.keys(held).length === 0) held = null;
      }
      setState(patch);
    };
    const {
      pushNotice,
      notifyAboutRun,
      forgetRun,
      refuse,
      refuseForRunState,
      cutRun,
      dropNotice,
      dropTopic,
    } = createNotices({ get, set, isRestoring: () => isRestoring });
    /** Keeps `patch` off the store until the next publish (see `held`). */
    const hold = (patch: Partial<SandboxState>): void => {
      held = { ...held, ...patch };
      if ('timeline' in patch) heldTimeline = null;
    };
    const scenario = (): Scenario | undefined => {
      const id = get().scenarioId;
      return id === null ? undefined : findScenario(id);
    };

    const requireSim = (): Simulation => {
      if (!sim) throw new Error('the sandbox is still loading');
      return sim;
    };

    /** The engine's config for a run (with the learner's programs) and its checkpoints' key. */
    const runConfig = (config: SandboxConfig, sc: Scenario | undefined) => {
      // A scenario's slow database is its setting's value (`scenarioConfig`), so another one
      // chosen there runs, and leaves the script, as any setting does.
      const engineConfig = toSimConfig(config);
      return {
        simConfig: programs ? { ...engineConfig, programs } : engineConfig,
        base: JSON.stringify([engineConfig, sc?.id ?? null, programsGeneration]),
      };
    };

    const { isScriptUnchanged, runAtScriptEnd } = createScriptRuns({
      getSql: () => SQL,
      runConfig,
      checkpoints,
    });
    const publishShown = createPublishShown({
      getState,
      set,
      getHeld: () => held,
      isScriptUnchanged,
      runAtScriptEnd,
    });
    const { serial, publish } = createInputQueue({
      requireSim,
      hasSim: () => sim !== null,
      isRestoring: () => isRestoring,
      hold,
      publishShown,
    });

    /** The next Step press played on a copy of the run (see nextPressCopy.ts). */
    const playNextPress = (ahead = 0) =>
      playNextPressOnCopy({ get, getSql: () => SQL, runConfig, checkpoints, scenario }, ahead);

    const { rebuild, apply, stepOnce } = createRunEdits({
      get,
      set,
      getState,
      getSql: () => SQL,
      getSim: () => sim,
      setSim: (next) => {
        sim = next;
      },
      requireSim,
      scenario,
      runConfig,
      checkpoints,
      publish,
      held: () => held,
      heldTimeline: () => heldTimeline,
      setHeldTimeline: (timeline) => {
        heldTimeline = timeline;
      },
      refuse,
      cutRun,
    });

    const { perform, startLinkReplay } = createPerform({
      get,
      requireSim,
      apply,
      stepOnce,
      refuse,
      dropTopic,
      refuseForRunState,
      notifyAboutRun,
      isRestoring: () => isRestoring,
      sqlGuard: options.sqlGuard,
    });
    // What every part that changes the run starts from (storeParts.ts).
    const core: StoreCore = { get, set, scenario, rebuild, notifyAboutRun };
    const { open, replayLink } = createLinkReplay({
      ...core,
      publish,
      perform,
      setRestoring: (is) => {
        isRestoring = is;
      },
      startLinkReplay,
    });
    const configure = createConfigure({ ...core, cutRun, refuse, dropTopic });
    const { openReplay, restoreSettings } = createReplaySettings({
      ...core,
      cutRun,
      refuse,
      dropTopic,
      forgetRun,
      configure,
    });
    const { reset, undoReset } = createResetUndo({ ...core, cutRun, pushNotice });
    const { back, seekStep, loadSchedule } = createTimelineMoves({ ...core, stepOnce, cutRun });
    const swapPrograms = createProgramSwap({
      ...core,
      cutRun,
      dropNotice,
      replayLink,
      setPrograms: (next) => {
        programs = next;
        programsGeneration++;
      },
    });

    /**
     * A counterexample's replay met again through its history entry (the browser's Forward, a
     * reload): the learner's settings the entry kept are set aside again, as before, and the
     * notice offers them back.
     */
    const setAsideAgain = (view: InitialView): void => {
      if (view.setAside === undefined) return;
      set({ settingsBeforeReplay: { config: view.setAside } });
      if (isRestorable(get())) notifyAboutRun(REPLAY_AGAIN_TEXT, 'info', 'replay');
    };

    return {
      ...initialState,

      start: (sqlJs, initial) =>
        serial(async () => {
          SQL = sqlJs;
          const view = initial ?? { scenarioId: null, config: DEFAULT_SANDBOX_CONFIG, inputs: [] };
          await open(view);
          setAsideAgain(view);
          set({ status: 'ready', animatedStep: null });
        }).catch((e: unknown) => {
          set({ status: 'failed', failure: errorMessage(e) });
        }),

      openView: (view) =>
        serial(async () => {
          if (get().status !== 'ready') return;
          // Another page of the history: the run a Reset cleared belongs to the one left.
          forgetRun(view.scenarioId);
          // The view's own settings: what a replay set aside belongs to the entry left, and its
          // notice (free play's, as this view may be) speaks of a run no longer shown.
          set({ isPlaying: false, settingsBeforeReplay: null });
          dropTopic('replay');
          await open(view);
          cutRun('view', 0);
          setAsideAgain(view);
        }),

      loadScenario: (id) =>
        serial(async () => {
          const sc = id === null ? undefined : findScenario(id);
          if (id !== null && !sc) return refuse(`Unknown scenario "${id}".`);
          // Another scenario: the run a Reset cleared is no longer this one's to put back, nor is
          // a counterexample's replay shown (free play's notice of it would stay).
          forgetRun(sc?.id ?? null);
          dropTopic('replay');
          // A scenario opens on its script (constant latencies, manual steps, no key limit); the
          // learner may switch after. Leaving a counterexample's replay, over the learner's own
          // settings, not its check's.
          const own = get().settingsBeforeReplay?.config ?? get().config;
          const config: SandboxConfig = sc ? scenarioConfig(sc, own) : own;
          // Beat 0 with the new scenario: until the rebuild lands, the beats of the one left
          // would otherwise count as this one's, and one with no more beats was judged over
          // (course progress marked it done, and said so, on opening it).
          set({
            scenarioId: sc?.id ?? null,
            isPlaying: false,
            beat: 0,
            settingsBeforeReplay: null,
          });
          await rebuild(config, sc, [], 0);
          cutRun('scenario', 0);
          return null;
        }),

      reset: () => serial(reset),

      undoReset: () => serial(undoReset),

      step: () => serial(async () => (await stepOnce()).type === 'stepped'),

      press: () => serial(stepOnce),

      back: () => serial(back),

      seekStep: (step) => serial(() => seekStep(step)),

      stepActor: (actor) =>
        serial(async () => (await perform({ type: 'stepActor', actor })).refusal),

      startRead: (actor, id) =>
        serial(async () => (await perform({ type: 'read', actor, id })).refusal),

      startWrite: (actor, id, changes) =>
        serial(async () => (await perform({ type: 'write', actor, id, changes })).refusal),

      advanceClock: (ms) => serial(async () => (await perform({ type: 'clock', ms })).refusal),

      advanceToNextExpiry: () =>
        serial(async () => {
          const expiring = (get().snapshot?.cache ?? []).filter((e) => e.ttlMs > 0);
          if (expiring.length === 0)
            return refuseForRunState('No key in Redis has a TTL, so nothing will expire.', 'info');
          const next = expiring.reduce((a, b) => (b.ttlMs < a.ttlMs ? b : a));
          // Past the clock's end the move's own refusal would quote a number no one typed.
          const clockMs = get().snapshot?.clockMs ?? 0;
          if (next.ttlMs > MAX_CLOCK_MS - clockMs)
            return refuse(
              `Next expiry refused: ${shownName(next.key)} expires in ${formatNumber(next.ttlMs)} ms, past the end of the virtual clock, which stops at 10 years (${formatNumber(MAX_CLOCK_MS)} ms) and is at ${formatNumber(clockMs)} ms. Nothing moved.`,
            );
          return (await perform({ type: 'clock', ms: next.ttlMs })).refusal;
        }),

      setCacheAvailable: (isUp) =>
        serial(async () => (await perform({ type: 'cache', isUp })).refusal),

      restartCache: () => serial(async () => (await perform({ type: 'restart' })).refusal),

      runRedis: (line) =>
        serial(async () => {
          const { output } = await perform({ type: 'redis', line });
          return output?.console === 'redis' ? output.reply : { text: '', isError: false };
        }, true),

      resetDatabase: () => serial(async () => (await perform({ type: 'resetDatabase' })).refusal),

      // Not a console line: its turn publishes what the lines before it left unpublished.
      settled: () => serial(async () => {}),

      runSql: (statement) =>
        serial(async () => {
          const { output } = await perform({ type: 'sql', statement });
          return output?.console === 'sql' ? output.result : { columns: [], rows: [], changes: 0 };
        }, true),

      loadSchedule: (at, actors) => serial(() => loadSchedule(at, actors)),

      configure: (patch) => serial(() => configure(patch)),

      openReplay: (config) => serial(() => openReplay(config)),

      restoreSettings: () => serial(restoreSettings),

      previewNextStep: async () => {
        const { canStep } = get();
        return nextStepPreviewOf(await playNextPress(), canStep);
      },

      previewNextPress: async (ahead) => {
        const played = await playNextPress(ahead);
        return (
          played && {
            events: played.after.events.slice(played.before.commands),
            after: played.after,
            queued: played.queued,
          }
        );
      },

      play: () => {
        if (get().canStep) set({ isPlaying: true });
      },
      pause: () => set({ isPlaying: false }),
      setSpeed: (speed) => {
        if ((SPEEDS as readonly number[]).includes(speed)) set({ speed });
      },
      setLogFilter: (actor) => set({ logFilter: actor }),
      notify: (text, tone = 'info', topic) =>
        pushNotice(topic === undefined ? { text, tone } : { text, tone, topic }),
      notifyAboutRun: (text, tone = 'info', topic) => notifyAboutRun(text, tone, topic),
      dismissNotice: dropNotice,
      usePrograms: (next) => serial(() => swapPrograms(next)),
    };
  });
}
