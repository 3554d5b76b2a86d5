// The lab's Read mitigation control says when the run ignores it, as the CLI's policy line does.
import { describe, expect, it } from 'vitest';
import { unusedChoiceNote } from './unusedChoice';

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
