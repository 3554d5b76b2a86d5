// A counterexample's replay opened under its check's settings, and the learner's own put back.
import type { SandboxConfig } from './sandboxConfig';
import { mergeConfig } from './sandboxSchema';
import type { SandboxState } from './sandboxState';
import type { createConfigure } from './settingsChange';
import type { CutRun, DropTopic, Refuse, StoreCore } from './storeParts';

/** What the replay goes through: the store's state, its rebuild, its notices and `configure`. */
export interface ReplaySettingsContext extends StoreCore {
  cutRun: CutRun;
  refuse: Refuse;
  dropTopic: DropTopic;
  forgetRun: (opening: string | null) => void;
  /** The change of settings itself, in the queue's turn already (not the queued action). */
  configure: ReturnType<typeof createConfigure>;
}

/** The notice of a replay the browser's Forward returned to (its history entry kept the settings). */
export const REPLAY_AGAIN_TEXT =
  "Back at the counterexample's replay, under the settings its check ran with: yours are still set aside.";

/**
 * Whether Restore my settings would change anything: the learner's settings were set aside and
 * differ from those shown (a button that restores nothing would say something untrue).
 */
export function isRestorable(s: Pick<SandboxState, 'settingsBeforeReplay' | 'config'>): boolean {
  const before = s.settingsBeforeReplay;
  return before !== null && !sameConfig(before.config, s.config);
}

const sameConfig = (a: SandboxConfig, b: SandboxConfig): boolean =>
  (Object.keys(a) as (keyof SandboxConfig)[]).every((k) => Object.is(a[k], b[k]));

/** `openReplay` and `restoreSettings` of one sandbox store, run in its queue. */
export function createReplaySettings({
  get,
  set,
  rebuild,
  cutRun,
  refuse,
  dropTopic,
  forgetRun,
  configure,
}: ReplaySettingsContext) {
  const openReplay = async (config: SandboxConfig): Promise<string | null> => {
    const merged = mergeConfig(get().config, config);
    if ('error' in merged) return refuse(merged.error);
    // A replay after a replay: the learner's settings are still those before the first.
    const before = get().settingsBeforeReplay?.config ?? get().config;
    forgetRun(null);
    // A refusal of a setting is untrue beside the value its control shows now (as configure's).
    dropTopic(...Object.keys(merged.config).map((key) => `setting:${key}` as const));
    // One change, so the address takes a history entry of its own for the replay (urlSync.ts):
    // the browser's Back returns to the view before it, the learner's settings with it.
    set({
      settingsBeforeReplay: { config: before },
      scenarioId: null,
      isPlaying: false,
      beat: 0,
    });
    await rebuild(merged.config, undefined, [], 0);
    cutRun('scenario', 0);
    return null;
  };

  const restoreSettings = async (): Promise<string | null> => {
    const before = get().settingsBeforeReplay;
    if (before === null)
      return refuse(
        'No counterexample set your settings aside: there are none to restore.',
        'info',
      );
    set({ settingsBeforeReplay: null });
    // "Loaded, under the settings it ran with" is no longer so.
    dropTopic('replay');
    // As if the learner set each one: the run shown is replayed under them, and a notice says how.
    return configure(before.config);
  };

  return { openReplay, restoreSettings };
}
