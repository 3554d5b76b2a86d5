import { DEFAULT_WORKLOAD, validateWorkload, type WorkloadConfig } from '../engine/workload';

/** Flags of `npm run sim`, in the order --help lists them, with the config field each sets. */
export const SIM_FLAGS: { flag: string; field: keyof WorkloadConfig; help: string }[] = [
  { flag: 'seed', field: 'seed', help: 'seed of every random choice' },
  { flag: 'requests', field: 'requests', help: 'requests to run' },
  {
    flag: 'duration',
    field: 'durationSeconds',
    help: 'virtual seconds to run (0: until --requests are done)',
  },
  { flag: 'keys', field: 'keys', help: 'distinct users (and database rows)' },
  { flag: 'zipf', field: 'zipf', help: 'Zipf alpha of key popularity (0 = uniform)' },
  { flag: 'rate', field: 'rate', help: 'total requests per second (Poisson)' },
  { flag: 'read-ratio', field: 'readRatio', help: 'fraction of requests that are reads' },
  { flag: 'ttl', field: 'ttl', help: 'TTL set on fill, seconds (0 = no expiry)' },
  {
    flag: 'pattern',
    field: 'pattern',
    help: 'cache-aside | read-through | write-through | write-behind | refresh-ahead',
  },
  {
    flag: 'write-policy',
    field: 'writePolicy',
    help: 'invalidate | update-cache | ttl-only | delete-first | double-delete',
  },
  {
    flag: 'read-mitigation',
    field: 'readMitigation',
    help: 'none | lease | versioned-fill | single-flight | early-refresh',
  },
  { flag: 'max-keys', field: 'maxKeys', help: 'most keys the cache holds (0 = unbounded)' },
  {
    flag: 'eviction',
    field: 'eviction',
    help: 'noeviction | allkeys-lru | allkeys-lfu | allkeys-random',
  },
  {
    flag: 'cache-latency',
    field: 'cacheLatency',
    help: 'Redis round trip, median ms (an assumption)',
  },
  {
    flag: 'db-latency',
    field: 'dbLatency',
    help: 'indexed database read, median ms (an assumption)',
  },
  {
    flag: 'db-write-latency',
    field: 'dbWriteLatency',
    help: 'database write, median ms (an assumption)',
  },
  {
    flag: 'latency-model',
    field: 'latencyModel',
    help: 'constant (every operation takes its median) | lognormal (a tail, and stalls)',
  },
  { flag: 'latency-tail', field: 'latencyTail', help: 'lognormal: p99 over the median (>= 1)' },
  {
    flag: 'stall-chance',
    field: 'stallChance',
    help: 'lognormal: chance an operation stalls (GC pause, slow disk), 0..1',
  },
  { flag: 'stall-ms', field: 'stallMs', help: 'lognormal: mean stall length, ms' },
  { flag: 'connections', field: 'connections', help: 'application connections to Redis' },
];

export function simHelp(): string {
  const lines = [
    'Usage: npm run sim -- [flags]',
    '',
    'Runs a timed cache-aside workload headlessly and prints a summary.',
    '',
  ];
  for (const f of SIM_FLAGS)
    lines.push(`  --${f.flag.padEnd(18)} ${f.help} (default ${String(DEFAULT_WORKLOAD[f.field])})`);
  lines.push(`  --${'json'.padEnd(18)} print the summary as one JSON object on the last line`);
  lines.push(
    `  --${'redis-url'.padEnd(18)} run against this real Redis (redis://host:port[/db], an empty db) in wall-clock time, beside the virtual-time run`,
  );
  lines.push(
    `  --${'wall-seconds'.padEnd(18)} with --redis-url: scale rate and TTL so the run takes about this long (default ${DEFAULT_WALL_SECONDS})`,
  );
  lines.push(`  --${'help'.padEnd(18)} this text`);
  return lines.join('\n');
}

/** Wall-clock seconds a `--redis-url` run aims for unless `--wall-seconds` says otherwise. */
export const DEFAULT_WALL_SECONDS = 20;

export type ParsedArgs =
  | {
      ok: true;
      config: WorkloadConfig;
      json: boolean;
      help: boolean;
      /** Set with `--redis-url`: run against this server in wall-clock time. */
      redisUrl?: string;
      wallSeconds: number;
    }
  | { ok: false; errors: string[] };

/** Parses `--flag value` and `--flag=value` pairs into a validated workload config. */
export function parseSimArgs(argv: readonly string[]): ParsedArgs {
  const errors: string[] = [];
  const input: Record<string, unknown> = {};
  let json = false;
  let help = false;
  let redisUrl: string | undefined;
  let wallSeconds = DEFAULT_WALL_SECONDS;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') {
      json = true;
      continue;
    }
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (m && (m[1] === 'redis-url' || m[1] === 'wall-seconds')) {
      const value = m[2] ?? argv[++i];
      if (value === undefined) errors.push(`--${m[1]} needs a value`);
      else if (m[1] === 'redis-url') {
        if (/^rediss?:\/\/[^/\s]+(\/\d{1,2})?\/?$/.test(value)) redisUrl = value;
        else
          errors.push(
            `--redis-url must be redis://host:port or redis://host:port/db, got "${value}"`,
          );
      } else {
        const n = Number(value);
        if (value.trim() !== '' && n >= 1 && n <= 3600) wallSeconds = n;
        else errors.push(`--wall-seconds must be a number from 1 to 3600, got "${value}"`);
      }
      continue;
    }
    const spec = m && SIM_FLAGS.find((f) => f.flag === m[1]);
    if (!m || !spec) {
      if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) i++;
      errors.push(
        `unknown flag "${arg}" (valid: ${SIM_FLAGS.map((f) => `--${f.flag}`).join(', ')}, --json, --redis-url, --wall-seconds, --help)`,
      );
      continue;
    }
    const value = m[2] ?? argv[++i];
    if (value === undefined) {
      errors.push(`--${spec.flag} needs a value`);
      continue;
    }
    input[spec.field] = value;
  }
  if (errors.length) return { ok: false, errors };
  const checked = validateWorkload(input);
  if (!checked.ok) {
    const byField = new Map(SIM_FLAGS.map((f) => [f.field as string, f.flag]));
    return {
      ok: false,
      errors: checked.errors.map((e) =>
        e.replace(/^(\w+)/, (field) => `--${byField.get(field) ?? field}`),
      ),
    };
  }
  return { ok: true, config: checked.config, json, help, redisUrl, wallSeconds };
}
