import { z } from 'zod';
import { refusalsOf } from '../schema/fields';

/** The part of `localStorage` this needs (a Map-backed stand-in in unit tests). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * One document kept in storage under a schema version. `migrations[n]` turns a version-n
 * document into a version n+1 one; `schema` checks the current version (`version` included).
 */
export interface StoredDocument<T> {
  key: string;
  /** What it holds, for notices: "settings", "lab settings". */
  label: string;
  version: number;
  schema: z.ZodType<T>;
  migrations: Readonly<Record<number, (old: Record<string, unknown>) => Record<string, unknown>>>;
  /**
   * What of a document that fails its schema can still be kept: the document without the
   * entries it cannot read (one lesson id among good ones), and each entry left out in words;
   * null when nothing can be kept so. Without it one bad entry set the whole document aside.
   */
  salvage?: (current: Record<string, unknown>) => Salvaged | null;
}

/**
 * How many entries left out a notice names; the rest it counts. Naming every one, 200 unreadable
 * lesson ids made a notice of some 8,000 characters (and 2,000 predictions far more).
 */
export const LEFT_OUT_NAMED = 5;

/** The entries left out, in words: the first {@link LEFT_OUT_NAMED}, and how many more. */
function namedLeftOut(leftOut: readonly string[]): string {
  const named = leftOut.slice(0, LEFT_OUT_NAMED).join('; ');
  const more = leftOut.length - LEFT_OUT_NAMED;
  return more > 0 ? `${named}; and ${more} more` : named;
}

/** A document kept without the entries it could not read ({@link StoredDocument.salvage}). */
export interface Salvaged {
  value: Record<string, unknown>;
  /** Each entry left out, for the notice: `the lesson "Stale_Set" (done[1]: not a scenario id)`. */
  leftOut: readonly string[];
}

export interface Loaded<T> {
  /** The document, migrated to the current version; null when there was none or it was set aside. */
  value: T | null;
  /** Why the stored document was set aside, as a sentence for the page; null if it was not. */
  notice: string | null;
}

/** Where an unreadable document is moved, so nothing a learner saved is lost. */
export const setAsideKey = (key: string): string => `${key}.set-aside`;

const envelope = z.looseObject({ version: z.number().int().min(1) });

/**
 * How many unreadable copies of one document are kept aside: `<key>.set-aside`, then
 * `<key>.set-aside.2` ... A copy set aside on an earlier visit is never written over by a later
 * one (the learner may not have looked at it yet).
 */
export const MAX_SET_ASIDE = 5;

/** The key of the n-th copy set aside (1-based). */
const setAsideSlot = (key: string, n: number): string =>
  n === 1 ? setAsideKey(key) : `${setAsideKey(key)}.${n}`;

/**
 * Where `raw` goes aside: the slot already holding this same text (set aside before and still
 * unread), else the first free one; null when every slot holds another copy.
 */
function freeSetAsideSlot(storage: KeyValueStorage, key: string, raw: string): string | null {
  let free: string | null = null;
  for (let n = 1; n <= MAX_SET_ASIDE; n++) {
    const slot = setAsideSlot(key, n);
    let held: string | null;
    try {
      held = storage.getItem(slot);
    } catch {
      held = null;
    }
    if (held === raw) return slot;
    if (held === null) free ??= slot;
  }
  return free;
}

/**
 * Longest document read back, in characters: the page's documents take a few kilobytes, so
 * anything near localStorage's whole quota was not written by it and is set aside unparsed.
 */
export const MAX_STORED_CHARS = 256 * 1024;

/**
 * Reads a document, migrating an older version. Anything unreadable (not JSON, no version, a
 * version this page does not know, a value out of its schema) is moved to `<key>.set-aside`
 * and reported in `notice`; storage that throws (disabled, private mode) reads as empty.
 * Never throws.
 */
