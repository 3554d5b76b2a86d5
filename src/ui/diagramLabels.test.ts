import { describe, expect, it } from 'vitest';
import {
  EARLIER_MAX_CHARS,
  EARLIER_ROW,
  earlierBaselines,
  newestBand,
  unlistedText,
} from './diagramLabels';

const plain = { isWait: false, hasBadge: false, hasDiff: false, isCacheLayer: false };
/** A row's glyphs: 10 above its baseline, 4 below. */
const glyphs = (y: number) => ({ top: y - 10, bottom: y + 4 });
const clear = (a: { top: number; bottom: number }, b: { top: number; bottom: number }) =>
  a.bottom <= b.top || b.bottom <= a.top;

describe('earlierBaselines', () => {
  it('stacks the earlier commands just above the newest one when they fit there', () => {
    // Four readers, D's SET to Redis the newest: its midpoint is low in a 306-unit diagram.
    const band = newestBand(164, { ...plain, hasBadge: false });
    const ys = earlierBaselines(3, band, 306);
    expect(ys).toHaveLength(3);
    expect(ys[1] - ys[0]).toBe(EARLIER_ROW);
    for (const y of ys) expect(clear(glyphs(y), band)).toBe(true);
    expect(ys[2] + 4).toBeLessThanOrEqual(band.top);
  });

  it('goes below the newest command when the room above is too small (a GET then a SET by A)', () => {
    const band = newestBand(51, { ...plain, hasBadge: true });
    const ys = earlierBaselines(2, band, 240);
    for (const y of ys) {
      expect(clear(glyphs(y), band)).toBe(true);
      expect(y + 4).toBeLessThanOrEqual(240);
    }
    expect(ys[0]).toBeGreaterThan(band.bottom);
  });

  it('keeps a stale hit’s difference lines in the newest band', () => {
    const withDiff = newestBand(100, { ...plain, hasBadge: true, hasDiff: true });
    const without = newestBand(100, { ...plain, hasBadge: true });
    expect(withDiff.bottom).toBeGreaterThan(without.bottom);
    const ys = earlierBaselines(2, withDiff, 240);
    for (const y of ys) expect(clear(glyphs(y), withDiff)).toBe(true);
  });

  it('has nothing to place for a single command, and starts at the top with no newest one', () => {
    expect(earlierBaselines(0, newestBand(100, plain), 240)).toEqual([]);
    expect(earlierBaselines(2, null, 240)).toEqual([14, 28]);
  });
});

describe('unlistedText', () => {
  it('says how many earlier commands are left out within the widest label the band holds', () => {
    for (const count of [1, 2, 9, 33, 99, 999, 1000, 99_999])
      expect(unlistedText(count).length, String(count)).toBeLessThanOrEqual(EARLIER_MAX_CHARS);
    expect(unlistedText(1000)).toBe('1–1000: 1000 earlier, in the log');
  });
});
