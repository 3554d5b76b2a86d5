import type { WorkloadConfig } from '../workloadConfig';
import type { InvalidationSource } from '../changeFeed';
import type { UserChanges } from '../database';
import type { BackgroundJob, CacheLayerContext } from './cacheLayer';
import { consumeChanges, type ChangeCaptureContext } from './changeCapture';
import {
  READ_PROGRAMS,
  WRITE_POLICY_EFFECTS,
  WRITE_PROGRAMS,
  type ReadMitigation,
  type WritePolicy,
} from './catalog';
import { readRefreshAhead, refreshEntry } from './refreshAhead';
import { readThrough } from './readThrough';
import { flushWriteBehind, writeBehind } from './writeBehind';
import { writeThrough } from './writeThrough';
import type { BackgroundResult, Program, ReadResult, WriteResult } from './types';

export const PATTERNS = [
  'cache-aside',
  'read-through',
  'write-through',
  'write-behind',
  'refresh-ahead',
] as const;
export type Pattern = (typeof PATTERNS)[number];

/** One caching pattern: what it is, and which source files hold its read and write paths. */
export interface PatternInfo {
  id: Pattern;
  /** What it is; cache-aside's says its reads only, {@link describePattern} adds its write. */
  description: string;
  /** The read and write programs' files (the code panel shows them). */
  readFile: string;
  writeFile: string;
  /** Whether it writes as cache-aside does, by the write policy (see {@link settingsInUse}). */
  usesPolicies: boolean;
}

/** The registry: the controls, the code panel and the CLI's help all read it. */
export const PATTERN_INFO: Record<Pattern, PatternInfo> = {
  'cache-aside': {
    id: 'cache-aside',
    description: 'the application reads the cache and loads from the database on a miss',
    readFile: 'readCacheAside.ts',
    writeFile: 'writePaths.ts',
    usesPolicies: true,
  },
  'read-through': {
    id: 'read-through',
    description:
      "the application reads the cache only; on a miss the cache layer, library code in the application's process (Redis never reads the database), loads the row from the database and stores it in Redis (writes as cache-aside)",
    readFile: 'readThrough.ts',
    writeFile: 'writePaths.ts',
    usesPolicies: true,
  },
  'write-through': {
    id: 'write-through',
    description:
      'reads as read-through; a write goes through the cache to the database, then the cache stores the new row',
    readFile: 'readThrough.ts',
    writeFile: 'writeThrough.ts',
    usesPolicies: false,
  },
  'write-behind': {
    id: 'write-behind',
    description:
      'reads as read-through; a write lands in the cache and a queue, and a flusher writes the database later, in batches',
    readFile: 'readThrough.ts',
    writeFile: 'writeBehind.ts',
    usesPolicies: false,
  },
  'refresh-ahead': {
    id: 'refresh-ahead',
    description:
      'reads as read-through, and an entry read near its expiry is reloaded in the background (writes as cache-aside)',
    readFile: 'refreshAhead.ts',
    writeFile: 'writePaths.ts',
    usesPolicies: true,
  },
};

/** Why the write policy is off under cdc, as the settings and a storyboard say it. */
export const CDC_POLICY_OFF =
  "the application's write only UPDATEs and the change log's consumer invalidates";

/**
 * Which of the write policy and the read mitigation a run uses (as `Runtime.start` picks its
 * programs): the write policy is cache-aside's write path, which read-through and refresh-ahead
 * share, except under cdc, where the application only UPDATEs; the read mitigation is
 * cache-aside's read path and, under cdc, whatever the pattern, what the change log's consumer
 * sends. The controls disable the others and the explorer leaves them out of its words.
 */
export function settingsInUse(
  pattern: Pattern,
  invalidation: InvalidationSource,
  yours: YourPaths = OURS,
): { writePolicy: boolean; readMitigation: boolean } {
  const isCdc = invalidation === 'cdc';
  return {
    writePolicy: PATTERN_INFO[pattern].usesPolicies && !isCdc && !yours.write,
    readMitigation: (pattern === 'cache-aside' && !yours.read) || isCdc,
  };
}

/**
 * What the application's write does to the cached key when it invalidates (`invalidation` app):
 * the write policy's effect, for the patterns that write as cache-aside does; otherwise the
 * pattern's own write path, or the learner's in place of ours.
 */
