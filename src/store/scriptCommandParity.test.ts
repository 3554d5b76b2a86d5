// A script's `redis.call` and `redis.pcall` answer as a real Redis 7 does, for every command,
// on every kind of key, or refuse honestly: the same commands go, inside the same script, to a
// real redis-server and to the sandbox's cache adapter (ioredis-mock's Lua, its commands sent
// through the console's command layer). A command the mock answered unchecked leaked its
// JavaScript errors (`ZADD` on a string key: `ERR map.has is not a function`), and the keys a
// script changed without naming them (FLUSHALL, RENAME, COPY) were missing from the key index
// the Redis keys panel shows.
import { expect, it } from 'vitest';
import {
  asIoredis,
  describeAgainstRedis,
  outcomeDifferences,
  sandboxRedis,
  scriptDifferences,
  type Outcome,
} from '../cli/replyParity';
import {
  lookupRedis7Command,
  REDIS_7_NOSCRIPT_COMMANDS,
  REDIS_7_NOSCRIPT_CONTAINERS,
} from '../engine/redisCommandNames';
import { REDIS_7_HELP } from '../engine/redisHelpTexts';

/** One key of each type the console makes (a string holding an integer), then the command. */
const SETUP =
  "redis.call('FLUSHALL') redis.call('SET', 's', '12') redis.call('RPUSH', 'l', 'a', 'b', 'c') " +
  "redis.call('HSET', 'h', 'f', '1') redis.call('SADD', 'st', 'm') ";
/** Redis embeds Lua 5.1 (`unpack`), the sandbox 5.3 (`table.unpack`). */
const RUN = `${SETUP}return redis.pcall((table.unpack or unpack)(ARGV))`;

const KEYS = ['s', 'l', 'h', 'st', 'nokey', ''];

