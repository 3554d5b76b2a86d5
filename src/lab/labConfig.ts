import {
  DEFAULT_SLOW_FACTOR,
  DEFAULT_WORKLOAD,
  type Fault,
  type WorkloadConfig,
} from '../engine/workload';
import { z } from 'zod';
import type { Refusal } from '../schema/fields';
import { check, formatNumber, repeatedParam } from '../schema/fields';
import { repeatedKeys } from '../schema/repeatedKeys';
import { parseJsonAsWritten } from '../schema/writtenJson';
import {
  MAX_RUN_SECONDS,
  MIN_RUN_SECONDS,
  WORKLOAD_CHOICES,
  WORKLOAD_LIMITS,
  validateWorkload,
  workloadFileSchema,
  type WorkloadNumberField,
  WORKLOAD_KEYS,
} from '../schema/workload';
import { andList } from '../engine/andList';

export { MAX_RUN_SECONDS, MIN_RUN_SECONDS, WORKLOAD_LIMITS };

export type NumericField = WorkloadNumberField;
export type ChoiceField =
  'pattern' | 'writePolicy' | 'readMitigation' | 'eviction' | 'latencyModel' | 'invalidation';

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
  /** What a value means, after the range the hint reads from the schema ("0 = no expiry"). */
  note?: string;
  /** The choice the control sits beside, when it belongs to one (double-delete's delay: the write policy). */
  besideChoice?: ChoiceField;
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
        note: '0 runs until the requests are done',
      },
      { field: 'rate', label: 'Request rate', unit: 'req/s', step: 'any' },
      { field: 'readRatio', label: 'Read ratio', step: '0.01' },
      { field: 'keys', label: 'Keys (rows)', step: '1' },
      { field: 'zipf', label: 'Zipf alpha', step: '0.1', note: '0 is uniform' },
      { field: 'seed', label: 'Seed', step: '1' },
    ],
  },
  {
    title: 'Cache',
    fields: [
      { field: 'ttl', label: 'TTL', unit: 's', step: 'any', note: '0 = no expiry' },
      { field: 'maxKeys', label: 'Max keys', step: '1', note: '0 = unbounded' },
      {
        field: 'connections',
        label: 'Connections',
        step: '1',
        note: 'app processes the requests are spread over, each with its own Redis connection (INFO counts them); not a pool: requests are never held back waiting for one; in virtual time each command draws its own latency, whatever connection it goes on, so this changes no figure of a run; against a real Redis (npm run sim -- --redis-url) the run opens this many',
      },
      {
        field: 'doubleDeleteDelayMs',
        label: 'Double-delete delay',
        unit: 'ms',
        step: 'any',
        note: "double-delete's wait from its UPDATE to its second DEL; it takes back a stale fill only when longer than a reader's read-to-set time",
        besideChoice: 'writePolicy',
      },
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
        note: 'lognormal model: how much slower the slowest 1% are',
      },
      {
        field: 'stallChance',
        label: 'Stall chance',
        step: 'any',
        note: 'lognormal model: share of operations that stall (GC pause, slow disk); one whose median is 0 ms takes no time and never stalls',
      },
      {
        field: 'stallMs',
        label: 'Mean stall',
        unit: 'ms',
        step: 'any',
        note: 'lognormal model: how long a stall lasts, on average',
      },
    ],
  },
  {
    title: 'Change-data-capture (invalidation cdc)',
    fields: [
      {
        field: 'cdcDelayMs',
        label: 'CDC delay',
        unit: 'ms',
        step: 'any',
        note: 'from a commit to the consumer deleting the key',
      },
      {
        field: 'cdcReorder',
        label: 'CDC reorder chance',
        step: 'any',
        note: 'share of invalidations held back and overtaken',
      },
      {
        field: 'cdcLoss',
        label: 'CDC loss chance',
        step: 'any',
        note: 'share of invalidations dropped (stale until TTL)',
      },
    ],
  },
];

const rangeNumber = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 6 });

/**
 * A numeric control's hint: the range its schema accepts (a run length's as the schema's own
 * rule has it: 0, or from the shortest run to the longest), then what a value means.
 */
