import { z } from 'zod';

/**
 * The building blocks of every schema at the page's, the lab's and the CLI's boundaries. Each
 * field carries its own refusal ("must be a whole number from 1 to 4"), so a message names the
 * range the schema checks, and the range and default are read back from the schema for the
 * controls and `--help` (`numberRange`, `defaultOf`).
 */

/**
 * One formatter for every bound: `toLocaleString` with options builds a formatter per call, and
 * the schemas write their bounds into their messages as the page's modules load. Sharing it took
 * the sandbox's load from 213 and 223 ms of the renderer's main thread to 194 and 197 (two
 * alternated runs of 20 loads, 2026-12-06).
 */
const BOUND_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 20 });

/** A range's bound as the lab's hints write it: "10,000,000", "0.001". */
export const formatNumber = (n: number): string => BOUND_FORMAT.format(n);

/** A measured value to `digits` decimals, its whole part grouped as counts are: "1,229.7". */
export const fixedNumber = (n: number, digits: number): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * A rate per second too small for `decimals` places, which would write it as 0 beside events
 * that happened ("3 reads (0.0/s)"), in two significant digits; null when those places show it.
 */
export const smallRateText = (perSecond: number, decimals = 1): string | null =>
  perSecond > 0 && perSecond < 0.5 * 10 ** -decimals
    ? perSecond.toLocaleString('en-US', { maximumSignificantDigits: 2 })
    : null;

/** What 0 means for a field where it switches something off ("no limit", "no expiry"). */
interface NumberOptions {
  zero?: string;
  /** The refusal, when the range needs more words than "from min to max". */
  message?: string;
  /** The finest step a value may take (0.001: whole milliseconds of a value in seconds). */
  step?: number;
  /** The unit the value is in, said after the range as the controls' labels show it ("ms"). */
  unit?: string;
}

function numberField(min: number, max: number, isWhole: boolean, options: NumberOptions) {
  const zero = options.zero !== undefined && min === 0 ? ` (${options.zero})` : '';
  const message =
    options.message ??
    `must be ${isWhole ? 'a whole number' : 'a number'} from ${formatNumber(min)}${zero} to ${formatNumber(max)}${options.unit !== undefined ? ` ${options.unit}` : ''}${options.step !== undefined ? `, in steps of ${formatNumber(options.step)}` : ''}`;
  const error = () => message;
  const base = z.number({ error });
  const ranged = (isWhole ? base.int({ error }) : base).min(min, { error }).max(max, { error });
  return options.step === undefined ? ranged : inSteps(ranged, options.step, error);
}

/**
 * A number that is a whole count of `step`s. zod's `multipleOf` allows a rounding error relative
 * to the count, so a value within that error of 0 steps passed: a TTL of 1e-19 s was taken and
 * ran as PX 1 while the summary said "TTL 0 s". Any value but 0 must be at least one step.
 */
export const inSteps = (schema: z.ZodNumber, step: number, error: () => string) =>
  schema
    .multipleOf(step, { error })
    .refine((v) => v === 0 || Math.round(v / step) !== 0, { error });

/** A whole number from `min` to `max` (both included). */
export const wholeNumber = (min: number, max: number, options: NumberOptions = {}) =>
  numberField(min, max, true, options);

/** A finite number from `min` to `max` (both included). */
export const realNumber = (min: number, max: number, options: NumberOptions = {}) =>
  numberField(min, max, false, options);

/**
 * A run's seed: any unsigned 32-bit number (the generator takes its seed modulo 2^32). One range
 * for the sandbox, the lab and the CLI, so a seed copied from one is accepted by the others.
 */
export const seedNumber = () => wholeNumber(0, 2 ** 32 - 1);

/** One of a fixed list of names. */
export const oneOf = <const T extends string>(values: readonly T[]) =>
  z.enum(values as unknown as readonly [T, ...T[]], {
    error: () => `must be one of ${values.join(', ')}`,
  });

/** A string of at most `max` characters (every string at a boundary has a bound). */
export const boundedText = (max: number, what = 'text') =>
  z
    .string({ error: () => `must be ${what}` })
    .max(max, { error: () => `must be at most ${max.toLocaleString('en-US')} characters` });

/** A list of at most `max` items. */
export const boundedList = <T extends z.ZodType>(item: T, max: number, what = 'a list') =>
  z
    .array(item, { error: () => `must be ${what}` })
    .max(max, { error: () => `must hold at most ${max.toLocaleString('en-US')} items` });

