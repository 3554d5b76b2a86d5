/**
 * What the cache adapter knows about one key, beside the keyspace itself: its expiry, the row
 * version it holds, and the access data eviction ranks it by (Redis keeps the last two in the
 * 24-bit `lru` field of each object; here they are plain fields).
 */
export interface KeyEntry {
  readonly key: string;
  /** Virtual ms at which the key expires; Infinity for none. Changed through {@link KeyIndex.setExpiry}. */
  expiresAt: number;
  /** Version of the row JSON this adapter last wrote here; -1 when unknown (a script, a resync). */
  version: number;
  /** LRU clock (see `lruClock` in eviction.ts) at the last access. */
  lruClock: number;
  /** LFU: the logarithmic access counter, 0..255. */
  lfuCounter: number;
  /** LFU: the minute (see `lfuTimeInMinutes`) of the last access: the decay counts from it. */
  lfuMinutes: number;
  /** Position in the index's sampling list. */
  index: number;
}

/** A {@link KeyIndex} as plain data (see `saveState`). */
export interface KeyIndexState {
  list: KeyEntry[];
  heapAt: number[];
  /** Position in `list`, or -1 - n for `ghosts[n]`. */
  heapEntry: number[];
  ghosts: KeyEntry[];
}

/**
 * The keys the adapter believes are in the cache, as a map for lookups and a list for sampling
 * random keys in O(1) (removal swaps the last entry into the hole).
 *
 * With `reapsExpired` it also keeps the expiry times in a min-heap, so keys whose TTL has passed
 * can be dropped as time moves on ({@link reapExpired}) without scanning every key: this stands
 * for Redis' active expiry, and makes `size` the count of live keys that `maxKeys` limits.
 *
 * Without it, a removed key's entry stays in the map, dormant (`index` -1), and is taken up again
 * when the key comes back: in a long run every key expires and is refilled over and over, and a
 * delete plus an insert into a map of thousands (and a new entry that lives for a whole TTL) cost
 * more than the rest of the bookkeeping of that request.
 */
export class KeyIndex {
  private readonly byKey = new Map<string, KeyEntry>();
  private readonly list: KeyEntry[] = [];
  /**
   * Each listed entry's expiry, by position in the list: counting live keys reads this one
   * contiguous array instead of every entry object (it runs at the end of every metrics bucket).
   */
  private expiries = new Float64Array(256);
  private readonly reapsExpired: boolean;
  /** Min-heap of (expiry, entry); an item is stale once its entry left or got another expiry. */
  private readonly heapAt: number[] = [];
  private readonly heapEntry: KeyEntry[] = [];
  /** Dormant entries in `byKey` beyond the listed ones (see the class comment). */
  private dormant = 0;

  constructor(reapsExpired: boolean) {
    this.reapsExpired = reapsExpired;
  }

  /** Keys indexed (expired ones included until reaped or removed). */
  get size(): number {
    return this.list.length;
  }

  get(key: string): KeyEntry | undefined {
    const entry = this.byKey.get(key);
    return entry !== undefined && entry.index >= 0 ? entry : undefined;
  }

  /** The entry at a position of the sampling list, 0..size-1. */
  at(i: number): KeyEntry {
    return this.list[i];
  }

  /** Exchanges two positions of the sampling list (for sampling without replacement). */
  swap(i: number, j: number): void {
    const a = this.list[i];
    const b = this.list[j];
    this.list[i] = b;
    this.list[j] = a;
    b.index = i;
    a.index = j;
    this.expiries[i] = b.expiresAt;
    this.expiries[j] = a.expiresAt;
  }

  /** Adds a new key; the caller sets its access data. */
  add(key: string, expiresAt: number, version: number): KeyEntry {
    let entry = this.byKey.get(key);
    if (entry !== undefined && entry.index < 0) {
      this.dormant--;
      entry.expiresAt = expiresAt;
      entry.version = version;
      entry.lruClock = 0;
      entry.lfuCounter = 0;
      entry.lfuMinutes = 0;
      entry.index = this.list.length;
    } else {
      entry = {
        key,
        expiresAt,
        version,
        lruClock: 0,
        lfuCounter: 0,
        lfuMinutes: 0,
        index: this.list.length,
      };
      this.byKey.set(key, entry);
    }
    this.list.push(entry);
    if (entry.index === this.expiries.length) {
      const grown = new Float64Array(this.expiries.length * 2);
      grown.set(this.expiries);
      this.expiries = grown;
    }
    this.expiries[entry.index] = expiresAt;
    if (this.reapsExpired && expiresAt !== Infinity) this.pushExpiry(entry);
    return entry;
  }

