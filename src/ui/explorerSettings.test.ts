import { describe, expect, it } from 'vitest';
import { exploredUnder, exploredUnderShort } from './explorerSettings';

const settings = {
  writePolicy: 'delete-first',
  readMitigation: 'lease',
  invalidation: 'app',
} as const;

describe('what an exploration ran under', () => {
  it('names cache-aside by its write policy and read mitigation, as before', () => {
    expect(exploredUnder('cache-aside', settings)).toBe('delete-first and read mitigation lease');
    expect(exploredUnderShort('cache-aside', settings)).toBe('delete-first / lease');
  });

  it('names another pattern, and leaves out the read mitigation it does not use', () => {
    expect(exploredUnder('read-through', settings)).toBe(
      'the read-through pattern with write policy delete-first',
    );
    expect(exploredUnder('refresh-ahead', settings)).not.toContain('lease');
    expect(exploredUnderShort('refresh-ahead', settings)).toBe('refresh-ahead / delete-first');
  });

  it('leaves out the write policy where the pattern writes its own way', () => {
    expect(exploredUnder('write-through', settings)).toBe('the write-through pattern');
    expect(exploredUnderShort('write-behind', settings)).toBe('write-behind');
  });

  it('says the change log invalidates under cdc, whatever the pattern', () => {
    const cdc = { ...settings, invalidation: 'cdc' } as const;
    expect(exploredUnder('cache-aside', cdc)).toMatch(
      /^invalidation from the change log .* and read mitigation lease$/,
    );
    expect(exploredUnder('read-through', cdc)).toMatch(
      /^the read-through pattern with invalidation from the change log/,
    );
    expect(exploredUnderShort('write-through', cdc)).toBe(
      'write-through / change-log consumer (cdc)',
    );
  });
});
