/**
 * The keys whose value, expiry or presence may have changed since a caller last took them
 * (written, deleted, evicted, reaped), for a caller that copies the keyspace now and then and
 * wants to copy only what changed (the sandbox's snapshots). Off until {@link start}: timed
 * workloads pay nothing. `all` stands for every key (a flush, a resync, a restart).
 */
export class ChangedKeys {
  private keys: Set<string> | null = null;
  private all = false;

  /** Starts keeping the set; the first {@link take} reports every key. */
  start(): void {
    if (this.keys === null) this.keys = new Set();
    this.all = true;
  }

  /** `key` may have changed. */
  note(key: string): void {
    if (this.keys !== null) this.keys.add(key);
  }

  /** Any key may have changed. */
  noteAll(): void {
    this.all = true;
  }

  /** The keys changed since the last call (`all`: any key may have), and starts a new set. */
  take(): { all: boolean; keys: ReadonlySet<string> } | null {
    const keys = this.keys;
    if (keys === null) return null;
    const all = this.all;
    this.keys = new Set();
    this.all = false;
    return { all, keys };
  }

  /** What {@link take} would report now, without taking it (null: not kept). */
  pending(): { all: boolean; keys: string[] } | null {
    if (this.keys === null) return null;
    return { all: this.all, keys: [...this.keys] };
  }

  /** Puts back what {@link pending} reported: these are the keys changed since. */
  restore(pending: { all: boolean; keys: readonly string[] }): void {
    this.keys = new Set(pending.keys);
    this.all = pending.all;
  }
}
