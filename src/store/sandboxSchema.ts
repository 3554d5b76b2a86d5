import { z } from 'zod';
import { EVICTION_POLICIES } from '../engine/cache';
import { CHANGE_CAPTURE_LIMITS, INVALIDATION_SOURCES } from '../engine/changeFeed';
import { MAX_CLOCK_MS } from '../engine/clock';
import { WRITABLE_COLUMNS, type UserChanges } from '../engine/database';
import { LATENCY_MODELS, LATENCY_TAIL_LIMITS } from '../engine/latency';
import { READ_MITIGATIONS, WRITE_POLICIES } from '../engine/programs/catalog';
import { DOUBLE_DELETE_DELAY_LIMITS } from '../engine/programs/types';
import { PATTERNS } from '../engine/programs/patterns';
import { SCENARIOS } from '../scenarios';
import type { Scenario } from '../scenarios/types';
import {
  boundedText,
  check,
  formatNumber,
  numberFromJson,
  numberFromText,
  numberRange,
  oneOf,
  quoted,
  realNumber,
  seedNumber,
  wholeNumber,
  withoutSeparators,
  type Checked,
  type RefusalOptions,
} from '../schema/fields';
import {
  MAX_ACTORS,
  MAX_KEYS_LIMIT,
  MAX_TTL_SECONDS,
  MIN_ACTORS,
  SANDBOX_SCHEDULERS,
  scriptActorCount,
  scriptActors,
  type SandboxConfig,
} from './sandboxConfig';
import { andList } from '../engine/andList';

/** The slowest database read the sandbox takes (ms), as the CLI and the lab do. */
const MAX_DB_LATENCY_MS = 10_000;
/** Tokens may be numbered on from up to this (a check's run numbers them from 10). */
const MAX_TOKENS_AFTER = 1_000_000;

/** One setting of the sandbox: what it accepts, its name in links and in the API, its label. */
interface SandboxField<T> {
  schema: z.ZodType<T>;
  /** Its name in the page's query string. */
  param: string;
  /** Its name in `window.cacheAside.configure()` (the config key unless given). */
  api?: string;
  /**
   * Its control's label, lower-case: how a refusal (shown on the page) calls it, so a learner
   * finds the field ({@link controlLabelOf} gives the control's own).
   */
  label: string;
}

/**
 * Every setting of the sandbox, checked the same way wherever it comes from: a control, the
 * URL, saved settings, or `configure()`. Adding a setting is one line here (tsc asks for it once
 * `SandboxConfig` has the field); the URL, the API, storage and the refusals follow from it.
 * Links list the settings in this order.
 */