/**
 * A number a file writes otherwise than the parsed number prints (`9007199254740993`, `1e400`):
 * read as that number, quoted in a refusal as written (see `parseJsonAsWritten`).
 */
export class WrittenNumber {
  constructor(readonly text: string) {}
}

/**
 * Text as typed (a URL's query, a flag, a lab control) read as a number when it is one: the
 * schema then checks the number, and anything else fails as not a number.
 */
export const numberFromText = <T extends z.ZodType>(schema: T, { isJson = false } = {}) => {
  const isWhole = isWholeField(schema);
  return z.preprocess((v, ctx) => {
    const written = v instanceof WrittenNumber ? v.text : typeof v === 'string' ? v : null;
    if (written === null) return v;
    // "1,000" as the hints write numbers: the separators go, the number is read as without them.
    const text = withoutSeparators(written);
    if (!DECIMAL.test(text)) return v;
    const n = Number(text);
    // "1.000" is a thousand in some languages, and ran one request in silence. In a whole-number
    // field a point with three digits after it is refused, saying how it reads here; "2.0" and
    // "1.5e3" read one way only and are taken. One rule for every whole field, from any source.
    if (isWhole && POINT_THREE_DIGITS.test(text)) {
      ctx.addIssue({
        code: 'custom',
        input: v,
        message: pointRefusal(schema, written.trim(), text, n, isJson),
        params: { isValueSaid: true },
      });
      return z.NEVER;
    }
    // "4294967295.0000001" is no whole number, though the double nearest it is: the seed it
    // would run is not the one given. Left as given, it is refused as not a whole number.
    if (isWhole && Number.isInteger(n) && !isWholeText(text)) return v;
    // "1e-400" is no 0, though the double nearest it is: a TTL so written ran with no expiry.
    if (n === 0 && /[1-9]/.test(text.split(/[eE]/)[0])) return v;
    return n;
  }, schema);
};

/**
 * A number as a JSON file gives it: a JSON number (read as `numberFromText` reads one the file
 * writes otherwise than it prints, see `WrittenNumber`), never a number in quotes. `"30"` was
 * imported as 30, where the automation API refuses a number given as text: refused here with the
 * field's range and how to write it. Text that is no number is refused as any wrong type is.
 */
export const numberFromJson = <T extends z.ZodType>(schema: T) => {
  const range = schema.safeParse(Number.NaN).error?.issues[0]?.message ?? 'must be a number';
  return z.preprocess(
    (v, ctx) => {
      if (typeof v !== 'string' || !DECIMAL.test(withoutSeparators(v))) return v;
      ctx.addIssue({ code: 'custom', input: v, message: `${range}, written without quotes` });
      return z.NEVER;
    },
    numberFromText(schema, { isJson: true }),
  );
};

/** A number some languages write for thousands: a point and three digits after it ("1.000"). */
const POINT_THREE_DIGITS = /^\s*[+-]?\d+\.\d{3}\s*$/;

/** Whether text may be a thousand written with a point ("1.000"), which whole fields refuse. */
export const hasPointThreeDigits = (text: string): boolean => POINT_THREE_DIGITS.test(text);

/**
 * Why a whole field refuses text with a decimal point, and what the text reads as here. JSON
 * has no thousands separators (`1,000` there is no number), so a file is told the digits alone.
 */
function pointRefusal(
  schema: z.ZodType,
  written: string,
  text: string,
  n: number,
  isJson: boolean,
): string {
  const { min, max } = numberRange(schema);
  const thousands = Number(text.replace('.', ''));
  const write = isJson ? `${thousands}` : `${thousands} or ${formatNumber(thousands)}`;
  return `must be a whole number from ${formatNumber(min)} to ${formatNumber(max)}, written without a point and three digits after it: ${quoted(written)} reads as ${formatNumber(n)}; for ${formatNumber(thousands)}, write ${write}`;
}

function isWholeField(schema: z.ZodType): boolean {
  try {
    return numberRange(schema).isWhole;
  } catch {
    return false;
  }
}

