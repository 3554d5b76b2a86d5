import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runSim } from './simMain';
import { nines } from '../engine/consistencyNotes';
import { hitRateText, msText, staleReadRateText } from '../lab/summaryFigures';

/** The README's table of the patterns, one `npm run sim` per row, with the flags it names. */
function patternsTable(): { flags: string[]; header: string[]; rows: string[][] } {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const lines = readme.split('\n');
  const at = lines.findIndex((l) => l.startsWith('| pattern '));
  const cells = (l: string) =>
    l
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
  const rows: string[][] = [];
  for (let i = at + 2; lines[i]?.startsWith('|'); i++) rows.push(cells(lines[i]));
  // The command above the table: `npm run sim -- --pattern <pattern> --requests ...`.
  const command = /`npm run sim -- --pattern <pattern> ([^`]+)`/.exec(
    lines.slice(0, at).join('\n'),
  );
  return { flags: command![1].split(' '), header: cells(lines[at]), rows };
}

const num = (n: number) => n.toLocaleString('en-US');

describe("README's table of the patterns", () => {
  it('has every column the sim prints for every pattern, stale fills too, with the figures it prints', async () => {
    const { flags, header, rows } = patternsTable();
    expect(header).toContain('stale fills');
    expect(rows.map((r) => r[0])).toEqual([
      'cache-aside',
      'read-through',
      'write-through',
      'write-behind',
      'refresh-ahead',
    ]);
    for (const row of rows) {
      const lines: string[] = [];
      const code = await runSim(['--pattern', row[0], ...flags, '--json'], {
        log: (l) => lines.push(l),
        error: (l) => lines.push(l),
      });
      expect(code).toBe(0);
      const s = JSON.parse(lines.at(-1)!) as {
        hitRate: number;
        dbReads: number;
        dbWrites: number;
        staleReads: number;
        staleReadRate: number;
        staleFills: number;
        latencyMs: { p99: number };
        consistency: { within1s: number; within10s: number; within60s: number };
      };
      const cell = (name: string) => row[header.indexOf(name)];
      // Written by the one formatter the lab and the CLI write them with (summaryFigures.ts):
      // the table gave stale-read rates to 2 decimals, the lab and the CLI to 3.
      expect(cell('hit rate'), row[0]).toBe(hitRateText(s.hitRate));
      expect(cell('DB reads'), row[0]).toBe(num(s.dbReads));
      expect(cell('DB writes'), row[0]).toBe(num(s.dbWrites));
      expect(cell('p99 latency'), row[0]).toBe(`${msText(s.latencyMs.p99)} ms`);
      expect(cell('stale reads'), row[0]).toBe(
        s.staleReads === 0 ? '0' : `${num(s.staleReads)} (${staleReadRateText(s.staleReadRate)})`,
      );
      expect(cell('stale fills'), row[0]).toBe(num(s.staleFills));
      // Nines as the lab writes them: `all` when every write was consistent within the bound.
      const c = s.consistency;
      expect(cell('nines within 1 s / 10 s / 60 s'), row[0]).toBe(
        [c.within1s, c.within10s, c.within60s]
          .map((share) => (share >= 1 ? 'all' : nines(share).toFixed(1)))
          .join(' / '),
      );
    }
  }, 300_000);
});
