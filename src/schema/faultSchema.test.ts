import { describe, expect, it } from 'vitest';
import { DEFAULT_SLOW_FACTOR } from '../engine/workload';
import { check } from './fields';
import { faultSchema, validateWorkload } from './workload';

const named = (input: unknown) =>
  check(faultSchema, input, { nameOf: (f) => (f === 'durationSeconds' ? 'Lasts (s)' : f) });

describe('faultSchema', () => {
  it('refuses an outage or a slowdown that lasts 0 s, naming the field and range', () => {
    expect(named({ kind: 'cache-down', startSeconds: 10, durationSeconds: '0' })).toEqual({
      ok: false,
      refusals: [
        {
          field: 'durationSeconds',
          text: 'Lasts (s) must be a number above 0 and at most 86,400 (a fault that lasts 0 s does nothing), got "0"',
        },
      ],
    });
    expect(named({ kind: 'db-slow', startSeconds: 10, durationSeconds: 0, factor: 3 }).ok).toBe(
      false,
    );
  });

  it('refuses a field a fault does not have, rather than drop it in silence', () => {
    const file = validateWorkload({
      faults: [{ kind: 'db-slow', startSeconds: 5, durationSeconds: 3, factr: 50 }],
    });
    expect(file).toEqual({
      ok: false,
      errors: [
        {
          field: 'faults',
          item: 0,
          isUnknown: true,
          text: 'faults[0].factr is not a field of a fault (a fault has kind, startSeconds, durationSeconds, factor), got 50',
        },
      ],
    });
    expect(named({ kind: 'cache-down', startSeconds: 1, durationSeconds: 2 }).ok).toBe(true);
  });

  it('refuses a field the fault’s kind does not take, naming the fault, the field and what the kind takes', () => {
    // A factor on a cache-down fault was dropped in silence: the file was "Imported" without it.
    const file = validateWorkload({
      faults: [
        { kind: 'db-slow', startSeconds: 1, durationSeconds: 2, factor: 5 },
        { kind: 'cache-down', startSeconds: 5, durationSeconds: 3, factor: 50 },
        { kind: 'cache-restart', startSeconds: 9, durationSeconds: 0, factor: 2 },
      ],
    });
    expect(file).toEqual({
      ok: false,
      errors: [
        {
          field: 'faults',
          item: 1,
          isUnknown: true,
          text: 'faults[1].factor is not a field of a cache-down fault (a cache-down fault has kind, startSeconds, durationSeconds; only db-slow has a factor), got 50',
        },
        {
          field: 'faults',
          item: 2,
          isUnknown: true,
          text: 'faults[2].factor is not a field of a cache-restart fault (a cache-restart fault has kind, startSeconds, durationSeconds; only db-slow has a factor), got 2',
        },
      ],
    });
  });

  it('still takes a restart, which happens at an instant', () => {
    expect(named({ kind: 'cache-restart', startSeconds: 10, durationSeconds: 0 }).ok).toBe(true);
    // Its length may be left out, as --fault cache-restart:10 leaves it: it was refused as missing.
    expect(named({ kind: 'cache-restart', startSeconds: 10 })).toEqual({
      ok: true,
      value: { kind: 'cache-restart', startSeconds: 10, durationSeconds: 0 },
    });
    // A length given a restart is refused, not dropped: a file's 3 s ran as the instant unsaid,
    // where --fault cache-restart:10:3 is refused.
    expect(named({ kind: 'cache-restart', startSeconds: 10, durationSeconds: 3 })).toEqual({
      ok: false,
      refusals: [
        {
          field: 'durationSeconds',
          text: 'Lasts (s) must be 0 or left out: a restart is an instant and takes no duration, got 3',
        },
      ],
    });
  });

  it('refuses a fault that ends after 24 h, saying how long it may last', () => {
    expect(named({ kind: 'cache-down', startSeconds: 86_399, durationSeconds: 100 })).toEqual({
      ok: false,
      refusals: [
        {
          field: 'durationSeconds',
          text: 'Lasts (s) must be at most 1 for a fault starting at 86,399 s: a fault ends within 86,400 s (24 h), the longest run, got 100',
        },
      ],
    });
    expect(named({ kind: 'db-slow', startSeconds: 86_399, durationSeconds: 1, factor: 2 }).ok).toBe(
      true,
    );
  });

  it('refuses the start of a fault that lasts at the 24 h mark, not its length', () => {
    // "Lasts (s) must be at most 0", while a length must be above 0: no length could pass.
    expect(named({ kind: 'cache-down', startSeconds: 86_400, durationSeconds: 1 })).toEqual({
      ok: false,
      refusals: [
        {
          field: 'startSeconds',
          text: 'startSeconds must be below 86,400 for a fault that lasts: a fault ends within 86,400 s (24 h), the longest run, got 86400',
        },
      ],
    });
    expect(named({ kind: 'cache-restart', startSeconds: 86_400, durationSeconds: 0 }).ok).toBe(
      true,
    );
  });

  it('reckons no end from a start it refused', () => {
    // A start of -1 s gave "must be at most 86,401 for a fault starting at -1 s" beside the
    // start's own refusal: a bound above the field's range, derived from a value already refused.
    for (const startSeconds of [-1, 90_000]) {
      const checked = named({ kind: 'db-slow', startSeconds, durationSeconds: 50, factor: 2 });
      expect(checked.ok).toBe(false);
      if (!checked.ok) expect(checked.refusals.map((r) => r.field)).toEqual(['startSeconds']);
    }
  });

  it('names the fault in a workload’s list', () => {
    const checked = validateWorkload({
      faults: [{ kind: 'cache-down', startSeconds: 86_000, durationSeconds: 500 }],
    });
    expect(checked.ok).toBe(false);
    if (!checked.ok)
      expect(checked.errors[0].text).toMatch(/^faults\[0\]\.durationSeconds must be at most 400 /);
  });

  it('gives a db-slow fault without a factor the default factor, wherever it comes from', () => {
    const checked = validateWorkload({
      faults: [{ kind: 'db-slow', startSeconds: 12, durationSeconds: 3 }],
    });
    expect(checked.ok && checked.config.faults).toEqual([
      { kind: 'db-slow', startSeconds: 12, durationSeconds: 3, factor: DEFAULT_SLOW_FACTOR },
    ]);
    expect(DEFAULT_SLOW_FACTOR).toBe(10);
  });

  it('says a value left out is missing, not out of range', () => {
    expect(named({ kind: 'cache-down', startSeconds: 12 })).toEqual({
      ok: false,
      refusals: [
        {
          field: 'durationSeconds',
          text: 'Lasts (s) is missing: it must be a number above 0 and at most 86,400 (a fault that lasts 0 s does nothing)',
          isMissing: true,
        },
      ],
    });
    const checked = validateWorkload({ faults: [{ startSeconds: 1, durationSeconds: 2 }] });
    expect(!checked.ok && checked.errors[0].text).toBe(
      'faults[0].kind is missing: it must be a fault of kind cache-down, cache-restart or db-slow',
    );
  });
});
