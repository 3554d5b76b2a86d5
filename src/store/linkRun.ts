import { MAX_CLOCK_MS } from '../engine/clock';
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
const MAX_TEXT = 2000;

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

const isText = (v: unknown, max = MAX_TEXT): v is string =>
  typeof v === 'string' && v.length <= max;
const isWhole = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

function fromItem(item: unknown): TimelineInput | null {
  if (!Array.isArray(item)) return null;
  const [op, a, b, c] = item as unknown[];
  const n = item.length;
  switch (op) {
    case 'a':
      return n === 2 && isText(a, 8) ? { type: 'stepActor', actor: a } : null;
    case 'r':
      return n === 3 && isText(a, 8) && isWhole(b) ? { type: 'read', actor: a, id: b } : null;
    case 'w': {
      if (n !== 4 || !isText(a, 8) || !isWhole(b) || typeof c !== 'object' || c === null)
        return null;
      const entries = Object.entries(c);
      if (entries.length === 0 || !entries.every(([k, v]) => isText(k, 32) && isText(v)))
        return null;
      return { type: 'write', actor: a, id: b, changes: Object.fromEntries(entries) };
    }
    case 'c':
      return n === 2 && typeof a === 'number' && a >= 0 && a <= MAX_CLOCK_MS
        ? { type: 'clock', ms: a }
        : null;
    case 'u':
      return n === 2 && (a === 0 || a === 1) ? { type: 'cache', isUp: a === 1 } : null;
    case 'f':
      return n === 1 ? { type: 'restart' } : null;
    case 'R':
      return n === 2 && isText(a) ? { type: 'redis', line: a } : null;
    case 'Q':
      return n === 2 && isText(a) ? { type: 'sql', statement: a } : null;
    case 'D':
      return n === 1 ? { type: 'resetDatabase' } : null;
    default:
      return null;
  }
}

/** Reads a run from a link; any flaw refuses the whole run, with the reason. */
export function decodeRun(text: string): { inputs: TimelineInput[] } | { error: string } {
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
  const inputs: TimelineInput[] = [];
  for (const [i, item] of items.entries()) {
    if (isWhole(item) && item >= 1) {
      if (inputs.length + item > MAX_RUN_INPUTS)
        return { error: `more than ${MAX_RUN_INPUTS} actions` };
      for (let k = 0; k < item; k++) inputs.push({ type: 'press' });
      continue;
    }
    const input = fromItem(item);
    if (input === null) return { error: `action ${i + 1} is malformed` };
    inputs.push(input);
    if (inputs.length > MAX_RUN_INPUTS) return { error: `more than ${MAX_RUN_INPUTS} actions` };
  }
  return { inputs };
}