/** Every command the console runs, on each kind of key, with the arguments it takes. */
const cases: string[][] = [];
for (const key of KEYS) {
  for (const name of [
    'GET',
    'STRLEN',
    'INCR',
    'DECR',
    'TTL',
    'PTTL',
    'PERSIST',
    'TYPE',
    'GETDEL',
    'GETEX',
    'HGETALL',
    'HLEN',
    'LLEN',
    'SMEMBERS',
    'SCARD',
    'LPOP',
    'RPOP',
    'EXPIRETIME',
    'PEXPIRETIME',
    'EXISTS',
    'DEL',
    'UNLINK',
    'MGET',
  ])
    cases.push([name, key]);
  for (const name of [
    'SET',
    'APPEND',
    'SETNX',
    'GETSET',
    'HGET',
    'HEXISTS',
    'HDEL',
    'HMGET',
    'SISMEMBER',
    'SADD',
    'SREM',
    'LPUSH',
    'RPUSH',
    'INCRBY',
    'DECRBY',
    'INCRBYFLOAT',
    'EXPIRE',
    'PEXPIRE',
    'EXPIREAT',
    'PEXPIREAT',
    'RENAME',
    'RENAMENX',
    'COPY',
  ])
    cases.push([name, key, 'x'], [name, key, '5']);
  cases.push(
    ['HSET', key, 'f', 'v'],
    ['LRANGE', key, '0', '-1'],
    ['GETRANGE', key, '0', '-1'],
    ['SETRANGE', key, '1', 'zz'],
    ['LINSERT', key, 'BEFORE', 'b', 'x'],
    ['SETEX', key, '10', 'v'],
    ['PSETEX', key, '10', 'v'],
    ['MSET', key, 'v'],
    ['MSETNX', key, 'v'],
    ['LPOP', key, '2'],
    ['RPOP', key, '0'],
    ['SET', key, 'v', 'GET'],
    ['COPY', key, 'l'],
    ['COPY', key, 'l', 'REPLACE'],
    ['RENAME', key, 'l'],
    // Commands the console does not run: Redis' WRONGTYPE, or the sandbox's refusal.
    ['ZADD', key, '1', 'a'],
    ['ZSCORE', key, 'a'],
    ['ZCARD', key],
    ['SPOP', key],
    ['LSET', key, '0', 'x'],
    ['HINCRBY', key, 'f', '1'],
  );
}
cases.push(
  // Numbers at and past their limits, odd options, empty and binary-looking arguments.
  ['INCRBY', 's', '9223372036854775807'],
  ['INCRBY', 's', '-9223372036854775808'],
  ['DECRBY', 's', '-9223372036854775808'],
  ['INCRBY', 's', ''],
  ['INCRBY', 's', ' 1'],
  ['INCRBY', 's', '+1'],
  ['INCRBY', 's', '01'],
  ['INCRBYFLOAT', 's', '1e400'],
  ['INCRBYFLOAT', 's', 'nan'],
  ['INCRBYFLOAT', 's', 'inf'],
  ['INCRBYFLOAT', 's', ''],
  ['EXPIRE', 's', '1e3'],
  ['EXPIRE', 's', '-1'],
  ['EXPIRE', 's', '10', 'NX', 'XX'],
  ['EXPIRE', 's', '10', 'GT', 'LT'],
  ['EXPIRE', 's', '9223372036854775807'],
  ['PEXPIRE', 's', '9223372036854775807'],
  ['SETEX', 's', '0', 'v'],
  ['SETEX', 's', '-1', 'v'],
  ['PSETEX', 's', '0', 'v'],
  ['GETRANGE', 's', '-100', '-50'],
  ['GETRANGE', 's', '-1', '0'],
  ['GETRANGE', 's', '5', '1'],
  ['LRANGE', 'l', '-100', '100'],
  ['LRANGE', 'l', '9223372036854775807', '-9223372036854775808'],
  ['LRANGE', 'l', '0', '99999999999999999999'],
  ['SET', 's', 'v', 'EX', '1', 'PX', '1'],
  ['SET', 's', 'v', 'NX', 'XX'],
  ['SET', 's', 'v', 'KEEPTTL', 'EX', '1'],
  ['SET', 's', 'v', 'EX', '1', 'KEEPTTL'],
  ['SET', 's', 'v', 'EX', '9223372036854775807'],
  ['SET', 's', 'v', 'PX', '9223372036854775807'],
  ['SET', '', ''],
  ['SET', 's', '\u0000\u00ff'],
  ['GETEX', 's', 'EX', '0'],
  ['GETEX', 'nokey', 'EX', '0'],
  ['GETEX', 's', 'PERSIST', 'EX', '1'],
  ['LINSERT', 'l', 'MIDDLE', 'b', 'x'],
  ['LINSERT', 'l', 'AFTER', 'zz', 'x'],
  ['LPOP', 'l', '-1'],
  ['LPOP', 'l', 'x'],
  ['SETRANGE', 's', '-1', 'x'],
  ['SETRANGE', 'nokey', '0', ''],
  ['HSET', 'h', 'f'],
  ['MSET', 'a'],
  ['GET'],
  ['SET', 'k'],
  // The server's commands: some run, some Redis refuses in a script.
  ['FLUSHALL', 'x'],
  ['FLUSHALL', 'ASYNC'],
  ['FLUSHDB'],
  ['DBSIZE'],
  ['PING'],
  ['PING', 'a', 'b'],
  ['ECHO', ''],
  ['SELECT', '0'],
  ['SELECT', 'x'],
  ['INFO', 'nosuchsection'],
  // Sections whose text is the same on both servers: CRLF after each line, the last one's too.
  ['INFO', 'cluster'],
  ['INFO', 'modules', 'cluster'],
  ['UNSUBSCRIBE'],
  ['PUNSUBSCRIBE', 'a*'],
  ['SUNSUBSCRIBE', 'a', 'b'],
  ['CONFIG', 'GET', 'maxmemory'],
  ['CONFIG'],
  ['MULTI'],
  ['MULTI', 'x'],
  ['EXEC'],
  ['WATCH', 's'],
  ['EVAL', 'return 1', '0'],
  ['SUBSCRIBE', 'c'],
  // A SUBSCRIBE that ran left the mock's connection refusing everything after it.
  ['GET', 's'],
  ['WAIT', '0', '0'],
  ['CLIENT', 'LIST'],
  ['SCRIPT', 'FLUSH'],
  ['SHUTDOWN'],
  ['BLPOP', 'l', '0'],
  ['HELP'],
  ['NOSUCH', 'x'],
  // COMMAND describes the server: this sandbox runs fewer commands than Redis counts.
  ['COMMAND', 'COUNT'],
  ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'getex'],
  ['COMMAND', 'DOCS', 'GET'],
  ['COMMAND', 'INFO', 'GET'],
  // Redis checks a command's words before refusing it in a script: its arity, a container's
  // subcommand (unknown: an unknown command), then whether a script may send it.
  ['ZADD', 'k'],
  ['LINDEX', 'l'],
  ['COMMAND', 'COUNT', 'x'],
  ['ACL', 'WHOAMI', 'x'],
  ['ACL', 'NOSUCH'],
  ['CLIENT', 'NOSUCH'],
  ['CLIENT', 'ID', 'x'],
  ['CLIENT', 'HELP'],
  ['CONFIG', 'HELP', 'x'],
  ['CONFIG', 'NOSUCH'],
  ['CONFIG', 'GET'],
  ['OBJECT'],
  ['OBJECT', 'NOSUCH', 'k'],
  ['OBJECT', 'ENCODING'],
  // What eviction keeps of a key: Redis' errors for the policy the page has (noeviction), nil
  // for a missing key; the value itself only under a Max keys limit, refused without one.
  ['OBJECT', 'FREQ', 's'],
  ['OBJECT', 'FREQ', 'nokey'],
  ['OBJECT', 'IDLETIME', 'nokey'],
  ['OBJECT', 'IDLETIME', 's'],
  ['object', 'freq', 's', 'x'],
  ['OBJECT', 'ENCODING', 's'],
  ['OBJECT', '1', 's'],
  ['SCRIPT', 'LOAD'],
  ['XINFO', 'STREAM'],
  ['CLUSTER', 'RESET'],
);

