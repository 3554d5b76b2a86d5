import { describe, expect, it } from 'vitest';
import { MAX_CLOCK_MS, VirtualClock } from '../engine/clock';
import { formatSeconds } from '../store/logLines';
import { formatBytes, formatClock, formatDuration, utf8Length } from './format';

describe('value sizes', () => {
  it('counts UTF-8 bytes as Redis STRLEN does', () => {
    for (const s of ['', 'abc', 'héllo', '€', '✓ ok', '😀', 'a😀b'.repeat(3)])
      expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
  });

  it('formats sizes in powers of 1024', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(1024 * 1024)).toBe('1.0 MB');
  });
});

describe('the virtual time readout', () => {
  it('shows the clock to its microsecond, as the command log stamps it, never rounded off', () => {
    const clock = new VirtualClock();
    for (let i = 0; i < 3; i++) clock.advance(0.15);
    expect(formatClock(0.15)).toBe('0.000150 s');
    expect(formatClock(clock.nowMs)).toBe('0.000450 s');
    expect(formatClock(0.1 + 0.2)).toBe('0.000300 s');
    expect(formatClock(3_600_000.25)).toBe('3600.000250 s');
    expect(formatClock(MAX_CLOCK_MS)).toBe('315360000.000000 s');
    for (const ms of [0, 0.15, 0.3, 2.6, 1000.001, 59_999.999, 86_400_000.3])
      expect(formatClock(ms)).toBe(`${formatSeconds(ms)} s`);
  });
});

describe('durations', () => {
  it('switches unit where the rounded value reaches the next one, never "1000 ms" or "60 s"', () => {
    expect(formatDuration(0.15)).toBe('0.150 ms');
    expect(formatDuration(0.9996)).toBe('1 ms');
    expect(formatDuration(999.96)).toBe('1 s');
    expect(formatDuration(999.94)).toBe('999.9 ms');
    expect(formatDuration(59_999.9996)).toBe('1 min 0 s');
    expect(formatDuration(59_999)).toBe('59.999 s');
    expect(formatDuration(3_600_000)).toBe('1 h 0 min 0 s');
  });

  it('says a minute or more to the nearest second, as Redis rounds TTL ((ms + 500) / 1000)', () => {
    expect(formatDuration(299_600)).toBe('5 min 0 s');
    expect(formatDuration(299_500)).toBe('5 min 0 s');
    expect(formatDuration(299_499)).toBe('4 min 59 s');
    expect(formatDuration(3_599_999)).toBe('1 h 0 min 0 s');
  });
});

describe('a TTL beyond what a double holds to the millisecond', () => {
  it('is said in rounded years, never in hours, minutes and seconds that may be wrong', () => {
    // PEXPIREAT user:1 9007199254740993000, then 700 ms on: the panel's TTL was the double
    // 9007197487515392000 ms, shown as 36 min 32 s, where the console's PTTL,
    // 9007197487515391824, is 36 min 31 s.
    expect(formatDuration(9_007_197_487_515_392_000)).toBe('about 285 million years');
    expect(formatDuration(9_223_370_269_629_175_808)).toBe('about 292 million years');
    expect(formatDuration(Number.MAX_SAFE_INTEGER + 1)).toBe('about 285 thousand years');
    // Below 2^53 every millisecond is held: shown to the nearest second, as TTL answers
    // (9007199254740991 ms is 9007199254740.991 s).
    expect(formatDuration(Number.MAX_SAFE_INTEGER)).toBe('2501999792 h 59 min 1 s');
  });
});
