import { describe, expect, it } from 'vitest';
import { formatBytes, utf8Length } from './format';

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
