import type { SqlJsStatic } from 'sql.js';
import type { UserChanges } from '../engine/database';
import type { ProgramOverrides } from '../engine/programs/learner';
import { OURS, type YourPaths } from '../engine/programs/patterns';
import type { SimSnapshot } from '../engine/simSnapshot';
import type { StepEvent } from '../engine/stepEvent';
import type { ConsoleReply, SqlConsoleResult } from './consoleFormat';
import type { NextStepPreview } from './nextStep';
import { DEFAULT_SANDBOX_CONFIG, type SandboxConfig } from './sandboxConfig';
import type { OutcomeState } from './scriptSettings';
import type { ConsoleLine, TimelineEntry, TimelineInput } from './timeline';
import type { MalformedAction } from './linkRun';

export interface Notice {
  id: number;
  text: string;
  tone: 'info' | 'error';
  /**
   * The scenario whose run it speaks of (null: free play's), when it speaks of a run: it goes
   * once another scenario opens. Absent for a notice that stays true whatever is on screen (a
   * link's settings, the code, storage).
   */
  aboutRunOf?: string | null;
  /**
   * What it reports the state of, when a newer notice on it makes it untrue (`'code'`: what Run
   * my version or Reset to ours did): that notice replaces it, so a failed Run is not still said
   * once the code runs; `'reset'`: what the last Reset cleared, so resets in a row leave one
   * notice, the last, not a pile of them over the presenter's stage; `setting:<key>`: a value of
   * that setting refused, which goes once a value of it is taken (the control shows it) or refused
   * again; `'request'`: a request's user id refused, which goes once a request starts;
   * `'script'`: that the settings changed leave the scenario's script as authored, its story and
   * verdict standing, which goes once something done between its beats takes the run off it;
   * `'replay'`: that a counterexample is loaded under its check's settings, which goes once the
   * learner's own are restored or another counterexample is loaded.
   */
  topic?: 'code' | 'reset' | 'request' | 'script' | 'replay' | `setting:${string}`;
  /**
   * It said how the run was when a press was refused ("No key in Redis has a TTL"): it goes once
   * the run changes, where it may no longer be so.
   */
  isAboutRunState?: true;
}

/** A Redis console line and its reply; derived from the timeline, so Back takes it away. */
export type RedisConsoleEntry = ConsoleLine<ConsoleReply>;
/** A SQL console statement and its result; derived from the timeline like the Redis one. */
export type SqlConsoleEntry = ConsoleLine<SqlConsoleResult>;

/** A run a Reset cleared, as it was, and the notice that offers to put it back. */
export interface UndoableReset {
  scenarioId: string | null;
  timeline: TimelineEntry[];
  cursor: number;
  noticeId: number;
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
  /** Engine commands sent by the scenario's setup, before the first Step. */
  baseCommands: number;
  /** Scenario beats applied. */
  beat: number;
  outcome: OutcomeState | null;
  /**
   * Timeline entries the outcome judges: the end of the script (its last beat, and the steps
   * that finished its requests), the entries after it being free play; null before its end.
   */
  judgedAt: number | null;
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
  /** The console lines among the applied timeline entries (recomputed on every change). */
  redisConsole: RedisConsoleEntry[];
  sqlConsole: SqlConsoleEntry[];
  /** Bumped on every applied change; the automation API waits for the page to render it. */
  revision: number;
  /**
   * The run a Reset cleared, until something else happens: its notice offers to put it back (a
   * stray R during a class must not cost the run).
   */
  undoableReset: UndoableReset | null;
  /**
   * The Reset the last Undo reset took back (the run as it was before it, entries as they were),
   * so what a Reset cleared beside the run (the quiz's verdict) can come back with it.
   */
  undoneReset: UndoableReset | null;
  /**
   * The loaded scenario's settings were changed, and the changes make no difference to its
   * script: played under the settings shown, it gives the engine's very events (each command,
   * reply and verdict), counters and stores it gives under its own (see scriptTrace.ts). Its
   * story and verdict then stand. False on the scenario's own settings, and in free play.
   */
  isScriptRunAsAuthored: boolean;
  /** The learner's paths running in place of ours; the programs themselves are kept apart. */
  yourPaths: YourPaths;
  /** The run of the link the page opened, and what the page made of it (see `LinkRun`). */
  linkRun: LinkRun | null;
  /**
   * The learner's settings before a counterexample's replay set its check's (`openReplay`):
   * Restore my settings puts them back, and so does opening a scenario or free play from the
   * replay. Null when no replay set them aside, or once they are back. A new object each time a
   * replay opens (the address takes a history entry for each), the settings those before the
   * first.
   */
  settingsBeforeReplay: { config: SandboxConfig } | null;
  /**
   * What started the run afresh or replaced part of it, newest last (the latest `MAX_RUN_CUTS`):
   * what a grid explored before says took its requests away, as it happened, not guessed from
   * the run now (an empty timeline is no Reset, a timeline with entries no Back).
   */
  runCuts: RunCut[];
}