export function loadVersioned<T>(storage: KeyValueStorage, doc: StoredDocument<T>): Loaded<T> {
  let raw: string | null;
  try {
    raw = storage.getItem(doc.key);
  } catch {
    return { value: null, notice: null };
  }
  if (raw === null) return { value: null, notice: null };
  /**
   * Copies the stored text aside, never over a copy set aside before: the slot it went to, null
   * when every slot holds another copy, or the error with which storage refused the copy.
   */
  const copyAside = (): { slot: string } | { refused: string } | null => {
    const slot = freeSetAsideSlot(storage, doc.key, raw);
    if (slot === null) return null;
    try {
      storage.setItem(slot, raw);
    } catch (e) {
      return { refused: e instanceof Error ? e.name : String(e) };
    }
    return { slot };
  };
  const everySlotTaken = `${MAX_SET_ASIDE} copies set aside earlier are kept in this browser's storage ("${setAsideKey(doc.key)}" to "${setAsideSlot(doc.key, MAX_SET_ASIDE)}")`;
  const setAside = (reason: string): Loaded<T> => {
    const unread = `Your saved ${doc.label} could not be read (${reason}), so defaults are used.`;
    const copy = copyAside();
    if (copy === null)
      return {
        value: null,
        notice: `${unread} ${everySlotTaken}, so this one is not: what you change from now on is saved in its place.`,
      };
    // Storage refused the copy (full, most often): the original stays, unused, until the page
    // next saves this document over it. Say so rather than name a copy that does not exist.
    if ('refused' in copy)
      return {
        value: null,
        notice: `${unread} This browser's storage refused to keep a copy of them (${copy.refused}), so they are not kept: what you change from now on is saved in their place.`,
      };
    try {
      storage.removeItem(doc.key);
    } catch {
      // The copy is kept; the original is not read again (it is set aside again next time).
    }
    return {
      value: null,
      notice: `${unread} They were set aside in this browser's storage as "${copy.slot}".`,
    };
  };
  /**
   * Keeps what could be read of a document and says what was left out; the document as it was
   * is set aside, and the part kept is written in its place, so the next visit reads it quietly.
   */
  const keepPart = (value: T, leftOut: readonly string[]): Loaded<T> => {
    const said = `Your saved ${doc.label} could not all be read: ${namedLeftOut(leftOut)} ${leftOut.length === 1 ? 'is' : 'are'} left out, and the rest is kept.`;
    const copy = copyAside();
    // No copy: the original stays as it was, read the same way next time, until the page next
    // saves this document over it.
    if (copy === null)
      return { value, notice: `${said} ${everySlotTaken}, so the document as it was is not.` };
    if ('refused' in copy)
      return {
        value,
        notice: `${said} This browser's storage refused to keep a copy of the document as it was (${copy.refused}).`,
      };
    try {
      storage.setItem(doc.key, JSON.stringify(value));
    } catch {
      // The original stays; it is read the same way, and set aside in the same slot, next time.
    }
    return {
      value,
      notice: `${said} The document as it was is set aside in this browser's storage as "${copy.slot}".`,
    };
  };
  if (raw.length > MAX_STORED_CHARS)
    return setAside(
      `${raw.length.toLocaleString('en-US')} characters; a saved document holds at most ${MAX_STORED_CHARS.toLocaleString('en-US')}`,
    );
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return setAside('not valid JSON');
  }
  const head = envelope.safeParse(data);
  if (!head.success) return setAside('no schema version');
  let version = head.data.version;
  let current: Record<string, unknown> = head.data;
  if (version > doc.version)
    return setAside(
      `saved by a newer version of this page: schema ${version}, this page reads up to ${doc.version}`,
    );
  while (version < doc.version) {
    const migrate = doc.migrations[version];
    if (!migrate) return setAside(`schema ${version} is too old to migrate`);
    try {
      current = { ...migrate(current), version: version + 1 };
    } catch (e) {
      return setAside(`schema ${version} could not be migrated: ${String(e)}`);
    }
    version++;
  }
  const checked = doc.schema.safeParse(current);
  if (!checked.success) {
    const salvaged = doc.salvage?.(current);
    const kept = salvaged ? doc.schema.safeParse(salvaged.value) : null;
    if (salvaged && kept?.success && salvaged.leftOut.length > 0)
      return keepPart(kept.data, salvaged.leftOut);
    const [first] = refusalsOf(checked.error, current);
    return setAside(first?.text ?? 'it does not fit its schema');
  }
  return { value: checked.data, notice: null };
}

/** Writes a document (its `version` included); storage that refuses (full, disabled) is ignored. */
export function saveVersioned<T>(storage: KeyValueStorage, doc: StoredDocument<T>, value: T): void {
  try {
    storage.setItem(doc.key, JSON.stringify(value));
  } catch {
    // Nothing to do: the page works without storage, it only forgets on reload.
  }
}

/**
 * What the page says when storage refuses to save a document (full, most often): the change is
 * on screen and not kept, and the page tries again.
 */
export function notSavedNotice(label: string, error: unknown): string {
  const name = error instanceof Error ? error.name : String(error);
  const why = name === 'QuotaExceededError' ? `${name}: it is full` : name;
  return `Your ${label} could not be saved: this browser's storage refused the write (${why}). Until a save goes through, what you change lasts only until the page is closed; the page tries again at each change.`;
}

/**
 * `storage`, saying when it refuses to save one of `docs`: once a document, until a save of it
 * goes through again. The page saves at every change, and a refused save is dropped (see
 * {@link saveVersioned}): without this, storage that filled up while the page was open lost every
 * later change in silence, and the next visit opened without them, with no word of why.
 */
export function sayingRefusals(
  storage: KeyValueStorage,
  docs: readonly Pick<StoredDocument<unknown>, 'key' | 'label'>[],
  say: (text: string) => void,
): KeyValueStorage {
  const refused = new Set<string>();
  return {
    getItem: (key) => storage.getItem(key),
    removeItem: (key) => storage.removeItem(key),
    setItem: (key, value) => {
      try {
        storage.setItem(key, value);
      } catch (e) {
        const doc = docs.find((d) => d.key === key);
        if (doc && !refused.has(key)) {
          refused.add(key);
          say(notSavedNotice(doc.label, e));
        }
        throw e;
      }
      refused.delete(key);
    },
  };
}

/** A key written and removed at once, to learn whether storage accepts writes at all. */
const PROBE_KEY = 'cache-aside-lab.probe';

/**
 * Whether anything saved will last: storage is there and accepts a write (a browser with storage
 * disabled has none, or refuses every write).
 */
export function canKeep(storage: KeyValueStorage | null): boolean {
  if (storage === null) return false;
  try {
    storage.setItem(PROBE_KEY, '1');
    storage.removeItem(PROBE_KEY);
    return true;
  } catch {
    return false;
  }
}

/** What the page says when {@link canKeep} is false, so nobody expects a reload to remember. */
export const NOTHING_KEPT_NOTICE =
  'This browser does not let the page save anything: settings, preferences, course progress and your code last only until the page is closed.';

/** The page's localStorage, or null where reading it throws (storage disabled). */
export function browserStorage(): KeyValueStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The tab's own storage (`sessionStorage`: kept over a reload, gone with the tab), if any. */
export function tabStorage(): KeyValueStorage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}
