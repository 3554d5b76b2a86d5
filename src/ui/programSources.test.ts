import { describe, expect, it } from 'vitest';
import { READ_MITIGATIONS } from '../engine/programs/catalog';
import { patternListings, type ProgramListing } from './programSources';

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
});
