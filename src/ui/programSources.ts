import {
  READ_PROGRAM_FILES,
  type ReadMitigation,
  type WritePolicy,
} from '../engine/programs/catalog';
import type { InvalidationSource } from '../engine/changeFeed';
import { PATTERN_INFO, writesUpdateOnly, type Pattern } from '../engine/programs/patterns';

// The code panel shows the engine's own program files, imported as text at build time: what
// the learner reads is exactly what runs. Their tests are no part of it (they were a tenth of
// the page's script, unread).
const files = import.meta.glob<string>(['../engine/programs/*.ts', '!**/*.test.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

const source = (file: string): string => files[`../engine/programs/${file}`] ?? '';

/** The program files the page carries as text, by name. */
export const programFileNames = (): string[] =>
  Object.keys(files).map((path) => path.slice(path.lastIndexOf('/') + 1));

/** The function of writePaths.ts that each policy runs. */
const WRITE_FUNCTIONS: Record<WritePolicy, string> = {
  invalidate: 'writeInvalidate',
  'update-cache': 'writeUpdateCache',
  'ttl-only': 'writeTtlOnly',
  'delete-first': 'writeDeleteFirst',
  'double-delete': 'writeDoubleDelete',
};

export interface ProgramListing {
  file: string;
  /** Source lines shown (1-based numbers kept from the file). */
  lines: { number: number; text: string }[];
  /** Line number holding each step label literal (`'get'` ...), searched from the program's start. */
  lineOfLabel: (label: string) => number | null;
}

function listing(
  file: string,
  text: string,
  firstLine: number,
  startPattern: RegExp,
): ProgramListing {
  const all = text.split('\n');
  const lines = all.map((t, i) => ({ number: firstLine + i, text: t }));
  const start = Math.max(
    0,
    all.findIndex((l) => startPattern.test(l)),
  );
  return {
    file,
    lines,
    lineOfLabel: (label) => {
      // A step's label is its constructor's first argument: `redis('get', ...`, or a line of
      // its own in a call split over lines; not a `job: 'flush'` that names the job a writer
      // starts (so the flusher's `'flush'` step is marked in the flusher).
      const literal = new RegExp(`(?:\\(|^\\s*)'${label.replace(/[^\w-]/g, '\\$&')}'`);
      for (let i = start; i < all.length; i++) if (literal.test(all[i])) return firstLine + i;
      return null;
    },
  };
}

/** The whole read program file, less its import block. */
export function readListing(mitigation: ReadMitigation): ProgramListing {
  return fileListing(READ_PROGRAM_FILES[mitigation]);
}

/**
 * The listings a run shows: the read and write paths as `Runtime.start` picks them (cache-aside's
 * per mitigation and policy; another pattern's own files from PATTERN_INFO, whole, so a
 * background job's program, the write-behind flusher or refresh-ahead's reload, is shown beside
 * the path that starts it; refresh-ahead's with the loader its read calls on a miss), and under
 * cdc the change log's consumer, whose command depends on the read mitigation.
 */
export function patternListings(
  pattern: Pattern,
  mitigation: ReadMitigation,
  policy: WritePolicy,
  invalidation: InvalidationSource = 'app',
): {
  read: ProgramListing;
  /** The loader a read calls on a miss, when it is in a file of its own (refresh-ahead's). */
  loader: ProgramListing | null;
  write: ProgramListing;
  consumer: ProgramListing | null;
} {
  const info = PATTERN_INFO[pattern];
  return {
    read: pattern === 'cache-aside' ? readListing(mitigation) : fileListing(info.readFile),
    // Refresh-ahead's read runs read-through's loader on a miss (`loadThrough`): without it the
    // panel would show, and mark, no line for that SELECT and store.
    loader:
      pattern === 'refresh-ahead'
        ? functionListing(PATTERN_INFO['read-through'].readFile, 'loadThrough')
        : null,
    write: writesUpdateOnly(pattern, invalidation)
      ? functionListing('changeCapture.ts', 'writeUpdateOnly')
      : info.usesPolicies
        ? writeListing(policy)
        : fileListing(info.writeFile),
    consumer: invalidation === 'cdc' ? consumerListing(mitigation) : null,
  };
}

/**
 * Which `'del'` of `invalidationOf` (changeCapture.ts) each mitigation sends, in the order they
 * appear there: the lease's DEL, the versioned tombstone's EVAL, then the plain DEL.
 */
const CONSUMER_DEL: Record<ReadMitigation, number> = {
  lease: 0,
  'versioned-fill': 1,
  none: 2,
  'single-flight': 2,
  'early-refresh': 2,
};

/**
 * The change log's consumer: how it invalidates one change, and its loop. Its `'del'` step is
 * marked on the line the read mitigation makes it send.
 */
export function consumerListing(mitigation: ReadMitigation): ProgramListing {
  const text = source('changeCapture.ts');
  const all = text.split('\n');
  let first = all.findIndex((l) => l.startsWith('function invalidationOf('));
  if (first < 0) return fileListing('changeCapture.ts');
  while (first > 0 && /^\s*(\/\*\*|\*|\/\/)/.test(all[first - 1])) first--;
  const base = listing(
    'changeCapture.ts',
    all.slice(first).join('\n').trimEnd(),
    first + 1,
    /^function /,
  );
  const dels = base.lines.filter((l) => l.text.includes("'del'")).map((l) => l.number);
  return {
    ...base,
    lineOfLabel: (label) =>
      label === 'del' ? (dels[CONSUMER_DEL[mitigation]] ?? null) : base.lineOfLabel(label),
  };
}

/** A program file, less its import block. */
function fileListing(file: string): ProgramListing {
  const all = source(file).trimEnd().split('\n');
  let first = 0;
  for (let i = 0; i < all.length; i++) if (/from '[^']+';\s*$/.test(all[i])) first = i + 1;
  while (first < all.length && all[first].trim() === '') first++;
  return listing(file, all.slice(first).join('\n'), first + 1, /^export function\*/);
}

/** Only the policy's own function from writePaths.ts (with its doc comment). */
export function writeListing(policy: WritePolicy): ProgramListing {
  return functionListing('writePaths.ts', WRITE_FUNCTIONS[policy]);
}

/** One generator function of a program file, with its doc comment. */
function functionListing(file: string, name: string): ProgramListing {
  const text = source(file);
  const all = text.split('\n');
  const fnLine = all.findIndex((l) => l.includes(`function* ${name}(`));
  if (fnLine < 0) return listing(file, text.trimEnd(), 1, /function\*/);
  let first = fnLine;
  while (first > 0 && /^\s*(\/\*\*|\*|\/\/)/.test(all[first - 1])) first--;
  let last = fnLine;
  while (last < all.length && all[last] !== '}') last++;
  return listing(file, all.slice(first, last + 1).join('\n'), first + 1, /function\*/);
}
