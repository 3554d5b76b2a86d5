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
  keys: number;
  keysWithTtl: number;
}

const TITLES: Record<string, string> = {
  server: 'Server',
  clients: 'Clients',
  memory: 'Memory',
  stats: 'Stats',
  keyspace: 'Keyspace',
};

/**
 * INFO's text for the sections asked (lower case; none, `all`, `everything` or `default` give
 * every section), in Redis' `# Section` / `field:value` layout with CRLF line ends.
 */
export function sandboxInfo(sections: string[], f: SandboxInfoFacts): string {
  const all: Record<string, string[]> = {
    server: [
      'redis_version:7.0.15-compatible (in-browser sandbox: ioredis-mock 8.13 behind a command layer)',
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
    stats: [
      `total_commands_processed:${f.commands}`,
      `keyspace_hits:${f.keyspaceHits}`,
      `keyspace_misses:${f.keyspaceMisses}`,
      `evicted_keys:${f.evictions}`,
      `total_error_replies:${f.errors}`,
    ],
    keyspace: f.keys > 0 ? [`db0:keys=${f.keys},expires=${f.keysWithTtl},avg_ttl=0`] : [],
  };
  const everything =
    sections.length === 0 || sections.some((s) => ['all', 'everything', 'default'].includes(s));
  const wanted = Object.keys(all).filter((s) => everything || sections.includes(s));
  return wanted.map((s) => [`# ${TITLES[s]}`, ...all[s]].join('\r\n')).join('\r\n\r\n');
}
