import { z } from 'zod';
import { EVICTION_POLICIES } from '../engine/cache';
import { CHANGE_CAPTURE_LIMITS, INVALIDATION_SOURCES } from '../engine/changeFeed';
import { LATENCY_MODELS } from '../engine/latency';
import { READ_MITIGATIONS, WRITE_POLICIES } from '../engine/programs/catalog';
import { DOUBLE_DELETE_DELAY_LIMITS } from '../engine/programs/types';
import { PATTERNS } from '../engine/programs/patterns';
import {
  DEFAULT_SLOW_FACTOR,
  DEFAULT_WORKLOAD,
  type Fault,
  type WorkloadConfig,
} from '../engine/workload';
import {
  boundedList,
  check,
  defaultOf,
  formatNumber,
  numberFromJson,
  numberFromText,
  numberRange,
  oneOf,
  realNumber,
  seedNumber,
  wholeNumber,
  type Refusal,
} from './fields';

/** Longest run, in virtual seconds (24 h); a fault starts and lasts within it. */
const DAY_SECONDS = 86_400;
/** Shortest fixed run length, in virtual seconds: shorter, the charts have too few buckets to say anything. */
export const MIN_RUN_SECONDS = 10;
/** Longest run, in virtual seconds (24 h): by `durationSeconds`, or by requests at their rate. */
export const MAX_RUN_SECONDS = DAY_SECONDS;
/** What a run length accepts, as `--help` and every refusal of it say. */
export const RUN_LENGTH_TEXT = `0 or from ${formatNumber(MIN_RUN_SECONDS)} to ${formatNumber(MAX_RUN_SECONDS)} s`;
// No "(run length)" after it: every boundary names the field already ("Run length", "--duration").
const RUN_LENGTH = `must be ${RUN_LENGTH_TEXT}`;
/** Requests per second a workload may ask for. */
const RATE_MIN = 0.001;
const RATE_MAX = 1_000_000;
/** Most faults one run schedules: a lesson needs a handful; thousands would stall a run. */
export const MAX_FAULTS = 100;

/**
 * Every numeric setting of a timed workload and what it accepts. To add one: a line here (and
 * its default in `DEFAULT_WORKLOAD`); the CLI's flag, the lab's control range, imports and links
 * follow from it.
 */
/** The finest TTL a workload takes: whole milliseconds, as a fill sends it (PX). */
export const TTL_STEP_SECONDS = 0.001;

/** A setting in milliseconds: its refusal says so, as its label does ("from 0 to 10,000 ms"). */
const MS = { unit: 'ms' };

export const WORKLOAD_NUMBERS = {
  requests: wholeNumber(1, 10_000_000),
  // 0 (until the requests are done) or MIN_RUN_SECONDS..MAX_RUN_SECONDS: see `runLength`.
  durationSeconds: realNumber(0, MAX_RUN_SECONDS, { message: RUN_LENGTH }),
  keys: wholeNumber(1, 1_000_000),
  zipf: realNumber(0, 5),
  rate: realNumber(RATE_MIN, RATE_MAX),
  readRatio: realNumber(0, 1),
  // Sent as EX, or as PX in whole milliseconds: a finer TTL would run as another than the one shown.
  ttl: realNumber(0, 31_536_000, { step: TTL_STEP_SECONDS, unit: 's' }),
  doubleDeleteDelayMs: realNumber(
    DOUBLE_DELETE_DELAY_LIMITS.min,
    DOUBLE_DELETE_DELAY_LIMITS.max,
    MS,
  ),
  maxKeys: wholeNumber(0, 1_000_000),
  cacheLatency: realNumber(0, 10_000, MS),
  dbLatency: realNumber(0, 10_000, MS),
  dbWriteLatency: realNumber(0, 10_000, MS),
  latencyTail: realNumber(1, 100),
  stallChance: realNumber(0, 1),
  stallMs: realNumber(0, 10_000, MS),
  connections: wholeNumber(1, 64),
  cdcDelayMs: realNumber(
    CHANGE_CAPTURE_LIMITS.cdcDelayMs.min,
    CHANGE_CAPTURE_LIMITS.cdcDelayMs.max,
    MS,
  ),
  cdcReorder: realNumber(
    CHANGE_CAPTURE_LIMITS.cdcReorder.min,
    CHANGE_CAPTURE_LIMITS.cdcReorder.max,
  ),
  cdcLoss: realNumber(CHANGE_CAPTURE_LIMITS.cdcLoss.min, CHANGE_CAPTURE_LIMITS.cdcLoss.max),
  seed: seedNumber(),
} satisfies Partial<Record<keyof WorkloadConfig, z.ZodType>>;

