import { describe, expect, it } from 'vitest';
import { exploredUnder, exploredUnderShort } from './explorerSettings';

const app = { writePolicy: 'delete-first', readMitigation: 'lease', invalidation: 'app' } as const;
const cdc = (readMitigation: 'none' | 'lease' | 'versioned-fill') =>
  ({ writePolicy: 'delete-first', readMitigation, invalidation: 'cdc' }) as const;
const LOG = 'invalidation from the change log (the cdc consumer polls it, waits out its lag and';

describe('what an exploration ran under', () => {
  it('names cache-aside by its write policy and read mitigation', () => {
    expect(exploredUnder('cache-aside', app)).toBe('delete-first and read mitigation lease');
    expect(exploredUnderShort('cache-aside', app)).toBe('delete-first / lease');
  });

  it('names another pattern, and leaves out the read mitigation its reads do not use', () => {
    expect(exploredUnder('read-through', app)).toBe(
      'the read-through pattern with write policy delete-first',
    );
    expect(exploredUnder('refresh-ahead', app)).toBe(
      'the refresh-ahead pattern with write policy delete-first',
    );
    expect(exploredUnderShort('refresh-ahead', app)).toBe('refresh-ahead / delete-first');
  });

  it('leaves out the write policy where the pattern writes its own way', () => {
    expect(exploredUnder('write-through', app)).toBe('the write-through pattern');
    expect(exploredUnder('write-behind', app)).toBe('the write-behind pattern');
    expect(exploredUnderShort('write-behind', app)).toBe('write-behind');
  });

  it('under cdc says what the consumer sends, which the read mitigation decides whatever the pattern', () => {
    expect(exploredUnder('cache-aside', cdc('none'))).toBe(
      `${LOG} DELs the key) and read mitigation none`,
    );
    expect(exploredUnder('read-through', cdc('versioned-fill'))).toBe(
      `the read-through pattern with ${LOG} leaves a tombstone of the new version (EVAL)), as read mitigation versioned-fill has it`,
    );
    expect(exploredUnder('write-through', cdc('lease'))).toBe(
      `the write-through pattern writing its own way, plus ${LOG} DELs the key and its lease), as read mitigation lease has it`,
    );
    // The cost table's rows for one pattern differ by what the consumer did.
    expect(exploredUnderShort('cache-aside', cdc('lease'))).toBe(
      'change-log consumer (cdc) / lease',
    );
    expect(exploredUnderShort('read-through', cdc('none'))).toBe(
      'read-through / change-log consumer (cdc) / none',
    );
    expect(exploredUnderShort('read-through', cdc('versioned-fill'))).toBe(
      'read-through / change-log consumer (cdc) / versioned-fill',
    );
  });
});