/** Whether decimal text writes a whole number: no digit but 0 after its point, exponent applied. */
function isWholeText(text: string): boolean {
  const m = /^\s*[+-]?(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (!m) return false;
  const point = m[1].length + Number(m[3] ?? 0);
  return /^0*$/.test((m[1] + m[2]).slice(Math.max(0, point)));
}

/**
 * A number as a person types one: digits with an optional sign, fraction and exponent ("1e6").
 * Not hexadecimal, binary or octal ("0x10" is text, not 16), nor "Infinity": `Number` takes them.
 */
const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/**
 * A number written with thousands separators, as the page writes them ("10,000,000", "1,234.5"):
 * a comma only between groups of three digits, so "1,5" (one and a half, in some languages) is
 * not read as 15.
 */
const GROUPED = /^\s*[+-]?\d{1,3}(,\d{3})+(\.\d*)?\s*$/;

/** A decimal digit of another script than 0 to 9 (Arabic-Indic, full-width, Devanagari...). */
const OTHER_DIGITS = /(?![0-9])\p{Nd}/u;

/** Whether text is a number as a person types one (see {@link numberFromText}). */
export const isDecimalText = (text: string): boolean => DECIMAL.test(text);

/** Text with the thousands separators the page writes ("1,000") taken out; other text as it is. */
export const withoutSeparators = (text: string): string =>
  GROUPED.test(text) ? text.replace(/,/g, '') : text;

/** The range a number field accepts, read from its schema (through defaults and text parsing). */
export function numberRange(schema: z.ZodType): { min: number; max: number; isWhole: boolean } {
  const inner = unwrap(schema);
  if (!(inner instanceof z.ZodNumber)) throw new TypeError('not a number field');
  return {
    min: inner.minValue ?? -Infinity,
    max: inner.maxValue ?? Infinity,
    isWhole: inner.isInt,
  };
}

/** The default a field fills in when it is left out, read from its schema. */
export function defaultOf(schema: z.ZodType): unknown {
  let s: z.ZodType = schema;
  for (let i = 0; i < 8; i++) {
    if (s instanceof z.ZodDefault) return s.def.defaultValue;
    const next = step(s);
    if (next === null) return undefined;
    s = next;
  }
  return undefined;
}

function step(s: z.ZodType): z.ZodType | null {
  if (s instanceof z.ZodDefault || s instanceof z.ZodOptional) return s.def.innerType as z.ZodType;
  if (s instanceof z.ZodPipe) return s.def.out as z.ZodType;
  return null;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let next = step(s); next !== null; next = step(s)) s = next;
  return s;
}

/** A refusal as the page, the lab and the CLI show it: which field, and the sentence. */
export interface Refusal {
  /** The top-level field it is about (a control to mark), or null for the input as a whole. */
  field: string | null;
  text: string;
  /** Set when a required value was left out: it is missing, not out of range. */
  isMissing?: boolean;
  /** Set when a number was given as text that writes no number ("1 000", "0x10"): not out of range. */
  isNotNumber?: boolean;
  /** Set when a whole number is written as some languages write a thousand ("1.000"): ambiguous, not out of range. */
  isAmbiguous?: boolean;
  /** Set when it names a field its setting does not have (a fault's "factr"): unknown, not out of range. */
  isUnknown?: boolean;
  /** Set when a list was asked for and something else given (`faults=garbage`): not out of range. */
  isNotList?: boolean;
  /**
   * Which item of a list field it is about (a fault's index), when it is about one: a message
   * that counts refusals counts such items, not one setting for each of their values.
   */
  item?: number;
}

/**
 * How many refusals a message lists before it counts the rest: a file of 100 faults each out
 * of range is five sentences and "and 95 more", not an alert of thousands of characters.
 */
export const MAX_LISTED_REFUSALS = 5;

/** The first refusals a message lists, and how many it leaves out. */
export function listedRefusals<T>(
  refusals: readonly T[],
  max = MAX_LISTED_REFUSALS,
): { listed: T[]; more: number } {
  return { listed: refusals.slice(0, max), more: Math.max(0, refusals.length - max) };
}

/** Problems as a message lists them: the first few, then "and N more" for the rest. */
export function listedTexts(texts: readonly string[]): string[] {
  const { listed, more } = listedRefusals(texts);
  return more > 0 ? [...listed, `and ${more} more`] : listed;
}

/** Refusals as one message: the first few, each naming its field and range, then "and N more". */
export const refusalsText = (refusals: readonly Refusal[]): string =>
  listedTexts(refusals.map((r) => r.text)).join('; ');

/**
 * A count and its noun, singular for one: "1 write", "2 writes", "0 misses". Here so every
 * layer that words a message (the store's notices, the CLI's lines) counts the same way.
 */
export const counted = (n: number, one: string, many = `${one}s`): string =>
  `${formatNumber(n)} ${n === 1 ? one : many}`;

/** A TTL in seconds as the CLI prints it: 0 is no expiry, never "TTL 0 s". */
export const ttlText = (seconds: number): string =>
  seconds === 0 ? 'no expiry (TTL 0)' : `TTL ${formatNumber(seconds)} s`;

