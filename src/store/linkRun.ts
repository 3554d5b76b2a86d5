import { z } from 'zod';
import { MAX_CLOCK_MS } from '../engine/clock';
import { boundedText, check, realNumber, refusalsOf, wholeNumber } from '../schema/fields';
import { userIdSchema } from './sandboxSchema';
import type { TimelineInput } from './timeline';

/**
 * A run in a link: the learner's inputs as compact JSON, base64url-encoded, behind a format
 * version (`1.`). Step presses in a row collapse to a count; everything else is a short tuple:
 * `["a",actor]` step an actor, `["r",actor,id]` read, `["w",actor,id,changes]` write,
 * `["c",ms]` clock, `["u",1|0]` Redis up/down, `["f"]` restart, `["R",line]` Redis console,
 * `["Q",sql]` SQL console, `["D"]` reset the database. Replaying these through the store's own checks rebuilds the view.
 */
const FORMAT = '1.';

/** Longest encoded run a link carries: beyond it the address keeps the settings only. */
export const MAX_RUN_CHARS = 6000;
/** Most inputs a link may replay (step presses counted one by one). */
export const MAX_RUN_INPUTS = 10_000;
/** Longest console line a link carries. */
export const MAX_RUN_LINE_CHARS = 2000;

type Item =
  | number
  | ['a', string]
  | ['r', string, number]
  | ['w', string, number, Record<string, string>]
  | ['c', number]
  | ['u', 0 | 1]
  | ['f']
  | ['R', string]
  | ['Q', string]
  | ['D'];

function toItem(input: TimelineInput): Exclude<Item, number> | null {
  switch (input.type) {
    case 'press':
      return null;
    case 'stepActor':
      return ['a', input.actor];
    case 'read':
      return ['r', input.actor, input.id];
    case 'write':
      return ['w', input.actor, input.id, { ...input.changes } as Record<string, string>];
    case 'clock':
      return ['c', input.ms];
    case 'cache':
      return ['u', input.isUp ? 1 : 0];
    case 'restart':
      return ['f'];
    case 'redis':
      return ['R', input.line];
    case 'sql':
      return ['Q', input.statement];
    case 'resetDatabase':
      return ['D'];
  }
}

