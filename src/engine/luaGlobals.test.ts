import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fengari from 'fengari';
import { describe, expect, it, vi } from 'vitest';
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

  it("is one state for a server's scripts, as Redis' is, and a script leaves nothing in it for the next", async () => {
    const redis = sandboxRedis();
    const other = sandboxRedis();
    // The states ioredis-mock is handed for each EVAL, once the sandbox's servers are made.
    const states = vi.spyOn(fengari.lauxlib, 'luaL_newstate');
    try {
      const refused = expect.stringMatching(/Attempt to modify a readonly table/);
      for (const write of [
        'x = 1',
        "rawset(_G, 'x', 1)",
        'setmetatable(_G, {})',
        'string.x = 1',
        "getmetatable('').x = 1",
        "loadstring('x = 1')()",
      ])
        expect(await redis.eval(write)).toEqual({ error: refused });
      expect(await redis.eval('return x')).toEqual({
        error: expect.stringMatching(/nonexistent global variable 'x'/),
      });
      expect(await redis.eval("return {string.x, getmetatable('').x}")).toEqual({ value: [] });
      // A script's KEYS and ARGV are its own, the same script compiled once.
      const script = 'KEYS[2] = ARGV[1] return {KEYS[1], KEYS[2], #ARGV}';
      expect(await redis.send(['EVAL', script, '1', 'a', 'b'])).toEqual({ value: ['a', 'b', 1] });
      expect(await redis.send(['EVAL', script, '1', 'c'])).toEqual({ value: ['c'] });
      // An error, mid-call or at compiling, leaves the state to the next script.
      expect(await redis.eval("return {pcall(redis.call, 'INCR')}")).toEqual({
        value: [null, 'ERR Wrong number of args calling Redis command from script'],
      });
      expect(await redis.eval('return (')).toEqual({ error: expect.stringMatching(/compiling/) });
      expect(await redis.eval("return redis.call('PING')")).toEqual({ value: 'PONG' });
      expect(await other.eval("return redis.call('PING')")).toEqual({ value: 'PONG' });
      const made = states.mock.results.map((result) => result.value as unknown);
      expect(new Set(made).size).toBe(2);
    } finally {
      states.mockRestore();
    }
  });
});