export function fieldHint(spec: NumericFieldSpec): string {
  const { min, max } = WORKLOAD_LIMITS[spec.field];
  const unit = spec.unit ? ` ${spec.unit}` : '';
  const range =
    spec.field === 'durationSeconds'
      ? `${rangeNumber(min)}, or ${rangeNumber(MIN_RUN_SECONDS)} to ${rangeNumber(max)}${unit} (24 h) of virtual time`
      : `${rangeNumber(min)} to ${rangeNumber(max)}${unit}`;
  return spec.note ? `${range}; ${spec.note}` : range;
}

/** The choices, their values read from the schema. */
export const CHOICES: Record<ChoiceField, { label: string; values: readonly string[] }> = {
  pattern: { label: 'Caching pattern', values: WORKLOAD_CHOICES.pattern.options },
  writePolicy: { label: 'Write policy', values: WORKLOAD_CHOICES.writePolicy.options },
  readMitigation: { label: 'Read mitigation', values: WORKLOAD_CHOICES.readMitigation.options },
  eviction: { label: 'Eviction policy', values: WORKLOAD_CHOICES.eviction.options },
  latencyModel: { label: 'Latency model', values: WORKLOAD_CHOICES.latencyModel.options },
  invalidation: { label: 'Invalidation source', values: WORKLOAD_CHOICES.invalidation.options },
};

const NUMERIC_FIELDS = Object.keys(WORKLOAD_LIMITS) as NumericField[];

export function draftFromConfig(config: WorkloadConfig): LabDraft {
  const draft = { faults: config.faults.map((f) => ({ ...f })) } as LabDraft;
  for (const f of NUMERIC_FIELDS) draft[f] = String(config[f]);
  draft.pattern = config.pattern;
  draft.writePolicy = config.writePolicy;
  draft.readMitigation = config.readMitigation;
  draft.eviction = config.eviction;
  draft.latencyModel = config.latencyModel;
  draft.invalidation = config.invalidation;
  return draft;
}

/** Virtual seconds a run of this config is expected to cover. */
export function expectedRunSeconds(config: WorkloadConfig): number {
  const byRequests = config.requests / config.rate;
  return config.durationSeconds > 0 ? Math.min(config.durationSeconds, byRequests) : byRequests;
}

export type CheckResult = { ok: true; config: WorkloadConfig } | { ok: false; errors: Refusal[] };

/**
 * Checks settings from the controls, a link, a file, storage or the automation API against the
 * lab's schema (src/schema/workload.ts): each refusal names its field and range.
 */
export function checkConfig(input: unknown): CheckResult {
  return validateWorkload(input);
}

/**
 * Checks settings whose numbers must be numbers (a settings file, `lab.run`): `"30"` is refused
 * with the setting's range, as `configure()` refuses it, not read as 30.
 */
export function checkTypedConfig(input: unknown): CheckResult {
  return validateWorkload(input, undefined, workloadFileSchema);
}

/** What the page calls each setting: a refusal under a control names it as its label does. */
const FIELD_LABELS: Record<string, string> = Object.fromEntries([
  ...FIELD_GROUPS.flatMap((g) => g.fields.map((f) => [f.field, f.label])),
  ...Object.entries(CHOICES).map(([field, c]) => [field, c.label]),
  ['faults', 'Fault schedule'],
]);

/** What the page calls a setting: its control's label ("TTL" for ttl). */
const labelOf = (field: string): string => FIELD_LABELS[field] ?? field;

/**
 * What an import of `named` from `fileName` did: a file naming every setting (an export) set
 * every control; one naming fewer set those, by their labels, and kept the others.
 */
export function importedText(fileName: string, named: readonly string[]): string {
  const run = 'Press Run to run it.';
  if (WORKLOAD_KEYS.every((k) => named.includes(k))) return `Imported ${fileName}. ${run}`;
  const labels = WORKLOAD_KEYS.filter((k) => named.includes(k)).map(labelOf);
  return `Imported ${fileName}: it sets ${andList(labels)}; the other controls are as they were. ${run}`;
}