export const SANDBOX_FIELDS = {
  seed: { schema: seedNumber(), param: 'seed', label: 'seed' },
  writePolicy: { schema: oneOf(WRITE_POLICIES), param: 'policy', label: 'write policy' },
  doubleDeleteDelayMs: {
    schema: realNumber(DOUBLE_DELETE_DELAY_LIMITS.min, DOUBLE_DELETE_DELAY_LIMITS.max, {
      unit: 'ms',
    }),
    param: 'ddelay',
    label: 'double-delete delay (ms)',
  },
  readMitigation: {
    schema: oneOf(READ_MITIGATIONS),
    param: 'mitigation',
    label: 'read mitigation',
  },
  ttlSeconds: {
    schema: wholeNumber(0, MAX_TTL_SECONDS, { zero: 'no expiry', unit: 's' }),
    param: 'ttl',
    label: 'TTL',
  },
  pattern: { schema: oneOf(PATTERNS), param: 'pattern', label: 'caching pattern' },
  actorCount: {
    schema: wholeNumber(MIN_ACTORS, MAX_ACTORS),
    param: 'actors',
    api: 'actors',
    label: 'actors',
  },
  maxKeys: {
    schema: wholeNumber(0, MAX_KEYS_LIMIT, { zero: 'no limit' }),
    param: 'maxkeys',
    label: 'max keys',
  },
  eviction: { schema: oneOf(EVICTION_POLICIES), param: 'eviction', label: 'eviction policy' },
  scheduler: { schema: oneOf(SANDBOX_SCHEDULERS), param: 'scheduler', label: 'scheduler' },
  latencyModel: { schema: oneOf(LATENCY_MODELS), param: 'latency', label: 'latency model' },
  latencyTail: {
    schema: realNumber(LATENCY_TAIL_LIMITS.latencyTail.min, LATENCY_TAIL_LIMITS.latencyTail.max),
    param: 'latencytail',
    label: 'tail (p99 / median)',
  },
  stallChance: {
    schema: realNumber(LATENCY_TAIL_LIMITS.stallChance.min, LATENCY_TAIL_LIMITS.stallChance.max),
    param: 'stallchance',
    label: 'stall chance',
  },
  stallMs: {
    schema: realNumber(LATENCY_TAIL_LIMITS.stallMs.min, LATENCY_TAIL_LIMITS.stallMs.max, {
      unit: 'ms',
    }),
    param: 'stallms',
    label: 'stall (ms)',
  },
  dbLatency: {
    schema: realNumber(0, MAX_DB_LATENCY_MS, { unit: 'ms' }),
    param: 'dblatency',
    label: 'database read (ms)',
  },
  tokensAfter: {
    schema: wholeNumber(0, MAX_TOKENS_AFTER),
    param: 'tokensafter',
    label: 'tokens numbered after',
  },
  invalidation: {
    schema: oneOf(INVALIDATION_SOURCES),
    param: 'invalidation',
    label: 'invalidation',
  },
  cdcDelayMs: {
    schema: realNumber(CHANGE_CAPTURE_LIMITS.cdcDelayMs.min, CHANGE_CAPTURE_LIMITS.cdcDelayMs.max, {
      unit: 'ms',
    }),
    param: 'cdcdelay',
    label: "consumer's lag (ms)",
  },
  cdcReorder: {
    schema: realNumber(CHANGE_CAPTURE_LIMITS.cdcReorder.min, CHANGE_CAPTURE_LIMITS.cdcReorder.max),
    param: 'cdcreorder',
    label: 'held back (chance)',
  },
  cdcLoss: {
    schema: realNumber(CHANGE_CAPTURE_LIMITS.cdcLoss.min, CHANGE_CAPTURE_LIMITS.cdcLoss.max),
    param: 'cdcloss',
    label: 'dropped (chance)',
  },
} satisfies { [K in keyof SandboxConfig]-?: SandboxField<SandboxConfig[K]> };

type FieldKey = keyof SandboxConfig;
const KEYS = Object.keys(SANDBOX_FIELDS) as FieldKey[];
const field = (key: FieldKey): SandboxField<unknown> => SANDBOX_FIELDS[key];

/** The full sandbox config, as saved settings hold it. */
export const sandboxConfigSchema = z.strictObject(
  Object.fromEntries(KEYS.map((k) => [k, field(k).schema])),
) as unknown as z.ZodType<SandboxConfig>;

/**
 * The actors setting while `sc` is loaded: no fewer than its script names (a beat naming an
 * actor that is not there could never run), so the refusal says the least it takes and why.
 */
function actorCountSchema(sc: Scenario | undefined): z.ZodType<number> {
  const min = sc === undefined ? MIN_ACTORS : scriptActorCount(sc);
  if (min <= MIN_ACTORS || sc === undefined) return SANDBOX_FIELDS.actorCount.schema;
  const names = scriptActors(sc);
  const uses = `${names.length === 1 ? 'actor' : 'actors'} ${andList(names)}`;
  return wholeNumber(min, MAX_ACTORS, {
    message: `must be from ${min} to ${MAX_ACTORS} in the scenario "${sc.title}" (its script uses ${uses})`,
  });
}

/** The actor counts a control may offer while `sc` is loaded (all of them in free play). */
export const actorCountRange = (sc: Scenario | undefined) => numberRange(actorCountSchema(sc));

/** A setting's schema, with what the loaded scenario asks of it. */
const fieldSchema = (key: FieldKey, sc: Scenario | undefined): z.ZodType =>
  key === 'actorCount' ? actorCountSchema(sc) : field(key).schema;

/**
 * Some settings to change (the controls, `configure()`): each checked, unknown ones refused. A
 * number setting given as text is text a control passed as typed, read as a link's is ("1.000" in
 * a whole field refused saying how it reads); `configure()` refuses text before it gets here.
 */
const sandboxPatchSchema = (sc: Scenario | undefined) =>
  z.strictObject(
    Object.fromEntries(
      KEYS.map((k) => {
        const schema = fieldSchema(k, sc);
        return [k, (schema instanceof z.ZodNumber ? numberFromText(schema) : schema).optional()];
      }),
    ),
  ) as unknown as z.ZodType<Partial<SandboxConfig>>;

