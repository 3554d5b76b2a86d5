import type { UserChanges, UserRow } from '../database';
import { versionOf } from '../rowVersion';
import type { ProgramSettings, ReadResult, Step, WriteResult } from './types';

/** One Redis command, written as redis-cli would show it. */
export const redis = (label: string, ...argv: string[]): Step => ({ target: 'redis', label, argv });
/** `SELECT * FROM users WHERE id = ?` */
export const selectUser = (label: string, id: number): Step => ({
  target: 'db',
  label,
  op: 'select',
  id,
});
/** `UPDATE users SET ..., version = version + 1 WHERE id = ?` */
export const updateUser = (label: string, id: number, changes: UserChanges): Step => ({
  target: 'db',
  label,
  op: 'update',
  id,
  changes,
});
/** Do nothing for `ms` of virtual time. */
export const pause = (label: string, ms: number): Step => ({ target: 'wait', label, ms });

const keyStrings: string[] = [];
/**
 * `user:<id>`. Made once per id and reused, as an application would keep its key strings: a
 * fresh string per request costs a hash in every map it meets (ours and ioredis-mock's).
 */
export function cacheKey(id: number): string {
  if (id >= 0 && id < 1_048_576 && Number.isInteger(id)) return (keyStrings[id] ??= `user:${id}`);
  return `user:${id}`;
}

/** `EX <ttl>` when the TTL is set, nothing when the entry should never expire. */
export const expiry = (ttlSeconds: number): string[] =>
  ttlSeconds > 0 ? ['EX', String(ttlSeconds)] : [];

/** What a program can ask of its environment besides steps: settings, a unique token, a coin. */
export interface ProgramContext {
  settings: ProgramSettings;
  /** Unique per program run: lease and lock tokens. */
  token: string;
  /** Seeded uniform [0, 1) (early refresh draws from it). */
  random(): number;
}

export { versionOf };

export const readResult = (
  id: number,
  row: UserRow | null,
  isHit: boolean,
  filledVersion: number | null,
  hadCacheError = false,
): ReadResult => ({
  kind: 'read',
  key: cacheKey(id),
  id,
  row,
  version: row?.version ?? 0,
  isHit,
  hadCacheError,
  filledVersion,
});

/**
 * A hit: the user is the cached JSON. Only its version is read at once; the JSON is parsed when
 * someone first looks at the row (long timed runs never need it, so they skip the parse).
 */
class HitResult implements ReadResult {
  readonly kind = 'read';
  readonly key: string;
  readonly isHit = true;
  readonly hadCacheError = false;
  readonly filledVersion = null;
  private parsed: UserRow | undefined;
  private scanned = -1;

  constructor(
    readonly id: number,
    private readonly cached: string,
  ) {
    this.key = cacheKey(id);
  }

  get version(): number {
    if (this.scanned < 0) this.scanned = versionOf(this.cached);
    return this.scanned;
  }

  get row(): UserRow {
    this.parsed ??= JSON.parse(this.cached) as UserRow;
    return this.parsed;
  }
}

export const hitResult = (id: number, cached: string): ReadResult => new HitResult(id, cached);

export const writeResult = (
  id: number,
  row: UserRow | null,
  isInvalidationLost: boolean,
  hadCacheError = isInvalidationLost,
): WriteResult => ({
  kind: 'write',
  key: cacheKey(id),
  id,
  row,
  isInvalidationLost,
  hadCacheError,
});