/** The named choices of a workload. */
export const WORKLOAD_CHOICES = {
  pattern: oneOf(PATTERNS),
  writePolicy: oneOf(WRITE_POLICIES),
  readMitigation: oneOf(READ_MITIGATIONS),
  eviction: oneOf(EVICTION_POLICIES),
  latencyModel: oneOf(LATENCY_MODELS),
  invalidation: oneOf(INVALIDATION_SOURCES),
} satisfies Partial<Record<keyof WorkloadConfig, z.ZodType>>;

export type WorkloadNumberField = keyof typeof WORKLOAD_NUMBERS;

/**
 * How a boundary reads a number: as text (a flag, a link, a control; `numberFromText`) or as a
 * JSON file writes it (`numberFromJson`, which refuses a number in quotes).
 */
type NumberReader = (schema: z.ZodType<number>) => z.ZodType<number, unknown>;

/** An outage or a slowdown of 0 s does nothing: it would only draw a mark on every chart. */
const LASTING = `must be a number above 0 and at most ${formatNumber(DAY_SECONDS)} (a fault that lasts 0 s does nothing)`;
const lastingNumber = z
  .number({ error: () => LASTING })
  .gt(0, { error: () => LASTING })
  .max(DAY_SECONDS, { error: () => LASTING });

const INSTANT = 'must be 0 or left out: a restart is an instant and takes no duration';

/** A fault that lasts ends within 24 h, the longest run, as it starts within it. */
const endsWithinDay = (
  f: { startSeconds: number; durationSeconds: number },
  ctx: z.RefinementCtx,
) => {
  // zod runs this after a field's own refusal too: a start or a length it refused bounds
  // nothing, and a length past 24 h is told once, by its own range.
  if (!(f.startSeconds >= 0 && f.startSeconds <= DAY_SECONDS)) return;
  if (!(f.durationSeconds > 0 && f.durationSeconds <= DAY_SECONDS)) return;
  if (f.startSeconds + f.durationSeconds <= DAY_SECONDS) return;
  // At the 24 h mark no length is left: "must be at most 0" beside "above 0" allowed none.
  if (f.startSeconds === DAY_SECONDS)
    return void ctx.addIssue({
      code: 'custom',
      path: ['startSeconds'],
      message: `must be below ${formatNumber(DAY_SECONDS)} for a fault that lasts: a fault ends within ${formatNumber(DAY_SECONDS)} s (24 h), the longest run`,
    });
  ctx.addIssue({
    code: 'custom',
    path: ['durationSeconds'],
    message: `must be at most ${formatNumber(DAY_SECONDS - f.startSeconds)} for a fault starting at ${formatNumber(f.startSeconds)} s: a fault ends within ${formatNumber(DAY_SECONDS)} s (24 h), the longest run`,
  });
};

/** The fields a fault may have (a factor only matters to db-slow). */
const FAULT_FIELDS: readonly string[] = ['kind', 'startSeconds', 'durationSeconds', 'factor'];
/** The fields each kind of fault takes: only a slow-down has a factor. */
const KIND_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'cache-down': ['kind', 'startSeconds', 'durationSeconds'],
  'cache-restart': ['kind', 'startSeconds', 'durationSeconds'],
  'db-slow': FAULT_FIELDS,
};

