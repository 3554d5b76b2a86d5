import type { Cache } from './cache';
import type { Database, UserRow } from './database';
import type { EngineConfig } from './engineConfig';
import { isTombstone } from './programs/readVersionedFill';
import { userIdOfKey, versionOf } from './programs/steps';
import { rowIdOf } from './rowVersion';
import type { CacheEntry } from './simSnapshot';
import {
  hasVersionField,
  isRowWithWholeVersion,
  isUnlikeRowNow,
  otherUserOf,
} from './cachedRowChecks';
import { compareKeys, findKey } from './keyOrder';

// What a snapshot shows of Redis and of SQLite, kept between snapshots and brought up to date
// from what changed, so a Step costs what it touched and not what the stores hold (issue 13.4):
// a Step beside 100,000 keys reads back the one key it changed, not all of them. Entries and
// rows are frozen and shared by every snapshot that shows them unchanged.

/** Rows whose contents may have changed since the last snapshot (`all`: any row may have). */
export type ChangedRows = Set<number> | 'all';

/** What a {@link CacheView} showed at its last update, as data (a checkpoint keeps it). */
export interface CacheViewState {
  /** The published entries: frozen, and never changed once published, so shared, not copied. */
  entries: readonly CacheEntry[];
  expiring: [key: string, at: { stamp: number; indexAt: number }][];
  lastNowMs: number;
}

/** The Redis panel's entries: every key the adapter tracks, sorted by name. */
export class CacheView {
  /**
   * The entries by key; null after a restore until a lookup needs it (few do: a Step's changed
   * keys are found in `sorted` by binary search), so Back does not rebuild it for every key.
   */
  private byKey: Map<string, CacheEntry> | null = new Map();
  /** The entries in key order (changed in place; snapshots get copies of it). */
  private readonly sorted: CacheEntry[] = [];
  private published: CacheEntry[] = [];
  /**
   * Keys that can expire: the server's expiry stamp (whole virtual ms; Infinity when only the
   * adapter's index has one) and the index's. Their TTL is recomputed on each snapshot without
   * reading them back.
   */
  private readonly expiring = new Map<string, { stamp: number; indexAt: number }>();
  private lastNowMs = NaN;
  /**
   * Keys other than `user:<id>` that hold a user row (a learner's `profile:3`), with the row's
   * id, read from the row itself: their STALE badges are rejudged with that row's.
   */
  private readonly otherRowKeys = new Map<string, number>();
  /** Keys read back from Redis by the last update (what a Step costs; tests assert on it). */
  peeked = 0;
  /** The run's pattern, for comparing a copy's fields with its row (see `copyDiff`). */
  private pattern: EngineConfig['pattern'] = 'cache-aside';
  /** Row `id` as the database holds it now (see `update`'s `knownRow`). */
  private rowOf: (id: number) => UserRow | null = () => null;
  /** Whether a write of row `id` is on its way to the database (write-behind's ledger). */
  private isWritePending: (id: number) => boolean = () => false;
  /** How many write requests of row `id` are running (started, not finished). */
  private writesRunning: (id: number) => number = () => 0;
  /**
   * Keys whose copy is newer than its row (AHEAD, or set back): whether a write of the row is
   * on its way can change with no change to the key or the row (write-behind's queue deleted, a
   * write request that ended), so these are judged again on every update. Few: the rest are not
   * read.
   */
  private readonly aheadKeys = new Set<string>();

