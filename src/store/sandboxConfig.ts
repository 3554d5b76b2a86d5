import type { ReadMitigation, WritePolicy } from '../engine/programs/catalog';
import type { Pattern } from '../engine/programs/patterns';
import type { EvictionPolicy } from '../engine/cache';
import { DEFAULT_CHANGE_CAPTURE, type InvalidationSource } from '../engine/changeFeed';
import { DEFAULT_PROGRAM_SETTINGS } from '../engine/programs/types';
import type { SimConfig } from '../engine/simConfig';
import type { Scenario } from '../scenarios/types';
import { DEFAULT_LATENCY, LATENCY_TAIL_LIMITS, type LatencyModelName } from '../engine/latency';

/** Actor names, in the order actors are added. */
export const ACTOR_NAMES = ['A', 'B', 'C', 'D'] as const;
export const MIN_ACTORS = 1;
export const MAX_ACTORS = ACTOR_NAMES.length;

/**
 * What the learner can set; the rest of the engine config keeps its defaults. Each field is
 * checked by its line in `SANDBOX_FIELDS` (sandboxSchema.ts), wherever it comes from.
 */
export interface SandboxConfig {
  seed: number;
  actorCount: number;
  writePolicy: WritePolicy;
  /**
   * double-delete: the wait between its UPDATE and its second DEL, ms (it takes back a stale
   * fill only when longer than the reader's read-to-set time). The learner's code gets it as
   * `ctx.doubleDeleteDelayMs` whatever the policy.
   */
  doubleDeleteDelayMs: number;
  readMitigation: ReadMitigation;
  /** TTL set on fill; 0 means no expiry. */
  ttlSeconds: number;
  /** The caching pattern whose programs the actors run (cache-aside's own: write policy, mitigation). */
  pattern: Pattern;
  /** Most keys Redis may hold; 0 means no limit. */
  maxKeys: number;
  /** What Redis does when a new key would exceed `maxKeys`. */
  eviction: EvictionPolicy;
  /**
   * Who takes a plain Step: `manual` (the first actor with work; the learner picks with each
   * actor's own Step) or `timed` (the actor whose next step is due first; each step takes its
   * latency, so actors overlap).
   */
  scheduler: SandboxScheduler;
  /**
   * How each step's latency is drawn, seeded (the CLI's and the lab's model): `constant` (the
   * default here, so a story stepped by hand reads in round numbers, as scenarios are written)
   * or `lognormal`, with its tail (p99 over the median) and its rare stalls.
   */
  latencyModel: LatencyModelName;
  latencyTail: number;
  stallChance: number;
  stallMs: number;
  /**
   * A database read's median latency (ms; 2 by default, an assumption). A challenge's
   * counterexample sets it to what its check's run read at (the stampede's slow database).
   */
  dbLatency: number;
  /**
   * The number the run's lease and lock tokens are counted on from: 0, so the first request holds
   * `A-1`; a counterexample sets it to what its check's run counted from (the stampede's second
   * run: 10, so B holds B-11), as code may branch on a token's number.
   */
  tokensAfter: number;
  /** Who deletes a written key: the application after its UPDATE, or the change log's consumer. */
  invalidation: InvalidationSource;
  /**
   * Under cdc: the consumer's lag after a commit (ms), and the chances that it holds an
   * invalidation back (so a later one overtakes it) or drops it (seeded draws).
   */
  cdcDelayMs: number;
  cdcReorder: number;
  cdcLoss: number;
}

/** The engine's schedulers a learner can choose (`scripted` belongs to scenarios and tests). */
export const SANDBOX_SCHEDULERS = ['manual', 'timed'] as const;
export type SandboxScheduler = (typeof SANDBOX_SCHEDULERS)[number];

export const DEFAULT_SANDBOX_CONFIG: SandboxConfig = {
  seed: 1,
  actorCount: 2,
  writePolicy: 'invalidate',
  doubleDeleteDelayMs: DEFAULT_PROGRAM_SETTINGS.doubleDeleteDelayMs,
  readMitigation: 'none',
  ttlSeconds: 3600,
  pattern: 'cache-aside',
  maxKeys: 0,
  eviction: 'noeviction',
  scheduler: 'manual',
  latencyModel: 'constant',
  latencyTail: DEFAULT_LATENCY.latencyTail,
  stallChance: DEFAULT_LATENCY.stallChance,
  stallMs: DEFAULT_LATENCY.stallMs,
  dbLatency: DEFAULT_LATENCY.dbLatency,
  tokensAfter: 0,
  invalidation: 'app',
  cdcDelayMs: DEFAULT_CHANGE_CAPTURE.cdcDelayMs,
  cdcReorder: DEFAULT_CHANGE_CAPTURE.cdcReorder,
  cdcLoss: DEFAULT_CHANGE_CAPTURE.cdcLoss,
};