/** How many `runCuts` are kept: a grid's summary names the newest that left its requests. */
export const MAX_RUN_CUTS = 32;

/**
 * One change that dropped timeline entries: Reset, a scenario opened (free play too), another
 * view of the browser's history opened, an input after Back (the steps to redo replaced), or a
 * setting or program change: one that could not replay the run and started it over, or one after
 * Back, which drops the steps to redo (`isAfterBack`; `kept` is the cursor then).
 */
export interface RunCut {
  /** Counts up across the page's life: a grid keeps the newest it saw, to tell the later ones. */
  serial: number;
  /** `schedule`: an interleaving loaded (`loadSchedule`) in place of the steps after `kept`. */
  cause: 'reset' | 'scenario' | 'view' | 'input' | 'settings' | 'programs' | 'schedule';
  /** The timeline entries it kept (0: the run started afresh). */
  kept: number;
  /** The scenario the run is in after it (null: free play). */
  scenarioId: string | null;
  /** A setting or program change after Back: it dropped the steps to redo, no restart. */
  isAfterBack?: true;
}

/**
 * A link's run as it came, and what the page showed once it replayed it under our programs: the
 * timeline, position and settings then. The link's run is still the one shown while those are
 * the store's own (compared by identity: any action since replaced one of them), and then
 * Run my version replays the whole of it with the learner's code, and the address of a link
 * carrying code keeps it as it came: the sender's code may take more steps than ours, so the
 * replay under ours can stop short, and a reload must not cut the run down to what was replayed.
 */
export interface LinkRun {
  inputs: readonly TimelineInput[];
  at: number | undefined;
  timeline: readonly TimelineEntry[];
  cursor: number;
  config: SandboxConfig;
  /** The link carries code (`InitialView.keepsRun`): the address keeps its run as it came. */
  keepsRun: boolean;
  /** The notice saying where the replay stopped short, if it did. */
  noticeId: number | null;
  /** The link's malformed action after `inputs`, where its run ended (`InitialView.malformed`). */
  malformed?: MalformedAction;
}

/** The link's run, while the page still shows what it made of it and nothing was done since. */
export function shownLinkRun(
  s: Pick<SandboxState, 'timeline' | 'cursor' | 'config'> & Partial<Pick<SandboxState, 'linkRun'>>,
): LinkRun | null {
  const run = s.linkRun ?? null;
  return run !== null &&
    run.timeline === s.timeline &&
    run.cursor === s.cursor &&
    run.config === s.config
    ? run
    : null;
}

/**
 * What one Step press did: it stepped; the page refused it (`refusal`, the text of the notice
 * that says why); or the run has no Step left, the end of a run, which the page shows no notice
 * for (Step is disabled there).
 */
export type PressOutcome =
  { type: 'stepped' } | { type: 'refused'; refusal: string } | { type: 'nothingToStep' };

