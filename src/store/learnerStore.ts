import type { SqlJsStatic } from 'sql.js';
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  CHALLENGES,
  type Challenge,
  type ChallengeVerdict,
  type Counterexample,
} from '../engine/challengeCatalog';
import type { CheckOutcome } from '../engine/learnerCheck';
import {
  learnerReadProgram,
  learnerWriteProgram,
  type LearnerPath,
  type LearnerRunner,
  type ProgramOverrides,
} from '../engine/programs/learner';
import { STARTERS, starterOf } from '../engine/programs/learnerSources';
import { explorerFor } from './explorerStore';
import type { SandboxStoreApi } from './sandboxStore';
import { errorMessage } from '../engine/errorMessage';
import { playCounterexample } from './counterexampleReplay';
import { createChecks } from './learnerChecks';

/** A compiled program (its runner) or why it did not compile, with the line. */
export type Compiled =
  | { ok: true; runner: LearnerRunner; dispose(): void }
  | { ok: false; error: string; line: number | null };

/** What the host provides: a sandbox to compile learner code in, and sql.js for the checker. */
export interface LearnerHost {
  compile(path: LearnerPath, source: string): Promise<Compiled>;
  loadSql(): Promise<SqlJsStatic>;
  /**
   * Checks `source` against the challenge away from the page's thread (the page's: a Web
   * Worker), compiling it there. Without it the check runs on this thread, between pauses.
   */
  check?(id: string, source: string, signal?: AbortSignal): Promise<CheckOutcome>;
}

export interface ProgramError {
  error: string;
  line: number | null;
}

/**
 * What a Run answers when a later Run (or Reset to ours) was asked for while it compiled: its
 * code never ran, whether it compiled or not, and the later one decides what runs. Not an error
 * of the code's, so no editor marks it. (It answered as a Run whose code runs: twenty
 * `setProgram` calls not awaited each said `{ ok: true }`, code that does not compile too.)
 */
export const REPLACED_RUN: ProgramError = {
  error:
    'a later Run replaced this one before it ran (or Reset to ours did): this code is not running, the later one decides what runs',
  line: null,
};

export interface LearnerState {
  /** What the editors hold. */
  drafts: Record<LearnerPath, string>;
  /** The source now running in the sandbox for each path (null: ours). */
  running: Record<LearnerPath, string | null>;
  errors: Record<LearnerPath, ProgramError | null>;
  /**
   * The drafts came in a link: shown, not run in the sandbox, until the learner presses Run (a
   * Check runs them apart from it, and leaves this so).
   */
  isFromLink: boolean;
  isBusy: boolean;
  /** The editors are open in the code panel. */
  isEditorOpen: boolean;
  /** Each challenge's last verdict; `cancelled`: its last check was cancelled (Cancel). */
  verdicts: Record<string, ChallengeVerdict | 'checking' | 'cancelled'>;
  /**
   * The source each challenge's verdict was reached with: its counterexample replays that one,
   * and the page says when the editor has been edited since (the verdict is not the edit's).
   */
  checkedSources: Readonly<Record<string, string>>;
  /**
   * The learner's code an editor held before "Start from ours" put ours there: brought back by
   * {@link LearnerActions.bringMineBack}, and let go once that editor is edited.
   */
  setAside: Record<LearnerPath, string | null>;
  /** What set each path's code aside: Start from ours, or a link's code shown over it. */
  setAsideBy: Record<LearnerPath, 'ours' | 'link'>;
  /** How many edits the learner made in the editors (not swaps by a button, a link or a policy). */
  edits: number;
}

export interface LearnerActions {
  setDraft(path: LearnerPath, source: string): void;
  /** Puts our program in the path's editor (not running it), setting the learner's aside. */
  startFromOurs(path: LearnerPath): void;
  /** Puts back the code {@link startFromOurs} set aside. */
  bringMineBack(path: LearnerPath): void;
  /** Opens or closes the editors in the code panel. */
  toggleEditor(): void;
  /** Compiles the drafts of `paths` and runs them in the sandbox; resolves to the first error. */
  run(paths?: LearnerPath[]): Promise<ProgramError | null>;
  /** Our programs run again; the editors keep the learner's code, not running, until Run. */
  resetPrograms(): Promise<void>;
  /** Puts code from a link in the editors, without running it, and opens them to show it. */
  showFromLink(drafts: Partial<Record<LearnerPath, string>>): void;
  /**
   * The link's code is no longer the page's (the browser's Back left its address): the editors
   * get back what they held before it, if they still show its code unedited and not run. True
   * when they did.
   */
  leaveLink(): boolean;
  /** Puts the code saved on an earlier visit back in the editors, without running it. */
  restoreDrafts(drafts: Partial<Record<LearnerPath, string>>): void;
  check(id: string): Promise<ChallengeVerdict>;
  /** Stops the challenge's check under way at once (its worker ends); the code is kept. */
  cancelCheck(id: string): void;
  /** Plays a counterexample into the sandbox and rewinds to its first step, ready to Step. */
  loadCounterexample(id: string): Promise<void>;
}

