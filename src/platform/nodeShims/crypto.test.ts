import { createHash as nodeCreateHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createHash } from './crypto';
import { Readable } from './stream';

describe("the page's stand-ins for Node modules ioredis-mock imports", () => {
  it.each([
    '',
    'return 1',
    "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end",
    'naïve ✓ 🙂',
  ])('SHA-1 of %j is the digest Node (and Redis) gives', (script) => {
    expect(createHash('sha1').update(script).digest('hex')).toBe(
      nodeCreateHash('sha1').update(script).digest('hex'),
    );
  });

  it('refuses what it does not provide rather than answer wrongly', () => {
    expect(() => createHash('md5')).toThrow(/not available/);
    expect(() => new Readable()).toThrow(/not available/);
  });
});