  /**
   * Brings the entries up to date and returns them (the same array as last time when nothing
   * changed). `rows` says which rows' committed versions moved (their STALE badges are
   * rejudged); `onUserKey` hears each `user:<id>` key shown. Under write-behind,
   * `isWritePending` says whether a write of a row is on its way: only its copy is a write ahead;
   * under any pattern, `writesRunning` counts a row's write requests still running (a learner's
   * write path may set the cache before its UPDATE). `knownRow` gives a row the database panel holds current (unchanged since it was read), so a
   * copy's fields are compared with it without reading it again.
   */
  async update(
    cache: Cache,
    db: Database,
    nowMs: number,
    rows: ChangedRows,
    onUserKey: (id: number) => void,
    pattern: EngineConfig['pattern'] = 'cache-aside',
    isWritePending: (id: number) => boolean = () => false,
    knownRow: (id: number) => UserRow | undefined = () => undefined,
    writesRunning: (id: number) => number = () => 0,
  ): Promise<CacheEntry[]> {
    this.peeked = 0;
    this.pattern = pattern;
    this.isWritePending = isWritePending;
    this.writesRunning = writesRunning;
    this.rowOf = (id) => knownRow(id) ?? db.rowNow(id);
    const changes = cache.takeChanges();
    let isChanged = false;
    if (changes === null || changes.all) {
      const byKey = new Map<string, CacheEntry>();
      this.byKey = byKey;
      this.sorted.length = 0;
      this.expiring.clear();
      this.otherRowKeys.clear();
      this.aheadKeys.clear();
      const keys = cache.trackedKeys().sort((a, b) => compareKeys(a.key, b.key));
      for (const { key, expiresAt } of keys) {
        const entry = await this.read(cache, db, key, expiresAt, nowMs, onUserKey);
        if (!entry) continue;
        this.sorted.push(entry);
        byKey.set(key, entry);
        this.noteAhead(entry);
      }
      isChanged = true;
    } else {
      for (const key of changes.keys) {
        const expiresAt = cache.trackedExpiry(key);
        const entry =
          expiresAt !== undefined && expiresAt > nowMs
            ? await this.read(cache, db, key, expiresAt, nowMs, onUserKey)
            : null;
        if (entry) this.put(entry);
        else this.remove(key);
        isChanged = true;
      }
      if (this.rejudge(db, rows, changes.keys)) isChanged = true;
      for (const key of [...this.aheadKeys]) {
        const entry = changes.keys.has(key) ? undefined : this.lookup(key);
        if (entry && this.judgeAgain(db, entry)) isChanged = true;
      }
      if (nowMs !== this.lastNowMs && this.countDown(nowMs, changes.keys)) isChanged = true;
    }
    this.lastNowMs = nowMs;
    if (isChanged) this.published = this.sorted.slice();
    return this.published;
  }

  /**
   * The entries as the last update left them. With the cache's pending changes saved beside it
   * (`Cache.pendingChanges`), a restored simulation rereads only what changed after it, not
   * the whole keyspace: Back beside 100,000 keys costs what a Step there costs.
   */
  saveState(): CacheViewState {
    return {
      entries: this.published,
      expiring: [...this.expiring],
      lastNowMs: this.lastNowMs,
    };
  }

  /** Puts a {@link saveState} back (the state stays usable for another restore). */
  loadState(state: CacheViewState): void {
    this.byKey = null;
    this.sorted.length = 0;
    for (const entry of state.entries) this.sorted.push(entry);
    this.published = state.entries as CacheEntry[];
    this.expiring.clear();
    for (const [key, at] of state.expiring) this.expiring.set(key, at);
    this.otherRowKeys.clear();
    this.aheadKeys.clear();
    for (const entry of state.entries) {
      this.noteAhead(entry);
      if (entry.version !== null && userIdOfKey(entry.key) === 0) {
        const id = rowIdOf(entry.value);
        if (id > 0) this.otherRowKeys.set(entry.key, id);
      }
    }
    this.lastNowMs = state.lastNowMs;
  }

