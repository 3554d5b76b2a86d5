import {
  READ_MITIGATIONS,
  WRITE_POLICIES,
  type ReadMitigation,
  type WritePolicy,
} from '../engine/programs/catalog';
import { EVICTION_POLICIES, type EvictionPolicy } from '../engine/cache';
import { DEFAULT_PROGRAM_SETTINGS } from '../engine/programs/types';
import type { SimConfig } from '../engine/simulation';
import {
  DEFAULT_LATENCY,
  LATENCY_MODELS,
  LATENCY_TAIL_LIMITS,
  type LatencyModelName,
} from '../engine/latency';

/** Actor names, in the order actors are added. */
export const ACTOR_NAMES = ['A', 'B', 'C', 'D'] as const;
export const MIN_ACTORS = 1;
export const MAX_ACTORS = ACTOR_NAMES.length;

/** What the learner can set; the rest of the engine config keeps its defaults. */
export interface SandboxConfig {
  seed: number;
  actorCount: number;
  writePolicy: WritePolicy;
  readMitigation: ReadMitigation;
  /** TTL set on fill; 0 means no expiry. */
  ttlSeconds: number;
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
}

/** The engine's schedulers a learner can choose (`scripted` belongs to scenarios and tests). */
export const SANDBOX_SCHEDULERS = ['manual', 'timed'] as const;
export type SandboxScheduler = (typeof SANDBOX_SCHEDULERS)[number];

export const DEFAULT_SANDBOX_CONFIG: SandboxConfig = {
  seed: 1,
  actorCount: 2,
  writePolicy: 'invalidate',
  readMitigation: 'none',
  ttlSeconds: 3600,
  maxKeys: 0,
  eviction: 'noeviction',
  scheduler: 'manual',
  latencyModel: 'constant',
  latencyTail: DEFAULT_LATENCY.latencyTail,
  stallChance: DEFAULT_LATENCY.stallChance,
  stallMs: DEFAULT_LATENCY.stallMs,
};

/**
 * The latency tail's ranges, as the CLI and the lab take them (from latency.ts: importing the
 * workload module here would load the in-browser Redis before the page has prepared for it).
 */
export const LATENCY_LIMITS = LATENCY_TAIL_LIMITS;

export const MAX_TTL_SECONDS = 86_400 * 30;
/** Largest key limit offered: more than a lesson needs, small enough to watch keys go. */
export const MAX_KEYS_LIMIT = 1000;

export const actorNames = (count: number): string[] => ACTOR_NAMES.slice(0, count);

export function toSimConfig(config: SandboxConfig): Partial<SimConfig> {
  return {
    seed: config.seed,
    actors: actorNames(config.actorCount),
    writePolicy: config.writePolicy,
    readMitigation: config.readMitigation,
    settings: { ...DEFAULT_PROGRAM_SETTINGS, ttlSeconds: config.ttlSeconds },
    maxKeys: config.maxKeys,
    eviction: config.eviction,
    scheduler: config.scheduler,
    latencyModel: config.latencyModel,
    latencyTail: config.latencyTail,
    stallChance: config.stallChance,
    stallMs: config.stallMs,
  };
}

export const isWritePolicy = (v: unknown): v is WritePolicy =>
  typeof v === 'string' && (WRITE_POLICIES as readonly string[]).includes(v);
export const isEvictionPolicy = (v: unknown): v is EvictionPolicy =>
  typeof v === 'string' && (EVICTION_POLICIES as readonly string[]).includes(v);
export const isScheduler = (v: unknown): v is SandboxScheduler =>
  typeof v === 'string' && (SANDBOX_SCHEDULERS as readonly string[]).includes(v);
export const isLatencyModel = (v: unknown): v is LatencyModelName =>
  typeof v === 'string' && (LATENCY_MODELS as readonly string[]).includes(v);
export const isReadMitigation = (v: unknown): v is ReadMitigation =>
  typeof v === 'string' && (READ_MITIGATIONS as readonly string[]).includes(v);

/**
 * Checks a partial config from a script or a URL. Returns the merged config, or the reason the
 * first bad field was refused (nothing is applied then).
 */
export function mergeConfig(
  base: SandboxConfig,
  patch: Partial<SandboxConfig>,
): { config: SandboxConfig } | { error: string } {
  const next = { ...base };
  if (patch.writePolicy !== undefined) {
    if (!isWritePolicy(patch.writePolicy))
      return {
        error: `unknown write policy "${String(patch.writePolicy)}" (valid: ${WRITE_POLICIES.join(', ')})`,
      };
    next.writePolicy = patch.writePolicy;
  }
  if (patch.readMitigation !== undefined) {
    if (!isReadMitigation(patch.readMitigation))
      return {
        error: `unknown read mitigation "${String(patch.readMitigation)}" (valid: ${READ_MITIGATIONS.join(', ')})`,
      };
    next.readMitigation = patch.readMitigation;
  }
  if (patch.ttlSeconds !== undefined) {
    const t = patch.ttlSeconds;
    if (!Number.isInteger(t) || t < 0 || t > MAX_TTL_SECONDS)
      return { error: `TTL must be a whole number of seconds from 0 to ${MAX_TTL_SECONDS}` };
    next.ttlSeconds = t;
  }
  if (patch.maxKeys !== undefined) {
    const n = patch.maxKeys;
    if (!Number.isInteger(n) || n < 0 || n > MAX_KEYS_LIMIT)
      return { error: `max keys must be a whole number from 0 (no limit) to ${MAX_KEYS_LIMIT}` };
    next.maxKeys = n;
  }
  if (patch.eviction !== undefined) {
    if (!isEvictionPolicy(patch.eviction))
      return {
        error: `unknown eviction policy "${String(patch.eviction)}" (valid: ${EVICTION_POLICIES.join(', ')})`,
      };
    next.eviction = patch.eviction;
  }
  if (patch.scheduler !== undefined) {
    if (!isScheduler(patch.scheduler))
      return {
        error: `unknown scheduler "${String(patch.scheduler)}" (valid: ${SANDBOX_SCHEDULERS.join(', ')})`,
      };
    next.scheduler = patch.scheduler;
  }
  if (patch.latencyModel !== undefined) {
    if (!isLatencyModel(patch.latencyModel))
      return {
        error: `unknown latency model "${String(patch.latencyModel)}" (valid: ${LATENCY_MODELS.join(', ')})`,
      };
    next.latencyModel = patch.latencyModel;
  }
  for (const field of ['latencyTail', 'stallChance', 'stallMs'] as const) {
    const v = patch[field];
    if (v === undefined) continue;
    const { min, max } = LATENCY_LIMITS[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
      return { error: `${field} must be a number from ${min} to ${max}` };
    next[field] = v;
  }
  if (patch.actorCount !== undefined) {
    const n = patch.actorCount;
    if (!Number.isInteger(n) || n < MIN_ACTORS || n > MAX_ACTORS)
      return { error: `actors must be from ${MIN_ACTORS} to ${MAX_ACTORS}` };
    next.actorCount = n;
  }
  if (patch.seed !== undefined) {
    const s = patch.seed;
    if (!Number.isInteger(s) || s < 0 || s > 2 ** 31)
      return { error: 'seed must be a whole number from 0 to 2147483648' };
    next.seed = s;
  }
  return { config: next };
}
