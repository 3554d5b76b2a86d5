// A script's reply, from the learner's code or the engine's own EVAL, is what a real Redis 7
// would send for the same Lua value, as ioredis hands it over: the same scripts go to a real
// redis-server and to the sandbox's cache adapter (ioredis-mock's Lua, converted as Redis does).
import { expect, it } from 'vitest';
import type { RedisReply } from '../engine/redisCli';
import {
  asIoredis,
  describeAgainstRedis,
  sandboxRedis,
  scriptDifferences,
  type SandboxRedis,
} from '../cli/replyParity';
import { nestedErrorRefused, REPLY_TOO_DEEP } from '../engine/luaReplyConversion';

/** Scripts whose replies are compared, each with no keys. */
const SCRIPTS = [
  'return {a=1}',
  'return {1,2,nil,4}',
  'return {1,2,a=3}',
  'return {1,{a=1},3}',
  'return {[1]=1,[2]=2,[4]=4}',
  'local t={} t[2]=2 return t',
  'return {nil, 2}',
  'return {1, {1,nil,3}, {a=1}}',
  'return {err="boom"}',
  'return {err="-X y"}',
  'return {err="a\\r\\nb"}',
  'return {1,2,err="e"}',
  'return {ok="fine"}',
  'return {ok="a\\r\\nb"}',
  "return {ok='x\\0y'}",
  'return {ok="a", err="b"}',
  'return {1,{ok="x"},3}',
  'return {ok=5}',
  'return {err=5}',
  'return {err={}}',
  'return {double=3.5}',
  'return {double=0.1}',
  'return {double=3}',
  'return {double=1e-5}',
  'return {double=1e16}',
  'return {double=1e17}',
  'return {double=1/0}',
  'return {double=-0.0}',
  'return {1, {double=2.5}}',
  'return {big_number="123"}',
  'return {big_number=5}',
  'return {map={a={1,2}}}',
  'return {map={}}',
  'return {set={1}}',
  'return {verbatim_string={format="txt",string="hi"}}',
  'return {1,false,3}',
  'return {1,true,3}',
  'return {1.5, 2.9, -0.5}',
  'return 3.7',
  'return -3.7',
  'return 1/0',
  'return 2^63',
  'return {}',
  'return nil',
  'return 1, 2',
  'redis.call("SET", "k", "1")',
  'return redis.call("GET", "k")',
  'return "x"',
  'return redis.status_reply("PONG")',
  'return redis.status_reply("")',
  'return redis.status_reply(5)',
  'return redis.status_reply("a", "b")',
  'return redis.error_reply("MY err")',
  'return redis.error_reply("-MY err")',
  'return redis.error_reply("boom")',
  'return redis.error_reply("MY err\\r\\n")',
  'return redis.error_reply("")',
  'return redis.error_reply()',
  'return redis.pcall("TIME", "x")',
];

/** A real reply as the sandbox's refusal writes one (`[(integer) 1, (error) x]`). */
function describeRealReply(reply: RedisReply): string {
  if (Array.isArray(reply)) return `[${reply.map(describeRealReply).join(', ')}]`;
  if (typeof reply === 'number') return `(integer) ${reply}`;
  if (typeof reply === 'string') return JSON.stringify(reply);
  if (reply === null) return '(nil)';
  if ('error' in reply) return `(error) ${reply.error}`;
  if ('status' in reply) return JSON.stringify(reply.status);
  return `(integer) ${reply.integer}`;
}

