// The lab's Read mitigation control says when the run ignores it, as the CLI's policy line does.
import { describe, expect, it } from 'vitest';
import { unusedChoiceNote, unusedNumberNote } from './unusedChoice';
import { DEFAULT_WORKLOAD } from '../engine/workload';
import { unusedSettings } from '../engine/programs/patterns';
import { draftFromConfig } from './labConfig';

describe('the read mitigation a run ignores', () => {
  it('under another pattern with cdc, single-flight and early-refresh act as none: the control says so', () => {
    for (const readMitigation of ['single-flight', 'early-refresh'])
      expect(
        unusedChoiceNote('readMitigation', {
          pattern: 'read-through',
          invalidation: 'cdc',
          readMitigation,
        }),
      ).toBe(
        `Not used by read-through: its reads take no read mitigation, and the change log's consumer sends a plain DEL for ${readMitigation} as for none (only lease and versioned-fill change what it sends)`,
      );
  });

  it('lease and versioned-fill change what the consumer sends, and cache-aside reads with any', () => {
    for (const readMitigation of ['lease', 'versioned-fill', 'none'])
      expect(
        unusedChoiceNote('readMitigation', {
          pattern: 'write-through',
          invalidation: 'cdc',
          readMitigation,
        }),
      ).toBeUndefined();
    expect(
      unusedChoiceNote('readMitigation', {
        pattern: 'cache-aside',
        invalidation: 'cdc',
        readMitigation: 'single-flight',
      }),
    ).toBeUndefined();
  });

  it('without cdc another pattern takes none at all', () => {
    expect(
      unusedChoiceNote('readMitigation', {
        pattern: 'refresh-ahead',
        invalidation: 'app',
        readMitigation: 'lease',
      }),
    ).toBe(
      "Not used by refresh-ahead: only cache-aside's read path takes a read mitigation (and, under cdc, the change log's consumer)",
    );
  });
});

describe('the settings your own code overrides in a cache-aside run', () => {
  const yourRead = { read: true, write: false };
  const yourWrite = { read: false, write: true };
  const cacheAside = { pattern: 'cache-aside', invalidation: 'app', readMitigation: 'lease' };

  it('your read path leaves Read mitigation unused, and says how to bring ours back', () => {
    expect(unusedChoiceNote('readMitigation', cacheAside, yourRead)).toBe(
      "Not used while your read path runs: it runs in place of ours and sends what your code sends (Reset to ours, in the sandbox's code panel, brings ours back)",
    );
    expect(unusedChoiceNote('writePolicy', cacheAside, yourRead)).toBeUndefined();
    // Ours runs: the mitigation takes part.
    expect(unusedChoiceNote('readMitigation', cacheAside)).toBeUndefined();
  });

  it('under cdc your read path takes none, so only lease and versioned-fill take part', () => {
    const cdc = { ...cacheAside, invalidation: 'cdc' };
    expect(unusedChoiceNote('readMitigation', cdc, yourRead)).toBeUndefined();
    expect(
      unusedChoiceNote('readMitigation', { ...cdc, readMitigation: 'single-flight' }, yourRead),
    ).toBe(
      "Not used while your read path runs: it takes no read mitigation, and the change log's consumer sends a plain DEL for single-flight as for none (only lease and versioned-fill change what it sends)",
    );
  });

  it('your write path leaves Write policy unused, but takes the double-delete delay as ctx', () => {
    const draft = { ...cacheAside, writePolicy: 'invalidate' };
    expect(unusedChoiceNote('writePolicy', draft, yourWrite)).toBe(
      "Not used while your write path runs: it runs in place of ours and sends what your code sends (Reset to ours, in the sandbox's code panel, brings ours back)",
    );
    expect(unusedChoiceNote('readMitigation', draft, yourWrite)).toBeUndefined();
    expect(unusedNumberNote('doubleDeleteDelayMs', draft, yourWrite)).toBeUndefined();
    expect(unusedNumberNote('doubleDeleteDelayMs', draft)).toMatch(/^Not used by write policy/);
  });

  it('another pattern runs its own paths in the lab, so your code overrides nothing there', () => {
    const readThrough = { ...cacheAside, pattern: 'read-through', writePolicy: 'invalidate' };
    expect(unusedChoiceNote('writePolicy', readThrough, yourWrite)).toBeUndefined();
    expect(unusedChoiceNote('readMitigation', readThrough, yourRead)).toBe(
      "Not used by read-through: only cache-aside's read path takes a read mitigation (and, under cdc, the change log's consumer)",
    );
  });
});

describe("the lab's notes and the CLI's unused settings agree", () => {
  it('a tail, stall, change-log or eviction setting is noted unused exactly where unusedSettings leaves it out', () => {
    const fields = [
      'latencyTail',
      'stallChance',
      'stallMs',
      'cdcDelayMs',
      'cdcReorder',
      'cdcLoss',
    ] as const;
    for (const latencyModel of ['constant', 'lognormal'] as const)
      for (const invalidation of ['app', 'cdc'] as const)
        for (const maxKeys of [0, 5]) {
          const config = { ...DEFAULT_WORKLOAD, latencyModel, invalidation, maxKeys };
          const unused = unusedSettings(config);
          const draft = { ...draftFromConfig(config) };
          for (const field of fields)
            expect(unusedNumberNote(field, draft) !== undefined, field).toBe(unused.has(field));
          expect(unusedChoiceNote('eviction', draft) !== undefined).toBe(unused.has('eviction'));
        }
  });
});
