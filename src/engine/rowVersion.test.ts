import { describe, expect, it } from 'vitest';
import { versionOf } from './rowVersion';

describe('the version a cached value holds', () => {
  const row = { id: 1, name: 'Ada', email: 'ada@example.com', plan: 'free', version: 12 };
  it('reads our JSON, JSON written another way, and a hash as JSON text', () => {
    expect(versionOf(JSON.stringify(row))).toBe(12);
    expect(versionOf(JSON.stringify(row, null, 2))).toBe(12);
    expect(versionOf(JSON.stringify(row, null, '\t'))).toBe(12);
    expect(versionOf('{"id":"1","version":"12"}')).toBe(12);
    expect(versionOf('{"tombstone":true,"version":3}')).toBe(3);
  });

  it('is 0 where there is no version', () => {
    expect(versionOf('plain text')).toBe(0);
    expect(versionOf('{"version":null}')).toBe(0);
    expect(versionOf('{"version": "x"}')).toBe(0);
    expect(versionOf('{"version":')).toBe(0);
  });
});