const apiName = (key: FieldKey): string => field(key).api ?? key;
const KEY_OF_API = new Map(KEYS.map((k) => [apiName(k), k]));
const KEY_OF_PARAM = new Map(KEYS.map((k) => [field(k).param, k]));
/**
 * A setting's name in a refusal: its label without the unit, which the refusal says after the
 * range ("double-delete delay must be a number from 0 to 600,000 ms").
 */
export const refusalNameOf = (key: string): string =>
  (SANDBOX_FIELDS[key as FieldKey]?.label ?? key).replace(/ \(ms\)$/, '');

/**
 * A setting's label as its control on the page shows it ("Consumer's lag (ms)"): the words a
 * refusal names it by, so a learner finds the field the refusal is about.
 */
export const controlLabelOf = (key: FieldKey): string => {
  const label = field(key).label;
  return label.charAt(0).toUpperCase() + label.slice(1);
};

/** The range a number setting accepts (the controls show it), read from its schema. */
export const sandboxRange = (
  key:
    | 'seed'
    | 'actorCount'
    | 'ttlSeconds'
    | 'maxKeys'
    | 'doubleDeleteDelayMs'
    | 'cdcDelayMs'
    | 'cdcReorder'
    | 'cdcLoss'
    | 'dbLatency'
    | 'tokensAfter',
) => numberRange(SANDBOX_FIELDS[key].schema);

/** The values a named setting takes (the controls list them), read from its schema. */
export const sandboxChoices = <
  K extends
    'writePolicy' | 'readMitigation' | 'eviction' | 'scheduler' | 'pattern' | 'invalidation',
>(
  key: K,
): (typeof SANDBOX_FIELDS)[K]['schema']['options'] => SANDBOX_FIELDS[key].schema.options;

/**
 * Checks a partial config from a control or a script, for the scenario loaded (if any). Returns
 * the merged config, or the first refusal, naming the setting and what it accepts (nothing is
 * applied then).
 */
export function mergeConfig(
  base: SandboxConfig,
  patch: unknown,
  sc?: Scenario,
): { config: SandboxConfig } | { error: string; setting: string | null } {
  const checked = check(sandboxPatchSchema(sc), patch, { nameOf: refusalNameOf, known: KEYS });
  if (!checked.ok) return { error: checked.refusals[0].text, setting: checked.refusals[0].field };
  const next = { ...base };
  for (const key of KEYS) {
    const value = checked.value[key];
    // -0 passes every range that 0 does, and is 0: kept as 0, so no setting holds a negative zero.
    if (value !== undefined)
      (next as Record<FieldKey, unknown>)[key] = Object.is(value, -0) ? 0 : value;
  }
  return { config: next };
}

/**
 * A setting as `configure()` takes it: a number setting refuses a number in quotes saying so, as
 * `lab.run()` and a settings file do ("ttlSeconds must be ..., got "60"" alone read as if 60 were
 * out of range).
 */
const apiSchema = (k: FieldKey): z.ZodType => {
  const schema = field(k).schema;
  return schema instanceof z.ZodNumber ? numberFromJson(schema) : schema;
};

/** `configure()`'s argument: the settings in the API's names (`actors` for `actorCount`). */
const configureSchema = z.strictObject(
  Object.fromEntries(KEYS.map((k) => [apiName(k), apiSchema(k).optional()])),
  { error: () => 'configure() takes an object of settings, like { ttlSeconds: 60 }' },
);

/**
 * Checks `configure()`'s argument and turns it into a patch of the config; refusals name the
 * settings as the API does in their text, and by the config's key in their field.
 */
export function configurePatch(input: unknown): Checked<Partial<SandboxConfig>> {
  const checked = check(configureSchema, input, { known: KEYS.map(apiName) });
  if (!checked.ok)
    return {
      ok: false,
      refusals: checked.refusals.map((r) => ({
        ...r,
        field: r.field === null ? null : (KEY_OF_API.get(r.field) ?? r.field),
      })),
    };
  const patch: Partial<Record<FieldKey, unknown>> = {};
  for (const [name, value] of Object.entries(checked.value))
    if (value !== undefined) patch[KEY_OF_API.get(name) as FieldKey] = value;
  return { ok: true, value: patch as Partial<SandboxConfig> };
}

