import { describe, expect, it } from 'vitest';
import {
  MAX_SHOWN_CHARS,
  MAX_SHOWN_LINES,
  MAX_SHOWN_SQL_LINES,
  hiddenLinesText,
  sqlResultChars,
  windowTranscript,
} from './consoleWindow';

interface Line {
  id: number;
  size: number;
}
const lines = (sizes: readonly number[]): Line[] => sizes.map((size, id) => ({ id, size }));
const sizeOf = (l: Line) => l.size;
const ids = (shown: readonly Line[]) => shown.map((l) => l.id);

describe('windowTranscript: the newest lines a console draws', () => {
  it('draws a short transcript whole, the same array, with nothing hidden', () => {
    const all = lines([10, 20, 30]);
    const w = windowTranscript(all, sizeOf);
    expect(w.shown).toBe(all);
    expect(w.hidden).toBe(0);
  });

  it(`draws the newest ${MAX_SHOWN_LINES} of 20,000 lines, and counts the rest`, () => {
    const all = lines(Array.from({ length: 20_000 }, () => 20));
    const w = windowTranscript(all, sizeOf);
    expect(w.shown).toHaveLength(MAX_SHOWN_LINES);
    expect(w.hidden).toBe(20_000 - MAX_SHOWN_LINES);
    expect(w.shown[0].id).toBe(20_000 - MAX_SHOWN_LINES);
    expect(w.shown.at(-1)!.id).toBe(19_999);
  });

  it('stops at the character limit: twelve replies of 200,000 characters draw the newest five', () => {
    const w = windowTranscript(lines(Array.from({ length: 12 }, () => 200_000)), sizeOf);
    expect(ids(w.shown)).toEqual([7, 8, 9, 10, 11]);
    expect(w.hidden).toBe(7);
    expect(w.shown.reduce((n, l) => n + l.size, 0)).toBeLessThanOrEqual(MAX_SHOWN_CHARS);
  });

  it('always draws the newest line, however long, and nothing before it past the limit', () => {
    expect(ids(windowTranscript(lines([5, 5, 2_000_000]), sizeOf).shown)).toEqual([2]);
    expect(windowTranscript(lines([2_000_000]), sizeOf)).toEqual({
      shown: [{ id: 0, size: 2_000_000 }],
      hidden: 0,
    });
  });

  it('draws lines that follow one another: a short line before a long one that does not fit stays hidden', () => {
    const w = windowTranscript(lines([5, 900_000, 200_000, 5]), sizeOf);
    expect(ids(w.shown)).toEqual([2, 3]);
    expect(w.hidden).toBe(2);
  });

  it('takes its limits as arguments', () => {
    expect(ids(windowTranscript(lines([1, 1, 1, 1]), sizeOf, 2).shown)).toEqual([2, 3]);
    expect(ids(windowTranscript(lines([3, 3, 3, 3]), sizeOf, 10, 7).shown)).toEqual([2, 3]);
  });
});

describe('what the console says of the lines it does not draw', () => {
  it('counts them and names both limits', () => {
    expect(hiddenLinesText(1)).toBe(
      'An earlier line is not shown: this console shows at most its newest 500 lines and 1,000,000 characters of lines and replies.',
    );
    expect(hiddenLinesText(19_500)).toMatch(/^19,500 earlier lines are not shown: /);
  });

  it("names the SQL console's own line limit", () => {
    expect(hiddenLinesText(3, MAX_SHOWN_SQL_LINES)).toBe(
      '3 earlier lines are not shown: this console shows at most its newest 100 lines and 1,000,000 characters of lines and replies.',
    );
  });
});

describe('sqlResultChars', () => {
  it('counts the column names and the cells of the first 50 rows, which the console draws', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => [`name ${i}`.padEnd(100, '.'), i]);
    expect(sqlResultChars({ columns: ['name', 'id'], rows, changes: 0 })).toBe(6 + 50 * 120);
    expect(sqlResultChars({ error: 'no such table: nope' })).toBe(19);
  });
});
