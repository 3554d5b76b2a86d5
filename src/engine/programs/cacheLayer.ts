import type { UserRow } from '../database';
import type { ReadMitigation } from './catalog';
import { FILL_IF_NEWER } from './readVersionedFill';
import { expiry, redis, type ProgramContext } from './steps';
import type { Step } from './types';

/** The same step, issued by the cache layer on the application's behalf (see `Step.via`). */
export const viaCache = (step: Step): Step => ({ ...step, via: 'cache' });

/** A write-behind write's store, sent by the cache layer: the write commits with it. */
export const commitInCache = (step: Step): Step =>
  step.target === 'redis' ? { ...step, via: 'cache', commitsWrite: true } : viaCache(step);

/** Write-behind's fallback UPDATE of the write its store committed in the cache: that write. */
export const writingStoredWrite = (step: Step): Step =>
  step.target === 'db' && step.op === 'update' ? { ...step, writesStoredWrite: true } : step;

/** The Redis list the write-behind cache queues writes in until the flusher takes them. */
export const WRITE_BEHIND_QUEUE = 'write-behind:queue';

/** A background job of the cache layer: it runs as its own process, beside the requests. */
export type BackgroundJob = { job: 'refresh'; id: number } | { job: 'flush' } | { job: 'cdc' };

/**
 * What a program of the cache layer can ask of it besides steps: start a background job (a
 * reload ahead of expiry, a flush of the write-behind queue), and whether one is under way.
 */
export interface CacheLayerContext extends ProgramContext {
  mitigation: ReadMitigation;
  /** Starts `job` unless the same job is already running; true when it started it. */
  spawn(job: BackgroundJob): boolean;
  /**
   * Takes the cache's own lock on an entry (true) or finds it held (false). A cache that owns
   * its entries updates one at a time; the lock is the cache process's, not a Redis key.
   */
  tryLock(key: string): boolean;
  unlock(key: string): void;
}

/** One queued write-behind entry: which row, and the changes the database has not had yet. */
export interface QueuedWrite {
  id: number;
  changes: Record<string, string>;
}

/**
 * How the cache layer stores a row: atomically, and only over an older version (the versioned
 * fill's script), so a slow loader or a late writer can never put an older row back over a
 * newer one. It is what a cache that owns its entries does by holding the entry's lock.
 */
export const storeIfNewer = (label: string, key: string, row: UserRow, ttlSeconds: number): Step =>
  redis(
    label,
    'EVAL',
    FILL_IF_NEWER,
    '1',
    key,
    JSON.stringify(row),
    String(row.version),
    ...expiry(ttlSeconds),
  );