/**
 * Replies the sandbox may give where Redis' differ, each said in the README: a command the
 * console does not run, refused where Redis would run it (its words are right, and a script
 * may send it); SELECT of another database.
 */
function isHonestRefusal(argv: readonly string[], ours: Outcome): boolean {
  if (!('error' in ours)) return false;
  const name = argv[0].toUpperCase();
  return (
    (lookupRedis7Command(argv)?.refusal === null &&
      ours.error ===
        `ERR ${name} is not supported in this sandbox: a script may call the commands the Redis console's HELP lists`) ||
    ours.error.startsWith('ERR SELECT of another database is not supported in this sandbox') ||
    // OBJECT's subcommands but FREQ and IDLETIME, and those two's values without Max keys.
    (lookupRedis7Command(argv)?.refusal === null &&
      name === 'OBJECT' &&
      ours.error.startsWith(`ERR OBJECT ${argv[1].toUpperCase()} is not supported in this sandbox`))
  );
}

describeAgainstRedis("a script's commands against a real redis-server", ({ real }) => {
  it(`answers ${cases.length} commands on every kind of key as Redis 7 does, or refuses them saying so`, async () => {
    // The argv goes to the script as its ARGV; the honest refusal is judged on the argv itself.
    const { differences, tolerated: refused } = await outcomeDifferences(
      real(),
      sandboxRedis(),
      cases.map((argv) => ['EVAL', RUN, '0', ...argv]),
      (command, ours) => isHonestRefusal(command.slice(3), ours),
    );
    expect(differences).toEqual([]);
    // Most are answered, not refused.
    expect(refused).toBeLessThan(cases.length / 4);
  }, 60_000);

  it("refuses in a script exactly the commands and subcommands Redis 7's table flags noscript", async () => {
    type Entry = [string, number, { status: string }[], ...unknown[]];
    const isFlagged = (e: Entry) => e[2].some((f) => f.status === 'noscript');
    const differences: string[] = [];
    for (const entry of (await real().client.call(['COMMAND'])) as Entry[]) {
      if (isFlagged(entry) !== REDIS_7_NOSCRIPT_COMMANDS.has(entry[0])) differences.push(entry[0]);
      for (const sub of (entry[9] ?? []) as Entry[]) {
        const refused =
          REDIS_7_NOSCRIPT_COMMANDS.has(sub[0]) ||
          (REDIS_7_NOSCRIPT_CONTAINERS.has(entry[0]) && !sub[0].endsWith('|help'));
        if (isFlagged(sub) !== refused) differences.push(sub[0]);
      }
    }
    expect(differences).toEqual([]);
  });

  it("checks an EVAL's and EVALSHA's own arguments as Redis 7 does before running the script", async () => {
    // Before, the mock ran the script whatever numkeys said (`EVAL "return 1" x` answered 1,
    // and kept the script for EVALSHA), and `EVAL` alone failed with a Node.js message
    // ('The "data" argument must be of type string ...').
    await real().client.call(['SCRIPT', 'FLUSH']);
    const calls = [
      ['EVAL'],
      ['EVAL', 'return 1'],
      ['EVAL', 'return 1', 'x'],
      ['EVAL', 'return 1', '-1'],
      ['EVAL', 'return 1', '2', 'a'],
      ['EVAL', 'return 1', '1.0', 'a'],
      ['EVAL', 'return #KEYS', '01', 'a'],
      ['EVAL', 'return 1', ''],
      ['EVAL', 'return 1', '9223372036854775808'],
      ['EVALSHA'],
      ['EVALSHA', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', '0'],
      ['EVAL', 'return {#KEYS, #ARGV}', '1', 'a', 'b'],
      ['EVAL', 'return {#KEYS, #ARGV}', '0'],
      ['EVALSHA', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', 'x'],
      ['EVAL', 'return 1', '0'],
      ['EVALSHA', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', '1'],
      ['EVALSHA', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', '0'],
    ];
    const { differences } = await outcomeDifferences(real(), sandboxRedis(), calls);
    expect(differences).toEqual([]);
  });

  it("has the rest of Redis 7's redis library, checking its arguments as Redis does", async () => {
    // Before, each of these failed with `attempt to call a nil value (field 'sha1hex')`, and
    // redis.REDIS_VERSION and the LOG_ and REPL_ constants were nil.
    const sandbox = sandboxRedis();
    const scripts = [
      "return redis.sha1hex('')",
      'return redis.sha1hex(12)',
      'return redis.sha1hex()',
      "return redis.sha1hex('a','b')",
      'return redis.sha1hex({})',
      "return redis.pcall('nosuch') and redis.sha1hex(nil)",
      "redis.log(redis.LOG_WARNING, 'x') return 1",
      "redis.log(redis.LOG_DEBUG, 'x', 'y') return {redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING}",
      "redis.log('x', 'y') return 1",
      "redis.log(7, 'y') return 1",
      'redis.log(1) return 1',
      "return redis.log(1, 'a')",
      'return redis.REDIS_VERSION',
      'return redis.REDIS_VERSION_NUM',
      'return {redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL}',
      'redis.set_repl(redis.REPL_ALL) return 1',
      'redis.set_repl(9) return 1',
      'redis.set_repl() return 1',
      "redis.set_repl('x') return 1",
      'return redis.replicate_commands()',
      'return redis.breakpoint()',
      "return redis.debug('x')",
      'return redis.setresp(2)',
      'return redis.setresp(4)',
      'return redis.setresp()',
      "return redis.acl_check_cmd('GET', 'k')",
      "return redis.acl_check_cmd('nosuch')",
      'return redis.acl_check_cmd()',
      "return redis.acl_check_cmd('get')",
      'return type(redis.call)',
      'local ok, e = pcall(redis.sha1hex) return e',
      'local ok, e = pcall(redis.log, 1) return e',
      'local ok, e = pcall(redis.setresp, 4) return e',
    ];
    expect(await scriptDifferences(real(), sandbox, scripts)).toEqual([]);
    // RESP3 replies are not made here: refused, where Redis would switch.
    expect(await sandbox.eval('return redis.setresp(3)')).toEqual({
      error: expect.stringMatching(/^ERR redis\.setresp\(3\) is not supported in this sandbox: /),
    });
  });

  it('finds a command a script names by ASCII letter case only, as Redis does', async () => {
    // JavaScript's toLowerCase folds the Kelvin sign (U+212A) to `k`; Redis' strcasecmp does not,
    // so `\u212Aeys` is no command of Redis' (it was "KEYS is not supported in this sandbox").
    const scripts = [
      "return redis.pcall('\u212Aeys', '*')",
      "return redis.pcall('h\u212Aeys', 'h')",
      "return redis.pcall('UNLIN\u212A', 'k')",
      "return redis.acl_check_cmd('\u212Aeys')",
      "return redis.pcall('client', '\u212Aill')",
    ];
    expect(await scriptDifferences(real(), sandboxRedis(), scripts)).toEqual([]);
  });

  it("answers a container's HELP in a script with Redis 7's text, as the console does", async () => {
    // Before, `redis.call('CONFIG', 'HELP')` was refused as not supported in this sandbox, though
    // the console answers it and Redis 7 lets a script send every container's HELP.
    const scripts = [...REDIS_7_HELP.keys(), 'cluster'].flatMap((name) => [
      `return redis.call('${name.toUpperCase()}', 'HELP')`,
      `return redis.pcall('${name}', 'help')`,
    ]);
    // Each line is a status reply, which a script sees as a table with an `ok` field.
    scripts.push(
      "local r = redis.call('CONFIG', 'HELP') return {type(r[1]), r[1].ok, #r}",
      "return redis.pcall('READONLY')",
    );
    expect(await scriptDifferences(real(), sandboxRedis(), scripts)).toEqual([]);
  });

  it('runs by EVALSHA, on any connection, a script EVAL stored on another, as Redis does', async () => {
    // Redis keeps one script cache for the server; ioredis-mock kept one per connection, so
    // B's EVALSHA of a script A had sent answered NOSCRIPT.
    const sandbox = sandboxRedis();
    await real().client.call(['SCRIPT', 'FLUSH']);
    const script = "return 'shared'";
    const sha = (await real().client.call(['SCRIPT', 'LOAD', script])) as string;
    await real().client.call(['SCRIPT', 'FLUSH']);
    const steps: [string, string[]][] = [
      ['B', ['EVALSHA', sha, '0']],
      ['A', ['EVAL', script, '0']],
      ['B', ['EVALSHA', sha, '0']],
      ['C', ['EVALSHA', sha.toUpperCase(), '0']],
      ['A', ['EVALSHA', 'constructor', '0']],
      ['A', ['EVALSHA', 'toString', '0']],
    ];
    for (const [actor, argv] of steps) {
      const theirs = asIoredis(await real().client.call(argv));
      const ours = await sandbox.send(argv, actor);
      expect({ actor, argv, reply: ours }).toEqual({ actor, argv, reply: theirs });
    }
  });

  it('keeps the Redis keys panel in step with keys a script changed without naming them', async () => {
    // Before, the index heard only of the keys in KEYS: a script's FLUSHALL left every key
    // listed, its RENAME the old name, and the key it COPYed to was missing.
    const { cache } = sandboxRedis();
    await real().client.call(['FLUSHALL']);
    const scripts = [
      "redis.call('SET', 'a', '1') redis.call('SET', 'b', '2') redis.call('SET', 'c', '3', 'EX', '100')",
      "redis.call('RENAME', 'a', 'renamed')",
      "redis.call('COPY', 'c', 'copied')",
      "redis.call('FLUSHALL') redis.call('SET', 'after', 'x')",
      "redis.call('SET', 'x1', '1') redis.call('FLUSHDB')",
      "redis.call('SETEX', 'ttl', '100', 'v') redis.call('MSET', 'm1', '1', 'm2', '2') redis.call('DEL', 'm1')",
      // A script that fails keeps the writes it made before (Redis cannot undo them).
      "redis.call('SET', 'kept', '1') redis.call('DEL', 'm2') error('boom')",
      "redis.call('SET', 'kept2', '1', 'PX', '100000') return redis.call('INCR', 'ttl')",
      "redis.call('FLUSHALL') redis.call('SET', 'only', '1') return {err = 'MY failure'}",
    ];
    for (const script of scripts) {
      await real().client.call(['EVAL', script, '0']);
      await cache.exec('A', ['EVAL', script, '0']).catch(() => undefined);
      const realKeys = ((await real().client.call(['KEYS', '*'])) as string[]).sort();
      const withTtl: string[] = [];
      for (const key of realKeys)
        if (((await real().client.call(['PTTL', key])) as number) >= 0) withTtl.push(key);
      const shown = cache.trackedKeys().sort((x, y) => (x.key < y.key ? -1 : 1));
      expect({ script, keys: shown.map((k) => k.key) }).toEqual({ script, keys: realKeys });
      expect({
        script,
        withTtl: shown.filter((k) => k.expiresAt !== Infinity).map((k) => k.key),
      }).toEqual({ script, withTtl });
    }
  });
});
