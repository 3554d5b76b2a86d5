import { EVICTION_POLICIES } from '../engine/cache';
import { LATENCY_MODELS } from '../engine/latency';
import { READ_MITIGATIONS, WRITE_POLICIES } from '../engine/programs/catalog';
import { PATTERNS } from '../engine/programs/patterns';
import {
  DEFAULT_WORKLOAD,
  WORKLOAD_LIMITS,
  validateWorkload,
  type Fault,
  type WorkloadConfig,
} from '../engine/workload';

export type NumericField = keyof typeof WORKLOAD_LIMITS;
export type ChoiceField =
  'pattern' | 'writePolicy' | 'readMitigation' | 'eviction' | 'latencyModel';

/** The controls as typed: numbers stay text until a run checks them, so a typo is shown, not lost. */
export type LabDraft = Record<NumericField, string> &
  Record<ChoiceField, string> & {
    faults: Fault[];
  };

export interface NumericFieldSpec {
  field: NumericField;
  label: string;
  unit?: string;
  step: string;
  hint?: string;
}

/** The numeric controls, grouped as the page shows them. */
export const FIELD_GROUPS: { title: string; fields: NumericFieldSpec[] }[] = [
  {
    title: 'Workload',
    fields: [
      { field: 'requests', label: 'Requests', step: '1' },
      {
        field: 'durationSeconds',
        label: 'Run length',
        unit: 's',
        step: '1',
        hint: '10 s to 24 h of virtual time; 0 runs until the requests are done',
      },
      { field: 'rate', label: 'Request rate', unit: 'req/s', step: 'any' },
      { field: 'readRatio', label: 'Read ratio', step: '0.01', hint: '0 to 1' },
      { field: 'keys', label: 'Keys (rows)', step: '1' },
      { field: 'zipf', label: 'Zipf alpha', step: '0.1', hint: '0 is uniform' },
      { field: 'seed', label: 'Seed', step: '1' },
    ],
  },
  {
    title: 'Cache',
    fields: [
      { field: 'ttl', label: 'TTL', unit: 's', step: 'any', hint: '0 = no expiry' },
      { field: 'maxKeys', label: 'Max keys', step: '1', hint: '0 = unbounded' },
      { field: 'connections', label: 'Connections', step: '1' },
    ],
  },
  {
    title: 'Latency (assumptions)',
    fields: [
      { field: 'cacheLatency', label: 'Redis round trip', unit: 'ms', step: 'any' },
      { field: 'dbLatency', label: 'DB read', unit: 'ms', step: 'any' },
      { field: 'dbWriteLatency', label: 'DB write', unit: 'ms', step: 'any' },
      {
        field: 'latencyTail',
        label: 'Tail (p99 / median)',
        step: 'any',
        hint: 'lognormal model: how much slower the slowest 1% are',
      },
      {
        field: 'stallChance',
        label: 'Stall chance',
        step: 'any',
        hint: 'lognormal model: share of operations that stall (GC pause, slow disk), 0 to 1',
      },
      { field: 'stallMs', label: 'Mean stall', unit: 'ms', step: 'any' },
    ],
  },
];

export const CHOICES: Record<ChoiceField, { label: string; values: readonly string[] }> = {
  pattern: { label: 'Caching pattern', values: PATTERNS },
  writePolicy: { label: 'Write policy', values: WRITE_POLICIES },
  readMitigation: { label: 'Read mitigation', values: READ_MITIGATIONS },
  eviction: { label: 'Eviction policy', values: EVICTION_POLICIES },
  latencyModel: { label: 'Latency model', values: LATENCY_MODELS },
};

const NUMERIC_FIELDS = Object.keys(WORKLOAD_LIMITS) as NumericField[];

/** Longest run the lab accepts, in virtual seconds (24 h). */
export const MAX_RUN_SECONDS = WORKLOAD_LIMITS.durationSeconds.max;
/** Shortest fixed run length, in virtual seconds. */
export const MIN_RUN_SECONDS = 10;

export function draftFromConfig(config: WorkloadConfig): LabDraft {
  const draft = { faults: config.faults.map((f) => ({ ...f })) } as LabDraft;
  for (const f of NUMERIC_FIELDS) draft[f] = String(config[f]);
  draft.pattern = config.pattern;
  draft.writePolicy = config.writePolicy;
  draft.readMitigation = config.readMitigation;
  draft.eviction = config.eviction;
  draft.latencyModel = config.latencyModel;
  return draft;
}