/**
 * The settings a scenario is written for, over `base` (the learner's others). Loading a
 * scenario, reading its link and writing its link all start from this.
 */
export function scenarioConfig(sc: Scenario, base: SandboxConfig): SandboxConfig {
  return {
    ...base,
    actorCount: sc.actors.length,
    writePolicy: sc.writePolicy,
    // Every scenario is told for the default delay ("500 ms after its UPDATE").
    doubleDeleteDelayMs: DEFAULT_PROGRAM_SETTINGS.doubleDeleteDelayMs,
    readMitigation: sc.readMitigation,
    ttlSeconds: sc.ttlSeconds,
    pattern: sc.pattern ?? 'cache-aside',
    invalidation: sc.invalidation ?? 'app',
    cdcDelayMs: sc.cdcDelayMs ?? DEFAULT_CHANGE_CAPTURE.cdcDelayMs,
    cdcReorder: DEFAULT_CHANGE_CAPTURE.cdcReorder,
    cdcLoss: DEFAULT_CHANGE_CAPTURE.cdcLoss,
    // What every scenario is written for: a learner's Timed scheduling or key limit from the
    // scenario before would take the next one off its script before its first step.
    scheduler: 'manual',
    latencyModel: 'constant',
    // The story's own database (a slow query), and tokens from A-1: a counterexample's slow
    // database or token numbering is its own run's, not a story's.
    dbLatency: sc.dbLatencyMs ?? DEFAULT_SANDBOX_CONFIG.dbLatency,
    tokensAfter: DEFAULT_SANDBOX_CONFIG.tokensAfter,
    maxKeys: DEFAULT_SANDBOX_CONFIG.maxKeys,
    eviction: DEFAULT_SANDBOX_CONFIG.eviction,
  };
}

/**
 * The latency tail's ranges, as the CLI and the lab take them (from latency.ts: importing the
 * workload module here would load the in-browser Redis before the page has prepared for it).
 */
export const LATENCY_LIMITS = LATENCY_TAIL_LIMITS;

export const MAX_TTL_SECONDS = 86_400 * 30;
/** Largest key limit offered: more than a lesson needs, small enough to watch keys go. */
export const MAX_KEYS_LIMIT = 1000;

export const actorNames = (count: number): string[] => ACTOR_NAMES.slice(0, count);

/**
 * The learner's actors a scenario's script names (setup and beats), in the order actors are
 * added. Actors come in that order, so the script needs as many as the last one it names: a
 * script naming B cannot run with A alone.
 */
export function scriptActors(sc: Scenario): (typeof ACTOR_NAMES)[number][] {
  const named = new Set<string>();
  for (const action of [...sc.setup, ...sc.beats.flatMap((b) => b.actions)])
    if ('actor' in action) named.add(action.actor);
  return ACTOR_NAMES.filter((name) => named.has(name));
}

/** The fewest actors a scenario's script runs with (see `scriptActors`). */
export function scriptActorCount(sc: Scenario): number {
  const last = scriptActors(sc).at(-1);
  return last === undefined ? MIN_ACTORS : ACTOR_NAMES.indexOf(last) + 1;
}

export function toSimConfig(config: SandboxConfig): Partial<SimConfig> {
  return {
    seed: config.seed,
    actors: actorNames(config.actorCount),
    writePolicy: config.writePolicy,
    readMitigation: config.readMitigation,
    settings: {
      ...DEFAULT_PROGRAM_SETTINGS,
      ttlSeconds: config.ttlSeconds,
      doubleDeleteDelayMs: config.doubleDeleteDelayMs,
    },
    pattern: config.pattern,
    maxKeys: config.maxKeys,
    eviction: config.eviction,
    scheduler: config.scheduler,
    latencyModel: config.latencyModel,
    latencyTail: config.latencyTail,
    stallChance: config.stallChance,
    stallMs: config.stallMs,
    dbLatency: config.dbLatency,
    tokensAfter: config.tokensAfter,
    invalidation: config.invalidation,
    cdcDelayMs: config.cdcDelayMs,
    cdcReorder: config.cdcReorder,
    cdcLoss: config.cdcLoss,
  };
}