/**
 * A field a fault does not have is refused, as an unknown setting is: dropped, a typo such as
 * "factr" left a slow-down at its default factor and the file was "Imported" without a word.
 * So is a field its kind does not take (a factor on a cache-down fault), which was dropped too.
 */
const onlyFaultFields = (input: unknown, ctx: z.RefinementCtx): unknown => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const kind = (input as { kind?: unknown }).kind;
  const ofKind =
    typeof kind === 'string' && Object.hasOwn(KIND_FIELDS, kind) ? KIND_FIELDS[kind] : null;
  for (const key of Object.keys(input)) {
    const message = !FAULT_FIELDS.includes(key)
      ? `is not a field of a fault (a fault has ${FAULT_FIELDS.join(', ')})`
      : ofKind !== null && !ofKind.includes(key)
        ? `is not a field of a ${String(kind)} fault (a ${String(kind)} fault has ${ofKind.join(', ')}; only db-slow has a ${key})`
        : null;
    if (message !== null)
      ctx.addIssue({ code: 'custom', path: [key], input, message, params: { isUnknown: true } });
  }
  return input;
};

/** A scheduled fault, its numbers read by `read`. */
const faultOf = (read: NumberReader) => {
  const start = read(realNumber(0, DAY_SECONDS));
  // A restart happens at an instant: a length is left out or 0, as --fault cache-restart:5 gives
  // it; any other was dropped unsaid from a file, where the flag refuses it.
  const instant = read(
    z.number({ error: () => INSTANT }).refine((d) => d === 0, { error: () => INSTANT }),
  ).default(0);
  const lasting = read(lastingNumber);
  return z.preprocess(
    onlyFaultFields,
    z.discriminatedUnion(
      'kind',
      [
        z
          .object({ kind: z.literal('cache-down'), startSeconds: start, durationSeconds: lasting })
          .superRefine(endsWithinDay),
        z.object({
          kind: z.literal('cache-restart'),
          startSeconds: start,
          durationSeconds: instant,
        }),
        z
          .object({
            kind: z.literal('db-slow'),
            startSeconds: start,
            durationSeconds: lasting,
            // Left out, the same factor wherever a fault comes from: a flag, a file, the lab, its API.
            factor: read(realNumber(1, 1000)).default(DEFAULT_SLOW_FACTOR),
          })
          .superRefine(endsWithinDay),
      ],
      { error: () => 'must be a fault of kind cache-down, cache-restart or db-slow' },
    ),
  ) satisfies z.ZodType<Fault>;
};

/** A scheduled fault: its kind, when and how long, and a slow-down's factor; nothing else. */
export const faultSchema = faultOf(numberFromText);

/** What a fault list is, as a refusal of something else says it: the form, by example. */
const FAULT_LIST =
  'a list of faults, written as JSON (for example [{"kind":"cache-down","startSeconds":5,"durationSeconds":3}])';

/** The faults of one run: at most `MAX_FAULTS`. */
export const faultListSchema = boundedList(faultSchema, MAX_FAULTS, FAULT_LIST);

type Shape = { [K in keyof WorkloadConfig]-?: z.ZodType<WorkloadConfig[K]> };

function withDefaults(read: NumberReader): Shape {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, schema] of Object.entries(WORKLOAD_NUMBERS))
    shape[key] = read(schema).default(DEFAULT_WORKLOAD[key as WorkloadNumberField]);
  for (const [key, schema] of Object.entries(WORKLOAD_CHOICES))
    shape[key] = (schema as z.ZodEnum).default(
      DEFAULT_WORKLOAD[key as keyof typeof WORKLOAD_CHOICES] as never,
    );
  // A run length between 0 and 10 s is refused with the same words as one beyond 24 h.
  shape.durationSeconds = read(
    WORKLOAD_NUMBERS.durationSeconds.refine((d) => d === 0 || d >= MIN_RUN_SECONDS, {
      error: () => RUN_LENGTH,
    }),
  ).default(DEFAULT_WORKLOAD.durationSeconds);
  shape.faults = boundedList(faultOf(read), MAX_FAULTS, FAULT_LIST).default(() => []);
  return shape as Shape;
}

