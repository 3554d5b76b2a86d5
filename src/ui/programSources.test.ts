import { describe, expect, it } from 'vitest';
import { INVALIDATION_SOURCES } from '../engine/changeFeed';
import { READ_MITIGATIONS, WRITE_POLICIES } from '../engine/programs/catalog';
import { PATTERNS } from '../engine/programs/patterns';
import {
  patternListings,
  programFileNames,
  readListing,
  writeListing,
  type ProgramListing,
} from './programSources';

const textOf = (l: ProgramListing): string => l.lines.map((x) => x.text).join('\n');
const lineText = (l: ProgramListing, label: string): string => {
  const n = l.lineOfLabel(label);
  if (n === null) throw new Error(`no line for '${label}' in ${l.file}`);
  return l.lines.find((x) => x.number === n)?.text ?? '';
};

describe('the code panel shows the programs the engine runs', () => {
  it('with invalidation by the application: the write policy, and no consumer', () => {
    const l = patternListings('cache-aside', 'none', 'delete-first', 'app');
    expect(textOf(l.write)).toContain('function* writeDeleteFirst(');
    expect(l.consumer).toBeNull();
  });

  it.each(['cache-aside', 'read-through', 'refresh-ahead'] as const)(
    'under cdc, %s writes with an UPDATE only, whatever the write policy',
    (pattern) => {
      const l = patternListings(pattern, 'none', 'double-delete', 'cdc');
      expect(l.write.file).toBe('changeCapture.ts');
      expect(textOf(l.write)).toContain('function* writeUpdateOnly(');
      expect(textOf(l.write)).not.toContain("'DEL'");
      expect(textOf(l.consumer!)).toContain('function* consumeChanges(');
    },
  );

  it.each(['write-through', 'write-behind'] as const)(
    'under cdc, %s keeps its own write path beside the consumer',
    (pattern) => {
      const l = patternListings(pattern, 'none', 'invalidate', 'cdc');
      expect(l.write.file).toBe(
        `${pattern === 'write-through' ? 'writeThrough' : 'writeBehind'}.ts`,
      );
      expect(l.consumer?.file).toBe('changeCapture.ts');
    },
  );

  it("marks the consumer's poll and its wait in its loop", () => {
    const c = patternListings('cache-aside', 'none', 'invalidate', 'cdc').consumer!;
    expect(lineText(c, 'poll')).toContain('readChanges(');
    expect(lineText(c, 'lag')).toContain('pause(');
  });

  it.each(READ_MITIGATIONS)(
    'marks the command the consumer sends under read mitigation %s on its own line',
    (mitigation) => {
      const c = patternListings('cache-aside', mitigation, 'invalidate', 'cdc').consumer!;
      const n = c.lineOfLabel('del')!;
      const at = c.lines.findIndex((x) => x.number === n);
      const around = c.lines
        .slice(at, at + 2)
        .map((x) => x.text)
        .join(' ');
      if (mitigation === 'lease') expect(around).toContain('`lease:${key}`');
      else if (mitigation === 'versioned-fill') expect(around).toContain("'EVAL'");
      else expect(around).toContain("redis('del', 'DEL', key)");
    },
  );

  it("marks a background actor's step in its own program, not on the line that spawned it", () => {
    const wb = patternListings('write-behind', 'none', 'invalidate').write;
    expect(lineText(wb, 'wait')).toContain("pause('wait'");
    expect(lineText(wb, 'take')).toContain("redis('take', 'LPOP'");
    expect(lineText(wb, 'flush')).toContain("updateUser('flush'");
    const ra = patternListings('refresh-ahead', 'none', 'invalidate').read;
    expect(lineText(ra, 'reload')).toContain("selectUser('reload'");
    expect(lineText(ra, 'refresh')).toContain("redis('refresh', 'EVAL', REFRESH_IF_CURRENT");
  });

  it("shows refresh-ahead's loader and marks a miss's SELECT and store in it", () => {
    const l = patternListings('refresh-ahead', 'none', 'invalidate');
    expect(l.loader?.file).toBe('readThrough.ts');
    expect(lineText(l.loader!, 'load')).toContain("selectUser('load'");
    expect(lineText(l.loader!, 'store')).toContain("redis('store', 'SET'");
    expect(lineText(l.loader!, 'fill')).toContain("storeIfNewer('fill'");
    // Each step is marked in one listing only: the hit's steps in refreshAhead.ts.
    expect(l.read.lineOfLabel('load')).toBeNull();
    expect(l.loader!.lineOfLabel('get')).toBeNull();
    expect(patternListings('read-through', 'none', 'invalidate').loader).toBeNull();
  });

  it('finds every step label a listing holds', () => {
    const found = new Set<string>();
    const step = /\b(?:redis|selectUser|updateUser|pause|readChanges)\(\s*'([\w-]+)'/g;
    for (const pattern of PATTERNS)
      for (const mitigation of READ_MITIGATIONS)
        for (const policy of WRITE_POLICIES)
          for (const invalidation of INVALIDATION_SOURCES) {
            const l = patternListings(pattern, mitigation, policy, invalidation);
            const all = [l.read, l.write, ...(l.loader ? [l.loader] : [])];
            for (const listing of [...all, ...(l.consumer ? [l.consumer] : [])])
              for (const [, label] of textOf(listing).matchAll(step)) {
                expect(listing.lineOfLabel(label), `${listing.file} '${label}'`).not.toBeNull();
                found.add(`${listing.file} ${label}`);
              }
          }
    // Every program file's steps were seen (not a pattern that matched nothing).
    expect(found.size).toBeGreaterThan(40);
  });
});

describe('the program files the page carries as text', () => {
  it('are the programs, without their tests', () => {
    const names = programFileNames();
    expect(names).toContain('readCacheAside.ts');
    expect(names).toContain('writePaths.ts');
    expect(names.filter((n) => n.endsWith('.test.ts'))).toEqual([]);
  });

  it('hold every listing the code panel can show', () => {
    const listings = [
      ...READ_MITIGATIONS.map((m) => readListing(m)),
      ...WRITE_POLICIES.map((p) => writeListing(p)),
    ];
    for (const l of listings) expect(l.lines.length, l.file).toBeGreaterThan(0);
  });
});