export function appWriteEffect(
  pattern: Pattern,
  writePolicy: WritePolicy,
  yours: YourPaths = OURS,
  doubleDeleteDelayMs?: number,
): string {
  if (yours.write) return 'is yours: it does what your code does';
  if (!PATTERN_INFO[pattern].usesPolicies) return `is ${pattern}'s own (see the pattern)`;
  return writePolicyEffect(writePolicy, doubleDeleteDelayMs);
}

/** What a write policy does to the cached key; double-delete's with its delay, when given. */
function writePolicyEffect(writePolicy: WritePolicy, doubleDeleteDelayMs?: number): string {
  if (writePolicy !== 'double-delete' || doubleDeleteDelayMs === undefined)
    return WRITE_POLICY_EFFECTS[writePolicy];
  const delay = doubleDeleteDelayMs.toLocaleString('en-US', { maximumFractionDigits: 20 });
  return `deletes the key before the UPDATE and removes the cached copy again ${delay} ms after it`;
}

/**
 * A pattern's description under these settings: cache-aside's ends with what its write does
 * to the cached key, from the write policy (under cdc, only the UPDATE: the consumer invalidates);
 * another's, with which of its paths the learner's code replaces.
 */
export function describePattern(
  pattern: Pattern,
  invalidation: InvalidationSource,
  writePolicy: WritePolicy,
  yours: YourPaths = OURS,
  doubleDeleteDelayMs?: number,
): string {
  const { description } = PATTERN_INFO[pattern];
  // The learner's path runs in place of the pattern's (`Runtime.start`): the line says so, since
  // what it says of that path (a write-behind write's queue and flusher) no longer happens.
  if (pattern !== 'cache-aside') {
    if (yours.read && yours.write)
      return `${description}; your read and write paths run in place of its own`;
    if (yours.read || yours.write) {
      const path = yours.read ? 'read' : 'write';
      return `${description}; your ${path} path runs in place of its ${path}`;
    }
    return description;
  }
  if (yours.write) return `${description}; on a write it runs your write path`;
  if (invalidation === 'cdc')
    return `${description}; on a write it only UPDATEs, and the change log's consumer removes the cached copy later`;
  return `${description}; on a write it ${writePolicyEffect(writePolicy, doubleDeleteDelayMs)}`;
}

/**
 * Which paths are the learner's own, running in place of ours (`Runtime.start`): a setting only
 * our path acts on takes no part where theirs runs.
 */
export interface YourPaths {
  read: boolean;
  write: boolean;
}
export const OURS: YourPaths = Object.freeze({ read: false, write: false });

/**
 * The read mitigation the programs act on: cache-aside's own (unless the learner's read path
 * runs in place of ours); under cdc, outside cache-aside or with the learner's read path,
 * only what it makes the change log's consumer send (the lease's DEL, a versioned tombstone,
 * else a plain DEL); `none` where it takes no part. Two runs whose settings give the same one
 * run the same programs.
 */
export function effectiveMitigation(
  pattern: Pattern,
  invalidation: InvalidationSource,
  mitigation: ReadMitigation,
  yours: YourPaths = OURS,
): ReadMitigation {
  if (pattern === 'cache-aside' && !yours.read) return mitigation;
  if (invalidation !== 'cdc') return 'none';
  return mitigation === 'lease' || mitigation === 'versioned-fill' ? mitigation : 'none';
}

/**
 * How a run's write policy or read mitigation takes part in it: `used`; `off`, where no value of
 * it would (see `settingsInUse`: another pattern's own path, cdc's UPDATE alone, the learner's
 * path in place of ours); `idle`, where the read mitigation chosen acts as none (see
 * `effectiveMitigation`: under cdc, where no cache-aside read path of ours reads, single-flight
 * and early-refresh leave the change log's consumer sending a plain DEL). The one test the
 * sandbox's controls, the explorer's words, the lab's notes and the CLI's policy line all make.
 */
export type SettingPart = 'used' | 'off' | 'idle';

export function settingPart(
  setting: 'writePolicy' | 'readMitigation',
  run: { pattern: Pattern; invalidation: InvalidationSource; readMitigation: ReadMitigation },
  yours: YourPaths = OURS,
): SettingPart {
  const inUse = settingsInUse(run.pattern, run.invalidation, yours);
  if (setting === 'writePolicy') return inUse.writePolicy ? 'used' : 'off';
  if (!inUse.readMitigation) return 'off';
  const acted = effectiveMitigation(run.pattern, run.invalidation, run.readMitigation, yours);
  return run.readMitigation !== 'none' && acted === 'none' ? 'idle' : 'used';
}

