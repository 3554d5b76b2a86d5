import { hasUnseen, nameEscaped, unseenEscaped } from '../engine/describe';
import type { CacheEntry, SimSnapshot } from '../engine/simSnapshot';
import type { StepEvent } from '../engine/stepEvent';

// The boundary where what the engine holds becomes what the page shows. Keys, values and error
// messages come from the learner (the consoles, their own code), so they may hold a NUL, a
// direction override (U+202E turned the rest of a sentence around), a soft hyphen or a
// zero-width space (two keys read as one). Everything the store hands React to show passes
// through here once: sentences through `shown`, the snapshot the panels draw through
// `shownSnapshot`. The engine's own data (events, `state()`, the automation API, links) keeps
// the characters as they are.

/**
 * Text made for the page (a sentence, a reply, an error message) with the characters that show
 * as nothing, break the line or turn the text around written as redis-cli writes them (`\x00`,
 * `\n`, `\u202E`). Idempotent: text already written so, or holding none, comes back as it is.
 */
export const shown = (text: string): string => (hasUnseen(text) ? unseenEscaped(text) : text);

/**
 * A key or a field's name as the page shows it: as redis-cli quotes it, its own backslashes
 * doubled, so the four characters `a\x00b` (`a\\x00b`) and `a`, NUL, `b` (`a\x00b`) read apart.
 */
export const shownName = (name: string): string =>
  name.includes('\\') || hasUnseen(name) ? nameEscaped(name) : name;

/**
 * A value as the value box shows it: pretty JSON when it is JSON (JSON writes its own controls
 * and backslashes escaped), else its text with its backslashes doubled; either way the
 * characters {@link shown} escapes written so, and the line breaks of the text kept, as an editor
 * shows them.
 */
export function shownValue(value: string): string {
  let pretty: string | null = null;
  try {
    pretty = JSON.stringify(JSON.parse(value), null, 2);
  } catch {
    // Not JSON: its own text.
  }
  // Pretty JSON's own line breaks are its layout: each line is escaped apart.
  return pretty === null ? shownValueText(value) : shownBlock(pretty);
}

/**
 * A value's text that is not pretty JSON (a string, the start of a long value) as
 * {@link shownValue} writes it: each line as {@link shownName} writes it, line breaks kept.
 */
export const shownValueText = (text: string): string => text.split('\n').map(shownName).join('\n');

/**
 * Text of several lines (a console's reply) with each line {@link shown}, its line breaks kept:
 * a CRLF too (INFO's text, which redis-cli prints raw, ends each line in one) is a line break,
 * not a line ending in `\r`, and so is the CR left at the end once the console drops the last LF.
 */
export const shownBlock = (text: string): string =>
  hasUnseen(text) ? text.replace(/\r$/, '').split(/\r?\n/).map(shown).join('\n') : text;

/**
 * A line of code as the code panel lists it: what {@link shown} escapes written so (a U+202E in
 * code from a link made `// ok\u202E ;'1' = key` read as the statement `yek = '1'`), but its tabs
 * kept as its indent, and the CR of a CRLF line end dropped.
 */
export const shownCodeLine = (line: string): string =>
  hasUnseen(line) ? line.replace(/\r$/, '').replace(/[^\t]+/g, shown) : line;

/** `items` with each mapped, the same array when none changed (a stable reference). */
function mapChanged<T>(items: readonly T[], map: (item: T) => T): readonly T[] {
  let out: T[] | null = null;
  for (let i = 0; i < items.length; i++) {
    const item = map(items[i]);
    if (item !== items[i]) {
      out ??= items.slice(0, i);
    }
    out?.push(item);
  }
  return out ?? items;
}

const isNameShownAsIs = (name: string): boolean => !name.includes('\\') && !hasUnseen(name);

/**
 * A key's name as the Redis panel shows it: {@link shownName}, and the empty key `""`, as
 * redis-cli writes it, since an empty name shows as nothing.
 */
export const shownKey = (key: string): string => (key === '' ? '""' : shownName(key));

function shownEntry(e: CacheEntry): CacheEntry {
  return e.key !== '' && isNameShownAsIs(e.key) ? e : { ...e, key: shownKey(e.key) };
}

/** `map` memoised per object: snapshots share the events and entries that did not change. */
function perObject<T extends object>(map: (item: T) => T): (item: T) => T {
  const seen = new WeakMap<T, T>();
  return (item) => {
    let out = seen.get(item);
    if (out === undefined) {
      out = map(item);
      seen.set(item, out);
    }
    return out;
  };
}

const shownEvent = perObject((e: StepEvent): StepEvent => {
  const names = [e.key, ...(e.otherChangedKeys ?? []), ...(e.evicted ?? [])];
  const texts = [e.command, e.reply, e.note ?? '', e.script?.command ?? ''];
  if (names.every(isNameShownAsIs) && !texts.some(hasUnseen)) return e;
  return {
    ...e,
    key: shownName(e.key),
    command: shown(e.command),
    reply: shown(e.reply),
    ...(e.note !== undefined && { note: shown(e.note) }),
    ...(e.script && { script: { ...e.script, command: shown(e.script.command) } }),
    ...(e.otherChangedKeys && { otherChangedKeys: e.otherChangedKeys.map(shownName) }),
    ...(e.evicted && { evicted: e.evicted.map(shownName) }),
  };
});

type Result = SimSnapshot['results'][number];

function shownResult(r: Result): Result {
  if (isNameShownAsIs(r.key) && (r.error === undefined || !hasUnseen(r.error))) return r;
  return { ...r, key: shownName(r.key), ...(r.error !== undefined && { error: shown(r.error) }) };
}

const views = new WeakMap<SimSnapshot, SimSnapshot>();

/**
 * The snapshot as the panels show it: keys (the cache's, an event's, a request's) written as
 * {@link shownName} writes them, replies, notes, commands, a failed request's error and the
 * schema's problems as {@link shown} does. Values stay as they are (the value box makes them
 * {@link shownValue} after it formats their JSON). Memoised per snapshot, and the snapshot itself
 * when nothing in it needs it: a stable reference, and no copy for a run of ordinary keys.
 */
export function shownSnapshot(snap: SimSnapshot): SimSnapshot {
  const known = views.get(snap);
  if (known) return known;
  const cache = mapChanged(snap.cache, shownEntry) as CacheEntry[];
  const events = mapChanged(snap.events, shownEvent) as StepEvent[];
  const results = mapChanged(snap.results, shownResult) as Result[];
  const schemaProblems = mapChanged(snap.schemaProblems, shown) as string[];
  const view =
    cache === snap.cache &&
    events === snap.events &&
    results === snap.results &&
    schemaProblems === snap.schemaProblems
      ? snap
      : { ...snap, cache, events, results, schemaProblems };
  views.set(snap, view);
  return view;
}
