// A learner's script runs on the thread that sent it: whatever it does, it stops after the
// budget with Redis-like wording, and the keyspace and the next command are as before.
import { describe, expect, it } from 'vitest';
import { LUA_INSTRUCTION_BUDGET, SCRIPT_TOO_LONG } from './luaBudget';
import { createTestCache, rejection } from './testCache';
import { cpuMs } from '../cli/cpuTime';

/** A command sender on a fresh cache; `.eval` and `.refusal` send a script with no keys. */
function makeCache() {
  const { run } = createTestCache();
  return Object.assign(run, {
    eval: (script: string) => run('EVAL', script, '0'),
    /** The error `script` fails with. */
    refusal: (script: string) => rejectionMessage(run('EVAL', script, '0')),
  });
}

const rejectionMessage = async (p: Promise<unknown>): Promise<string> =>
  (await rejection(p)).message;

describe('the budget of a Lua script', () => {
  it('refuses a string.rep larger than the sandbox makes in one call, saying why; smaller ones run', async () => {
    // One instruction, however long it runs: string.rep('x', 1e8) held the thread for over a
    // minute in fengari, and its 100 MB reply then had to be refused anyway.
    const run = makeCache();
    await run('SET', 'user:1', 'v1');
    const refused =
      "ERR string.rep would make a string of 100,000,000 bytes; this sandbox's Lua makes at most 4,194,304 in one call (fengari, the Lua in JavaScript it runs scripts on, would hold the page for seconds making it; Redis would make it)";
    expect(await run.refusal("return #string.rep('x', 1e8)")).toBe(refused);
    expect(await run.refusal("return #('x'):rep(1e8)")).toBe(refused);
    expect(await run.refusal("return #string.rep('ab', 3e6)")).toMatch(
      /^ERR string\.rep would make a string of 6,000,000 bytes;/,
    );
    expect(await run.eval('return string.rep(12, 3)')).toBe('121212');
    expect(await run.eval("return #string.rep('x', 4194304)")).toBe(4_194_304);
    expect(await run('GET', 'user:1')).toBe('v1');
  });
  it('refuses a string doubled by .. in a loop, or a table.concat, past the same size, at once', async () => {
    // A few instructions a turn, so the budget never stopped them: forty doublings held the
    // thread for 9 s and then failed with "... in VM: null"; a table.concat of a hundred 4 MiB
    // strings took 18 s and answered 419,430,400.
    const run = makeCache();
    await run('SET', 'user:1', 'v1');
    const started = cpuMs();
    expect(await run.refusal("local s='x' for i=1,40 do s=s..s end return #s")).toBe(
      "ERR '..' would make a string of 8,388,608 bytes; this sandbox's Lua makes at most 4,194,304 in one call (fengari, the Lua in JavaScript it runs scripts on, would hold the page for seconds making it; Redis would make it)",
    );
    expect(
      await run.refusal(
        "local s=string.rep('x',4194304) local t={} for i=1,100 do t[i]=s end return #table.concat(t)",
      ),
    ).toMatch(/^ERR table\.concat would make a string of 419,430,400 bytes; this sandbox's Lua/);
    expect(
      await run.refusal("local s=string.rep('x',3e6) return #table.concat({s, s}, ',')"),
    ).toMatch(/^ERR table\.concat would make a string of 6,000,001 bytes;/);
    expect(cpuMs() - started).toBeLessThan(3_000);
    // Up to the limit, and the errors table.concat raises itself, as before.
    expect(await run.eval("local s='x' for i=1,22 do s=s..s end return #s")).toBe(4_194_304);
    expect(await run.eval("return table.concat({1, 'a', 2.5}, '-')")).toBe('1-a-2.5');
    expect(await run.eval("return table.concat({'a','b','c'}, ',', 2)")).toBe('b,c');
    expect(await run.refusal('return table.concat({1, {}, 3})')).toMatch(
      /invalid value \(table\) at index 2 in table for 'concat'/,
    );
    expect(await run('GET', 'user:1')).toBe('v1');
  });

  it("refuses a gsub or format that multiplies past the limit, and a loop of strings past the script's bytes, at once", async () => {
    // Before, string.gsub(s, '.', big) made 16 MB in 2 s (and more held the page), a format of
    // 200 strings of 4 MiB ran unbounded, and a loop of 4 MiB strings (big:upper(), string.rep)
    // ran within the instruction budget: sixteen string.rep('x', 4194304) took 15 s.
    const run = makeCache();
    await run('SET', 'user:1', 'v1');
    const started = cpuMs();
    expect(
      await run.refusal(
        "local s = string.rep('x', 4000) return #s:gsub('.', string.rep('y', 4000))",
      ),
    ).toMatch(
      /^ERR string\.gsub would make a string of 16,000,000 bytes; this sandbox's Lua makes at most 4,194,304 in one call/,
    );
    expect(
      await run.refusal(
        "local s = string.rep('x', 4000) return #s:gsub('(.)', string.rep('%1', 2000))",
      ),
    ).toMatch(/^ERR string\.gsub may make a string of up to 72,000,000 bytes;/);
    expect(
      await run.refusal(
        "local s = string.rep('x', 40000) return #s:gsub('.', function() return string.rep('y', 200) end)",
      ),
    ).toMatch(/^ERR string\.gsub would make a string of 4,194,400 bytes;/);
    expect(
      await run.refusal("local b = string.rep('x', 3e6) return #string.format('%s%s', b, b)"),
    ).toMatch(/^ERR string\.format may make a string of up to 6,001,028 bytes;/);
    const spent =
      "ERR script made over 33,554,432 bytes of strings; this sandbox's Lua makes at most that in one script (fengari, the Lua in JavaScript it runs scripts on, would hold the page for seconds making more; Redis would make them)";
    for (const loop of [
      "local b = string.rep('x', 4194304) for i = 1, 1000 do local u = b:upper() end",
      "for i = 1, 1000 do local s = string.rep('x', 4194304) end",
      "local b = string.rep('x', 4194000) for i = 1, 1000 do local s = b .. i end",
      "local b = string.rep('x', 4194304) while true do pcall(string.lower, b) end",
    ])
      expect(await run.refusal(loop)).toBe(spent);
    expect(cpuMs() - started).toBeLessThan(8_000);
    // Within the limits, as Redis answers (Lua 5.1's string.rep: the count cut, no separator).
    expect(await run.eval("return (string.gsub('hello world', '(o)', '[%0%1]'))")).toBe(
      'hell[oo] w[oo]rld',
    );
    expect(await run.eval("return #string.rep('ab', 1e6):gsub('b', 'ccc')")).toBe(4_000_000);
    expect(await run.eval("return string.rep('a', 3.7) .. string.rep('ab', 2, ',')")).toBe(
      'aaaabab',
    );
    expect(await run.eval("return string.format('%5.2s|%d', 'abc', 3)")).toBe('   ab|3');
    expect(await run('GET', 'user:1')).toBe('v1');
  });

  it("refuses a cjson.encode past the same size, at once, and a cjson.decode loop past the script's bytes", async () => {
    // A table of a thousand references to one 4 MiB string is a few instructions: its JSON
    // would be 4 GB. Decoding one large string again and again is a few instructions a turn.
    const run = makeCache();
    await run('SET', 'user:1', 'v1');
    const started = cpuMs();
    expect(
      await run.refusal(
        "local s = string.rep('x', 1e6) local t = {} for i = 1, 1000 do t[i] = s end return #cjson.encode(t)",
      ),
    ).toBe(
      "ERR cjson.encode would make a string of over 4,194,304 bytes; this sandbox's Lua makes at most 4,194,304 in one call (fengari, the Lua in JavaScript it runs scripts on, would hold the page for seconds making it; Redis would make it)",
    );
    // Escapes count: a byte written as \u0001 is six.
    expect(await run.refusal("return #cjson.encode(string.rep('\\1', 1e6))")).toMatch(
      /^ERR cjson\.encode would make a string of over 4,194,304 bytes;/,
    );
    expect(
      await run.refusal(
        "local s = cjson.encode(string.rep('x', 4e6)) for i = 1, 100 do cjson.decode(s) end return 1",
      ),
    ).toMatch(/^ERR script made over 33,554,432 bytes of strings;/);
    expect(cpuMs() - started).toBeLessThan(5_000);
    expect(await run.eval("return #cjson.encode({string.rep('x', 4194300)})")).toBe(4_194_304);
    expect(await run('GET', 'user:1')).toBe('v1');
  });

  it('refuses a struct.pack or cmsgpack.pack past the same size, at once', async () => {
    // Ten arguments of 1 MB packed whole ('c0') would be 10 MB in one call.
    const run = makeCache();
    expect(
      await run.refusal(
        "local s = string.rep('x', 1e6) local t = {} for i = 1, 10 do t[i] = s end return #struct.pack(string.rep('c0', 10), unpack(t))",
      ),
    ).toMatch(/^ERR struct\.pack would make a string of over 4,194,304 bytes; this sandbox's Lua/);
    expect(await run.eval("return #struct.pack('c0c0', string.rep('x', 4194300), 'abcd')")).toBe(
      4_194_304,
    );
    expect(
      await run.refusal(
        "local s = string.rep('x', 1e6) local t = {} for i = 1, 10 do t[i] = s end return #cmsgpack.pack(t)",
      ),
    ).toMatch(
      /^ERR cmsgpack\.pack would make a string of over 4,194,304 bytes; this sandbox's Lua/,
    );
  });

  it("refuses a cjson.decode or cmsgpack.unpack past the script's values, saying why", async () => {
    // A JSON array of two million numbers (4 MiB) held the page for 13 s in fengari.
    const run = makeCache();
    const refused =
      "ERR script decoded over 250,000 values (cjson.decode, cmsgpack.unpack); this sandbox's Lua makes at most that in one script (fengari, the Lua in JavaScript it runs scripts on, would hold the page for seconds making more; Redis would make them)";
    expect(await run.refusal("return #cjson.decode('[' .. string.rep('1,', 300000) .. '1]')")).toBe(
      refused,
    );
    expect(
      await run.refusal(
        "local s = '[' .. string.rep('1,', 9999) .. '1]' for i = 1, 30 do cjson.decode(s) end return 1",
      ),
    ).toBe(refused);
    expect(
      await run.refusal(
        "return #cmsgpack.unpack('\\221\\0\\4\\147\\224' .. string.rep('\\1', 300000))",
      ),
    ).toBe(refused);
    expect(await run.eval("return #cjson.decode('[' .. string.rep('1,', 100000) .. '1]')")).toBe(
      100_001,
    );
  });

  it('stops `while true do end` with its error; the keyspace and the next command are intact', async () => {
    const run = makeCache();
    await run('SET', 'user:1', 'v1');
    expect(await run.refusal('while true do end')).toBe(SCRIPT_TOO_LONG);
    expect(SCRIPT_TOO_LONG).toMatch(/^ERR script ran too long: stopped after 500,000 Lua/);
    expect(await run('GET', 'user:1')).toBe('v1');
    expect(await run('EVAL', "return redis.call('GET', KEYS[1])", '1', 'user:1')).toBe('v1');
    // The server's one Lua state gives the next script the whole budget again: a loop just
    // under it (about 4 instructions a turn: compare, jump, add, jump back) finishes. A fresh
    // cache's budget is the same one, so this loop no longer runs there in a test of its own.
    const turns = Math.floor(LUA_INSTRUCTION_BUDGET / 8);
    expect(await run.eval(`local i = 0 while i < ${turns} do i = i + 1 end return i`)).toBe(turns);
  });

  it.each([
    ['a pcall that catches it', 'while true do pcall(function() while true do end end) end'],
    [
      'a message handler that loops',
      'while true do xpcall(function() while true do end end, function() while true do end end) end',
    ],
    [
      'coroutines',
      'while true do coroutine.resume(coroutine.create(function() while true do end end)) end',
    ],
    ['recursion under pcall', 'local function f() pcall(f) pcall(f) end f()'],
    ['redis.call in a loop', "while true do redis.call('SET', KEYS[1], 'x') end"],
  ])('stops a script that loops through %s', async (_, script) => {
    const run = makeCache();
    expect(await rejectionMessage(run('EVAL', script, '1', 'k'))).toBe(SCRIPT_TOO_LONG);
    expect(await run('PING')).toBe('PONG');
  });

  it('gives a script no debug library, so no debug.sethook to lift the budget, as Redis 7 has none', async () => {
    const run = makeCache();
    for (const script of [
      'debug.sethook() while true do end',
      'loadstring("debug.sethook()")() while true do end',
      'load(function() return nil end) return _G.debug.sethook()',
    ])
      expect(await run.refusal(script)).toMatch(
        /Script attempted to access nonexistent global variable 'debug'/,
      );
  });
});