/** A setting read from the query string: its config key and value, or why it was ignored. */
export type ParamReading =
  { key: FieldKey; value: SandboxConfig[FieldKey] } | { key: FieldKey; problem: string } | null;

/**
 * Reads a setting typed as text (a link's parameter, a script's `--set`), for the scenario
 * loaded (if any): its value, or the field's own message saying what it accepts ("must be a
 * whole number from 0 to 1000").
 */
export function readSetting(
  key: FieldKey,
  raw: string,
  sc?: Scenario,
): { value: SandboxConfig[FieldKey] } | { message: string } {
  const schema = fieldSchema(key, sc);
  const parsed = (schema instanceof z.ZodNumber ? numberFromText(schema) : schema).safeParse(raw);
  return parsed.success
    ? { value: parsed.data as SandboxConfig[FieldKey] }
    : { message: parsed.error.issues[0].message };
}

/** Reads one query parameter as a setting, for the link's scenario (if any); null when `param` names none. */
export function readParam(param: string, raw: string, sc?: Scenario): ParamReading {
  const key = KEY_OF_PARAM.get(param);
  if (key === undefined) return null;
  const read = readSetting(key, raw, sc);
  if ('value' in read) return { key, value: read.value };
  return { key, problem: `bad ${param} ${quoted(raw)}: ${read.message}` };
}

/**
 * The setting a name stands for, in any of the names the page knows it by: its key in the
 * settings (`readMitigation`), in `configure()` (`actors`) or in links (`mitigation`).
 */
export function settingNamed(name: string): FieldKey | undefined {
  return KEYS.find((k) => k === name) ?? KEY_OF_API.get(name) ?? KEY_OF_PARAM.get(name);
}

/** Each setting's names (key, then its link's name where that differs) and label, in links' order. */
export const SANDBOX_SETTING_NAMES: readonly { key: FieldKey; param: string; label: string }[] =
  KEYS.map((key) => ({ key, param: field(key).param, label: field(key).label }));

/** The parameter name of each setting, in the order links list them. */
export const SANDBOX_PARAMS: readonly { key: FieldKey; param: string }[] = KEYS.map((key) => ({
  key,
  param: field(key).param,
}));

/**
 * How far the clock may move from `clockMs`: forward, and not past 10 years of virtual time
 * (so no log line shows Infinity). The room left depends on the run, so this is made per move.
 */
export const clockMoveSchema = (clockMs: number) => {
  const room = MAX_CLOCK_MS - clockMs;
  const forward = (issue: { input?: unknown }) =>
    `The clock only moves forward (got ${String(issue.input)} ms).`;
  return z
    .number({ error: forward })
    .min(0, { error: forward })
    .max(room, {
      error: (issue) =>
        `The virtual clock stops at 10 years (${formatNumber(MAX_CLOCK_MS)} ms): ` +
        `it can move at most ${formatNumber(room)} ms more (got ${String(issue.input)} ms).`,
    });
};

/** `advanceClock(ms)`'s argument: forward, by at most what is left of the clock's 10 years. */
export const clockArgumentSchema = (clockMs: number) => {
  const room = MAX_CLOCK_MS - clockMs;
  return realNumber(0, room, {
    message: `must be a number of milliseconds from 0 to ${formatNumber(room)} (the clock only moves forward, and stops at 10 years)`,
  });
};

/** Longest value a write may put in a column: links carry writes, and a link line is short. */
export const MAX_WRITE_VALUE_CHARS = 2000;

/** A user id a read or a write names: the seeded rows. */
export const userIdSchema = wholeNumber(1, 1000);

const USER_IDS = numberRange(userIdSchema);

/**
 * The id a User id field's text names, or the refusal that quotes the text as typed: a field's
 * `abc` or `-1` read as a number would be quoted as "NaN", and 20 digits as a rounded double.
 * A whole number out of range is the store's to refuse (it says why past the seed).
 */
