import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DEFAULT_SLOW_FACTOR, type Fault, type WorkloadConfig } from '../engine/workload';
import { MAX_CONFIG_FILE_BYTES, parseConfigFile } from '../lab/labConfig';
import { flagGivenTwiceText, givenTwiceText } from './givenTwice';
import {
  check,
  formatNumber,
  numberFromText,
  quoted,
  realNumber,
  type Refusal,
} from '../schema/fields';
import {
  MAX_RUN_SECONDS,
  RUN_LENGTH_TEXT,
  WORKLOAD_CHOICES,
  WORKLOAD_NUMBERS,
  faultSchema,
  validateWorkload,
  workloadDefault,
} from '../schema/workload';

/**
 * Flags of `npm run sim`, in the order --help lists them, with the config field each sets. What
 * each accepts and its default come from the workload schema (src/schema/workload.ts).
 */
export const SIM_FLAGS: { flag: string; field: keyof WorkloadConfig; help: string }[] = [
  { flag: 'seed', field: 'seed', help: 'seed of every random choice' },
  {
    flag: 'requests',
    field: 'requests',
    help: `requests to run (without --duration, requests / rate at most ${formatNumber(MAX_RUN_SECONDS)} s)`,
  },
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
  { flag: 'pattern', field: 'pattern', help: 'the caching pattern the application uses' },
  { flag: 'write-policy', field: 'writePolicy', help: 'what a write does to the cache' },
  {
    flag: 'double-delete-delay-ms',
    field: 'doubleDeleteDelayMs',
    help: "double-delete: ms from its UPDATE to its second DEL (works once longer than a reader's read-to-set time)",
  },
  { flag: 'read-mitigation', field: 'readMitigation', help: 'what guards the read path' },
  { flag: 'max-keys', field: 'maxKeys', help: 'most keys the cache holds (0 = unbounded)' },
  { flag: 'eviction', field: 'eviction', help: 'what a full cache evicts' },
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
    help: 'how latencies are drawn (constant: the median; lognormal: a tail and stalls)',
  },
  { flag: 'latency-tail', field: 'latencyTail', help: 'lognormal: p99 over the median' },
  {
    flag: 'stall-chance',
    field: 'stallChance',
    help: 'lognormal: chance an operation stalls (GC pause, slow disk)',
  },
  { flag: 'stall-ms', field: 'stallMs', help: 'lognormal: mean stall length, ms' },
  {
    flag: 'connections',
    field: 'connections',
    help: 'application connections to Redis (app1..appN; INFO counts them): in virtual time each command draws its own latency, whatever connection it goes on, so this changes no figure of a run; with --redis-url the run opens this many',
  },
  {
    flag: 'invalidation',
    field: 'invalidation',
    help: 'who deletes a written key: the application after its UPDATE, or a CDC consumer of the change log',
  },
  {
    flag: 'cdc-delay-ms',
    field: 'cdcDelayMs',
    help: 'cdc: ms from a commit to its invalidation (the consumer lag)',
  },
  {
    flag: 'cdc-reorder',
    field: 'cdcReorder',
    help: 'cdc: chance an invalidation is held back and overtaken (seeded)',
  },
  {
    flag: 'cdc-loss',
    field: 'cdcLoss',
    help: 'cdc: chance an invalidation is dropped (seeded); the entry stays until TTL',
  },
];

/**
 * What a schema accepts, in the words its refusal uses ("a whole number from 1 to 1,000,000"):
 * a value no schema takes draws the message out, so `--help` and a refusal never disagree.
 */
function acceptedBy(schema: z.ZodType): string {
  const parsed = schema.safeParse('\u0000');
  return parsed.success ? '' : parsed.error.issues[0].message.replace(/^must be /, '');
}

