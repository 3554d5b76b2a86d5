// A change of settings: checked by its schema, then the run replayed under it, and what the
// change did to the run said once.
import { errorMessage } from '../engine/errorMessage';
import { interventions } from './offScript';
import { mergeConfig } from './sandboxSchema';
import type { SandboxActions } from './sandboxState';
import { replayedRunNotice, settingChangesFromTo } from './scriptSettings';
import type { CutRun, DropTopic, Refuse, StoreCore } from './storeParts';

/** What a change of settings goes through: the store's state, its rebuild and its notices. */
export interface ConfigureContext extends StoreCore {
  cutRun: CutRun;
  refuse: Refuse;
  dropTopic: DropTopic;
}

/** The `configure` action of one sandbox store, run in its queue. */
export function createConfigure({
  get,
  set,
  scenario,
  rebuild,
  cutRun,
  refuse,
  dropTopic,
  notifyAboutRun,
}: ConfigureContext) {
  // The notice of the last setting change that replayed the run (see configure).
  let replayNoticeId = -1;
  // The notice that the settings changed make no difference to the scenario's script (see configure).
  let unchangedNoticeId = -1;

  const configure = async (
    patch: Parameters<SandboxActions['configure']>[0],
  ): Promise<string | null> => {
    // The loaded scenario's script bounds some settings (its actors): refused, not restarted.
    const merged = mergeConfig(get().config, patch, scenario());
    if ('error' in merged) {
      // Refused again, the setting's earlier refusal goes: one says what was last typed.
      if (merged.setting === null) return refuse(merged.error);
      notifyAboutRun(merged.error, 'error', `setting:${merged.setting}`);
      return merged.error;
    }
    // A refusal of a setting now taken is untrue beside the value its control shows.
    dropTopic(...Object.keys(patch).map((key) => `setting:${key}` as const));
    // A run cleared by Reset was run under the settings before: it is not put back under others.
    set({ undoableReset: null });
    const { config, timeline, cursor } = get();
    try {
      // Steps undone under the old settings would not replay the same: they are dropped.
      await rebuild(merged.config, scenario(), timeline.slice(0, cursor), cursor);
      // After Back: the steps to redo went with the old settings (a grid explored there
      // names this as what took its requests away).
      if (cursor < timeline.length) cutRun('settings', cursor, true);
      // A scenario's run says so in its narration (off the script); free play says it here.
      const replayed = scenario()
        ? null
        : replayedRunNotice(config, merged.config, timeline, cursor);
      if (replayed) {
        // The latest change's notice replaces an earlier one, which no longer holds.
        set({ notices: get().notices.filter((n) => n.id !== replayNoticeId) });
        replayNoticeId = notifyAboutRun(replayed, 'info');
      }
      // Settings that leave a scenario's run as it was: why its story stands, said once.
      set({ notices: get().notices.filter((n) => n.id !== unchangedNoticeId) });
      // Not said of a run already off the script (a console line, the clock ...): its story and
      // verdict do not stand, whatever the settings.
      const sc = scenario();
      const after = get();
      if (
        sc &&
        after.isScriptRunAsAuthored &&
        interventions(after.timeline, after.cursor, sc.beats.length).length === 0
      ) {
        const changes = settingChangesFromTo(sc, merged.config);
        unchangedNoticeId = notifyAboutRun(
          `${changes.join(', ')} ${changes.length === 1 ? 'makes' : 'make'} no difference to this scenario's script: played under ${changes.length === 1 ? 'it' : 'them'}, every step sends the same commands and gets the same replies as under the scenario's own settings, so its story and verdict stand.`,
          'info',
          'script',
        );
      }
    } catch (e) {
      // The history does not fit the new settings (an actor it used is gone): start over.
      await rebuild(merged.config, scenario(), [], 0);
      cutRun('settings', 0);
      notifyAboutRun(`Settings applied; the run restarted (${errorMessage(e)}).`, 'info');
    }
    return null;
  };

  return configure;
}