/** Text from outside, quoted for a message and cut short: a message never repeats a megabyte. */
export const quoted = (text: string, max = 60): string =>
  JSON.stringify(text.length > max ? `${text.slice(0, max - 3)}...` : text).replace(
    DIRECTION_MARKS,
    (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/**
 * Marks that turn the direction of the text after them (U+202E, the right-to-left override ...):
 * JSON leaves them as they are, and one in a link's scenario name made the rest of the notice,
 * the page's own words, read backwards. Written as escapes, as JSON writes a NUL.
 */
const DIRECTION_MARKS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A parameter a link gives more than once (a link edited by hand), named with the value used:
 * URLSearchParams' `get` reads the first, so that one is used and the rest are said, not dropped.
 */
export function repeatedParam(params: URLSearchParams, name: string): string | null {
  const count = params.getAll(name).length;
  return count > 1
    ? `${quoted(name)} given ${count} times: the first, ${quoted(params.get(name) ?? '')}, used`
    : null;
}

const show = (v: unknown): string => {
  if (v === undefined) return 'nothing';
  if (v instanceof WrittenNumber) return v.text.length > 60 ? `${v.text.slice(0, 57)}...` : v.text;
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  let text: string;
  try {
    text = JSON.stringify(v) ?? String(v);
  } catch {
    // JSON cannot write it: a BigInt, a cycle, a getter or proxy that throws, or lists nested
    // deeper than the stack (a 40 KB settings file of brackets), where String fails the same way.
    if (Array.isArray(v)) return 'a list';
    if (typeof v === 'object' && v !== null) return 'an object';
    text = String(v);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/** How a refusal says the type zod expected, where the schema gave no words of its own. */
const TYPE_WORDS: Readonly<Record<string, string>> = {
  object: 'an object',
  // A record (`z.record`: the lab's saved settings) is an object to whoever reads the sentence.
  record: 'an object',
  array: 'a list',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
};

/**
 * What the field must be, in the refusal's words: the schema's own message, or for a type zod
 * refused with its default ("Invalid input: expected object, received undefined"), the type it
 * expected, so the sentence reads "sandbox is missing: it must be an object".
 */
function mustText(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'invalid_type' || !issue.message.startsWith('Invalid input'))
    return issue.message;
  return `must be ${TYPE_WORDS[issue.expected] ?? `of type ${issue.expected}`}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** The rest of a path after its top-level field: `[0].kind`, `.name`. */
const pathText = (path: readonly PropertyKey[]): string =>
  path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('');

export interface RefusalOptions {
  /** How a top-level field is called at this boundary (`--read-ratio`, `ttl`); the key by default. */
  nameOf?: (field: string) => string;
  /** What an unknown key is called ("setting", "flag", "parameter"). */
  unknownWord?: string;
  /** The names an unknown key may have been meant as (at the top, or inside one argument). */
  known?: readonly string[];
  /** Keys that exist but may not be given here, each with why ("cannot be written: ..."). */
  notGiven?: Readonly<Record<string, string>>;
}

/**
 * Turns a schema's issues into refusals, each naming the field (from the issue's path), what the
 * schema accepts (the field's own message) and the value it got (read from the input at that
 * path, so text shows as typed).
 */
export function refusalsOf(
  error: z.ZodError,
  input: unknown,
  options: RefusalOptions = {},
): Refusal[] {
  const nameOf = options.nameOf ?? ((f: string) => f);
  const out: Refusal[] = [];
  for (const issue of error.issues) {
    const [head, ...rest] = issue.path;
    const field = head === undefined ? null : String(head);
    const name = field === null ? '' : nameOf(field) + pathText(rest);
    if (issue.code === 'unrecognized_keys') {
      // Keys inside an argument (a write's columns) are named as they are, not as fields.
      const known = name === '' ? options.known?.map(nameOf) : options.known;
      const valid = known ? ` (valid: ${known.join(', ')})` : '';
      for (const key of issue.keys) {
        const why =
          options.notGiven && Object.hasOwn(options.notGiven, key) ? options.notGiven[key] : null;
        out.push({
          field: null,
          text: `${name === '' ? '' : `${name}: `}${why === null ? 'unknown ' : ''}${options.unknownWord ?? 'setting'} ${quoted(key)}${why === null ? '' : ` ${why}`}${valid}`,
        });
      }
      continue;
    }
    // The input as a whole is not what was asked (null for an object): say what it was.
    if (field === null && issue.code === 'invalid_type') {
      out.push({ field, text: `${issue.message}, got ${show(input)}` });
      continue;
    }
    if (field === null || (issue.code === 'custom' && issue.params?.isSentence === true)) {
      out.push({ field, text: issue.message });
      continue;
    }
    const item = typeof rest[0] === 'number' ? { item: rest[0] } : {};
    const value = valueAt(input, issue.path);
    // A field left empty (a cleared text box, `?ttl=`) is missing too, not out of range.
    const isEmpty = value === undefined || (typeof value === 'string' && value.trim() === '');
    if (isEmpty && issue.code !== 'custom') {
      out.push({
        field,
        text: `${name} is missing: it ${mustText(issue)}`,
        isMissing: true,
        ...item,
      });
      continue;
    }
    // The message quotes the value itself ("1.000" reads as 1): no ", got" after it.
    if (issue.code === 'custom' && issue.params?.isValueSaid === true) {
      out.push({ field, text: `${name} ${issue.message}`, ...item, isAmbiguous: true });
      continue;
    }
    const isUnknown = issue.code === 'custom' && issue.params?.isUnknown === true;
    const isNotNumber =
      issue.code === 'invalid_type' &&
      issue.expected === 'number' &&
      typeof value === 'string' &&
      !isDecimalText(withoutSeparators(value));
    const isNotList = issue.code === 'invalid_type' && issue.expected === 'array';
    // "١٢" is twelve to someone who types those digits: "got "١٢"" alone did not say what was wrong.
    const digits =
      isNotNumber && OTHER_DIGITS.test(value) ? ': write it with the digits 0 to 9' : '';
    // A list too long is said by its length: quoted, 101 faults began `[{"kind":...` and stopped.
    const got =
      issue.code === 'too_big' && Array.isArray(value)
        ? value.length.toLocaleString('en-US')
        : show(value);
    out.push({
      field,
      text: `${name} ${mustText(issue)}, got ${got}${digits}`,
      ...item,
      ...(isUnknown ? { isUnknown } : {}),
      ...(isNotNumber ? { isNotNumber } : {}),
      ...(isNotList ? { isNotList } : {}),
    });
  }
  return out;
}

/**
 * Where reading `input` throws: the path of the first property (an own enumerable one, at most
 * a few levels down) whose getter (or a proxy's trap) throws, and what it threw; null when
 * reading it throws nowhere that can be named (its keys themselves cannot be listed).
 */
function unreadableAt(
  input: unknown,
  depth = 0,
  seen = new Set<object>(),
): { path: (string | number)[]; error: unknown } | null {
  if (typeof input !== 'object' || input === null || depth > 4 || seen.has(input)) return null;
  seen.add(input);
  let keys: string[];
  try {
    keys = Object.keys(input);
  } catch {
    return null;
  }
  const isList = Array.isArray(input);
  for (const key of keys) {
    let value: unknown;
    const step = isList && /^\d+$/.test(key) ? Number(key) : key;
    try {
      value = (input as Record<string, unknown>)[key];
    } catch (error) {
      return { path: [step], error };
    }
    const below = unreadableAt(value, depth + 1, seen);
    if (below) return { path: [step, ...below.path], error: below.error };
  }
  return null;
}

/** A schema's verdict: the value, or every refusal. */
export type Checked<T> = { ok: true; value: T } | { ok: false; refusals: Refusal[] };

/** Parses at a boundary; never throws, whatever `input` is. */
export function check<T>(
  schema: z.ZodType<T>,
  input: unknown,
  options: RefusalOptions = {},
): Checked<T> {
  let result: z.ZodSafeParseResult<T>;
  try {
    result = schema.safeParse(input);
  } catch (e) {
    // Only input built to throw (a getter, a proxy) gets here: name the field whose getter threw
    // (until 2026-12-05 only "could not be read (Error: boom)"), or refuse it as a whole.
    const at = unreadableAt(input);
    if (at === null)
      return { ok: false, refusals: [{ field: null, text: `could not be read (${String(e)})` }] };
    const [head, ...rest] = at.path;
    const field = String(head);
    const name = (options.nameOf ?? ((f: string) => f))(field) + pathText(rest);
    const item = typeof rest[0] === 'number' ? { item: rest[0] } : {};
    return {
      ok: false,
      refusals: [{ field, text: `${name} could not be read (${String(at.error)})`, ...item }],
    };
  }
  if (result.success) return { ok: true, value: result.data };
  // A value can fail two checks with one message (1e20 is neither a safe integer nor in range).
  const refusals = refusalsOf(result.error, input, options).filter(
    (r, i, all) => all.findIndex((o) => o.field === r.field && o.text === r.text) === i,
  );
  return { ok: false, refusals };
}