export type LearnerStore = LearnerState & LearnerActions;
export type LearnerStoreApi = StoreApi<LearnerStore>;

export const challengeList = (): readonly Challenge[] => CHALLENGES;

/** The learner's code, beside the sandbox store it swaps programs into. */
export function createLearnerStore(sandbox: SandboxStoreApi, host: LearnerHost): LearnerStoreApi {
  const compiled: Record<LearnerPath, Extract<Compiled, { ok: true }> | null> = {
    read: null,
    write: null,
  };
  const starter = (path: LearnerPath) => starterOf(path, sandbox.getState().config).source;
  /** The paths whose editors hold the code a link brought (see `isFromLink`). */
  let linkPaths = new Set<LearnerPath>();
  /** What the editors held before a link's code was shown over it (see `leaveLink`). */
  let beforeLink: Pick<LearnerState, 'drafts' | 'setAside' | 'setAsideBy' | 'edits'> | null = null;

  const toPrograms = (paths: readonly LearnerPath[]): ProgramOverrides => ({
    ...(paths.includes('read') && compiled.read
      ? { read: learnerReadProgram(compiled.read.runner) }
      : {}),
    ...(paths.includes('write') && compiled.write
      ? { write: learnerWriteProgram(compiled.write.runner) }
      : {}),
  });

  /**
   * Compiles in the host's sandbox; a sandbox that did not load (its module or its wasm not
   * fetched, its memory not given) is a refusal that says so, as code that does not compile is.
   */
  const compileIn = async (path: LearnerPath, source: string): Promise<Compiled> => {
    try {
      return await host.compile(path, source);
    } catch (error) {
      const why = errorMessage(error);
      return {
        ok: false,
        error: `the sandbox your code runs in (QuickJS) did not load: ${why}`,
        line: null,
      };
    }
  };

  // The Run (or reset) asked for last: see `run`.
  let runSerial = 0;
  const store = createStore<LearnerStore>()((set, get) => {
    /**
     * Compiles the drafts of `paths` and, only once every one compiled, replaces the programs
     * kept for them. The sandbox may still run an old one (a path whose partner failed to compile
     * stays as it ran): disposing it before then failed every request and replay that used it.
     */
    const compile = async (
      paths: readonly LearnerPath[],
      sources: Record<LearnerPath, string>,
      isCurrent: () => boolean = () => true,
    ): Promise<ProgramError | null> => {
      const fresh: Partial<Record<LearnerPath, Extract<Compiled, { ok: true }>>> = {};
      for (const path of paths) {
        const result = await compileIn(path, sources[path]);
        // A later Run (or a reset) was asked for while this one compiled: it decides.
        if (!isCurrent()) {
          if (result.ok) result.dispose();
          for (const done of Object.values(fresh)) done.dispose();
          return null;
        }
        if (!result.ok) {
          for (const done of Object.values(fresh)) done.dispose();
          const error = { error: result.error, line: result.line };
          set({ errors: { ...get().errors, [path]: error } });
          return error;
        }
        fresh[path] = result;
        set({ errors: { ...get().errors, [path]: null } });
      }
      for (const path of paths) {
        compiled[path]?.dispose();
        compiled[path] = fresh[path] ?? null;
      }
      return null;
    };

    const runningPaths = (): LearnerPath[] =>
      (['read', 'write'] as const).filter((p) => get().running[p] !== null);

    /** The sandbox runs these programs now: the explorer beside it explores with them too. */
    const swapPrograms = async (paths: readonly LearnerPath[]): Promise<void> => {
      await sandbox.getState().usePrograms(paths.length === 0 ? null : toPrograms(paths));
      const { running } = get();
      explorerFor(sandbox)
        ?.getState()
        .useSources(
          Object.fromEntries(paths.flatMap((p) => (running[p] === null ? [] : [[p, running[p]]]))),
        );
    };

    return {
      drafts: { read: starter('read'), write: starter('write') },
      running: { read: null, write: null },
      errors: { read: null, write: null },
      isFromLink: false,
      isBusy: false,
      isEditorOpen: false,
      verdicts: {},
      checkedSources: {},
      setAside: { read: null, write: null },
      setAsideBy: { read: 'ours', write: 'ours' },
      edits: 0,

      setDraft: (path, source) => {
        const { drafts, setAside, edits } = get();
        if (source === drafts[path]) return;
        set({
          drafts: { ...drafts, [path]: source },
          setAside: { ...setAside, [path]: null },
          edits: edits + 1,
        });
      },

      startFromOurs: (path) => {
        const { drafts, setAside } = get();
        const ours = starter(path);
        if (drafts[path] === ours) return;
        set({
          drafts: { ...drafts, [path]: ours },
          setAside: { ...setAside, [path]: drafts[path] },
          setAsideBy: { ...get().setAsideBy, [path]: 'ours' },
        });
      },

      bringMineBack: (path) => {
        const { drafts, setAside, setAsideBy } = get();
        const mine = setAside[path];
        if (mine === null) return;
        // The link's code put away: once no editor holds any, the page no longer says one does.
        if (setAsideBy[path] === 'link') linkPaths.delete(path);
        set({
          drafts: { ...drafts, [path]: mine },
          setAside: { ...setAside, [path]: null },
          ...(get().isFromLink && linkPaths.size === 0 ? { isFromLink: false } : {}),
        });
      },

      toggleEditor: () => set({ isEditorOpen: !get().isEditorOpen }),

      run: async (paths = ['read', 'write']) => {
        // Runs can overlap (the API does not wait for the button): the last one asked for is the
        // one that runs, though its compile may end before an earlier one's.
        const serial = ++runSerial;
        const isCurrent = () => serial === runSerial;
        set({ isBusy: true });
        try {
          // The drafts as Run was pressed: an edit typed while they compile (the first Run waits
          // for QuickJS to load) stays an edit, not running, and is not said to run.
          const sources = get().drafts;
          const error = await compile(paths, sources, isCurrent);
          if (error) return error;
          if (!isCurrent()) return REPLACED_RUN;
          const running = { ...get().running };
          for (const path of paths) running[path] = sources[path];
          set({ running, isFromLink: false });
          await swapPrograms(runningPaths());
          return null;
        } finally {
          if (isCurrent()) set({ isBusy: false });
        }
      },

      resetPrograms: async () => {
        // A Run still compiling when the programs are reset does not put its code back after.
        runSerial++;
        if (get().isBusy) set({ isBusy: false });
        for (const path of ['read', 'write'] as const) {
          compiled[path]?.dispose();
          compiled[path] = null;
        }
        // The editors keep what the learner typed (and it stays saved), not running; so do the
        // verdicts on it, and a check under way ends with its own.
        set({ running: { read: null, write: null } });
        await swapPrograms([]);
      },

      // Opened: the notice says the link's code is shown in the code panel, and it is. The
      // learner's own code it replaces is set aside, to put back (it was out of reach, and an
      // edit of the link's code saved over it); code already set aside stays so.
      showFromLink: (drafts) => {
        const now = get();
        // A link opened over another link's code, unedited, replaces it: Back past both returns
        // to the code before the first.
        if (beforeLink === null || !now.isFromLink || now.edits !== beforeLink.edits)
          beforeLink = {
            drafts: now.drafts,
            setAside: now.setAside,
            setAsideBy: now.setAsideBy,
            edits: now.edits,
          };
        linkPaths = new Set((['read', 'write'] as const).filter((p) => drafts[p] !== undefined));
        const setAside = { ...now.setAside };
        const setAsideBy = { ...now.setAsideBy };
        for (const path of ['read', 'write'] as const) {
          const shown = drafts[path];
          const mine = now.drafts[path];
          if (shown === undefined || setAside[path] !== null || shown === mine) continue;
          if (STARTERS.has(mine)) continue;
          setAside[path] = mine;
          setAsideBy[path] = 'link';
        }
        set({
          drafts: { ...now.drafts, ...drafts },
          setAside,
          setAsideBy,
          isFromLink: true,
          isEditorOpen: true,
        });
      },

      // Once edited or run, the link's code is the learner's to keep: Back leaves it.
      leaveLink: () => {
        const before = beforeLink;
        beforeLink = null;
        if (before === null || !get().isFromLink || get().edits !== before.edits) return false;
        linkPaths = new Set();
        set({
          drafts: before.drafts,
          setAside: before.setAside,
          setAsideBy: before.setAsideBy,
          isFromLink: false,
        });
        return true;
      },

      restoreDrafts: (drafts) =>
        set({ drafts: { ...get().drafts, ...drafts }, setAside: { read: null, write: null } }),

      ...createChecks(host, compileIn, set, get),

      loadCounterexample: async (id) => {
        const challenge = CHALLENGES.find((c) => c.id === id);
        const verdict = get().verdicts[id];
        const source = get().checkedSources[id];
        if (!challenge || typeof verdict !== 'object' || !verdict.counterexample) return;
        if (source === undefined) return;
        const example: Counterexample = verdict.counterexample;
        const path = challenge.path;
        // The program the checker ran (it compiled then, so it compiles now), not the draft as
        // edited since nor the version last run: the page then says truly what runs.
        const result = await compileIn(path, source);
        if (!result.ok) {
          set({ errors: { ...get().errors, [path]: { error: result.error, line: result.line } } });
          return;
        }
        compiled[path]?.dispose();
        compiled[path] = result;
        await playCounterexample(sandbox, example, async () => {
          // The run uses exactly what the checker ran: the learner's path and ours for the other.
          const running = { read: null, write: null, [path]: source };
          set({ running });
          await swapPrograms([path]);
        });
      },
    };
  });
  // Until the learner edits it, each editor holds our program for the settings that choose ours
  // (the one the sandbox runs): Run then runs what ours does. Once edited, it is theirs.
  sandbox.subscribe((state, prev) => {
    if (state.config === prev.config) return;
    const { drafts, running } = store.getState();
    const next = { ...drafts };
    for (const path of ['read', 'write'] as const)
      if (running[path] === null && STARTERS.has(drafts[path]))
        next[path] = starterOf(path, state.config).source;
    if (next.read !== drafts.read || next.write !== drafts.write) store.setState({ drafts: next });
  });
  return store;
}