/**
 * Whether the application's write only UPDATEs (`writeUpdateOnly`): under cdc, for the patterns
 * that write as cache-aside does; the change log's consumer invalidates for them.
 * Write-through and write-behind keep their own write paths beside the consumer.
 */
export const writesUpdateOnly = (pattern: Pattern, invalidation: InvalidationSource): boolean =>
  invalidation === 'cdc' && PATTERN_INFO[pattern].usesPolicies;

/**
 * The settings of a run that take no part in it, so the CLI and the lab do not name them: the
 * write policy and read mitigation where `settingsInUse` says so (with the learner's paths in
 * place of ours, `yours`), a read mitigation that changes no program (`effectiveMitigation`), double-delete's delay under any other write policy, the lognormal
 * tail under the constant model, the consumer's settings without cdc, the eviction policy without a key limit.
 */
export function unusedSettings(
  config: WorkloadConfig,
  yours: YourPaths = OURS,
): Set<keyof WorkloadConfig> {
  const inUse = settingsInUse(config.pattern ?? 'cache-aside', config.invalidation, yours);
  const unused = new Set<keyof WorkloadConfig>();
  if (!inUse.writePolicy) unused.add('writePolicy');
  // The delay is double-delete's alone: under another policy, or none, nothing waits for it.
  // The learner's own write path gets it as `ctx.doubleDeleteDelayMs` whatever the policy.
  const isDoubleDelete = inUse.writePolicy && config.writePolicy === 'double-delete';
  if (!isDoubleDelete && !yours.write) unused.add('doubleDeleteDelayMs');
  // Under cdc another pattern's reads take no mitigation, and the consumer sends what it sends
  // under none for single-flight and early-refresh: those take no part in the run either.
  const run = { ...config, pattern: config.pattern ?? 'cache-aside' };
  if (settingPart('readMitigation', run, yours) !== 'used') unused.add('readMitigation');
  if (config.latencyModel === 'constant')
    for (const k of ['latencyTail', 'stallChance', 'stallMs'] as const) unused.add(k);
  if (config.invalidation !== 'cdc')
    for (const k of ['cdcDelayMs', 'cdcReorder', 'cdcLoss'] as const) unused.add(k);
  if (config.maxKeys === 0) unused.add('eviction');
  return unused;
}

/** Why the eviction policy takes no part while Max keys is 0, as the lab and the sandbox say it. */
export const UNBOUNDED_EVICTION_UNUSED =
  'Not used while Max keys is 0: an unbounded cache evicts nothing';

export interface PatternConfig {
  pattern: Pattern;
  writePolicy: WritePolicy;
  readMitigation: ReadMitigation;
}

/** The read program the application runs for a pattern (cache-aside: per mitigation). */
export function readProgramFor(
  config: PatternConfig,
  id: number,
  ctx: CacheLayerContext,
): Program<ReadResult> {
  switch (config.pattern) {
    case 'cache-aside':
      return READ_PROGRAMS[config.readMitigation](id, ctx);
    case 'refresh-ahead':
      return readRefreshAhead(id, ctx);
    default:
      return readThrough(id, ctx);
  }
}

/** The write program for a pattern (cache-aside, read-through, refresh-ahead: per write policy). */
export function writeProgramFor(
  config: PatternConfig,
  id: number,
  changes: UserChanges,
  ctx: CacheLayerContext,
): Program<WriteResult> {
  switch (config.pattern) {
    case 'write-through':
      return writeThrough(id, changes, ctx);
    case 'write-behind':
      return writeBehind(id, changes, ctx);
    default:
      return WRITE_PROGRAMS[config.writePolicy](id, changes, ctx);
  }
}

/** A background job's program. */
export function backgroundProgram(
  job: BackgroundJob,
  ctx: ChangeCaptureContext,
): Program<BackgroundResult> {
  if (job.job === 'cdc') return consumeChanges(ctx);
  return job.job === 'flush' ? flushWriteBehind(ctx) : refreshEntry(job.id, ctx);
}

/** The actor a background job runs as (the cache layer's own processes, the change consumer). */
export const backgroundActor = (job: BackgroundJob): string =>
  job.job === 'cdc' ? 'cdc' : job.job === 'flush' ? 'flusher' : 'refresher';

/** The job a finished background program ran. */
export const jobOf = (result: BackgroundResult): BackgroundJob =>
  result.job === 'refresh' ? { job: 'refresh', id: result.id } : { job: result.job };
