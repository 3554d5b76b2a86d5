import type { ReadMitigation, WritePolicy } from '../engine/programs/catalog';
import {
  ENGINE_SCRIPT_NOTE,
  ENGINE_SCRIPTS,
  type EngineScriptName,
} from '../engine/programs/scriptNames';

/**
 * A name the controls and the narration use for a policy, a mitigation or one of their parts,
 * or the name of one of the engine's scripts (`FILL_IF_NEWER`), as the narration writes an EVAL.
 */
export type GlossaryId =
  WritePolicy | Exclude<ReadMitigation, 'none'> | 'tombstone' | EngineScriptName;

export interface GlossaryEntry {
  id: GlossaryId;
  /** What kind of name it is, said first in the definition. */
  kind: 'Write policy' | 'Read mitigation' | 'Versioned fills' | 'Engine script';
  definition: string;
  /** Where it shows up in prose (the narration): word forms, case-insensitive. */
  pattern: RegExp;
}

/**
 * Each engine script by its name, from the engine's own registry: the narration names an EVAL
 * by its script (`EVAL INVALIDATE_IF_OLDER 1 user:1 2 EX 3600`), and presenter mode has no code
 * panel to look it up in.
 */
const SCRIPT_ENTRIES: readonly GlossaryEntry[] = ENGINE_SCRIPTS.map((script) => ({
  id: script.name,
  kind: 'Engine script',
  definition: `${ENGINE_SCRIPT_NOTE} ${script.purpose}`,
  // Case and underscores as written: FILL_IF_NEWER, never a part of a longer name.
  pattern: new RegExp(`(?<![\\w-])${script.name}(?![\\w-])`),
}));

/** Short definitions, in the sandbox's own words; the code panel shows each as a program. */
export const GLOSSARY: readonly GlossaryEntry[] = [
  {
    id: 'invalidate',
    kind: 'Write policy',
    definition:
      'UPDATE the row, then DEL the key, so the next read misses and caches the new row. The usual choice; a reader that read the old row before the DEL can still SET it afterwards (the stale-set race).',
    pattern: /\binvalidate\b/i,
  },
  {
    id: 'update-cache',
    kind: 'Write policy',
    definition:
      'UPDATE the row, then SET the new value in Redis. It spares the next miss, but two writers that finish out of order leave the older value cached (under versioned-fill the writer stores its row by the fill’s version check instead, and the late, older one is refused).',
    pattern: /\bupdate-cache\b/i,
  },
  {
    id: 'ttl-only',
    kind: 'Write policy',
    definition:
      'UPDATE the row and leave Redis alone: the cached copy stays stale until its TTL runs out.',
    pattern: /\bttl-only\b/i,
  },
  {
    id: 'delete-first',
    kind: 'Write policy',
    definition:
      'DEL the key, then UPDATE the row. A reader that misses between the two caches the old row, and it stays until the TTL.',
    pattern: /\bdelete-first\b/i,
  },
  {
    id: 'double-delete',
    kind: 'Write policy',
    definition:
      'DEL, UPDATE, wait a delay, then DEL again. The second DEL removes a racing stale fill, but only when the delay is longer than that reader’s time from GET to SET; reads inside the delay can still be stale.',
    pattern: /\bdouble[- ]delete\b/i,
  },
  {
    id: 'lease',
    kind: 'Read mitigation',
    definition:
      'On a miss the reader first takes a token (SET NX PX) and may fill the key only while its token still holds. A writer’s DEL removes the token too, so a fill that read the old row is refused; readers without a token wait and retry. Stops stale sets and herds.',
    pattern: /\bleases?\b(?!:)/i,
  },
  {
    id: 'versioned-fill',
    kind: 'Read mitigation',
    definition:
      'A fill replaces only an older version of the row, and a writer leaves a tombstone carrying the new version, so a deleted key cannot be filled again with an older row. Under update-cache the writer’s own SET goes through the same check.',
    pattern: /\bversioned[- ]fills?\b/i,
  },
  {
    id: 'tombstone',
    kind: 'Versioned fills',
    definition:
      'What a writer leaves in the key instead of deleting it: a marker with the row’s new version. Readers treat it as a miss; a fill with an older version is refused.',
    pattern: /\btombstones?\b/i,
  },
  {
    id: 'single-flight',
    kind: 'Read mitigation',
    definition:
      'On a miss the reader takes a lock (SET NX PX); only the lock holder queries the database and fills the key, the others wait and then read what it cached. Stops a stampede on a hot key.',
    pattern: /\bsingle-flight\b/i,
  },
  {
    id: 'early-refresh',
    kind: 'Read mitigation',
    definition:
      'A reader may refresh a key before it expires, with a chance that grows as the expiry nears (XFetch), so a hot key is usually refilled before a crowd of readers misses it.',
    pattern: /\bearly[- ]refresh\b/i,
  },
  ...SCRIPT_ENTRIES,
];

export const glossaryEntry = (id: string): GlossaryEntry | undefined =>
  GLOSSARY.find((g) => g.id === id);

/** A piece of prose: plain text, or a name the glossary defines (as written in the text). */
export type GlossarySegment = { text: string; id?: GlossaryId };

/** Splits prose at every name the glossary defines, earliest first (the longest at a tie). */
export function splitGlossaryTerms(text: string): GlossarySegment[] {
  const out: GlossarySegment[] = [];
  let rest = text;
  for (;;) {
    let best: { index: number; length: number; id: GlossaryId } | null = null;
    for (const g of GLOSSARY) {
      const m = g.pattern.exec(rest);
      if (
        m &&
        (best === null ||
          m.index < best.index ||
          (m.index === best.index && m[0].length > best.length))
      )
        best = { index: m.index, length: m[0].length, id: g.id };
    }
    if (!best) break;
    if (best.index > 0) out.push({ text: rest.slice(0, best.index) });
    out.push({ text: rest.slice(best.index, best.index + best.length), id: best.id });
    rest = rest.slice(best.index + best.length);
  }
  if (rest.length > 0) out.push({ text: rest });
  return out;
}

/**
 * A segment of prose; a term keeps the punctuation right before it (an opening quote or
 * parenthesis) and right after it (a closing quote, a comma).
 */
export type GluedSegment = GlossarySegment & { before?: string; after?: string };

/**
 * Moves the punctuation that touches a term onto the term, so a line never breaks between
 * `single-flight` and its closing quote or comma, nor between an opening quote and `invalidate`
 * (a button is a place where a line may break).
 */
export function glueTermPunctuation(segments: GlossarySegment[]): GluedSegment[] {
  const out: GluedSegment[] = [];
  for (const segment of segments) {
    const prev = out.at(-1);
    if (segment.id !== undefined) {
      const opening =
        prev && prev.id === undefined ? /[^\s\p{L}\p{N}]+$/u.exec(prev.text)?.[0] : undefined;
      if (prev && opening) {
        prev.text = prev.text.slice(0, -opening.length);
        if (prev.text.length === 0) out.pop();
        out.push({ ...segment, before: opening });
      } else out.push({ ...segment });
      continue;
    }
    const punct = /^[^\s\p{L}\p{N}]+/u.exec(segment.text)?.[0];
    if (prev?.id && punct) {
      prev.after = punct;
      const rest = segment.text.slice(punct.length);
      if (rest.length > 0) out.push({ text: rest });
    } else out.push({ ...segment });
  }
  return out;
}