  /** Reads one key back and makes its entry (null: gone). */
  private async read(
    cache: Cache,
    db: Database,
    key: string,
    indexAt: number,
    nowMs: number,
    onUserKey: (id: number) => void,
  ): Promise<CacheEntry | null> {
    this.peeked++;
    const { value, pttl, type } = await cache.peek(key);
    this.expiring.delete(key);
    if (value === null) return null;
    let version: number | null = null;
    let isStale = false;
    let isAhead = false;
    let isRowDeleted = false;
    let isUnlikeRow = false;
    let isVersionReused = false;
    let isSetBack = false;
    let isNeverCommitted = false;
    let otherUserId = 0;
    this.otherRowKeys.delete(key);
    // A row may be stored as a hash (its fields), whose JSON text holds the version too; and
    // under another key than `user:<id>` (a learner's `profile:3`): its JSON names the user.
    const userId = userIdOfKey(key);
    const isUserKey = userId > 0;
    const isRowType = type === 'string' || type === 'hash';
    const id = !isRowType ? 0 : isUserKey ? userId : rowIdOf(value);
    if (isRowType && (isUserKey || id > 0)) {
      if (!isUserKey) this.otherRowKeys.set(key, id);
      onUserKey(id);
      version = versionOf(value) || null;
      if (version !== null && isUserKey && type === 'string' && !isRowWithWholeVersion(value, id))
        version = null;
      if (version !== null && type === 'hash' && !hasVersionField(value, version)) version = null;
      otherUserId = isUserKey && version !== null ? otherUserOf(value, id) : 0;
      // Another user's row is no version of this one: stale, whatever its version.
      if (otherUserId > 0) isStale = true;
      // Older than the row is stale; newer (write-behind's write not yet flushed) is ahead.
      else if (version !== null && !isTombstone(value)) {
        isRowDeleted = db.deletedAtMs(id) !== undefined;
        isSetBack = !isRowDeleted && this.isSetBack(db, id, version);
        isStale = isRowDeleted || isSetBack || version < db.committedVersion(id);
        isAhead = !isRowDeleted && !isSetBack && version > db.committedVersion(id);
        isNeverCommitted = isAhead && !this.mayBeWrittenAhead(db, id, version);
        if (!isStale && !isAhead)
          isStale = isUnlikeRow = isUnlikeRowNow(
            value,
            type,
            id,
            version,
            this.rowOf,
            this.pattern,
          );
        isVersionReused = isUnlikeRow && db.hasReusedVersion(id);
      }
    }
    if (pttl >= 0 || indexAt !== Infinity)
      this.expiring.set(key, {
        stamp: pttl >= 0 ? pttl + Math.floor(nowMs) : Infinity,
        indexAt,
      });
    return Object.freeze({
      key,
      value,
      type,
      ttlMs: pttl,
      version,
      isStale,
      isAhead,
      ...(isRowDeleted ? { isRowDeleted } : {}),
      ...(isUnlikeRow ? { isUnlikeRow } : {}),
      ...(isVersionReused ? { isVersionReused } : {}),
      ...(isSetBack ? { isSetBack } : {}),
      ...(isNeverCommitted ? { isNeverCommitted } : {}),
      ...(otherUserId > 0 ? { otherUserId } : {}),
    });
  }

  /**
   * Whether a copy of row `id` at `version`, ahead of the database, may be a write on its way:
   * under write-behind (the cache commits first) while a write of the row is under way, queued
   * or taken by the flusher (the read checker's rule: `ReadChecker.isWrittenAhead`); under any
   * pattern while write requests of the row are running that may yet commit that version (a
   * learner's write path that sets the cache before its UPDATE): each write adds one.
   */
  private mayBeWrittenAhead(db: Database, id: number, version: number): boolean {
    if (this.pattern === 'write-behind' && this.isWritePending(id)) return true;
    const writes = this.writesRunning(id);
    return writes > 0 && version <= db.committedVersion(id) + writes;
  }

  /**
   * A copy newer than its row, at a version the row had reached before a console line set it
   * back: an older state of the row, stale, not a write ahead of the database. Not while a
   * write-behind write of the row is on its way, which may reuse such a version (the read
   * checker tells those apart by the write queue too).
   */
  private isSetBack(db: Database, id: number, version: number): boolean {
    return (
      !this.mayBeWrittenAhead(db, id, version) &&
      version > db.committedVersion(id) &&
      version <= db.peakVersion(id)
    );
  }

  /** Keeps {@link aheadKeys} in step with an entry shown. */
  private noteAhead(entry: CacheEntry): void {
    if (entry.isAhead || entry.isSetBack === true) this.aheadKeys.add(entry.key);
    else this.aheadKeys.delete(entry.key);
  }

  /** The STALE badges of keys whose row's committed version moved. */
  private rejudge(db: Database, rows: ChangedRows, fresh: ReadonlySet<string>): boolean {
    let isChanged = false;
    const check = (entry: CacheEntry) => {
      if (!fresh.has(entry.key) && this.judgeAgain(db, entry)) isChanged = true;
    };
    if (rows === 'all') for (const entry of this.sorted.slice()) check(entry);
    else
      for (const id of rows) {
        const entry = this.lookup(`user:${id}`);
        if (entry) check(entry);
      }
    if (rows !== 'all' && this.otherRowKeys.size > 0)
      for (const [key, id] of this.otherRowKeys) {
        const entry = rows.has(id) ? this.lookup(key) : undefined;
        if (entry) check(entry);
      }
    return isChanged;
  }

