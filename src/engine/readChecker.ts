import type { Cache } from './cache';
import type { VirtualClock } from './clock';
import { storedBy, storerText, type Storer } from './commandLog';
import { copyDiff, NO_SUCH_COLUMN } from './copyDiff';
import { type Database, type UserRow } from './database';
import { USER_COLUMNS } from './userSeed';
import type { EngineConfig } from './engineConfig';
import type { PatternLedger } from './patternLedger';
import { cacheKey, versionOf } from './programs/steps';
import type { ProgramOverrides } from './programs/learner';
import type { BackgroundResult, ProgramResult } from './programs/types';
import type { StepEvent } from './stepEvent';

/** The checker's verdict on a finished read. */
export interface ReadVerdict {
  version: number;
  committedVersion: number;
  isStale: boolean;
  /** How long the returned version had been out of date when the read returned, ms. */
  stalenessMs: number;
  /**
   * The database no longer holds the row (another process deleted it): the read returned a copy
   * that outlived it. Such a copy is stale when the delete came before the read began. Absent
   * while the row is there.
   */
  isRowDeleted?: true;
  /**
   * A hit on a copy other than the row the database holds, which versions alone call fresh: a
   * version ahead of the row's (a console SET one, or set the row's back), or the row's version
   * with other fields. Stale, with no staleness time: no commit superseded it.
   */
  isUnlikeRow?: true;
  /**
   * With {@link isUnlikeRow} at the row's version: the fields the copy has other than the row's
   * ([field, copy's value, row's value]), as the checker found them when the read returned, so
   * the step that ends the read names them whichever command it is (refresh-ahead's PTTL).
   */
  otherFields?: [field: string, copy: string, row: string][];
  /**
   * A hit on a version ahead of the row's that a write of the row still running may commit (its
   * code set the cache before its UPDATE committed, the key badged AHEAD): a read ahead of the
   * database, a dirty read, not a stale one. Absent otherwise.
   */
  isReadAhead?: true;
  /**
   * A hit on a version ahead of the row's that the row held when the read began: the SQL console
   * set the row back while the read was in flight, so the read may return either and is not
   * stale, though the copy is (its STALE badge). Absent otherwise.
   */
  isSetBackInFlight?: true;
  /**
   * A stale read's version committed when the read began, when a newer one (`committedVersion`)
   * was committed while it was in flight. Absent otherwise.
   */
  committedAtStart?: number;
}

/**
 * The checker: judges what a finished read returned against the versions the database committed,
 * and when, as the read returns.
 */
export class ReadChecker {
  constructor(
    private readonly clock: VirtualClock,
    private readonly db: Database,
    private readonly config: EngineConfig,
    private readonly programs: ProgramOverrides,
    private readonly cache?: Cache,
    private readonly ledger?: PatternLedger,
    private readonly writesRunning: (id: number) => number = () => 0,
    private readonly isLostWrite: (id: number, version: number) => boolean = () => false,
  ) {}

  /**
   * A hit the versions found fresh is stale after all when its copy is not the row the database
   * holds: a version ahead of the row's (not one the row had when the read began; under
   * write-behind, whose cache commits first, not while a write of the row is on its way), or the row's version
   * with other fields than the row's ({@link fieldsUnlikeRow}: the Redis panel's judgement, which
   * its STALE badge shows and the narration tells too). A learner's read that built its row
   * itself (from a hash's fields, say) is compared as a hash's fields are: "5" is the number 5.
   */
  judgeCopy(
    result: ProgramResult & { kind: 'read' },
    verdict: ReadVerdict,
    committedAtStart: number,
  ): ReadVerdict {
    const { version, committedVersion } = verdict;
    if (version <= 0 || verdict.isRowDeleted === true) return verdict;
    const stale = { ...verdict, isStale: true, stalenessMs: 0, isUnlikeRow: true } as const;
    if (version > committedVersion) {
      if (this.isWrittenAhead(result)) return verdict;
      if (version <= committedAtStart) return { ...verdict, isSetBackInFlight: true };
      return this.isAheadOfRunningWrite(result.id, version)
        ? { ...verdict, isReadAhead: true }
        : stale;
    }
    if (version < committedVersion || result.row === null) return verdict;
    const isBuilt = this.programs.read !== undefined && result.isCachedCopy !== true;
    const otherFields = fieldsUnlikeRow(
      result.copyText ?? JSON.stringify(result.row),
      result.id,
      this.db,
      this.config.pattern,
      isBuilt ? 'hash' : 'string',
    ).fields;
    return otherFields.length === 0 ? verdict : { ...stale, otherFields };
  }

