import type { CacheState, ClosedTransaction } from './cacheState';
import { isSameKeyState, type KeyState } from './keyspacePeek';
import { upperName } from './redisCommandNames';
import {
  isIdle,
  loadTransaction,
  saveTransaction,
  TRANSACTION_COMMANDS,
  type ConnectionTransaction,
} from './redisTransactions';

/** The commands a connection in MULTI runs at once rather than queues (Redis 7's processCommand). */
export const RUN_WHILE_QUEUING: ReadonlySet<string> = new Set([
  'EXEC',
  'DISCARD',
  'MULTI',
  'WATCH',
  'RESET',
  'QUIT',
]);

/**
 * Each connection's MULTI queue and watched keys, and the record of those an outage, a restart
 * or QUIT closed: the server's side of transactions, for the cache adapter (the steps
 * themselves are in `redisTransactions.ts`).
 */
export class ConnectionTransactions {
  /**
   * Each connection's MULTI queue and watched keys (none kept for an idle one): the console's,
   * and each sandbox actor's whose request (a learner's code) sent MULTI or WATCH.
   */
  readonly open = new Map<string, ConnectionTransaction<KeyState>>();
  /**
   * Each connection whose MULTI or watches an outage or a restart closed, and how: what its EXEC
   * says next comes from it ("ERR EXEC without MULTI" alone does not say why). Until the
   * connection sends MULTI or WATCH again, or its actor's request ends.
   */
  readonly closed = new Map<string, ClosedTransaction>();

  /**
   * Every connection closes (an outage or a restart): the server drops their MULTI queues and
   * watches, and each one dropped is kept to say so.
   */
  closeAll(cause: ClosedTransaction['cause'], atMs: number): void {
    for (const [actor, tx] of this.open)
      this.closed.set(actor, {
        cause,
        atMs,
        wasQueuing: tx.queue !== null,
        queued: tx.queue?.length ?? 0,
        watched: tx.watched.size,
      });
    this.open.clear();
  }

  /**
   * QUIT typed at the console: the connection closes, and with it the MULTI and the watches,
   * which are kept to say so.
   */
  quit(actor: string, atMs: number): void {
    const tx = this.open.get(actor);
    if (tx !== undefined && !isIdle(tx))
      this.closed.set(actor, {
        cause: 'quit',
        atMs,
        wasQueuing: tx.queue !== null,
        queued: tx.queue?.length ?? 0,
        watched: tx.watched.size,
      });
    this.open.delete(actor);
  }

  /**
   * What a transaction command leaves of the record of a closed connection: EXEC, DISCARD, WATCH
   * and UNWATCH end it (the step that sent it has read it); a new MULTI replaces the dropped
   * queue but not the dropped watches, which its EXEC runs without.
   */
  forgetClosed(actor: string, name: string): void {
    const closed = this.closed.get(actor);
    if (closed === undefined || !TRANSACTION_COMMANDS.has(name)) return;
    if (name === 'MULTI' && closed.watched > 0)
      this.closed.set(actor, { ...closed, wasQueuing: false, queued: 0 });
    else this.closed.delete(actor);
  }

  /** Whether `actor`'s connection is in MULTI: its commands are queued, not run. */
  isQueuing(actor: string): boolean {
    return (this.open.get(actor)?.queue ?? null) !== null;
  }

  /** The commands `actor`'s connection queued since MULTI (empty outside MULTI). */
  queued(actor: string): readonly (readonly string[])[] {
    return this.open.get(actor)?.queue ?? [];
  }

  /** The keys `actor`'s connection watches (empty: none). */
  watchedKeys(actor: string): string[] {
    return [...(this.open.get(actor)?.watched.keys() ?? [])];
  }

  /** Whether `argv`, sent now on `actor`'s connection, would be queued (it is in MULTI) rather than run. */
  wouldQueue(actor: string, argv: readonly string[]): boolean {
    return this.isQueuing(actor) && !RUN_WHILE_QUEUING.has(upperName(argv[0] ?? ''));
  }

  /**
   * A sandbox actor's request ended: the MULTI it left open and the keys it watched end with it.
   * Returns what was dropped (undefined: nothing).
   */
  end(actor: string): { queued: number; watched: number; isQueuing: boolean } | undefined {
    this.closed.delete(actor);
    const tx = this.open.get(actor);
    if (tx === undefined) return undefined;
    this.open.delete(actor);
    return {
      queued: tx.queue?.length ?? 0,
      watched: tx.watched.size,
      isQueuing: tx.queue !== null,
    };
  }

  /**
   * After any command, on any connection (or an eviction): a watched key whose value, type or
   * expiry differs from what it held, or that a command wrote (`wrote`), makes its
   * connection's EXEC answer nil, as Redis' `touchWatchedKey` does. A key that changed nothing
   * (a DEL of a missing key) leaves the watch alone. Costs nothing while no key is watched.
   */
  noteWatched(
    wrote: readonly string[],
    states: (keys: readonly string[]) => Map<string, KeyState | undefined>,
  ): void {
    for (const tx of this.open.values()) {
      if (tx.isDirty || tx.watched.size === 0) continue;
      const now = states([...tx.watched.keys()]);
      for (const [key, held] of tx.watched) {
        const state = now.get(key);
        if (wrote.includes(key) || !isSameKeyState(state, held)) tx.isDirty = true;
        tx.watched.set(key, state);
      }
    }
  }

  /** Both maps as data, for the adapter's checkpoint. */
  saveState(): Required<Pick<CacheState, 'transactions' | 'closedTransactions'>> {
    return {
      transactions: [...this.open].map(([actor, tx]) => saveTransaction(actor, tx)),
      closedTransactions: [...this.closed].map(([actor, closed]) => ({ ...closed, actor })),
    };
  }

  /** Puts a {@link saveState} back (absent in older checkpoints: none). */
  loadState(state: Pick<CacheState, 'transactions' | 'closedTransactions'>): void {
    this.open.clear();
    for (const data of state.transactions ?? []) this.open.set(data.actor, loadTransaction(data));
    this.closed.clear();
    for (const { actor, ...closed } of state.closedTransactions ?? [])
      this.closed.set(actor, closed);
  }
}
