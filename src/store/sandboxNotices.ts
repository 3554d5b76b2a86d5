// The page's notices (refusals, what a Reset or a setting did) and the record of what cut the
// run: one owner of both, over the store's state, so every action says things the same way.
import { MAX_RUN_CUTS, type Notice, type RunCut, type SandboxState } from './sandboxState';

/**
 * What the notices read and write: the store's state as its actions see it, and whether a link
 * replays.
 */
export interface NoticesContext {
  get: () => SandboxState;
  set: (patch: Partial<SandboxState>) => void;
  /** True while a link is replayed: the notice of where its replay stopped says why, once. */
  isRestoring: () => boolean;
}

/** The notices of one sandbox store; ids count up from 1 for the store's life. */
export function createNotices({ get, set, isRestoring }: NoticesContext) {
  let nextId = 1;
  /** A notice about the run shown: it goes once another scenario opens (see `forgetRun`). */
  const notifyAboutRun = (text: string, tone: Notice['tone'], topic?: Notice['topic']): number =>
    pushNotice({
      text,
      tone,
      aboutRunOf: get().scenarioId,
      ...(topic === undefined ? {} : { topic }),
    });

  /**
   * Shows a notice (the last four stay; one on the same topic goes, and one saying the same
   * words, so a refusal repeated, a Step pressed again at the clock's limit, is shown once and
   * pushes out no other notice) and hands back its id.
   */
  function pushNotice(notice: Omit<Notice, 'id'>): number {
    const id = nextId++;
    const kept = get().notices.filter(
      (n) =>
        (notice.topic === undefined || n.topic !== notice.topic) &&
        (n.text !== notice.text || n.tone !== notice.tone),
    );
    set({ notices: [...kept.slice(-3), { id, ...notice }] });
    return id;
  }

  /**
   * Drops the run a Reset cleared, so that it cannot be put back, and, when another scenario
   * opens, the notices about the run left: "Reset to the start (the run was at step 3)" or
   * "The link's run could only be restored up to Step press 6" spoke of the scenario left, and
   * stayed on screen (the projector's too) as if about the one now shown.
   */
  const forgetRun = (opening: string | null): void => {
    const notices = get().notices.filter(
      (n) => n.aboutRunOf === undefined || n.aboutRunOf === opening,
    );
    if (notices.length !== get().notices.length) set({ notices });
    set({ undoableReset: null });
  };

  /**
   * Says why something was refused, on the page, and hands back what it said. While a link
   * replays, the notice of where the replay stopped says it (`restore`), so it is not said twice.
   */
  const refuse = (
    text: string,
    tone: Notice['tone'] = 'error',
    topic?: Notice['topic'],
  ): string => {
    if (!isRestoring()) notifyAboutRun(text, tone, topic);
    return text;
  };

  /** Refuses a press for how the run is now: the notice goes once the run changes. */
  const refuseForRunState = (text: string, tone: Notice['tone'] = 'error'): string => {
    if (!isRestoring())
      pushNotice({ text, tone, aboutRunOf: get().scenarioId, isAboutRunState: true });
    return text;
  };

  /** Records what dropped timeline entries, as it happens (see `SandboxState.runCuts`). */
  const cutRun = (cause: RunCut['cause'], kept: number, isAfterBack = false): void => {
    const cuts = get().runCuts;
    const serial = (cuts.at(-1)?.serial ?? 0) + 1;
    const cut: RunCut = { serial, cause, kept, scenarioId: get().scenarioId };
    if (isAfterBack) cut.isAfterBack = true;
    set({ runCuts: [...cuts.slice(1 - MAX_RUN_CUTS), cut] });
  };

  function dropNotice(id: number): void {
    set({ notices: get().notices.filter((n) => n.id !== id) });
  }

  /** Drops the notices on any of `topics`: what they said is untrue now. */
  function dropTopic(...topics: NonNullable<Notice['topic']>[]): void {
    const kept = get().notices.filter((n) => n.topic === undefined || !topics.includes(n.topic));
    if (kept.length !== get().notices.length) set({ notices: kept });
  }

  return {
    pushNotice,
    notifyAboutRun,
    forgetRun,
    refuse,
    refuseForRunState,
    cutRun,
    dropNotice,
    dropTopic,
  };
}