const workloadOf = (read: NumberReader) =>
  (
    z.strictObject(withDefaults(read), {
      error: () => 'the settings must be an object, like { ttl: 30, requests: 2000 }',
    }) as unknown as z.ZodType<WorkloadConfig, Partial<Record<keyof WorkloadConfig, unknown>>>
  ).superRefine((config, ctx) => {
    // Only when the rate itself is in range: a rate of 0 is refused once, as the rate. So is a
    // count of requests out of its range (1e20 was refused twice, the second time as a length).
    if (!(config.rate >= RATE_MIN && config.rate <= RATE_MAX)) return;
    if (!WORKLOAD_NUMBERS.requests.safeParse(config.requests).success) return;
    const seconds = config.requests / config.rate;
    if (config.durationSeconds === 0 && seconds > MAX_RUN_SECONDS)
      ctx.addIssue({
        code: 'custom',
        path: ['requests'],
        params: { isSentence: true },
        message: `requests / rate is ${formatNumber(Math.round(seconds))} s of virtual time; a run is at most ${formatNumber(MAX_RUN_SECONDS)} s (24 h): lower requests, raise rate or set a run length`,
      });
  });

/**
 * A timed workload as the CLI, the lab, imports, links and the automation API give it: any
 * setting left out takes its default; numbers may come as text (flags, controls, links);
 * an unknown setting is refused. One schema for all of them, so a run the CLI makes (and the
 * summary it prints) the lab accepts, and the other way round: a run length of 0 (until the
 * requests are done) or from 10 s to 24 h, and requests that at their rate fit in 24 h.
 */
export const workloadSchema = workloadOf(numberFromText);

/**
 * The same settings as a JSON file (the lab's import, the CLI's `--config`) or `lab.run` gives
 * them: a number is a number, and one in quotes (`"ttl": "30"`) is refused, not read as 30.
 */
export const workloadFileSchema = workloadOf(numberFromJson);

/** The keys a workload config has, in the order the CLI and the lab list them. */
export const WORKLOAD_KEYS = Object.keys(DEFAULT_WORKLOAD) as (keyof WorkloadConfig)[];

/** Each numeric setting's range, read from its schema (the lab's controls show these). */
export const WORKLOAD_LIMITS = Object.fromEntries(
  Object.entries(WORKLOAD_NUMBERS).map(([key, schema]) => [key, numberRange(schema)]),
) as Record<WorkloadNumberField, { min: number; max: number; isWhole: boolean }>;

/** A setting's default, read from the schema (what `--help` prints). */
export const workloadDefault = (key: keyof WorkloadConfig): unknown =>
  defaultOf((workloadSchema as unknown as z.ZodObject).shape[key] as z.ZodType);

export type WorkloadCheck = { ok: true; config: WorkloadConfig } | { ok: false; errors: Refusal[] };

/**
 * Checks a partial workload config and fills in defaults. Never throws: whatever `input` is,
 * the answer is the config or refusals, each naming its field (as `nameOf` calls it) and range.
 */
export function validateWorkload(
  input: unknown,
  nameOf?: (field: string) => string,
  schema: typeof workloadSchema = workloadSchema,
): WorkloadCheck {
  const checked = check(schema, input, {
    nameOf,
    known: WORKLOAD_KEYS,
    unknownWord: 'setting',
  });
  return checked.ok ? { ok: true, config: checked.value } : { ok: false, errors: checked.refusals };
}