  /**
   * Whether `version` of row `id` is one a write of the row still running may commit (its code
   * set the cache before its UPDATE committed): as the key's badge judges it, AHEAD while that
   * many writes of the row are running.
   */
  private isAheadOfRunningWrite(id: number, version: number): boolean {
    const writes = this.writesRunning(id);
    return writes > 0 && version <= this.db.committedVersion(id) + writes;
  }

  /**
   * Under write-behind the cache commits first, so a read may return a row ahead of the
   * database: the application's own write when a write of the row is on its way (under way,
   * queued, or taken by the flusher) and the read returns the copy the cache answered (ours, a
   * hit; a learner's, that copy unchanged). Any other row ahead (a copy typed in the console, a
   * write whose queue was lost, a version or field a learner's read made up) is one the
   * database never had. The one rule for the stale count ({@link judgeCopy}) and the answer
   * check ({@link checkAnswer}), so they never disagree.
   */
  private isWrittenAhead(result: ProgramResult & { kind: 'read' }): boolean {
    const isCacheCopy =
      this.programs.read === undefined ? result.isHit : result.isCachedCopy === true;
    return (
      this.config.pattern === 'write-behind' &&
      isCacheCopy &&
      (this.ledger === undefined || this.ledger.hasPendingWrite(result.id, cacheKey(result.id)))
    );
  }

  /**
   * A learner's read whose answer is wrong, whatever its version says, fails saying so: a row
   * the database never had (no version it committed held these contents: a made-up or altered
   * row), or "no such user" (null) for a row the database held from the read's start to its
   * end. (Ours return only what their SELECT found, so only a learner's read is checked.)
   */
  checkAnswer<R extends ProgramResult | BackgroundResult>(result: R, committedAtStart: number): R {
    if (this.programs.read === undefined || result.kind !== 'read' || result.error !== undefined)
      return result;
    const row = result.row;
    if (row !== null) {
      const committed = this.db.committedVersion(row.id);
      const isAhead = row.version > committed;
      if (isAhead && this.isWrittenAhead(result)) return result;
      // A version a write still running may commit is a read ahead of the database (a dirty
      // read, as {@link judgeCopy} tells it), not yet a row the database never had.
      if (isAhead && this.isAheadOfRunningWrite(row.id, row.version)) return result;
      // A row the read path made itself is judged as the Redis panel judges a copy: a field the
      // table has no column for, or a missing updated_at, makes another row. A cached copy
      // returned unchanged is judged by its values: a hit on one that only lacks a field or has
      // one more is counted a stale read ({@link judgeCopy}). Under write-behind the stamp is
      // left out.
      const rule = {
        isStampLeftOut: this.config.pattern === 'write-behind',
        isPartOfCopy: result.isCachedCopy === true,
      };
      // A copy holding its id or version as text is another row, as the Redis panel judges it.
      if (!this.db.neverHad(row, rule) && result.copyText === undefined) return result;
      // Ahead of the database under write-behind, yet not the copy of a write on its way.
      if (isAhead && this.config.pattern === 'write-behind' && result.isCachedCopy !== true)
        return {
          ...result,
          error: `Your read path returned a row the database never had: user ${row.id} at version ${row.version}, ahead of the database's version ${committed}. Under write-behind only the cache's copy of a write still on its way is ahead of the database, and your read path did not return that copy unchanged${this.ledger?.hasPendingWrite(row.id, cacheKey(row.id)) === false ? ' (no write of the row is on its way)' : ''}. Return the cached copy unchanged, or the row selectUser(id) gave`,
        };
      return {
        ...result,
        error: this.neverHadMessage(row, result.isCachedCopy === true, result.copyText),
      };
    }
    if (committedAtStart <= 0) return result;
    const version = this.db.committedVersion(result.id);
    if (version <= 0) return result;
    return {
      ...result,
      error:
        result.returnedNothing === true
          ? `Your read path returned nothing (it ended without a return value, which counts as null: no such user) for user ${result.id}, whose row the database holds (version ${version}): return the row (or its JSON)`
          : `Your read path returned null (no such user) for user ${result.id}, whose row the database holds (version ${version}): on a miss, read it with selectUser(id)`,
    };
  }

