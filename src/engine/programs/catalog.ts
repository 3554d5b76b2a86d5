import type { UserChanges } from '../database';
import { readEarlyRefresh } from './readEarlyRefresh';
import { readSingleFlight } from './readSingleFlight';
import { readCacheAside } from './readCacheAside';
import { readVersionedFill } from './readVersionedFill';
import { readWithLease } from './readWithLease';
import type { ProgramContext } from './steps';
import type { Program, ReadResult, WriteResult } from './types';
import {
  writeDeleteFirst,
  writeDoubleDelete,
  writeInvalidate,
  writeTtlOnly,
  writeUpdateCache,
  type WriteContext,
} from './writePaths';

export const WRITE_POLICIES = [
  'invalidate',
  'update-cache',
  'ttl-only',
  'delete-first',
  'double-delete',
] as const;
export type WritePolicy = (typeof WRITE_POLICIES)[number];

export const READ_MITIGATIONS = [
  'none',
  'lease',
  'versioned-fill',
  'single-flight',
  'early-refresh',
] as const;
export type ReadMitigation = (typeof READ_MITIGATIONS)[number];

type ReadProgram = (id: number, ctx: ProgramContext) => Program<ReadResult>;
type WriteProgram = (id: number, changes: UserChanges, ctx: WriteContext) => Program<WriteResult>;

/** The read path the application runs under each mitigation. */
export const READ_PROGRAMS: Record<ReadMitigation, ReadProgram> = {
  none: readCacheAside,
  lease: readWithLease,
  'versioned-fill': readVersionedFill,
  'single-flight': readSingleFlight,
  'early-refresh': readEarlyRefresh,
};

/** The write path the application runs under each policy. */
export const WRITE_PROGRAMS: Record<WritePolicy, WriteProgram> = {
  invalidate: writeInvalidate,
  'update-cache': writeUpdateCache,
  'ttl-only': writeTtlOnly,
  'delete-first': writeDeleteFirst,
  'double-delete': writeDoubleDelete,
};

/**
 * What each policy's write does to the cached key, as the controls say it after "the write
 * path" (the Invalidation select) or "on a write" (the pattern's line). "Removes the cached
 * copy" covers the DEL and, under versioned fills, the tombstone that replaces the row.
 */
export const WRITE_POLICY_EFFECTS: Record<WritePolicy, string> = {
  invalidate: 'removes the cached copy after the UPDATE',
  'update-cache': 'sets the new row in the key after the UPDATE',
  'ttl-only': 'only UPDATEs: the cached copy waits for its TTL',
  'delete-first': 'deletes the key before the UPDATE',
  'double-delete':
    'deletes the key before the UPDATE and removes the cached copy again a delay after it',
};

/** Which source file holds each program, for the code panel (it shows that file as the engine runs it). */
export const READ_PROGRAM_FILES: Record<ReadMitigation, string> = {
  none: 'readCacheAside.ts',
  lease: 'readWithLease.ts',
  'versioned-fill': 'readVersionedFill.ts',
  'single-flight': 'readSingleFlight.ts',
  'early-refresh': 'readEarlyRefresh.ts',
};
