import type { VirtualClock } from './clock';
import type { Database, UserRow } from './database';
import type { EngineConfig } from './engineConfig';
import type { ProgramOverrides } from './programs/learner';
import type { BackgroundResult, ProgramResult } from './programs/types';

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
  ) {}

  /**
   * A hit the versions found fresh is stale after all when its copy is not the row the database
   * holds: a version ahead of the row's (not one the row had when the read began), or the row's version
   * with other fields than the row's. Not under write-behind: its cache commits first, and its
   * copy keeps the updated_at the flush replaces.
   */
  judgeCopy(
    result: ProgramResult & { kind: 'read' },
    verdict: ReadVerdict,
    committedAtStart: number,
  ): ReadVerdict {
    const { version, committedVersion } = verdict;
    if (version <= 0 || verdict.isRowDeleted === true || this.config.pattern === 'write-behind')
      return verdict;
    if (version > committedVersion) {
      if (version <= committedAtStart) return verdict;
    } else if (version < committedVersion || result.row === null || this.db.holds(result.row))
      return verdict;
    return { ...verdict, isStale: true, stalenessMs: 0, isUnlikeRow: true };
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
      // Under write-behind the cache commits first: a version ahead of the database is real.
      const isAhead =
        this.config.pattern === 'write-behind' && row.version > this.db.committedVersion(row.id);
      if (isAhead || !this.db.neverHad(row)) return result;
      return { ...result, error: this.neverHadMessage(row) };
    }
    if (committedAtStart <= 0) return result;
    const version = this.db.committedVersion(result.id);
    if (version <= 0) return result;
    return {
      ...result,
      error: `Your read path returned null (no such user) for user ${result.id}, whose row the database holds (version ${version}): on a miss, read it with selectUser(id)`,
    };
  }

  private neverHadMessage(row: UserRow): string {
    let now: UserRow | undefined;
    try {
      now = this.db.peekRows([row.id])[0];
    } catch {
      now = undefined;
    }
    const held = now
      ? `the database has version ${now.version}, name "${now.name}"`
      : `the database has version ${this.db.committedVersion(row.id)}`;
    return `Your read path returned a row the database never had: user ${row.id} at version ${row.version}, name "${String(row.name)}" (${held}). Return the row selectUser(id) gave, or the cached copy of it, unchanged`;
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
    };
  }
}
