import type { ReadMitigation, WritePolicy } from '../engine/programs/catalog';
import type { Pattern } from '../engine/programs/patterns';
import type { InvalidationSource } from '../engine/changeFeed';
import type { SimAction } from '../engine/simAction';
import type { SimSnapshot } from '../engine/simSnapshot';
import type { BeatQuiz } from './quiz';

/** One press of Step while a scenario plays: what happens, and what the narration says about it. */
export interface ScenarioBeat {
  /** Applied in order; usually enqueue a program and/or take one step. */
  actions: SimAction[];
  /** Shown after the beat ran: explains the command it just sent and the reply it got. */
  narration: string;
  /** Speaker notes for a teacher presenting this beat (presenter mode, storyboards). */
  notes?: string;
  /** Quiz mode asks this before the beat runs; the engine's run of the beat gives the answer. */
  quiz?: BeatQuiz;
}

/** The end state a scenario promises, judged by the engine's own snapshot. */
export interface ScenarioOutcome {
  /** What should be true at the end, in the learner's words. */
  description: string;
  /** True when the run ended as described: judged on what the run did (events, counters). */
  isMet: (snapshot: SimSnapshot) => boolean;
  /**
   * The description speaks of what the stores hold at the end, not only of what happened: a
   * console line (or restart, clock move) after the last beat leaves it without a verdict.
   */
  isAboutStoresNow?: boolean;
}

/** A setting a scenario invites the learner to try, and what it promises under it. */
export interface ScenarioVariant {
  /** The settings that differ from the scenario's own (each named field must match). */
  settings: Partial<Pick<Scenario, 'writePolicy' | 'readMitigation' | 'pattern' | 'invalidation'>>;
  outcome: ScenarioOutcome;
}

/**
 * A guided story: its actors and settings, actions that prepare the stage (applied at load,
 * before the first Step), the beats a learner steps through, and the outcome checked at the end.
 */
export interface Scenario {
  id: string;
  title: string;
  /**
   * The title quiz mode shows while questions remain, when `title` answers one of them (this
   * scenario's or another's in the same list: "Cold read, then a hit"); absent when it answers none.
   */
  quizTitle?: string;
  /**
   * The id quiz mode's address and links name the scenario by, when `id` says a word its quiz
   * title leaves out ("cold-read" beside "hit or miss?"). A link with either id opens it.
   */
  quizId?: string;
  /** One line for the picker. */
  summary: string;
  actors: string[];
  writePolicy: WritePolicy;
  readMitigation: ReadMitigation;
  ttlSeconds: number;
  /** The caching pattern the story runs under (cache-aside unless given). */
  pattern?: Pattern;
  /**
   * The database's median read latency in ms, when the story needs it other than the default
   * (a slow query that makes a miss expensive). Stated in the narration as an assumption.
   */
  dbLatencyMs?: number;
  /** Who invalidates after a write (default `app`: the write path itself). */
  invalidation?: InvalidationSource;
  /** The change consumer's lag, ms, when the story needs one (stated in its narration). */
  cdcDelayMs?: number;
  /** Narration shown before the first Step. */
  intro: string;
  /** Speaker notes for the screen before the first Step. */
  introNotes?: string;
  setup: SimAction[];
  beats: ScenarioBeat[];
  outcome: ScenarioOutcome;
  /** What the scenario expects under each setting it invites (the banner judges the one shown). */
  variants?: ScenarioVariant[];
}