/** What `--help` says a flag accepts, read from its schema. */
function accepts(field: keyof WorkloadConfig): string {
  // Its range has a gap (0, or 10 s and more): the schema's words for it, as a refusal says.
  if (field === 'durationSeconds') return RUN_LENGTH_TEXT;
  if (field in WORKLOAD_CHOICES)
    return acceptedBy(WORKLOAD_CHOICES[field as keyof typeof WORKLOAD_CHOICES]);
  if (field in WORKLOAD_NUMBERS)
    return acceptedBy(WORKLOAD_NUMBERS[field as keyof typeof WORKLOAD_NUMBERS]);
  return '';
}

/** A default as the ranges beside it are written: numbers with separators ("100,000"). */
const defaultText = (value: unknown): string =>
  typeof value === 'number' ? formatNumber(value) : String(value);

/** The width `--help` gives a flag's name: the longest one's, so the texts line up. */
const FLAG_WIDTH = Math.max(...SIM_FLAGS.map((f) => f.flag.length), 18);

/**
 * How a number flag may be written: the forms `numberFromText` reads, the same for every flag and
 * for a lab link; a settings file is JSON, whose numbers have a grammar of their own.
 */
export const NUMBER_FORMS =
  'A number is written in decimal, with an optional sign, point and exponent (1000, 1e3, 2.5, 10., +10, " 10"), and commas only between groups of three digits (1,000); 0x10, 1_000 and Infinity are refused, and a whole-number flag refuses a point with three digits after it (1.000, a thousand in some languages). Every number flag, and the lab\'s link (#/lab?requests=1e3), reads them alike; a --config file takes JSON numbers (1e3, not 10., +10 or 1,000).';

export function simHelp(): string {
  const lines = [
    'Usage: npm run sim -- [flags]',
    '',
    'Runs a timed cache-aside workload headlessly and prints a summary.',
    '',
    NUMBER_FORMS,
    '',
  ];
  for (const f of SIM_FLAGS)
    lines.push(
      `  --${f.flag.padEnd(FLAG_WIDTH)} ${f.help}: ${accepts(f.field)} (default ${defaultText(workloadDefault(f.field))})`,
    );
  lines.push(
    `  --${'config'.padEnd(FLAG_WIDTH)} run the settings in this file: the lab's exported settings (or a --json summary), checked as the lab's import checks them, at most ${MAX_CONFIG_FILE_BYTES / 1024} KiB; flags on the command line override it`,
  );
  lines.push(
    `  --${'fault'.padEnd(FLAG_WIDTH)} schedule a fault, repeatable: kind:start:duration[:factor], seconds (kind one of ${FAULT_KINDS.join(', ')}; db-slow's factor defaults to ${formatNumber(DEFAULT_SLOW_FACTOR)}; a restart is an instant: cache-restart:start, or cache-restart:start:0); replaces the file's faults`,
  );
  lines.push(
    `  --${'json'.padEnd(FLAG_WIDTH)} print the summary as one JSON object on the last line`,
  );
  lines.push(
    `  --${'redis-url'.padEnd(FLAG_WIDTH)} run against this real Redis (redis://host:port[/db], an empty db) in wall-clock time, beside the virtual-time run`,
  );
  lines.push(
    `  --${'wall-seconds'.padEnd(FLAG_WIDTH)} with --redis-url: scale rate and TTL so the run takes about this long: ${acceptedBy(WALL_SECONDS)} (default ${defaultText(DEFAULT_WALL_SECONDS)})`,
  );
  lines.push(`  --${'help'.padEnd(FLAG_WIDTH)} this text`);
  return lines.join('\n');
}

const FAULT_KINDS = ['cache-down', 'cache-restart', 'db-slow'];

/** How a refusal calls each part of `--fault kind:start:duration[:factor]`: as the flag names them. */
const FAULT_PARTS: Record<string, string> = {
  kind: 'kind',
  startSeconds: 'start (s)',
  durationSeconds: 'duration (s)',
  factor: 'factor',
};

/**
 * `--fault kind:start:duration[:factor]` checked by the fault schema (the numbers as text, as
 * every flag's are; a db-slow fault without a factor takes the schema's default), or its refusal,
 * which quotes the flag as typed and names the part by the flag's own words.
 */