export interface SandboxActions {
  start(SQL: SqlJsStatic, initial?: InitialView): Promise<void>;
  /** Opens a view as a link would (the browser's Back and Forward): its scenario, settings and run. */
  openView(view: InitialView): Promise<void>;
  /** Opens a scenario (null: free play) from its start; its refusal, or null once open. */
  loadScenario(id: string | null): Promise<string | null>;
  /**
   * Opens free play under a counterexample's settings, with no run yet, setting the learner's
   * aside (`settingsBeforeReplay`); its refusal, or null once open.
   */
  openReplay(config: SandboxConfig): Promise<string | null>;
  /** Puts back the settings a counterexample's replay set aside; its refusal, or null. */
  restoreSettings(): Promise<string | null>;
  reset(): Promise<void>;
  /** Puts back the run the last Reset cleared, if nothing happened since; false otherwise. */
  undoReset(): Promise<boolean>;
  step(): Promise<boolean>;
  /** One Step press, as `step()`, resolving to what it did. */
  press(): Promise<PressOutcome>;
  back(): Promise<boolean>;
  seekStep(step: number): Promise<void>;
  /**
   * These resolve to their refusal (the text of the notice the page shows for it), or null once
   * done: a caller reports this call's refusal, never whichever notice happens to be last.
   */
  stepActor(actor: string): Promise<string | null>;
  startRead(actor: string, id: number): Promise<string | null>;
  startWrite(actor: string, id: number, changes: UserChanges): Promise<string | null>;
  advanceClock(ms: number): Promise<string | null>;
  advanceToNextExpiry(): Promise<string | null>;
  setCacheAvailable(isUp: boolean): Promise<string | null>;
  restartCache(): Promise<string | null>;
  runRedis(line: string): Promise<ConsoleReply>;
  runSql(statement: string): Promise<SqlConsoleResult>;
  /**
   * Resolves once every input sent before it has run and the panels show it (a console's
   * `clear` clears the lines sent before it, replies included, not only those answered yet).
   */
  settled(): Promise<void>;
  /** Puts the seeded users table back (everything the console changed in SQLite is undone). */
  resetDatabase(): Promise<string | null>;
  /**
   * Goes back to the first `cursor` timeline entries and queues `actors` as the steps after
   * them, ready for Step to take one by one (how the explorer loads an interleaving).
   */
  loadSchedule(cursor: number, actors: readonly string[]): Promise<boolean>;
  /**
   * Applies settings, each checked by its schema; resolves to the refusal, or null. A field may
   * pass the text a person typed when it is no number, so the refusal quotes it.
   */
  configure(patch: { [K in keyof SandboxConfig]?: SandboxConfig[K] | string }): Promise<
    string | null
  >;
  /** What the next Step press will send, played on a copy of the run (see `nextStep.ts`). */
  previewNextStep(): Promise<NextStepPreview>;
  /**
   * The next Step press played on a copy of the run: the events it sends, the snapshot after
   * it and the actors whose new request waited behind their own unfinished one (null when no
   * press can be made). The quiz reads from it whether a question can be
   * answered at all in the run shown; the run itself is untouched. With `ahead`, the press
   * after that many more (`playNextPressOnCopy`).
   */
  previewNextPress(ahead?: number): Promise<{
    events: StepEvent[];
    after: SimSnapshot;
    queued: string[];
  } | null>;
  play(): void;
  pause(): void;
  setSpeed(speed: number): void;
  setLogFilter(actor: string): void;
  /** Shows a notice (the latest four are kept); resolves to its id, for dismissing it later. */
  notify(text: string, tone?: Notice['tone'], topic?: Notice['topic']): number;
  /**
   * Shows a notice about the run shown (a refused call or request, a question to answer first):
   * it goes once another scenario opens, where it would no longer be true.
   */
  notifyAboutRun(text: string, tone?: Notice['tone'], topic?: Notice['topic']): number;
  dismissNotice(id: number): void;
  /**
   * Runs the learner's own read or write path (or ours again, with null) from now on: the run
   * is rebuilt from the seed with them, keeping its history.
   */
  usePrograms(programs: ProgramOverrides | null): Promise<void>;
}

/** Where the page starts: from the URL, or defaults. */
export interface InitialView {
  scenarioId: string | null;
  config: SandboxConfig;
  /** What the learner did, replayed in order (a shared link's position). */
  inputs: TimelineInput[];
  /**
   * How many of `inputs` the view shows (absent: all). The rest are what Back stepped over:
   * replayed so that the view has them to redo, as the page the link was made on had.
   */
  at?: number;
  /**
   * The link carries code its run was made with (the code runs only on Run my version, so the
   * replay under ours may stop short): the address keeps the run as it came (`LinkRun`).
   */
  keepsRun?: boolean;
  /**
   * The link's action after `inputs` was malformed: the replay ends there, as at an action it
   * refuses, and says which and why.
   */
  malformed?: MalformedAction;
  /**
   * The learner's settings a counterexample's replay set aside, which its history entry keeps:
   * the browser's Forward back to the replay sets them aside again, Restore my settings with them.
   */
  setAside?: SandboxConfig;
}

export const initialState: SandboxState = {
  status: 'loading',
  failure: null,
  config: DEFAULT_SANDBOX_CONFIG,
  scenarioId: null,
  snapshot: null,
  timeline: [],
  cursor: 0,
  baseCommands: 0,
  beat: 0,
  outcome: null,
  judgedAt: null,
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
  undoableReset: null,
  undoneReset: null,
  isScriptRunAsAuthored: false,
  yourPaths: OURS,
  linkRun: null,
  settingsBeforeReplay: null,
  runCuts: [],
};