  /**
   * Why a row is one the database never had: the fields that differ from the version it names as
   * committed, or a version never committed. A cached copy returned unchanged is the fault of
   * whoever cached it (a write path that made the row up, or the console), not of the read.
   */
  private neverHadMessage(row: UserRow, isCachedCopy: boolean, copyText?: string): string {
    const committed = this.db.committedContents(row.id, row.version);
    // By the Redis panel's judgement of a copy (a string of JSON's for the cached copy, a
    // hash's for a row a read path rebuilt, which may hold text): a field the table has no
    // column for, a missing updated_at.
    const cells = row as unknown as Record<string, unknown>;
    // A column the SQL console added is in no version's kept contents: its value at that
    // version is not known, so the row's own value stands for it and it is never named.
    const added = Object.fromEntries(
      Object.keys(this.db.rowNow(row.id) ?? {})
        .filter((c) => !USER_COLUMNS.includes(c) && c in cells)
        .map((c) => [c, cells[c]]),
    );
    const fields = committed
      ? (copyDiff(
          copyText ?? JSON.stringify(row),
          row.id,
          { ...added, id: row.id, version: row.version, ...committed } as unknown as UserRow,
          this.config.pattern,
          isCachedCopy ? 'string' : 'hash',
        )?.fields ?? [])
      : [];
    const listed = (i: 1 | 2) =>
      fields
        .map(({ field, cached, row: inRow }) =>
          i === 1
            ? `${field} ${cached === '(missing)' ? 'missing' : cached}`
            : inRow === NO_SUCH_COLUMN
              ? `no ${field} column`
              : `${field} ${inRow}`,
        )
        .join(', ');
    const what = committed
      ? `user ${row.id} at version ${row.version} with ${listed(1)}, where the database committed version ${row.version} with ${listed(2)}`
      : `user ${row.id} at version ${row.version}, a version the database never committed (it has version ${this.db.committedVersion(row.id)})`;
    if (!isCachedCopy)
      return `Your read path returned a row the database never had: ${what}. Return the row selectUser(id) gave, or the cached copy of it, unchanged`;
    // Under write-behind a copy ahead of the row may be a write the queue lost: the cause, said
    // before any command log is read (the lab keeps none).
    if (
      this.config.pattern === 'write-behind' &&
      row.version > this.db.committedVersion(row.id) &&
      this.isLostWrite(row.id, row.version)
    )
      return `Your read path returned the cached copy unchanged, but that copy is a row the database never had: ${what}. It is the cache's copy of a write-behind write the queue lost before its flush (the queue was deleted, evicted or expired, or the flusher's UPDATE was refused): the application acknowledged it, and the database never gets it (Writes lost counts it). Return a copy only while its write is on its way, or the row selectUser(id) gave`;
    const storer = this.storerOf(row.id);
    // Not known: the log is off (the lab), or the value came by a command the log does not tie
    // to it (MSET, RENAME).
    const by =
      storer === undefined
        ? 'The command log does not show which command stored it'
        : `It was ${storer.isScript === true ? 'stored' : 'written'} by ${storerText(storer)}`;
    return `Your read path returned the cached copy unchanged, but that copy is a row the database never had: ${what}. ${by}: cache only a row the database gave (selectUser or updateUser), unchanged`;
  }

  /**
   * Who stored the string row `id`'s key holds, by the cache's command log (undefined: not
   * known, or the server is real).
   */
  private storerOf(id: number): Storer | undefined {
    const key = cacheKey(id);
    const value = this.cache?.rowText(key);
    return typeof value === 'string' && this.cache !== undefined
      ? storedBy(this.cache.log, key, value)
      : undefined;
  }

