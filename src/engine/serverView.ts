import type { ClientIds } from './clientIds';
import type { VirtualClock } from './clock';
import type { KeyTracker, KeyTrackerOptions } from './keyTracker';
import type { CommandContext, KeyspaceStats } from './redisCommandKit';
import type { Keyspace } from './redisKeyspace';
import { sandboxInfo } from './redisInfo';
import type { ServerStats } from './serverStats';

/** What the view reads of the adapter's own counters (the adapter itself). */
export interface AdapterCounters extends KeyspaceStats {
  readonly evictions: number;
}

/**
 * The server as the sandbox's command layer (`redisCommands.ts`) sees it: the context a console
 * command or a script's command runs with (the keyspace, virtual now, the connection's id, the
 * counters), INFO's text and CONFIG RESETSTAT, made from the adapter's parts it is given.
 */
export class ServerView {
  private readonly clock: VirtualClock;
  private readonly options: KeyTrackerOptions;
  private readonly keys: KeyTracker;
  private readonly counters: AdapterCounters;
  private readonly serverStats: ServerStats;
  private readonly clientIds: ClientIds;
  /** The adapter's connections, by actor ('system': its own). */
  private readonly connections: ReadonlyMap<string, unknown>;

  constructor(parts: {
    clock: VirtualClock;
    options: KeyTrackerOptions;
    keys: KeyTracker;
    counters: AdapterCounters;
    serverStats: ServerStats;
    clientIds: ClientIds;
    connections: ReadonlyMap<string, unknown>;
  }) {
    this.clock = parts.clock;
    this.options = parts.options;
    this.keys = parts.keys;
    this.counters = parts.counters;
    this.serverStats = parts.serverStats;
    this.clientIds = parts.clientIds;
    this.connections = parts.connections;
  }

  /** What the command layer runs a command with: the keyspace, virtual now, the counters. */
  contextFor(keyspace: Keyspace, actor: string, accessed?: (key: string) => void): CommandContext {
    return {
      keyspace,
      clientId: this.clientIds.idOf(actor),
      nowMs: Math.floor(this.clock.nowMs),
      clockMs: this.clock.nowMs,
      stats: this.counters,
      info: (sections: string[]) => this.infoText(sections),
      resetStats: () => this.resetServerStats(),
      eviction: { policy: this.options.eviction, samples: this.options.evictionSamples },
      accessed,
      // Access data is recorded only under maxKeys, where it decides which key goes.
      accessData: this.options.maxKeys > 0 ? this.keys.accessData : undefined,
      moved: this.options.maxKeys > 0 ? this.keys.moveKey : undefined,
      created: this.options.maxKeys > 0 ? this.keys.newObjectAt : undefined,
    };
  }

  /**
   * CONFIG RESETSTAT: what the server counted for INFO starts again; its uptime and the
   * application's own metrics do not.
   */
  private resetServerStats(): void {
    this.counters.keyspaceHits = 0;
    this.counters.keyspaceMisses = 0;
    this.serverStats.reset(this.counters.evictions);
  }

  /** INFO for this sandbox (see `redisInfo.ts`). */
  private infoText(sections: string[]): string {
    const now = this.clock.nowMs;
    let withTtl = 0;
    let ttlSumMs = 0;
    for (const { expiresAt } of this.keys.index.entries())
      if (expiresAt > now && expiresAt !== Infinity) {
        withTtl++;
        ttlSumMs += expiresAt - now;
      }
    const { startedAtMs, evictionsBefore, commandsProcessed, errorReplies } = this.serverStats;
    return sandboxInfo(sections, {
      uptimeMs: now - startedAtMs,
      // The adapter's own connection reads the keyspace for the panels and sends no command:
      // not a client of the lesson's (redis-cli alone on a fresh server counts itself, 1).
      clients: this.connections.size - (this.connections.has('system') ? 1 : 0),
      options: this.options,
      // Redis counts a command once it has run: this INFO is not in its own count.
      commands: commandsProcessed,
      keyspaceHits: this.counters.keyspaceHits,
      keyspaceMisses: this.counters.keyspaceMisses,
      evictions: this.counters.evictions - evictionsBefore,
      errors: errorReplies,
      errorStats: [...this.serverStats.errorStats].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      keys: this.keys.index.liveCount(now),
      keysWithTtl: withTtl,
      averageTtlMs: withTtl > 0 ? ttlSumMs / withTtl : 0,
    });
  }
}