export function encodeRun(inputs: readonly TimelineInput[]): string {
  const items: Item[] = [];
  for (const input of inputs) {
    const item = toItem(input);
    const last = items.at(-1);
    if (item !== null) items.push(item);
    else if (typeof last === 'number') items[items.length - 1] = last + 1;
    else items.push(1);
  }
  const bytes = new TextEncoder().encode(JSON.stringify(items));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return FORMAT + btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** An actor's name: A to D, or a background actor (`cdc`, `flusher`, `refresher`). */
const actor = boundedText(16);
const line = boundedText(MAX_RUN_LINE_CHARS);
const op = <const T extends string>(name: T) => z.literal(name);

/** What each place of an action's tuple holds, so a refusal names it ("action 2 (r): id ..."). */
const PLACES: Record<string, readonly string[]> = {
  a: ['op', 'actor'],
  r: ['op', 'actor', 'id'],
  w: ['op', 'actor', 'id', 'changes'],
  c: ['op', 'ms'],
  u: ['op', 'up'],
  f: ['op'],
  R: ['op', 'line'],
  Q: ['op', 'statement'],
  D: ['op'],
};

/** One action of a run, as a link spells it, read into the input it stands for. */
const pressCount = wholeNumber(1, MAX_RUN_INPUTS);
const ITEMS = {
  a: z
    .tuple([op('a'), actor])
    .transform(([, a]): TimelineInput => ({ type: 'stepActor', actor: a })),
  r: z
    .tuple([op('r'), actor, userIdSchema])
    .transform(([, a, id]): TimelineInput => ({ type: 'read', actor: a, id })),
  w: z
    .tuple([
      op('w'),
      actor,
      userIdSchema,
      z
        .record(boundedText(32), line, { error: () => 'must be an object of columns' })
        .refine((c) => Object.keys(c).length > 0, { error: () => 'must name a column' }),
    ])
    .transform(([, a, id, changes]): TimelineInput => ({ type: 'write', actor: a, id, changes })),
  c: z
    .tuple([op('c'), realNumber(0, MAX_CLOCK_MS)])
    .transform(([, ms]): TimelineInput => ({ type: 'clock', ms })),
  u: z
    .tuple([op('u'), z.union([z.literal(0), z.literal(1)], { error: () => 'must be 0 or 1' })])
    .transform(([, up]): TimelineInput => ({ type: 'cache', isUp: up === 1 })),
  f: z.tuple([op('f')]).transform((): TimelineInput => ({ type: 'restart' })),
  R: z.tuple([op('R'), line]).transform(([, l]): TimelineInput => ({ type: 'redis', line: l })),
  Q: z.tuple([op('Q'), line]).transform(([, q]): TimelineInput => ({ type: 'sql', statement: q })),
  D: z.tuple([op('D')]).transform((): TimelineInput => ({ type: 'resetDatabase' })),
};
const itemSchema = z.union([pressCount, ...Object.values(ITEMS)]);

/** Why one action of a link is refused: its kind's schema names the place and what it takes. */
function itemProblem(item: unknown): string {
  const kind = Array.isArray(item) && typeof item[0] === 'string' ? item[0] : null;
  const schema =
    kind !== null && Object.hasOwn(ITEMS, kind) ? ITEMS[kind as keyof typeof ITEMS] : null;
  if (typeof item === 'number') {
    const r = check(z.object({ presses: pressCount }), { presses: item });
    return r.ok ? '' : r.refusals[0].text;
  }
  if (schema === null || kind === null)
    return `not an action (a count of presses, or a list starting with one of ${Object.keys(ITEMS).join(', ')})`;
  const places = PLACES[kind];
  if ((item as unknown[]).length !== places.length)
    return places.length === 1
      ? `(${kind}) takes nothing after "${kind}"`
      : `(${kind}) takes ${places.slice(1).join(', ')} after "${kind}"`;
  const r = schema.safeParse(item);
  if (r.success) return '';
  const named = Object.fromEntries((item as unknown[]).map((v, i) => [places[i] ?? String(i), v]));
  const renamed = new z.ZodError(
    r.error.issues.map((i) => ({
      ...i,
      path: [places[Number(i.path[0])] ?? String(i.path[0] ?? kind), ...i.path.slice(1)],
    })),
  );
  const [first] = refusalsOf(renamed, named, {});
  return first ? `(${kind}) ${first.text}` : '';
}

/** A count of presses is that many actions; any other item is one (a malformed one too). */
const actionsIn = (items: readonly unknown[]): number =>
  items.reduce<number>((n, item) => {
    const presses = pressCount.safeParse(item);
    return n + (presses.success ? presses.data : 1);
  }, 0);

/**
 * An action of a link that is not one (its place in the list is where the inputs before it end):
 * why, and how many actions come after it, which are not tried.
 */
export interface MalformedAction {
  why: string;
  after: number;
}

/**
 * Reads a run from a link. A text that is no list of actions, or one of more than
 * `MAX_RUN_INPUTS`, refuses the whole run, with the reason. A malformed action ends the run
 * there, as an action the page refuses as it replays does: the inputs before it are read, and
 * `malformed` says why it was not, so the replay can say where it stopped.
 */
export function decodeRun(
  text: string,
): { inputs: TimelineInput[]; malformed?: MalformedAction } | { error: string } {
  if (text.length > MAX_RUN_CHARS) return { error: `longer than ${MAX_RUN_CHARS} characters` };
  if (!text.startsWith(FORMAT)) return { error: 'unknown format' };
  const body = text.slice(FORMAT.length);
  if (!/^[A-Za-z0-9_-]*$/.test(body)) return { error: 'not base64url' };
  let items: unknown;
  try {
    const binary = atob(body.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
    items = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { error: 'not readable' };
  }
  if (!Array.isArray(items)) return { error: 'not a list of actions' };
  const tooMany = { error: `more than ${MAX_RUN_INPUTS} actions` };
  if (items.length > MAX_RUN_INPUTS) return tooMany;
  const inputs: TimelineInput[] = [];
  for (const [index, item] of items.entries()) {
    const parsed = itemSchema.safeParse(item);
    if (!parsed.success) {
      const rest = items.slice(index + 1);
      if (inputs.length + 1 + actionsIn(rest) > MAX_RUN_INPUTS) return tooMany;
      const why = itemProblem(item);
      return {
        inputs,
        malformed: { why: why === '' ? 'not an action' : why, after: actionsIn(rest) },
      };
    }
    const count = typeof parsed.data === 'number' ? parsed.data : 1;
    if (inputs.length + count > MAX_RUN_INPUTS) return tooMany;
    if (typeof parsed.data === 'number')
      for (let k = 0; k < parsed.data; k++) inputs.push({ type: 'press' });
    else inputs.push(parsed.data);
  }
  return { inputs };
}
