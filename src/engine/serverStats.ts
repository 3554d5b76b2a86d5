import type { CacheState } from './cacheState';

/**
 * What the server itself counted since it started (INFO's uptime, commands processed, error
 * replies and errorstats), which a restart sets back to zero and CONFIG RESETSTAT resets, apart
 * from what the application counts of the cache.
 */
export class ServerStats {
  /** Virtual time the server started (INFO's uptime). */
  startedAtMs = 0;
  /** The adapter's eviction count when the stats last started: INFO counts those since. */
  evictionsBefore = 0;
  commandsProcessed = 0;
  errorReplies = 0;
  /** The server's error replies by their first word, as INFO errorstats counts them. */
  readonly errorStats = new Map<string, number>();

  /**
   * Counts an error reply the server sent, under its first word as Redis' errorstats does (a
   * word that does not end within 32 bytes counts as ERR, Redis' fallback).
   */
  countErrorReply(error: string): void {
    this.errorReplies++;
    const space = error.indexOf(' ');
    const prefix = space >= 0 && space < 32 ? error.slice(0, space) : 'ERR';
    this.errorStats.set(prefix, (this.errorStats.get(prefix) ?? 0) + 1);
  }

  /** A restart: the server starts again at `nowMs`, with nothing counted. */
  restart(nowMs: number, evictions: number): void {
    this.startedAtMs = nowMs;
    this.reset(evictions);
  }

  /** CONFIG RESETSTAT: the counts start again; the uptime does not. */
  reset(evictions: number): void {
    this.evictionsBefore = evictions;
    this.commandsProcessed = 0;
    this.errorReplies = 0;
    this.errorStats.clear();
  }

  /** The counts as data, for the adapter's checkpoint. */
  saveState(): Pick<CacheState, 'server' | 'errorStats'> {
    const { startedAtMs, evictionsBefore, commandsProcessed, errorReplies } = this;
    return {
      server: { startedAtMs, evictionsBefore, commandsProcessed, errorReplies },
      errorStats: [...this.errorStats],
    };
  }

  /** Puts a {@link saveState} back. */
  loadState(state: Pick<CacheState, 'server' | 'errorStats'>): void {
    ({
      startedAtMs: this.startedAtMs,
      evictionsBefore: this.evictionsBefore,
      commandsProcessed: this.commandsProcessed,
      errorReplies: this.errorReplies,
    } = state.server);
    this.errorStats.clear();
    for (const [prefix, count] of state.errorStats) this.errorStats.set(prefix, count);
  }
}