/**
 * An unknown flag, and the flag meant where it is a setting as a file and `lab.run()` name it
 * (`--readRatio` for `--read-ratio`): the list of every flag alone left that to be found.
 */
function unknownFlagText(rawName: string, name: string, valid: readonly string[]): string {
  const meant = SIM_FLAGS.find((f) => f.field === name && f.flag !== name);
  return meant
    ? `unknown flag "${rawName}": the flag is --${meant.flag} (${name} is how a settings file names it)`
    : `unknown flag "${rawName}" (valid: ${valid.join(', ')})`;
}

function faultFromFlag(text: string): Fault | string {
  const flag = `--fault ${quoted(text)}`;
  const parts = text.split(':');
  // A restart is an instant: cache-restart:5 needs no duration (cache-restart:5:0 still works).
  if (parts.length === 2 && parts[0] === 'cache-restart') parts.push('0');
  if (parts.length < 3 || parts.length > 4 || parts.some((p) => p === ''))
    return `--fault must be kind:start:duration[:factor] or cache-restart:start (for example cache-down:5:3, db-slow:5:3:10 or cache-restart:5), got ${quoted(text)}`;
  const [kind, startSeconds, durationSeconds, factor] = parts;
  if (!FAULT_KINDS.includes(kind))
    return `${flag}: kind must be one of ${FAULT_KINDS.join(', ')}, got ${quoted(kind)}`;
  if (factor !== undefined && kind !== 'db-slow') return `${flag}: only db-slow takes a factor`;
  // The schema lets a restart's length through unused (a lab file may carry one); typed here, a
  // length is a mistake to name, not to drop.
  if (kind === 'cache-restart' && Number(durationSeconds) !== 0)
    return `${flag}: a restart is an instant and takes no duration (cache-restart:${startSeconds}, or cache-restart:${startSeconds}:0), got ${durationSeconds}`;
  const fault = check(
    faultSchema,
    { kind, startSeconds, durationSeconds, ...(factor !== undefined ? { factor } : {}) },
    { nameOf: (part) => FAULT_PARTS[part] ?? part },
  );
  return fault.ok ? fault.value : `${flag}: ${fault.refusals.map((r) => r.text).join('; ')}`;
}

/**
 * The settings of a `--config` file, checked by the lab's import (`parseConfigFile`): its size
 * first, from the file system, so a huge file is refused unread.
 */
function readConfigFile(
  path: string,
): { ok: true; config: WorkloadConfig } | { ok: false; error: string } {
  let text: string;
  try {
    const bytes = statSync(path).size;
    const checked = bytes > MAX_CONFIG_FILE_BYTES ? parseConfigFile({ bytes }) : null;
    if (checked && !checked.ok)
      return { ok: false, error: `--config ${path}: ${checked.errors[0].text}` };
    const read = readAtMost(path, MAX_CONFIG_FILE_BYTES);
    if (read === null)
      return {
        ok: false,
        error: `--config ${path}: it holds more than ${MAX_CONFIG_FILE_BYTES.toLocaleString('en-US')} bytes; a settings file is at most ${MAX_CONFIG_FILE_BYTES.toLocaleString('en-US')} bytes (64 KiB)`,
      };
    text = read;
  } catch (e) {
    return { ok: false, error: `--config ${path}: cannot read it (${(e as Error).message})` };
  }
  const checked = parseConfigFile(text);
  if (!checked.ok)
    return {
      ok: false,
      error: `--config ${path}: ${checked.errors.map((e) => e.text).join('; ')}`,
    };
  return { ok: true, config: checked.config };
}

/**
 * The text of `path` when it holds at most `max` bytes, else null, reading no more than one byte
 * past them: a pipe or a device (`--config <(yes)`, /dev/zero) has no size to check first, and
 * was read to its end (/dev/zero took 16 GB in a minute).
 */
function readAtMost(path: string, max: number): string | null {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(max + 1);
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return length > max ? null : buffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}

