// INFO for the sandbox's Redis: what it is, its limits and what it counted. Never another
// server's canned text (ioredis-mock answers with a real server's INFO, version 8.2.1 and all).

/** What the cache adapter knows and INFO reports. */
export interface SandboxInfoFacts {
  /** Virtual time since the server started, or last restarted. */
  uptimeMs: number;
  clients: number;
  options: { maxKeys: number; eviction: string; evictionSamples: number };
  /** Commands the server ran (not one refused before running, nor the INFO asking). */
  commands: number;
  keyspaceHits: number;
  keyspaceMisses: number;
  evictions: number;
  /** Error replies the server sent. */
  errors: number;
  /** Error replies by their first word, in Redis' order (byte order of the word). */
  errorStats: [prefix: string, count: number][];
  keys: number;
  keysWithTtl: number;
  /** The mean time left of the keys with a TTL, in ms (0 without any). */
  averageTtlMs: number;
}

/** What answers as Redis: INFO's `redis_version` and HELLO's `version`. */
export const REDIS_VERSION_TEXT =
  '7.0.15-compatible (in-browser sandbox: ioredis-mock 8.13 behind a command layer)';

const TITLES: Record<string, string> = {
  server: 'Server',
  clients: 'Clients',
  memory: 'Memory',
  persistence: 'Persistence',
  stats: 'Stats',
  replication: 'Replication',
  cpu: 'CPU',
  modules: 'Modules',
  commandstats: 'Commandstats',
  errorstats: 'Errorstats',
  latencystats: 'Latencystats',
  cluster: 'Cluster',
  keyspace: 'Keyspace',
};

/** The sections `INFO` alone and `INFO default` print: all but Commandstats and Latencystats. */
const DEFAULT_SECTIONS = Object.keys(TITLES).filter(
  (s) => s !== 'commandstats' && s !== 'latencystats',
);

/**
 * INFO's text for the sections asked (lower case; none or `default` give the default sections,
 * `all` or `everything` every one), in Redis' order, with its `# Section` / `field:value`
 * layout and CRLF line ends, the last line's too.
 */
export function sandboxInfo(sections: string[], f: SandboxInfoFacts): string {
  const all: Record<string, string[]> = {
    server: [
      `redis_version:${REDIS_VERSION_TEXT}`,
      'redis_mode:standalone',
      'clock:virtual',
      `uptime_in_milliseconds:${Math.floor(f.uptimeMs)}`,
    ],
    clients: [`connected_clients:${f.clients}`],
    memory: [
      `maxkeys:${f.options.maxKeys}`,
      `maxmemory_policy:${f.options.eviction}`,
      `maxmemory_samples:${f.options.evictionSamples}`,
    ],
    // Nothing is saved: no RDB, no AOF (a redis-server run with `--save ''` and
    // `--appendonly no` shows the same), and Restart Redis comes back empty.
    persistence: [
      'loading:0',
      'rdb_bgsave_in_progress:0',
      'rdb_saves:0',
      'aof_enabled:0',
      'aof_rewrite_in_progress:0',
      'aof_rewrites:0',
      'persistence:none (in-browser: nothing is written to disk, and Restart Redis comes back with no keys)',
    ],
    stats: [
      `total_commands_processed:${f.commands}`,
      `evicted_keys:${f.evictions}`,
      `keyspace_hits:${f.keyspaceHits}`,
      `keyspace_misses:${f.keyspaceMisses}`,
      `total_error_replies:${f.errors}`,
    ],
    replication: ['role:master', 'connected_slaves:0'],
    // The engine reads no wall clock, so it cannot measure CPU time; it says so.
    cpu: ['used_cpu:not measured (the sandbox runs on a virtual clock and reads no CPU time)'],
    // No modules are loaded: Redis prints the section's title alone then.
    modules: [],
    // Redis times every call; the engine reads no clock but the virtual one, and keeps no
    // count by command: each section says so rather than print a made-up figure.
    commandstats: [
      'cmdstat:not counted (the sandbox counts commands in all, as Stats total_commands_processed, not by command, and measures no time)',
    ],
    errorstats: f.errorStats.map(([prefix, count]) => `errorstat_${prefix}:count=${count}`),
    latencystats: [
      'latency_percentiles_usec:not measured (the sandbox runs on a virtual clock and reads no CPU time)',
    ],
    cluster: ['cluster_enabled:0'],
    // Redis' avg_ttl is a running mean over the keys its expiry cycle samples; here the mean
    // over every key with a TTL, which that estimate approaches.
    keyspace:
      f.keys > 0
        ? [`db0:keys=${f.keys},expires=${f.keysWithTtl},avg_ttl=${Math.floor(f.averageTtlMs)}`]
        : [],
  };
  const asked = new Set(sections.length === 0 ? ['default'] : sections);
  const isEverything = asked.has('all') || asked.has('everything');
  const wanted = Object.keys(TITLES).filter(
    (s) => isEverything || asked.has(s) || (asked.has('default') && DEFAULT_SECTIONS.includes(s)),
  );
  // As Redis writes it: each line ends in CRLF, and a blank line comes between sections; no
  // section asked (`INFO nosuchsection`) is the empty string.
  return wanted
    .map((s) => [`# ${TITLES[s]}`, ...all[s]].map((l) => `${l}\r\n`).join(''))
    .join('\r\n');
}