  /**
   * A read is stale when it returns a version older than the one the database had committed
   * before the read began. A version committed while the read was in flight does not count:
   * a read that overlaps a write may return either value, with or without a cache. A copy of a
   * row another process deleted before the read began is stale whatever its version.
   */
  judgeRead(id: number, version: number, startedMs: number, committedAtStart = -1): ReadVerdict {
    const verdict = this.judgeVersion(id, version, startedMs, committedAtStart);
    const deletedAt = version > 0 ? this.db.deletedAtMs(id) : undefined;
    if (deletedAt === undefined) return verdict;
    // A copy of a row deleted before the read began is stale, whatever its version: the
    // database holds no row for it to match.
    if (verdict.isStale || !(deletedAt < startedMs)) return { ...verdict, isRowDeleted: true };
    return {
      ...verdict,
      isStale: true,
      stalenessMs: this.clock.nowMs - deletedAt,
      isRowDeleted: true,
    };
  }

  /** {@link judgeRead} by versions alone. */
  private judgeVersion(
    id: number,
    version: number,
    startedMs: number,
    committedAtStart: number,
  ): ReadVerdict {
    const committedVersion = this.db.committedVersion(id);
    if (version === 0 || version >= committedVersion)
      return { version, committedVersion, isStale: false, stalenessMs: 0 };
    const supersededAt = this.db.commitTime(id, version + 1);
    // Known at the start (`committedAtStart`), the version then committed decides, which also
    // orders a commit and a read start that share one instant; else the commit time does.
    const isStale = committedAtStart >= 0 ? version < committedAtStart : supersededAt < startedMs;
    return {
      version,
      committedVersion,
      isStale,
      stalenessMs: isStale ? this.clock.nowMs - supersededAt : 0,
      ...(isStale && committedAtStart > 0 && committedAtStart < committedVersion
        ? { committedAtStart }
        : {}),
    };
  }
}

/**
 * How a cached value of row `id` (JSON text; a hash as its fields' JSON) differs from the row the
 * table holds now, by the judgement behind the Redis panel's STALE badge and its table of
 * differing fields ({@link copyDiff}): a field the copy leaves out (`updated_at` too) or one the
 * row has no column for differs. Another user's row is said to be that user's (`otherUserId`),
 * whatever its version; a copy of this row differs only at the version the table holds (none
 * otherwise, nor when the table holds no such row). Each field as [field, copy's value, row's].
 */
export function fieldsUnlikeRow(
  value: string,
  id: number,
  db: Database,
  pattern: EngineConfig['pattern'],
  type: 'string' | 'hash' = 'string',
): { otherUserId?: number; fields: [string, string, string][] } {
  const row = db.rowNow(id);
  const diff = copyDiff(value, id, row, pattern, type);
  if (diff === null) return { fields: [] };
  const fields = diff.fields.map(({ field, cached, row: inRow }): [string, string, string] => [
    field,
    cached === '(missing)' ? 'missing' : cached,
    inRow === NO_SUCH_COLUMN ? 'no such column' : inRow,
  ]);
  if (diff.otherUserId !== undefined) return { otherUserId: diff.otherUserId, fields };
  return versionOf(value) === row?.version ? { fields } : { fields: [] };
}

/**
 * A fill's copy at the row's committed version whose fields are not the row's (the SQL console
 * gave that version other contents after the SELECT the fill carries, or a learner's command
 * stored a copy of their own making, `learnerCopy` its type): those fields; or another user's
 * row (a learner's code that SELECTed another id, or SET another key), whatever its version: that
 * user's id. As the Redis panel's STALE badge judges them, so the step does not call the copy the
 * current row and Stale fills counts it.
 */
export function fillFieldsUnlikeRow(
  db: Database,
  id: number,
  sent: string | undefined,
  pattern: EngineConfig['pattern'],
  learnerCopy?: 'string' | 'hash',
): Pick<StepEvent, 'otherFields' | 'otherUserId'> {
  // Our read paths store the row their SELECT returned: only a version the console reused, or
  // write-behind's copy built on a cached one (whose next version the console may have committed
  // with other contents), can hold other contents than the row at its version (the cheap checks
  // first: every fill of a workload passes here).
  if (sent === undefined || id <= 0) return {};
  if (learnerCopy === undefined && pattern !== 'write-behind' && !db.hasReusedVersion(id))
    return {};
  const { otherUserId, fields } = fieldsUnlikeRow(sent, id, db, pattern, learnerCopy);
  if (otherUserId !== undefined) return { otherUserId };
  return fields.length > 0 ? { otherFields: fields } : {};
}