  /** Judges a shown entry against its row again; true when its badges changed. */
  private judgeAgain(db: Database, entry: CacheEntry): boolean {
    // Another user's row stays stale whatever happens to this one.
    if (entry.version === null || entry.otherUserId !== undefined) return false;
    const id = userIdOfKey(entry.key) || (this.otherRowKeys.get(entry.key) ?? 0);
    const committed = db.committedVersion(id);
    const isRow = !isTombstone(entry.value);
    const isRowDeleted = isRow && db.deletedAtMs(id) !== undefined;
    const isSetBack = isRow && !isRowDeleted && this.isSetBack(db, id, entry.version);
    const isAhead = !isRowDeleted && !isSetBack && isRow && entry.version > committed;
    const isNeverCommitted = isAhead && !this.mayBeWrittenAhead(db, id, entry.version);
    const isUnlikeRow =
      isRow &&
      !isRowDeleted &&
      entry.version === committed &&
      isUnlikeRowNow(entry.value, entry.type, id, entry.version, this.rowOf, this.pattern);
    const isVersionReused = isUnlikeRow && db.hasReusedVersion(id);
    const isStale =
      isRowDeleted || isSetBack || (isRow && entry.version < committed) || isUnlikeRow;
    if (
      isStale === entry.isStale &&
      isAhead === entry.isAhead &&
      isSetBack === (entry.isSetBack === true) &&
      isRowDeleted === (entry.isRowDeleted === true) &&
      isUnlikeRow === (entry.isUnlikeRow === true) &&
      isVersionReused === (entry.isVersionReused === true) &&
      isNeverCommitted === (entry.isNeverCommitted === true)
    )
      return false;
    const judged: CacheEntry = { ...entry, isStale, isAhead };
    if (isRowDeleted) judged.isRowDeleted = true;
    else delete judged.isRowDeleted;
    if (isUnlikeRow) judged.isUnlikeRow = true;
    else delete judged.isUnlikeRow;
    if (isVersionReused) judged.isVersionReused = true;
    else delete judged.isVersionReused;
    if (isSetBack) judged.isSetBack = true;
    else delete judged.isSetBack;
    if (isNeverCommitted) judged.isNeverCommitted = true;
    else delete judged.isNeverCommitted;
    this.put(Object.freeze(judged));
    return true;
  }

  /** TTLs as time moved: keys that can expire only, without reading them back. */
  private countDown(nowMs: number, fresh: ReadonlySet<string>): boolean {
    let isChanged = false;
    const floorNow = Math.floor(nowMs);
    // Many keys to count down: one map beats a binary search for each.
    if (!this.byKey && this.expiring.size > 64)
      this.byKey = new Map(this.sorted.map((entry) => [entry.key, entry]));
    for (const [key, { stamp, indexAt }] of this.expiring) {
      if (fresh.has(key)) continue;
      if (indexAt <= nowMs || stamp <= floorNow) {
        this.remove(key);
        isChanged = true;
        continue;
      }
      const entry = this.lookup(key);
      const ttlMs = stamp === Infinity ? -1 : Math.ceil(stamp - floorNow);
      if (entry && entry.ttlMs !== ttlMs) {
        this.put(Object.freeze({ ...entry, ttlMs }));
        isChanged = true;
      }
    }
    return isChanged;
  }

  /** The entry shown for `key`, if any. */
  private lookup(key: string): CacheEntry | undefined {
    if (this.byKey) return this.byKey.get(key);
    const at = findKey(this.sorted, key);
    return at >= 0 ? this.sorted[at] : undefined;
  }

  private put(entry: CacheEntry): void {
    const at = findKey(this.sorted, entry.key);
    if (at >= 0) this.sorted[at] = entry;
    else this.sorted.splice(~at, 0, entry);
    this.byKey?.set(entry.key, entry);
    this.noteAhead(entry);
  }

  private remove(key: string): void {
    this.expiring.delete(key);
    this.otherRowKeys.delete(key);
    this.aheadKeys.delete(key);
    if (this.byKey && !this.byKey.has(key)) return;
    const at = findKey(this.sorted, key);
    if (at < 0) return;
    this.sorted.splice(at, 1);
    this.byKey?.delete(key);
  }
}