/** Wall-clock seconds a `--redis-url` run aims for unless `--wall-seconds` says otherwise. */
export const DEFAULT_WALL_SECONDS = 20;
const WALL_SECONDS = realNumber(1, 3600);

/** The flags beside the workload's: how a run against a real Redis is made. */
const realRedisSchema = z.strictObject({
  redisUrl: z
    .string()
    .max(2000)
    .regex(/^rediss?:\/\/[^/\s]+(\/\d{1,2})?\/?$/, {
      error: () => 'must be redis://host:port or redis://host:port/db',
    })
    .optional(),
  wallSeconds: numberFromText(WALL_SECONDS).default(DEFAULT_WALL_SECONDS),
});

export type ParsedArgs =
  /** `--help` (or `-h`): help is printed and the other flags' values are not read. */
  | { ok: true; help: true }
  | {
      ok: true;
      config: WorkloadConfig;
      /** The settings given by a flag on the command line (not by --config's file). */
      given: (keyof WorkloadConfig)[];
      json: boolean;
      help: false;
      /** Set with `--redis-url`: run against this server in wall-clock time. */
      redisUrl?: string;
      wallSeconds: number;
    }
  | { ok: false; errors: string[] };

const OTHER_FLAGS = ['config', 'fault', 'json', 'redis-url', 'wall-seconds', 'help'];
const FLAG_OF = new Map<string, string>([
  ...SIM_FLAGS.map((f) => [f.field as string, f.flag] as const),
  ['faults', 'fault'],
  ['redisUrl', 'redis-url'],
  ['wallSeconds', 'wall-seconds'],
]);
const nameOf = (field: string): string => `--${FLAG_OF.get(field) ?? field}`;

/** Whether an argument is a flag (`--json`, `--ttl=5`, `-h`), not `--` nor a value. */
const isFlag = (arg: string | undefined): boolean =>
  arg !== undefined && (/^--./.test(arg) || arg === '-h');

/**
 * Parses the flags (`--flag value`, `--flag=value`) with `node:util`'s `parseArgs`, then checks
 * their values against the schemas; every problem comes back, each naming its flag.
 */