  /** Changes a key's expiry (a SET, EXPIRE, PERSIST ...). */
  setExpiry(entry: KeyEntry, expiresAt: number): void {
    if (entry.expiresAt === expiresAt) return;
    entry.expiresAt = expiresAt;
    this.expiries[entry.index] = expiresAt;
    if (this.reapsExpired && expiresAt !== Infinity) this.pushExpiry(entry);
  }

  remove(key: string): boolean {
    const entry = this.byKey.get(key);
    if (entry === undefined || entry.index < 0) return false;
    const last = this.list.pop() as KeyEntry;
    if (last !== entry) {
      this.list[entry.index] = last;
      last.index = entry.index;
      this.expiries[last.index] = last.expiresAt;
    }
    // Dormant entries are bounded by the keys listed, so keys that come and go once (a console
    // script's) do not pile up.
    if (!this.reapsExpired && this.dormant < this.list.length + 1024) {
      entry.index = -1;
      this.dormant++;
    } else this.byKey.delete(key);
    return true;
  }

  clear(): void {
    this.byKey.clear();
    this.dormant = 0;
    this.list.length = 0;
    this.heapAt.length = 0;
    this.heapEntry.length = 0;
  }

  /** Keys whose expiry is after `nowMs`. */
  liveCount(nowMs: number): number {
    const expiries = this.expiries;
    const size = this.list.length;
    let n = 0;
    for (let i = 0; i < size; i++) if (expiries[i] > nowMs) n++;
    return n;
  }

  /** The listed entries, in the order their keys were first added (dormant ones skipped). */
  *entries(): IterableIterator<KeyEntry> {
    for (const entry of this.byKey.values()) if (entry.index >= 0) yield entry;
  }

  /**
   * Drops every key whose expiry is at or before `nowMs` (needs `reapsExpired`), calling
   * `onReaped` with each.
   */
  reapExpired(nowMs: number, onReaped?: (key: string) => void): void {
    const at = this.heapAt;
    const entries = this.heapEntry;
    while (at.length > 0 && at[0] <= nowMs) {
      const entry = entries[0];
      const expiresAt = at[0];
      this.popExpiry();
      if (
        this.byKey.get(entry.key) === entry &&
        entry.index >= 0 &&
        entry.expiresAt === expiresAt
      ) {
        this.remove(entry.key);
        onReaped?.(entry.key);
      }
    }
  }

  /**
   * Everything, in order (the sampling list and the expiry heap decide which keys eviction
   * samples and reaps first), for Back's checkpoints. Heap items whose key left or changed
   * expiry point at a copy outside the list (-1 - n): they stay inert, as they were.
   */
  saveState(): KeyIndexState {
    const list = this.list.map((e) => ({ ...e }));
    const ghosts: KeyEntry[] = [];
    const heapEntry = this.heapEntry.map((e) => {
      if (this.byKey.get(e.key) === e && e.index >= 0) return e.index;
      ghosts.push({ ...e });
      return -ghosts.length;
    });
    return { list, heapAt: [...this.heapAt], heapEntry, ghosts };
  }

  loadState(state: KeyIndexState): void {
    this.clear();
    for (const saved of state.list) {
      const entry = { ...saved };
      this.byKey.set(entry.key, entry);
      this.list.push(entry);
    }
    const ghosts = state.ghosts.map((e) => ({ ...e }));
    this.heapAt.push(...state.heapAt);
    for (const i of state.heapEntry) this.heapEntry.push(i >= 0 ? this.list[i] : ghosts[-1 - i]);
  }

  private pushExpiry(entry: KeyEntry): void {
    const at = this.heapAt;
    const entries = this.heapEntry;
    let i = at.length;
    at.push(entry.expiresAt);
    entries.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (at[parent] <= at[i]) break;
      this.swapHeap(i, parent);
      i = parent;
    }
  }

  private popExpiry(): void {
    const at = this.heapAt;
    const entries = this.heapEntry;
    const lastAt = at.pop() as number;
    const lastEntry = entries.pop() as KeyEntry;
    if (at.length === 0) return;
    at[0] = lastAt;
    entries[0] = lastEntry;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < at.length && at[l] < at[m]) m = l;
      if (r < at.length && at[r] < at[m]) m = r;
      if (m === i) return;
      this.swapHeap(i, m);
      i = m;
    }
  }

  private swapHeap(i: number, j: number): void {
    const at = this.heapAt;
    const entries = this.heapEntry;
    const t = at[i];
    at[i] = at[j];
    at[j] = t;
    const e = entries[i];
    entries[i] = entries[j];
    entries[j] = e;
  }
}
