// What the sandbox store hands the parts it is made of (its actions, split by what they do):
// each part's context is built from these, so a signature is written once.
import type { Scenario } from '../scenarios';
import type { SandboxConfig } from './sandboxConfig';
import type { Notice, RunCut, SandboxState } from './sandboxState';
import type { TimelineEntry } from './timeline';

/** Rebuilds the simulation from its config, the scenario setup and the first `cursor` entries. */
export type Rebuild = (
  config: SandboxConfig,
  sc: Scenario | undefined,
  timeline: TimelineEntry[],
  cursor: number,
) => Promise<void>;

/** Records what dropped timeline entries, as it happens (see `SandboxState.runCuts`). */
export type CutRun = (cause: RunCut['cause'], kept: number, isAfterBack?: boolean) => void;

/** Refuses what was asked with a notice, and returns the notice's text. */
export type Refuse = (text: string, tone?: Notice['tone'], topic?: Notice['topic']) => string;

/** A notice about the run shown (it goes once another scenario opens), and its id. */
export type NotifyAboutRun = (
  text: string,
  tone: Notice['tone'],
  topic?: Notice['topic'],
) => number;

/** Drops the notices on any of the topics (see {@link Notice.topic}). */
export type DropTopic = (...topics: NonNullable<Notice['topic']>[]) => void;

/** What every part that changes the run starts from: the store's state, its scenario, its rebuild. */
export interface StoreCore {
  get: () => SandboxState;
  set: (patch: Partial<SandboxState>) => void;
  scenario: () => Scenario | undefined;
  rebuild: Rebuild;
  notifyAboutRun: NotifyAboutRun;
}