/** Checks the controls as typed; refusals name the controls by their labels. */
export function checkDraft(draft: LabDraft): CheckResult {
  return validateWorkload({ ...draft }, labelOf);
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
    // The first of a repeated setting is used, as in the sandbox (`linkProblems` says so).
    if (Object.hasOwn(input, key)) continue;
    if (key === 'faults') {
      try {
        input.faults = parseJsonAsWritten(value);
      } catch {
        input.faults = value;
      }
    } else
      // An own property whatever its name: `__proto__=1` is then refused as an unknown setting,
      // not taken as the object's prototype and lost without a word.
      Object.defineProperty(input, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return Object.keys(input).length ? input : null;
}

/** What a lab link gives more than once: the first is used, and the page says so. */
export function linkProblems(hash: string): string[] {
  const q = hash.indexOf('?');
  if (q < 0) return [];
  const params = new URLSearchParams(hash.slice(q + 1));
  return [...new Set(params.keys())].flatMap((name) => repeatedParam(params, name) ?? []);
}

/** Largest settings file the lab reads (checked before reading it): settings take a few hundred bytes. */
export const MAX_CONFIG_FILE_BYTES = 64 * 1024;

const fileRefusal = (text: string): { ok: false; errors: Refusal[] } => ({
  ok: false,
  errors: [{ field: null, text }],
});

/** Fields of a CLI `--json` summary that share a setting's name ("requests": how many ran). */
const SUMMARY_KEYS = new Set(['requests']);

/** An object as JSON.parse made it (not an array, not null). */
const isJsonObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What a CLI `--json` summary's "config" holds: the settings as an object. Anything else there
 * was taken for settings beside it ("unknown setting "config"", or "settings both under "config"
 * and beside it" for a "config" that held none).
 */
const summaryConfigSchema = z.object({
  config: z.custom<Record<string, unknown>>(isJsonObject, {
    error: () => 'must hold the settings as an object, like {"config": {"ttl": 60}}',
  }),
});

/**
 * The settings a file holds: an object of settings, or a CLI `--json` summary with them under
 * "config"; null for anything else. The object is JSON.parse's own, not a copy: a copy made by
 * assignment turns a `"__proto__"` key into the copy's prototype, and the file's setting was
 * then dropped in silence ("Imported") instead of refused as unknown.
 */
function settingsIn(data: unknown): Record<string, unknown> | null {
  if (!isJsonObject(data)) return null;
  return Object.hasOwn(data, 'config') && isJsonObject(data.config) ? data.config : data;
}

/**
 * A settings file checked: its settings (what it leaves out takes its default, as
 * `npm run sim -- --config` runs it) and which of them it names, so the lab's import sets those
 * and keeps the controls it does not name.
 */
export type FileCheckResult =
  | { ok: true; config: WorkloadConfig; named: (keyof WorkloadConfig)[] }
  | { ok: false; errors: Refusal[] };

/** Parses an imported configuration file; every problem comes back as a message. */
export function parseConfigFile(content: string | { bytes: number }): FileCheckResult {
  if (typeof content !== 'string') return fileRefusal(tooLarge(content.bytes));
  // Characters are at least one byte each: a text this long came from a file over the limit.
  if (content.length > MAX_CONFIG_FILE_BYTES) return fileRefusal(tooLarge(content.length));
  // A byte-order mark some editors save before UTF-8 text is not part of the JSON.
  const text = content.startsWith('\uFEFF') ? content.slice(1) : content;
  // JSON.parse says "Unexpected end of JSON input": a syntax error to look for in nothing.
  if (text.trim() === '')
    return fileRefusal('the file is empty: a settings file names what it sets, like {"ttl": 60}');
  let data: unknown;
  try {
    data = parseJsonAsWritten(text);
  } catch (e) {
    // JSON.parse's message quotes the text: a binary file's bytes, shown as garbled characters.
    return fileRefusal(
      notTextReason(text) ?? `not valid JSON (${(e as Error).message})${simPrintoutHint(text)}`,
    );
  }
  const settings = settingsIn(data);
  if (settings === null) return fileRefusal('expected a JSON object of settings, like {"ttl": 60}');
  // Checked as settings, `{}` is every default: an import reset every control to it in silence.
  if (Object.keys(settings).length === 0)
    return fileRefusal(
      'the file names no setting: a settings file names what it sets, like {"ttl": 60}',
    );
  if (Object.hasOwn(settings, 'config')) {
    const summary = check(summaryConfigSchema, settings, { nameOf: (key) => `"${key}"` });
    // About the file's shape, not a setting: no control to mark.
    if (!summary.ok) return fileRefusal(summary.refusals[0].text);
  }
  // JSON.parse keeps the last of a setting given twice: refused, as a flag given twice is.
  const repeated = repeatedKeys(text);
  if (repeated.length > 0)
    return {
      ok: false,
      errors: repeated.map((r) => ({
        field: null,
        text: `"${r.path}" is given twice (${cut(r.first)}, then ${cut(r.then)}): give it once`,
      })),
    };
  // A summary keeps its settings under "config": settings beside it too would be dropped unread.
  if (typeof data === 'object' && data !== null && 'config' in data) {
    const beside = Object.keys(data).filter(
      (k) => (WORKLOAD_KEYS as readonly string[]).includes(k) && !SUMMARY_KEYS.has(k),
    );
    if (beside.length > 0)
      return fileRefusal(
        `the file holds settings both under "config" and beside it (${beside.join(', ')}): keep one place`,
      );
  }
  // A file's numbers are JSON numbers: "30" in quotes is refused, as the automation API refuses it.
  const checked = checkTypedConfig(settings);
  if (!checked.ok) return checked;
  // Every key is a setting here: the check refuses an unknown one.
  return { ...checked, named: Object.keys(settings) as (keyof WorkloadConfig)[] };
}

/**
 * Why `text` is no JSON text at all, in words, or null: the bytes of an image or of UTF-16 text
 * decode to U+FFFD and control characters, which no settings file holds (JSON allows none of
 * them outside a string, and no setting takes such a string).
 */
function notTextReason(text: string): string | null {
  // UTF-16 starts with a byte-order mark UTF-8 cannot decode, and has a NUL beside every ASCII letter.
  if (/^\uFFFD\uFFFD/.test(text) && text.includes('\u0000'))
    return 'the file is saved as UTF-16 text; a settings file is UTF-8 JSON text, like {"ttl": 60}: save it as UTF-8';
  // eslint-disable-next-line no-control-regex -- the control characters are what is looked for
  if (!/[\uFFFD\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text)) return null;
  return 'the file is not text (it holds bytes no text file has: an image or another binary file?); a settings file is JSON text, like {"ttl": 60}';
}

/**
 * What to keep of a file that saved the whole of `npm run sim -- --json` (npm's header and the
 * readable summary, then the JSON line), as `> summary.json` saves it; '' for other text.
 */
function simPrintoutHint(text: string): string {
  const lines = text.trimEnd().split('\n');
  const last = lines.at(-1)?.trim() ?? '';
  if (lines.length < 2 || !last.startsWith('{')) return '';
  try {
    const data: unknown = JSON.parse(last);
    if (!isJsonObject(data) || !isJsonObject(data.config)) return '';
  } catch {
    return '';
  }
  return ": it holds npm run sim's printout before its --json summary, which is the last line: keep that line alone (npm run sim -- ... --json | tail -n 1 > summary.json)";
}

/** A value as the file writes it, cut to a length a message can quote. */
const cut = (written: string): string =>
  written.length > 38 ? `${written.slice(0, 37)}…` : written;

/** The refusal of a file over `MAX_CONFIG_FILE_BYTES`. */
const tooLarge = (bytes: number): string =>
  `the file is ${bytes.toLocaleString('en-US')} bytes; a settings file is at most ${MAX_CONFIG_FILE_BYTES.toLocaleString('en-US')} bytes (64 KiB)`;

export const FAULT_KINDS: { kind: Fault['kind']; label: string }[] = [
  { kind: 'cache-down', label: 'Cache down' },
  { kind: 'cache-restart', label: 'Cache restart (emptied)' },
  { kind: 'db-slow', label: 'Slow database' },
];

/** What the lab's list and the CLI's summary add to a fault that starts after the run ends. */
export const AFTER_RUN_NOTE = '(after the run ends)';

/**
 * Whether a fault starts only once a run of `runMs` virtual milliseconds is over, so it does
 * nothing to it (the engine never reaches its start).
 */
export const startsAfterRun = (f: Fault, runMs: number): boolean => f.startSeconds * 1000 >= runMs;

/** A fault as the lab lists it and the CLI prints it: kind, start, length and factor. */
export function describeFault(f: Fault): string {
  // Grouped as every other count of seconds is ("86,400 s"), decimals as given.
  const start = formatNumber(f.startSeconds);
  if (f.kind === 'cache-restart') return `Cache restart at ${start} s`;
  const length = formatNumber(f.durationSeconds);
  if (f.kind === 'cache-down') return `Cache down from ${start} s for ${length} s`;
  return `Database ${formatNumber(f.factor ?? DEFAULT_SLOW_FACTOR)}x slower from ${start} s for ${length} s`;
}