describeAgainstRedis("a script's reply against a real redis-server", ({ real }) => {
  /** Each script EVAL'd on both: those whose replies differ, with both replies. */
  const differencesFrom = (sandbox: SandboxRedis, scripts: readonly string[]) =>
    scriptDifferences(real(), sandbox, scripts);

  it('is what Redis 7 sends for every kind of Lua value, as ioredis hands it over', async () => {
    const sandbox = sandboxRedis();
    expect(await differencesFrom(sandbox, SCRIPTS)).toEqual([]);
  });

  it("names the token a script that does not compile lacks as Lua 5.1 does: '<eof>' expected", async () => {
    // Before, fengari's Lua 5.3 wording: "<eof> expected near '['" (Redis: "'<eof>' expected").
    expect(
      await differencesFrom(sandboxRedis(), [
        'return {1}[1]',
        'return 1 1',
        'local 1 = 2',
        'for 1 do end',
        'local t = {1 2}',
        "return 'abc",
        'return [[abc',
        '--[[ abc',
        'if x then',
        'return 0x',
        'x = ',
      ]),
    ).toEqual([]);
  });

  it("words a script's error as Redis 7 does: compiling, raising, and redis.call's", async () => {
    // Before, each came as ioredis-mock's "Error trying to loading or executing lua code string
    // in VM: [string \"...\"]:1: ...", and redis.call of an unknown command as "... VM: null".
    const sandbox = sandboxRedis();
    expect(
      await differencesFrom(sandbox, [
        'return x(',
        'return 1 + {}',
        "error('boom')",
        "error('boom', 0)",
        'error()',
        "error({err='MY custom'})",
        "local function f()\n  error('deep')\nend\nf()",
        "return redis.call('nosuch')",
        "return redis.pcall('nosuch')",
        "local ok, e = pcall(redis.call, 'nosuch') return e",
        "local ok, e = pcall(redis.call, 'nosuch') error(e)",
        "local ok, e = pcall(error, {err = 'x'}) return type(e)",
        'redis.status_reply(5) return 1',
        'return redis.call()',
        "redis.call('SET', 'k', 'v')\nreturn redis.call('nosuch', 'k')",
      ]),
    ).toEqual([]);
    // A Redis 7.0 server crashes on this one; the sandbox says what is wrong.
    expect(await sandbox.eval('error({})')).toEqual({
      error: 'ERR the script raised a table with no err field as its error',
    });
  });

  it("answers a script's TIME as Redis does, from the virtual clock (virtual 0 is 2026-01-01)", async () => {
    const theirs = asIoredis(await real().client.call(['EVAL', 'return redis.call("TIME")', '0']));
    expect(theirs).toEqual({
      value: [expect.stringMatching(/^\d+$/), expect.stringMatching(/^\d+$/)],
    });
    const sandbox = sandboxRedis();
    expect(await sandbox.eval('return redis.call("TIME")')).toEqual({ value: ['1767225600', '0'] });
    sandbox.clock.advance(90_061_500.25);
    // The same at every run and every replay: the wall clock is never read.
    expect(await sandbox.eval('return redis.call("time")')).toEqual({
      value: ['1767315661', '500250'],
    });
  });

  it("adds a script's INCRBYFLOAT in long double, as redis-server does (0.1 three times is 0.3)", async () => {
    const sandbox = sandboxRedis();
    const scripts = [
      'redis.call("DEL", "f") for i = 1, 3 do redis.call("INCRBYFLOAT", "f", "0.1") end return redis.call("GET", "f")',
      'return redis.call("INCRBYFLOAT", "f", 0.1)',
      'return redis.call("INCRBYFLOAT", "f", "1e3")',
      'return redis.call("INCRBYFLOAT", "f", 5)',
      'return redis.call("INCRBYFLOAT", "f", "-1.5e2")',
      'return redis.call("INCRBYFLOAT", "f", "x")',
      'return redis.pcall("INCRBYFLOAT", "f", "x")',
      'return redis.call("INCRBYFLOAT", "f", 1/0)',
      'return redis.call("INCRBYFLOAT", "f")',
      'redis.call("SET", "g", "10.5") return redis.call("INCRBYFLOAT", "g", "0.1")',
      'redis.call("SET", "g", "abc") return redis.pcall("INCRBYFLOAT", "g", "1")',
      'redis.call("DEL", "h") redis.call("HSET", "h", "a", "1") return redis.pcall("INCRBYFLOAT", "h", "1")',
      'return redis.call("incrbyfloat", "n", "0.2")',
    ];
    expect(await differencesFrom(sandbox, scripts)).toEqual([]);
  });

  it("checks a script's command as Redis 7 does: its arguments, their count, the value and the key's type", async () => {
    // Before, the mock answered each leniently: GET with no key nil, INCR of 'abc' nil, HSET
    // on a string key 1, GET of a hash nil, SET ... EX 0 OK, HGETALL nil.
    const sandbox = sandboxRedis();
    const scripts = [
      "return redis.call('GET')",
      "return redis.pcall('GET')",
      "return redis.pcall('SET', 's')",
      "return redis.pcall('HSET', 's', 'a')",
      "return redis.call('DEL')",
      "return redis.pcall('GET', {})",
      "return redis.pcall('GET', 'a', true)",
      "redis.call('SET', 's', 'abc') return redis.call('INCR', 's')",
      "redis.call('SET', 's', 'abc') return redis.pcall('INCRBY', 's', 2)",
      "return redis.pcall('DECRBY', 's', 'x')",
      "redis.call('SET', 's', 'abc') return redis.pcall('HSET', 's', 'a', 'b')",
      "redis.call('DEL', 'h') redis.call('HSET', 'h', 'a', '1') return redis.pcall('GET', 'h')",
      "return redis.pcall('LPUSH', 'h', 'x')",
      "return redis.pcall('SADD', 'h', 'x')",
      "return redis.pcall('APPEND', 'h', 'x')",
      "return redis.pcall('SET', 's', 'x', 'EX', '0')",
      "return redis.pcall('SET', 's', 'x', 'ex', 'abc')",
      "return redis.pcall('EXPIRE', 's', 'x')",
      "redis.call('HSET', 'h', 'b', '2') return redis.call('HGETALL', 'h')",
      "return redis.call('MGET', 'h', 's', 'nope')",
      "return redis.call('SET', 's', 'v', 'NX')",
      "return type(redis.call('SET', 's', 'v'))",
      "return redis.call('type', 'h')['ok']",
      "redis.call('DEL', 'i') return tostring(redis.call('INCR', 'i'))",
      "redis.call('SET', 'b', '-3000000000') return redis.call('INCRBY', 'b', -5)",
      "redis.call('DEL', 'l') redis.call('RPUSH', 'l', 'a', 'b') return redis.call('LRANGE', 'l', 0, -1)",
    ];
    expect(await differencesFrom(sandbox, scripts)).toEqual([]);
  });

  it('hands over a reply holding bytes that are not UTF-8 as ioredis decodes them, each bad byte one U+FFFD', async () => {
    // Before, fengari's decoder took a lead byte's next byte with it: '\207\0\32' came as
    // "\uFFFD " where ioredis hands over "\uFFFD\u0000 " (a NUL lost, the string one shorter).
    expect(
      await differencesFrom(sandboxRedis(), [
        "return '\\207\\0\\32'",
        "return {'\\255\\254', 'ok'}",
        "return '\\237\\160\\128x'",
        "return '\\240\\159\\152'",
        'return cmsgpack.pack(2^53)',
        "return redis.error_reply('\\207\\0x')",
        "return redis.status_reply('a\\200b')",
      ]),
    ).toEqual([]);
  });

  it('refuses a command of a script whose argument is bytes that are not UTF-8, saying why, and stores nothing', async () => {
    // Redis stores the bytes; the page keeps text, as its console says when such bytes are
    // typed. Before, the script stored them changed (each bad byte as U+FFFD's three bytes):
    // STRLEN 4 where Redis answers 3, and GET gave other bytes back.
    const sandbox = sandboxRedis();
    const refusal =
      "ERR this sandbox stores text: argument 2 of 'set' is bytes that are not valid UTF-8 (Redis would take them as they are)";
    expect(await sandbox.eval("return redis.pcall('SET', 'k', '\\207\\0\\32')")).toEqual({
      error: refusal,
    });
    expect(await sandbox.eval("return redis.call('SET', 'k', cmsgpack.pack(2^53))")).toEqual({
      error: expect.stringMatching(
        /^ERR this sandbox stores text: argument 2 of 'set' .* script: /,
      ) as string,
    });
    expect(await sandbox.eval("return redis.pcall('GET', '\\255')")).toEqual({
      error: refusal.replace("argument 2 of 'set'", "argument 1 of 'get'"),
    });
    expect(await sandbox.send(['EXISTS', 'k'])).toEqual({ value: 0 });
    // Text, and a number, still go through.
    expect(
      await sandbox.eval(
        "redis.call('SET', 'k', 'h\\195\\169', 'EX', 10) return redis.call('STRLEN', 'k')",
      ),
    ).toEqual({ value: 3 });
  });

  it('refuses, saying why, the two replies it cannot hand over', async () => {
    // Redis sends an error inside an array (ioredis: an Error among the items), and for a
    // table that holds itself nests arrays until its Lua stack runs out.
    const sandbox = sandboxRedis();
    // The refusal says what Redis sent: the same items, the error among them.
    for (const [script, sent] of [
      ['return {1,{err="x"},3}', '[(integer) 1, (error) x, (integer) 3]'],
      ["return {1,{err='x'}}", '[(integer) 1, (error) x]'],
      ['return {"a",{2,{err="-MY e"}},false}', '["a", [(integer) 2, (error) -MY e], (nil)]'],
    ]) {
      const theirs = await real().client.call(['EVAL', script, '0']);
      expect(describeRealReply(theirs)).toBe(sent);
      expect(await sandbox.eval(script)).toEqual({ error: nestedErrorRefused(sent) });
    }
    expect(await sandbox.eval('local t={} t[1]=t return t')).toEqual({ error: REPLY_TOO_DEEP });
    expect(await sandbox.eval('return {1,2,nil,4}')).toEqual({ value: [1, 2] });
  });
});
