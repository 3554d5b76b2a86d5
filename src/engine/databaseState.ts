import type { RowContents } from './rowContents';
import type { SqlLogEntry } from './sqlLog';

/** A {@link Database} as data (see `saveState`). */
export interface DatabaseState {
  bytes: Uint8Array;
  pragmas: Record<string, number>;
  versions: Float64Array;
  commits: [id: number, versions: number[], times: number[]][];
  log: SqlLogEntry[];
  logSeq: number;
  counters: [
    reads: number,
    writes: number,
    consoleReads: number,
    consoleWrites: number,
    changeReads?: number,
    lastChangeIdRead?: number,
  ];
  /** Rows deleted and not put back, with when (see `deletedAtMs`). */
  deleted?: [id: number, atMs: number][];
  /** Rows left at a version they had reached before, with other contents (see `hasReusedVersion`). */
  reusedVersions?: number[];
  /** Rows set back below a version they had reached, with the highest (see `peakVersion`). */
  peakVersions?: [id: number, version: number][];
  /** The contents of each version committed, when kept (see `keepRowHistory`). */
  rowHistory?: [id: number, versions: [version: number, contents: RowContents][]][];
}
