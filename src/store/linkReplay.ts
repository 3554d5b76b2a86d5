// Opening a view (a link, a page of the history): its scenario and settings, then its run
// replayed input by input through the one input path, stopping at the first refused.
import { findScenario } from '../scenarios';
import type { MalformedAction } from './linkRun';
import type { Applied } from './performInput';
import type { InitialView, SandboxState } from './sandboxState';
import type { StoreCore } from './storeParts';
import type { TimelineInput } from './timeline';

/** What a view is opened through: the store's state, its rebuild and publish, the input path. */
export interface LinkReplayContext extends StoreCore {
  publish: (patch: Partial<SandboxState>, animate: boolean) => Promise<void>;
  perform: (input: TimelineInput) => Promise<Applied>;
  /** Marks a link's replay under way (snapshots wait until its last input) or over. */
  setRestoring: (isRestoring: boolean) => void;
  /** Starts the link's SQL budget afresh (see performInput.ts). */
  startLinkReplay: () => void;
}

/** How one sandbox store opens a view (`open`) and replays a link's run (`replayLink`). */
export function createLinkReplay({
  get,
  set,
  scenario,
  rebuild,
  publish,
  perform,
  notifyAboutRun,
  setRestoring,
  startLinkReplay,
}: LinkReplayContext) {
  /** Rebuilds on a view's scenario and settings, then replays its run. */
  async function open(view: InitialView): Promise<void> {
    const sc = view.scenarioId === null ? undefined : findScenario(view.scenarioId);
    // Beat 0 with the new scenario, as loadScenario does: the beats left are not this one's.
    set({ scenarioId: sc?.id ?? null, beat: 0 });
    set({ linkRun: null });
    await rebuild(view.config, sc, [], 0);
    const noticeId = await replayLink(view.inputs, view.at, view.malformed);
    if (view.inputs.length > 0 || view.malformed !== undefined) {
      const { timeline, cursor, config } = get();
      const keepsRun = view.keepsRun === true;
      set({
        linkRun: {
          inputs: view.inputs,
          at: view.at,
          timeline,
          cursor,
          config,
          keepsRun,
          noticeId,
          ...(view.malformed ? { malformed: view.malformed } : {}),
        },
      });
    }
  }

  /**
   * Replays a link's inputs after the run so far, then goes back to its position `at` (the link
   * was made after Back: the steps it stepped over are kept to redo). Resolves to the id of the
   * notice saying where the replay stopped, if it stopped short (at an action it refused, or
   * at the `malformed` one after the inputs).
   */
  async function replayLink(
    inputs: readonly TimelineInput[],
    at: number | undefined,
    malformed?: MalformedAction,
  ): Promise<number | null> {
    const noticeId =
      inputs.length > 0 || malformed !== undefined ? await restore(inputs, at, malformed) : null;
    const { timeline, cursor } = get();
    if (at !== undefined && at < cursor) await rebuild(get().config, scenario(), timeline, at);
    return noticeId;
  }

  /**
   * Replays a link's inputs; stops at the first one refused and says which, and why (resolves
   * to that notice's id, or null when every input was replayed).
   */
  async function restore(
    inputs: readonly TimelineInput[],
    at: number | undefined,
    malformed: MalformedAction | undefined,
  ): Promise<number | null> {
    setRestoring(true);
    startLinkReplay();
    let applied = 0;
    let refusal: string | null = null;
    try {
      for (const input of inputs) {
        refusal = (await perform(input)).refusal;
        if (refusal !== null) break;
        applied++;
      }
    } finally {
      setRestoring(false);
    }
    // A link made after Back opens at its position (replayLink goes back there): the run's end
    // is never shown on the way, so a lesson opened at its start is not seen as played through.
    if (at === undefined || at >= get().cursor) await publish({}, false);
    // A malformed action ends the run as a refused one does, the actions after it untried.
    const total = inputs.length + (malformed === undefined ? 0 : 1 + malformed.after);
    if (applied < total) {
      // A `step=` link is all Step presses: name them as the link did.
      const what =
        malformed === undefined && inputs.every((i) => i.type === 'press')
          ? 'Step press'
          : 'action';
      // In the sentence: its first letter lower-cased (not an acronym's: SQL, ERR), its full stop dropped.
      const reason = refusal?.replace(/\.$/, '').replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase());
      const stopped =
        reason !== undefined || malformed === undefined
          ? `was refused${reason === undefined ? '' : ` (${reason})`}`
          : `is malformed (${malformed.why})`;
      const untried = total - applied - 1;
      return notifyAboutRun(
        `The link's run could only be restored up to ${what} ${applied} of ${total}: ` +
          `${what} ${applied + 1} ${stopped}, and the ${untried === 0 ? 'run ends there' : `${untried} after it were not tried`}. ` +
          'The page shows the run up to there.',
        'error',
      );
    }
    return null;
  }

  return { open, replayLink };
}