/** Virtual seconds a run of this config is expected to cover. */
export function expectedRunSeconds(config: WorkloadConfig): number {
  const byRequests = config.requests / config.rate;
  return config.durationSeconds > 0 ? Math.min(config.durationSeconds, byRequests) : byRequests;
}

export type CheckResult = { ok: true; config: WorkloadConfig } | { ok: false; errors: string[] };

/**
 * The engine's validation (it names each field and its range) plus the lab's own limit on run
 * length: 10 s to 24 h of virtual time.
 */
export function checkConfig(input: Record<string, unknown>): CheckResult {
  const checked = validateWorkload(input);
  const errors = checked.ok ? [] : [...checked.errors];
  const duration = checked.ok ? checked.config.durationSeconds : Number(input.durationSeconds);
  if (Number.isFinite(duration) && duration > 0 && duration < MIN_RUN_SECONDS)
    errors.push(
      `durationSeconds (run length) must be 0 or from ${MIN_RUN_SECONDS} to ${MAX_RUN_SECONDS} s, got ${duration}`,
    );
  if (checked.ok && !errors.length) {
    const { config } = checked;
    if (config.durationSeconds === 0 && config.requests / config.rate > MAX_RUN_SECONDS)
      errors.push(
        `requests / rate is ${Math.round(config.requests / config.rate)} s of virtual time; a run is at most ${MAX_RUN_SECONDS} s (24 h): lower requests, raise rate or set a run length`,
      );
  }
  return errors.length || !checked.ok ? { ok: false, errors } : checked;
}

export function checkDraft(draft: LabDraft): CheckResult {
  return checkConfig({ ...draft });
}

/** The field an error message is about (messages start with the field's name). */
export function errorField(message: string): string | null {
  const m = /^(\w+)/.exec(message);
  return m ? m[1] : null;
}

/** The query string of the lab URL: every setting that differs from the default. */
export function configToQuery(config: WorkloadConfig): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(DEFAULT_WORKLOAD) as (keyof WorkloadConfig)[]) {
    if (key === 'faults') continue;
    if (config[key] !== DEFAULT_WORKLOAD[key]) params.set(key, String(config[key]));
  }
  if (config.faults.length) params.set('faults', JSON.stringify(config.faults));
  return params.toString();
}

/**
 * Reads the settings a lab URL hash carries (`#/lab?ttl=30&keys=100`); null when it carries
 * none. Values are left as text for `checkConfig`.
 */
export function queryToInput(hash: string): Record<string, unknown> | null {
  const q = hash.indexOf('?');
  if (q < 0) return null;
  const params = new URLSearchParams(hash.slice(q + 1));
  const input: Record<string, unknown> = {};
  for (const [key, value] of params) {
    if (key === 'faults') {
      try {
        input.faults = JSON.parse(value) as unknown;
      } catch {
        input.faults = value;
      }
    } else input[key] = value;
  }
  return Object.keys(input).length ? input : null;
}

/** Parses an imported configuration file; every problem comes back as a message. */
export function parseConfigFile(text: string): CheckResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`not valid JSON (${(e as Error).message})`] };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return { ok: false, errors: ['expected a JSON object of settings, like {"ttl": 60}'] };
  // A summary exported by the CLI carries its config under "config": accept that too.
  const record = data as Record<string, unknown>;
  const input =
    'config' in record && typeof record.config === 'object' && record.config !== null
      ? (record.config as Record<string, unknown>)
      : record;
  return checkConfig(input);
}

export const FAULT_KINDS: { kind: Fault['kind']; label: string }[] = [
  { kind: 'cache-down', label: 'Cache down' },
  { kind: 'cache-restart', label: 'Cache restart (emptied)' },
  { kind: 'db-slow', label: 'Slow database' },
];

export function describeFault(f: Fault): string {
  if (f.kind === 'cache-restart') return `Cache restart at ${f.startSeconds} s`;
  if (f.kind === 'cache-down')
    return `Cache down from ${f.startSeconds} s for ${f.durationSeconds} s`;
  return `Database ${f.factor ?? 10}x slower from ${f.startSeconds} s for ${f.durationSeconds} s`;
}
