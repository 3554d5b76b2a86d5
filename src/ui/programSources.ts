import {
  READ_PROGRAM_FILES,
  type ReadMitigation,
  type WritePolicy,
} from '../engine/programs/catalog';
import { PATTERN_INFO, type Pattern } from '../engine/programs/patterns';

// The code panel shows the engine's own program files, imported as text at build time: what
// the learner reads is exactly what runs.
const files = import.meta.glob<string>('../engine/programs/*.ts', {
  query: '?raw',
  import: 'default',
  eager: true,
});

const source = (file: string): string => files[`../engine/programs/${file}`] ?? '';

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
      const literal = `'${label}'`;
      for (let i = start; i < all.length; i++) if (all[i].includes(literal)) return firstLine + i;
      return null;
    },
  };
}

/** The whole read program file, less its import block. */
export function readListing(mitigation: ReadMitigation): ProgramListing {
  return fileListing(READ_PROGRAM_FILES[mitigation]);
}

/**
 * The read and write listings a caching pattern runs: cache-aside's per mitigation and policy;
 * another pattern's own files (PATTERN_INFO), whole, so a background job's program (the
 * write-behind flusher, refresh-ahead's reload) is shown beside the path that starts it.
 */
export function patternListings(
  pattern: Pattern,
  mitigation: ReadMitigation,
  policy: WritePolicy,
): { read: ProgramListing; write: ProgramListing } {
  const info = PATTERN_INFO[pattern];
  return {
    read: pattern === 'cache-aside' ? readListing(mitigation) : fileListing(info.readFile),
    write: info.usesPolicies ? writeListing(policy) : fileListing(info.writeFile),
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
  const text = source('writePaths.ts');
  const all = text.split('\n');
  const name = WRITE_FUNCTIONS[policy];
  const fnLine = all.findIndex((l) => l.includes(`function* ${name}(`));
  if (fnLine < 0) return listing('writePaths.ts', text.trimEnd(), 1, /function\*/);
  let first = fnLine;
  while (first > 0 && /^\s*(\/\*\*|\*|\/\/)/.test(all[first - 1])) first--;
  let last = fnLine;
  while (last < all.length && all[last] !== '}') last++;
  return listing('writePaths.ts', all.slice(first, last + 1).join('\n'), first + 1, /function\*/);
}