export function parseSimArgs(argv: readonly string[]): ParsedArgs {
  const stringFlags = [
    ...SIM_FLAGS.map((f) => f.flag),
    'config',
    'fault',
    'redis-url',
    'wall-seconds',
  ];
  const errors: string[] = [];
  // Not strict, parseArgs takes a flag that follows a flag wanting a value as that value
  // (`--seed --requests 10` ran into "unexpected argument "10""): said as the walkthrough says it,
  // and the next flag is read as a flag.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [arg, next] = [argv[i], argv[i + 1]];
    if (arg === '--') {
      args.push(...argv.slice(i));
      break;
    }
    // `--seed -- 5`: "--" ends the flags, so the flag before it has no value; until 2026-12-07
    // only "unexpected argument "5"" was said, naming neither the flag nor why.
    if (arg.startsWith('--') && stringFlags.includes(arg.slice(2)) && next === '--') {
      errors.push(
        `${arg} has no value: "--" ends the flags, so what follows it is no flag's value (write ${arg} ${argv[i + 2] ?? 'VALUE'})`,
      );
      continue;
    }
    if (arg.startsWith('--') && stringFlags.includes(arg.slice(2)) && isFlag(next)) {
      errors.push(
        `${arg} needs a value, and the next argument is a flag (a value that starts with a dash is written ${arg}=VALUE)`,
      );
      continue;
    }
    args.push(arg);
  }
  const { values, tokens } = parseArgs({
    args,
    options: {
      ...Object.fromEntries(stringFlags.map((flag) => [flag, { type: 'string' as const }])),
      fault: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    // Not strict, so every unknown flag and missing value is reported, not only the first.
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const valid = [...SIM_FLAGS.map((f) => `--${f.flag}`), ...OTHER_FLAGS.map((f) => `--${f}`)];
  let afterUnknown = false;
  // A flag's first value, to refuse a second: parseArgs keeps the last in silence, where a lab
  // link's repeated setting runs its first and says so. Only --fault is meant to repeat: a flag
  // without a value given twice (`--json --json`, `-h --help`) is refused too.
  const firstValues = new Map<string, string>();
  /** Each flag without a value seen, as it was typed first (`-h` or `--help`). */
  const seenFlags = new Map<string, string>();
  for (const token of tokens) {
    if (token.kind === 'positional') {
      // The value of an unknown flag (`--colour blue`) is not reported a second time.
      if (!afterUnknown) errors.push(`unexpected argument "${token.value}"`);
    } else if (token.kind === 'option') {
      const isString = stringFlags.includes(token.name);
      if (!isString && token.name !== 'json' && token.name !== 'help')
        errors.push(unknownFlagText(token.rawName, token.name, valid));
      else if (isString && token.value === undefined) errors.push(`--${token.name} needs a value`);
      else if (!isString && token.value !== undefined)
        errors.push(`--${token.name} takes no value`);
      else if (!isString) {
        const first = seenFlags.get(token.name);
        if (first !== undefined) errors.push(flagGivenTwiceText(token.name, first, token.rawName));
        else seenFlags.set(token.name, token.rawName);
      } else if (isString && token.name !== 'fault' && token.value !== undefined) {
        const first = firstValues.get(token.name);
        if (first === undefined) firstValues.set(token.name, token.value);
        else errors.push(givenTwiceText(token.name, first, token.value));
      }
      afterUnknown = !isString && token.name !== 'json' && token.name !== 'help';
      continue;
    }
    afterUnknown = false;
  }
  if (errors.length) return { ok: false, errors };
  // Asked for help, the user gets it, as `git` and the walkthrough answer: a flag's value is not
  // checked (`--help --keys 0`), nor is a settings file read; a flag the CLI does not have still is.
  if (values.help === true) return { ok: true, help: true };
  // A settings file first; each flag given on the command line overrides its setting.
  const input: Record<string, unknown> = {};
  const configPath = values.config;
  if (typeof configPath === 'string') {
    const file = readConfigFile(configPath);
    if (!file.ok) return { ok: false, errors: [file.error] };
    Object.assign(input, file.config);
  }
  for (const f of SIM_FLAGS)
    if (typeof values[f.flag] === 'string') input[f.field] = values[f.flag];
  const faultFlags = values.fault;
  // A --fault that does not parse is reported beside the other flags' problems, not instead of them.
  let badFaults: string[] = [];
  if (Array.isArray(faultFlags)) {
    const faults = faultFlags.map((t) => faultFromFlag(String(t)));
    badFaults = faults.filter((f) => typeof f === 'string');
    // They replace the file's faults either way, so those are not checked in their place.
    input.faults = badFaults.length === 0 ? faults : [];
  }
  const checked = validateWorkload(input, nameOf);
  const other = check(
    realRedisSchema,
    {
      ...(values['redis-url'] !== undefined ? { redisUrl: values['redis-url'] } : {}),
      ...(values['wall-seconds'] !== undefined ? { wallSeconds: values['wall-seconds'] } : {}),
    },
    { nameOf },
  );
  const refusals: string[] = [
    ...badFaults,
    ...[...(checked.ok ? [] : checked.errors), ...(other.ok ? [] : other.refusals)].map(
      (r: Refusal) => r.text,
    ),
  ];
  // --wall-seconds paces a run against a real server: alone it would be ignored in silence.
  if (values['wall-seconds'] !== undefined && values['redis-url'] === undefined)
    refusals.push(
      '--wall-seconds works only with --redis-url (it paces a run against a real Redis)',
    );
  if (!checked.ok || !other.ok || refusals.length > 0) return { ok: false, errors: refusals };
  return {
    ok: true,
    config: checked.config,
    given: SIM_FLAGS.filter((f) => typeof values[f.flag] === 'string').map((f) => f.field),
    json: values.json === true,
    help: false,
    redisUrl: other.value.redisUrl,
    wallSeconds: other.value.wallSeconds,
  };
}
