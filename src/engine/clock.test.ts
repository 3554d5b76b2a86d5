import { describe, expect, it } from 'vitest';
import { MAX_CLOCK_MS, VirtualClock } from './clock';

describe('VirtualClock', () => {
  it('starts at 0, or at the given time', () => {
    expect(new VirtualClock().nowMs).toBe(0);
    expect(new VirtualClock(1500).nowMs).toBe(1500);
  });

  it('advances by whole microseconds, so sums of 0.3 ms latencies stay exact', () => {
    const clock = new VirtualClock();
    for (let i = 0; i < 10; i++) clock.advance(0.3);
    // Plain floating-point addition would give 2.9999999999999996.
    expect(clock.nowMs).toBe(3);
    clock.advance(0.0004);
    expect(clock.nowMs).toBe(3);
    clock.advance(0.0006);
    expect(clock.nowMs).toBe(3.001);
  });

  it('refuses to run backwards or by a non-finite amount, and keeps its time', () => {
    const clock = new VirtualClock(10);
    for (const bad of [-1, -0.001, NaN, Infinity, -Infinity])
      expect(() => clock.advance(bad)).toThrow(RangeError);
    expect(clock.nowMs).toBe(10);
    clock.advance(0);
    expect(clock.nowMs).toBe(10);
  });

  it('advanceTo jumps forward and ignores times in the past', () => {
    const clock = new VirtualClock(100);
    clock.advanceTo(250.5);
    expect(clock.nowMs).toBe(250.5);
    clock.advanceTo(200);
    expect(clock.nowMs).toBe(250.5);
  });

  it('stops at MAX_CLOCK_MS: a larger jump is refused with a message and the time kept', () => {
    const clock = new VirtualClock(1000);
    for (const bad of [1e308, Number.MAX_VALUE, MAX_CLOCK_MS])
      expect(() => clock.advance(bad)).toThrow(/stops at 10 years/);
    expect(() => clock.advanceTo(Infinity)).toThrow(/stops at 10 years/);
    expect(() => clock.advanceTo(NaN)).toThrow(RangeError);
    expect(clock.nowMs).toBe(1000);
    clock.advance(MAX_CLOCK_MS - 1000);
    expect(clock.nowMs).toBe(MAX_CLOCK_MS);
    expect(Number.isFinite(clock.nowMs)).toBe(true);
  });
});