export function userIdFromText(text: string): { id: number } | { refusal: string } {
  const typed = text.trim();
  // "1,000" as the refusal writes the range: commas only between groups of three digits.
  const digits = withoutSeparators(typed);
  const id = Number(digits);
  return /^\d+$/.test(digits) && Number.isSafeInteger(id)
    ? { id }
    : {
        // The range written as the store's refusal of an id out of range writes it ("1,000").
        refusal:
          `User id must be a whole number from ${formatNumber(USER_IDS.min)} to ` +
          `${formatNumber(USER_IDS.max)}${typed === '' ? ', and it is empty' : `, got ${quoted(typed)}`}.`,
      };
}
// The range with separators as every message writes numbers; the keys as Redis sees them.
const USER_KEY = `must be a user id from ${formatNumber(USER_IDS.min)} to ${formatNumber(USER_IDS.max)} or its key, "user:${USER_IDS.min}" to "user:${USER_IDS.max}"`;
const userIdAsKey = wholeNumber(USER_IDS.min, USER_IDS.max, { message: USER_KEY });

/**
 * A user a read or a write names: its id (`1`, or `"1"`) or its cache key (`"user:1"`), read as
 * the id; either way one of the seeded rows. Only the key the application itself uses: `user:01`
 * or ` user:1 ` would be another key to Redis, so they are refused, not read as user 1.
 */
export const userKeySchema = z.union(
  [
    userIdAsKey,
    boundedText(64)
      .regex(/^(?:user:)?[1-9]\d*$/)
      .transform((key) => Number(/\d+/.exec(key)?.[0]))
      .pipe(userIdAsKey),
  ],
  { error: () => USER_KEY },
);

/** A write's changes: one or more of the writable columns, each a bounded string. */
export const userChangesSchema = z
  .strictObject(
    Object.fromEntries(
      WRITABLE_COLUMNS.map((c) => [c, boundedText(MAX_WRITE_VALUE_CHARS).optional()]),
    ),
    { error: () => `must be an object of columns, like { name: "New name" }` },
  )
  .refine((changes) => Object.keys(changes).length > 0, {
    // A refusal puts the argument's name before it ("write: changes must name ...").
    error: () => `must name one or more of the columns ${WRITABLE_COLUMNS.join(', ')}`,
  }) as unknown as z.ZodType<UserChanges>;

/** How a refusal of a write's changes names a column it may not give: with the columns it may. */
export const CHANGES_REFUSALS: RefusalOptions = {
  known: WRITABLE_COLUMNS,
  unknownWord: 'column',
  // Columns of users a write does not set: the row's key, and what the database keeps itself.
  notGiven: {
    id: "cannot be written: it names the row (the write's key)",
    version: 'cannot be written: the database sets it, one more at each write',
    updated_at: 'cannot be written: the database sets it at each write',
  },
};

/** Checks a write's changes; the refusal names the column and what it takes. */
export const checkChanges = (changes: unknown): Checked<UserChanges> =>
  check(userChangesSchema, changes, CHANGES_REFUSALS);

/**
 * The arguments of `window.cacheAside`'s methods, checked before anything runs: a refusal says
 * which argument and what it takes, and the sandbox is left as it was. (What depends on the
 * run, like whether an actor exists or how far the clock may move, the store checks.)
 */
export const API_ARGUMENTS = {
  // A quiz link's id opens its scenario too (the state then names it by its id).
  scenario: z.union(
    [
      z.null(),
      oneOf([...SCENARIOS.map((sc) => sc.id), ...SCENARIOS.flatMap((sc) => sc.quizId ?? [])]),
    ],
    {
      error: () =>
        `must be null or one of the ids scenarios() lists: ${SCENARIOS.map((sc) => sc.id).join(', ')}`,
    },
  ),
  // The application's A to F, and the cache layer's own processes ("flusher", "refresher").
  actor: boundedText(16, 'an actor name like "A" or "flusher"'),
  key: userKeySchema,
  count: wholeNumber(0, 10_000),
  isUp: z.boolean({ error: () => 'must be true or false' }),
  line: z.string({ error: () => 'must be a string' }),
} as const;

/** Checks one argument of an API method; the refusal names both ("advanceClock: ms must be ..."). */
export function checkArgument<T>(
  method: string,
  name: string,
  schema: z.ZodType<T>,
  value: unknown,
  options: Pick<RefusalOptions, 'known' | 'unknownWord'> = {},
): Checked<T> {
  const checked = check(
    z.object({ [name]: schema }),
    { [name]: value },
    {
      ...options,
      nameOf: (n) => `${method}: ${n}`,
    },
  );
  return checked.ok ? { ok: true, value: checked.value[name] as T } : checked;
}
