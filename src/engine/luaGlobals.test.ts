import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { sandboxRedis } from '../cli/replyParity';
import { MOCK_REDIS_CHUNK } from './luaReplies';

describe("a script's state", () => {
  it("is given the redis object of ioredis-mock's own chunk without parsing it", () => {
    // The sandbox builds the mock's `redis` object in JavaScript when the chunk the mock runs is
    // this one; a new ioredis-mock with another chunk would be parsed again, on every EVAL.
    const mock = readFileSync(createRequire(import.meta.url).resolve('ioredis-mock'), 'utf8');
    expect(mock).toContain(MOCK_REDIS_CHUNK);
  });

  it('still runs the redis library, 5.1 functions and the globals view built in JavaScript', async () => {
    const redis = sandboxRedis();
    expect(await redis.eval("redis.call('SET', 'k', 'v') return redis.call('GET', 'k')")).toEqual({
      value: 'v',
    });
    expect(await redis.eval('return {unpack({1, 2})}')).toEqual({ value: [1, 2] });
    expect(await redis.eval('return tostring(math.log10(1000))')).toEqual({ value: '3' });
    expect(await redis.eval('return _G == loadstring("return _G")() and 1 or 0')).toEqual({
      value: 1,
    });
    expect(await redis.eval('return repair')).toEqual({
      error: expect.stringMatching(
        /^ERR user_script:1: Script attempted to access nonexistent global variable 'repair'/,
      ),
    });
  });

  it("answers collectgarbage as Lua 5.1 does, though JavaScript collects (fengari's failed)", async () => {
    const redis = sandboxRedis();
    expect(await redis.eval("return {collectgarbage(), collectgarbage('setpause', 100)}")).toEqual({
      value: [0, 200],
    });
    expect(await redis.eval("return collectgarbage('count') > 0")).toEqual({ value: 1 });
  });
});
