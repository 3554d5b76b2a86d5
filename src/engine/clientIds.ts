import type { CacheState } from './cacheState';

/**
 * The id before the first client's: redis-server 7.0 gives ids 1 and 2 to clients of its own as
 * it starts, so the first to connect gets 3 (checked on 7.0.15), and after a restart again.
 */
const BEFORE_FIRST_CLIENT_ID = 2;

/**
 * The id HELLO answers for each client's connection, by actor, and the last id given: Redis
 * numbers connections in the order they come and never gives one twice while it runs, so a
 * connection QUIT or an outage closed, made again by the client's next command (as redis-cli
 * reconnects), has a new one. A restart counts from the start again.
 *
 * A map itself, so the adapter's check for a connection's id on every command is the map's own
 * `has`, with no call between.
 */
export class ClientIds extends Map<string, number> {
  private lastId = BEFORE_FIRST_CLIENT_ID;

  /** Gives `actor`'s connection, new to the server, the next id. */
  connected(actor: string): void {
    this.set(actor, ++this.lastId);
  }

  /**
   * The id HELLO answers for `actor`'s connection: given as its first command, or its first
   * since a QUIT, came.
   */
  idOf(actor: string): number {
    return this.get(actor) ?? this.lastId + 1;
  }

  /** A restart: the new server numbers the clients that connect to it from its first id again. */
  restart(): void {
    this.clear();
    this.lastId = BEFORE_FIRST_CLIENT_ID;
  }

  /** The ids as data, for the adapter's checkpoint. */
  saveState(): Pick<CacheState, 'clientIds' | 'lastClientId'> {
    return { clientIds: [...this], lastClientId: this.lastId };
  }

  /** Puts a {@link saveState} back (a checkpoint older than the ids leaves them as they are). */
  loadState(state: Pick<CacheState, 'clientIds' | 'lastClientId'>): void {
    if (state.clientIds === undefined) return;
    this.clear();
    for (const [actor, id] of state.clientIds) this.set(actor, id);
    this.lastId = state.lastClientId ?? BEFORE_FIRST_CLIENT_ID;
  }
}
