import { beforeEach, describe, expect, it } from 'vitest';
import { Cache } from './cache';
import type { CacheState } from './cacheState';
import { VirtualClock } from './clock';
import { formatReply, parseCommandLine, typedReply } from './redisCli';
import { TRANSACTION_SPECS } from './connectionCommandSpecs';
import { COMMANDS } from './redisCommandSpecs';
import { HELP_GROUPS } from './redisHelpGroups';
import { createMockRedisServer } from './redisMock';
import { UNIX_EPOCH_OF_VIRTUAL_ZERO_MS } from './redisCommandKit';
import { Rng } from './rng';
import { cpuMs } from '../cli/cpuTime';

let clock: VirtualClock;
let cache: Cache;

beforeEach(() => {
  clock = new VirtualClock();
  cache = new Cache(clock, new Rng(1), createMockRedisServer());
});

/** A console line through the console's command path, printed as redis-cli prints it. */
async function cli(line: string): Promise<string> {
  const parsed = parseCommandLine(line);
  if ('error' in parsed) return parsed.error;
  try {
    return formatReply(typedReply(await cache.execConsole('console', parsed.argv)));
  } catch (e) {
    return `(error) ${(e as Error).message}`;
  }
}

const WRONGTYPE = '(error) WRONGTYPE Operation against a key holding the wrong kind of value';

describe('options and flags in any letter case', () => {
  it('SET k v2 nx leaves an existing key alone; ex sets a TTL; get answers the old value', async () => {
    await cli('SET k v');
    expect(await cli('SET k v2 nx')).toBe('(nil)');
    expect(await cli('GET k')).toBe('"v"');
    expect(await cli('set k v ex 100')).toBe('OK');
    expect(await cli('ttl k')).toBe('(integer) 100');
    expect(await cli('SET k v2 get')).toBe('"v"');
    expect(await cli('GET k')).toBe('"v2"');
    expect(await cli('TTL k')).toBe('(integer) -1');
  });

  it('EXPIRE honours NX, XX, GT and LT', async () => {
    await cli('SET k v');
    expect(await cli('EXPIRE k 100 XX')).toBe('(integer) 0');
    expect(await cli('TTL k')).toBe('(integer) -1');
    expect(await cli('EXPIRE k 100 gt')).toBe('(integer) 0');
    expect(await cli('EXPIRE k 100 lt')).toBe('(integer) 1');
    expect(await cli('EXPIRE k 50 NX')).toBe('(integer) 0');
    expect(await cli('EXPIRE k 200 GT')).toBe('(integer) 1');
    expect(await cli('EXPIRE k 300 LT')).toBe('(integer) 0');
    expect(await cli('TTL k')).toBe('(integer) 200');
    expect(await cli('EXPIRE k 100 NX XX')).toBe(
      '(error) ERR NX and XX, GT or LT options at the same time are not compatible',
    );
  });

  it('GETEX k EX 0 is an error and keeps the key; PEXPIRE overflow is refused', async () => {
    await cli('SET k v');
    expect(await cli('GETEX k EX 0')).toBe("(error) ERR invalid expire time in 'getex' command");
    expect(await cli('GET k')).toBe('"v"');
    expect(await cli('PEXPIRE k 9223372036854775807')).toBe(
      "(error) ERR invalid expire time in 'pexpire' command",
    );
    expect(await cli('TTL k')).toBe('(integer) -1');
  });

  it('EXAT and PXAT are Unix times: 1000 s after 1970 is long past on the virtual clock', async () => {
    expect(await cli('SET k v EXAT 1000')).toBe('OK');
    expect(await cli('GET k')).toBe('(nil)');
    expect(await cli('SET k v PXAT 4102444800000')).toBe('OK');
    expect(await cli('TTL k')).not.toBe('(integer) -1');
  });

  it('keeps an expiry past 2^53 ms to the millisecond, through RENAME, COPY, KEEPTTL and a checkpoint', async () => {
    // The mock's store holds a double: PXAT 9223372036854775807 read back as ...808.
    const max = 9_223_372_036_854_775_807n;
    const now = BigInt(UNIX_EPOCH_OF_VIRTUAL_ZERO_MS);
    expect(await cli(`SET k v PXAT ${max}`)).toBe('OK');
    expect(await cli('PEXPIRETIME k')).toBe(`(integer) ${max}`);
    expect(await cli('PTTL k')).toBe(`(integer) ${max - now}`);
    expect(await cli('PEXPIREAT k 9223372036854775000')).toBe('(integer) 1');
    expect(await cli('PEXPIREAT k 9223372036854775001 GT')).toBe('(integer) 1');
    expect(await cli('PEXPIREAT k 9223372036854775001 LT')).toBe('(integer) 0');
    expect(await cli('RENAME k k2')).toBe('OK');
    expect(await cli('COPY k2 k3')).toBe('(integer) 1');
    expect(await cli('SET k3 w KEEPTTL')).toBe('OK');
    expect(await cli('PEXPIRETIME k3')).toBe('(integer) 9223372036854775001');
    const copy = new Cache(new VirtualClock(), new Rng(1), createMockRedisServer());
    copy.loadState(JSON.parse(JSON.stringify(cache.saveState())) as CacheState);
    cache = copy;
    expect(await cli('PEXPIRETIME k2')).toBe('(integer) 9223372036854775001');
    // A time a double holds is kept as the number it is.
    expect(await cli('SET k4 v EXAT 9007199254740993')).toBe('OK');
    expect(await cli('PEXPIRETIME k4')).toBe('(integer) 9007199254740993000');
    expect(await cli('PEXPIRE k4 1000')).toBe('(integer) 1');
    expect(await cli('PTTL k4')).toBe('(integer) 1000');
  });

  it("keeps each connection's HELLO id through a checkpoint, and gives a new, higher one after QUIT", async () => {
    const idOf = async (actor: string) =>
      (typedReply(await cache.execConsole(actor, ['HELLO'])) as unknown[])[7];
    // Redis 7.0's first client gets 3 (see redisHelloParity.test.ts).
    await cache.execConsole('A', ['GET', 'k']);
    expect(await idOf('console')).toBe(4);
    await cache.execConsole('console', ['QUIT']);
    // The console's next command comes on a new connection (redis-cli reconnects): id 5.
    expect(await idOf('console')).toBe(5);
    const copy = new Cache(new VirtualClock(), new Rng(1), createMockRedisServer());
    copy.loadState(JSON.parse(JSON.stringify(cache.saveState())) as CacheState);
    cache = copy;
    expect([await idOf('console'), await idOf('A'), await idOf('B')]).toEqual([5, 3, 6]);
  });

  it('reads an option, a SCAN TYPE and a SCAN cursor up to a NUL byte, as C compares them', async () => {
    await cli('SET k v');
    expect(await cli(String.raw`SET k v2 "NX\x00junk"`)).toBe('(nil)');
    expect(await cli(String.raw`SET k v2 "ex\x00" 100 "GET\x00"`)).toBe('"v"');
    expect(await cli('TTL k')).toBe('(integer) 100');
    expect(await cli(String.raw`GETEX k "PERSIST\x00"`)).toBe('"v2"');
    expect(await cli(String.raw`EXPIRE k 300 "nx\x00"`)).toBe('(integer) 1');
    expect(await cli(String.raw`SCAN "0\x00x" "COUNT\x00" 10 TYPE "string\x00zz"`)).toBe(
      '1) "0"\n2) 1) "k"',
    );
    expect(await cli(String.raw`FLUSHDB "sync\x00"`)).toBe('OK');
    // Where the NUL comes first, nothing is left of the word.
    expect(await cli(String.raw`SET k v "\x00NX"`)).toBe('(error) ERR syntax error');
  });
});

describe('types', () => {
  it('answers WRONGTYPE where Redis does, and never a JavaScript error', async () => {
    await cli('RPUSH l a');
    await cli('SET s v');
    await cli('SADD set m');
    expect(await cli('GET l')).toBe(WRONGTYPE);
    expect(await cli('HGET s f')).toBe(WRONGTYPE);
    expect(await cli('SET set v GET')).toBe(WRONGTYPE);
    expect(await cli('SADD s m')).toBe(WRONGTYPE);
    expect(await cli('LRANGE set 0 -1')).toBe(WRONGTYPE);
    expect(await cli('INCR l')).toBe(WRONGTYPE);
    expect(await cli('MGET l s')).toBe('1) (nil)\n2) "v"');
    expect(await cli('TYPE set')).toBe('set');
    expect(await cli('SET set v')).toBe('OK');
    expect(await cli('TYPE set')).toBe('string');
  });
});

describe('numbers', () => {
  it('INCR wants a plain 64-bit integer', async () => {
    for (const bad of ['abc', '3.5', ' 1', '1e3', '+1', '007']) {
      await cli(`SET n "${bad}"`);
      expect(await cli('INCR n')).toBe('(error) ERR value is not an integer or out of range');
      expect(await cli('GET n')).toBe(`"${bad}"`);
    }
  });

  it('keeps every digit of 64-bit integers and refuses to overflow', async () => {
    await cli('SET n 9223372036854775806');
    expect(await cli('INCR n')).toBe('(integer) 9223372036854775807');
    expect(await cli('INCR n')).toBe('(error) ERR increment or decrement would overflow');
    expect(await cli('DECRBY n 9223372036854775807')).toBe('(integer) 0');
    expect(await cli('DECRBY n -9223372036854775808')).toBe('(error) ERR decrement would overflow');
    expect(await cli('INCRBY m 9007199254740993')).toBe('(integer) 9007199254740993');
  });
});

describe('bytes', () => {
  it('STRLEN and APPEND count UTF-8 bytes', async () => {
    await cli('SET e é');
    expect(await cli('STRLEN e')).toBe('(integer) 2');
    expect(await cli('APPEND e 😀')).toBe('(integer) 6');
  });

  it('GETRANGE counts bytes, and refuses a range that would cut a character in two', async () => {
    await cli('SET u héllo');
    expect(await cli('GETRANGE u 0 2')).toBe('"h\\xc3\\xa9"');
    expect(await cli('GETRANGE u 3 -1')).toBe('"llo"');
    // Redis would answer "h\xc3", half of é: text cannot hold that byte alone.
    expect(await cli('GETRANGE u 0 1')).toBe(
      "(error) ERR this console stores text: bytes 0 to 1 of 'u' cut a character in two (Redis would answer those bytes); take a range that starts and ends on whole characters",
    );
    expect(await cli('GET u')).toBe('"h\\xc3\\xa9llo"');
  });

  it('SETRANGE writes bytes, and refuses bytes that would cut a character or pass 1 MiB', async () => {
    await cli('SET u héllo');
    expect(await cli('SETRANGE u 1 "\\xc3\\xa8"')).toBe('(integer) 6');
    expect(await cli('GET u')).toBe('"h\\xc3\\xa8llo"');
    // Redis would store "he\xa8llo": text cannot hold the byte left of è.
    expect(await cli('SETRANGE u 1 e')).toBe(
      "(error) ERR this console stores text: writing at byte 1 of 'u' would cut a character in two (Redis would store the bytes); write whole characters",
    );
    expect(await cli('GET u')).toBe('"h\\xc3\\xa8llo"');
    // Redis' bound is 512 MB (proto-max-bulk-len); this console's is a value's 1 MiB.
    expect(await cli('SETRANGE big 1048576 x')).toBe(
      '(error) ERR string exceeds maximum allowed size (1,048,576 bytes in this console)',
    );
    expect(await cli('EXISTS big')).toBe('(integer) 0');
    expect(await cli('SETRANGE big 1048575 x')).toBe('(integer) 1048576');
  });

  it('LCS compares bytes, and refuses a subsequence that holds part of a character or a table too big', async () => {
    await cli('MSET e é f è');
    // Both start with the byte 0xC3: Redis would answer "\xc3", which text cannot hold alone.
    expect(await cli('LCS e f LEN')).toBe('(integer) 1');
    expect(await cli('LCS e f')).toBe(
      "(error) ERR this console stores text: the longest common subsequence of 'e' and 'f' holds part of a character (Redis would answer those bytes); LCS ... LEN and LCS ... IDX answer",
    );
    // Redis' own bound, a table of 32-bit lengths within proto-max-bulk-len (512 MB), first.
    await cli('SETRANGE big 1048575 x');
    await cli('SETRANGE small 128 x');
    expect(await cli('LCS big small LEN')).toBe(
      '(error) ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len',
    );
    await cli('SETRANGE a 2999 x');
    const started = cpuMs();
    expect(await cli('LCS a a LEN')).toBe(
      '(error) ERR LCS of strings this long is not supported in this console: its table would hold 3,001 x 3,001 cells, more than the 4,194,304 the page fills without freezing (Redis fills up to 134,217,728); compare shorter strings',
    );
    await cli('SETRANGE b 2046 x');
    expect(await cli('LCS b b LEN')).toBe('(integer) 2047');
    expect(cpuMs() - started).toBeLessThan(500);
  });

  it('INCRBYFLOAT adds in long double and prints as Redis does, not as a double would', async () => {
    // A double would give 0.30000000000000004.
    for (const want of ['"0.1"', '"0.2"', '"0.3"'])
      expect(await cli('INCRBYFLOAT f 0.1')).toBe(want);
    // 64 bits of significand hold some 19 digits: the 0.3 is lost, as on redis-server.
    expect(await cli('INCRBYFLOAT f 1e20')).toBe('"100000000000000000000"');
    expect(await cli('INCRBYFLOAT f abc')).toBe('(error) ERR value is not a valid float');
    expect(await cli('INCRBYFLOAT f inf')).toBe(
      '(error) ERR increment would produce NaN or Infinity',
    );
    expect(await cli('INCRBYFLOAT f -1e20')).toBe('"0"');
  });
});

describe('KEYS and SCAN', () => {
  beforeEach(async () => {
    await cli('MSET h1 a hello b x*y c xay d');
    await cli('HSET hash f v');
  });

  it('SCAN filters by TYPE and matches with Redis glob escapes and negated classes', async () => {
    expect(await cli('SCAN 0 TYPE hash')).toBe('1) "0"\n2) 1) "hash"');
    expect(await cli('SCAN 0 MATCH x\\*y COUNT 100')).toBe('1) "0"\n2) 1) "x*y"');
    expect(await cli('KEYS [^h]*')).toBe('1) "x*y"\n2) "xay"');
    expect(await cli('KEYS h[a-f]*')).toBe('1) "hash"\n2) "hello"');
  });

  it('matches a pathological pattern in linear time', async () => {
    await cli(`SET ${'a'.repeat(40)} 1`);
    const pattern = `${'*a'.repeat(20)}*b`;
    const started = cpuMs();
    expect(await cli(`KEYS ${pattern}`)).toBe('(empty array)');
    expect(await cli(`SCAN 0 MATCH ${pattern} COUNT 1000`)).toBe('1) "0"\n2) (empty array)');
    expect(cpuMs() - started).toBeLessThan(200);
  });
});

describe('INFO, HELP and COMMAND describe this sandbox', () => {
  it('INFO counts real hits and misses and names the eviction policy, never canned text', async () => {
    await cli('SET k v');
    await cli('GET k');
    await cli('GET nope');
    const info = await cli('INFO');
    expect(info).toContain('keyspace_hits:1');
    expect(info).toContain('keyspace_misses:1');
    expect(info).toContain('maxmemory_policy:noeviction');
    expect(info).toContain('db0:keys=1,expires=0');
    expect(info).not.toContain('8.2.1');
    expect(await cli('INFO stats')).not.toContain('# Server');
  });

  it('HELP lists what the console accepts; COMMAND, which would describe Redis, is refused', async () => {
    const help = await cli('HELP');
    for (const name of ['GET', 'SET key value', 'EXPIRE key seconds [NX|XX|GT|LT]', 'SCAN'])
      expect(help).toContain(name);
    expect(await cli('HELP zadd')).toContain('ZADD: not supported in this console');
    expect(await cli('HELP frob')).toContain('FROB: not a Redis command');
    // HELP @group, as redis-cli's help takes it: the console's commands in that group of Redis 7.
    const hashes = await cli('HELP @hash');
    for (const name of ['HSET key field value', 'HGET key field', 'HGETALL key', 'HDEL key'])
      expect(hashes).toContain(name);
    expect(hashes).not.toContain('SETEX');
    expect(await cli('help @STRING')).toContain('SETEX key seconds value');
    // A group Redis has, none of whose commands the console runs, is said to be one; a typo is not.
    expect(await cli('HELP @sorted-set')).toBe(
      '@sorted-set: a group of Redis 7 none of whose commands runs in this console (@generic, @string, @hash, @list, @set, @connection, @pubsub, @server, @transactions have some)',
    );
    expect(await cli('help @GEO')).toContain('@geo: a group of Redis 7 none of whose commands');
    expect(await cli('HELP @sorted_set')).toContain(
      '@sorted_set: not a group this console knows (@generic,',
    );
    // COMMAND would describe Redis' 240 commands, of which this console runs 110 (HELP is its
    // own): refused in words, with both figures, rather than answered with the console's.
    for (const line of ['COMMAND COUNT', 'COMMAND LIST FILTERBY PATTERN get*', 'COMMAND DOCS get'])
      expect(await cli(line)).toMatch(
        /^\(error\) ERR COMMAND [A-Z]+ is not supported in this console: Redis 7.0 has 240 commands and this console runs 110 of them, which HELP lists/,
      );
    expect(await cli('COMMAND COUNT x')).toBe(
      "(error) ERR wrong number of arguments for 'command|count' command",
    );
    expect(await cli('HELP COMMAND')).toContain('COMMAND: not supported in this console');
    // Redis has ZADD and this console does not run it: refused as such, not called unknown.
    expect(await cli('ZADD z 1 m')).toBe('(error) ERR ZADD is not supported in this console');
    // Where the page does what the command would, the refusal points at it.
    expect(await cli('CONFIG SET maxmemory-policy allkeys-lru')).toBe(
      "(error) ERR CONFIG SET is not supported in this console: this console's CONFIG answers only CONFIG GET maxmemory-policy and maxmemory-samples (and CONFIG HELP and RESETSTAT); the eviction policy and the key limit are this page's Eviction and Max keys settings, and INFO memory shows them",
    );
    // What the page's settings are, under Redis' names; maxmemory counts bytes, maxKeys keys.
    expect(await cli('CONFIG GET MAXMEMORY-SAMPLES maxmemory-policy MAXMEMORY-POLICY')).toBe(
      '1) "maxmemory-policy"\n2) "noeviction"\n3) "MAXMEMORY-SAMPLES"\n4) "5"',
    );
    expect(await cli('CONFIG GET maxmemory')).toBe(
      "(error) ERR CONFIG GET maxmemory is not supported in this console: this console's CONFIG answers only CONFIG GET maxmemory-policy and maxmemory-samples (and CONFIG HELP and RESETSTAT); the eviction policy and the key limit are this page's Eviction and Max keys settings, and INFO memory shows them",
    );
    // A name or pattern that takes in any other parameter Redis has, hidden or an alias, is
    // refused; one that names none is answered as Redis answers it, with nothing.
    for (const line of [
      'CONFIG GET maxmemory-*',
      'CONFIG GET key-load-delay',
      'CONFIG GET SLAVEOF',
    ])
      expect(await cli(line), line).toMatch(
        /^\(error\) ERR CONFIG GET \S+ is not supported in this console: /,
      );
    expect(await cli('CONFIG GET nosuch nosuch-*')).toBe('(empty array)');
    // HELP says what CONFIG answers: GET by name or pattern, and Redis' own CONFIG HELP.
    expect(await cli('HELP CONFIG')).toBe(
      "CONFIG GET parameter [parameter ...] | CONFIG HELP\n    the eviction settings Redis names so (the page's Eviction setting): maxmemory-policy and maxmemory-samples, by name or glob pattern; CONFIG HELP is Redis' own",
    );
    // SELECT 0 is where the console already is; another database is refused as such.
    expect(await cli('select 0')).toBe('OK');
    expect(await cli('select 1')).toBe(
      '(error) ERR SELECT of another database is not supported in this console: it has one database, db0',
    );
    // How Redis keeps a value, the page does not keep: refused for a key that exists.
    expect(await cli('SET enc v')).toBe('OK');
    expect(await cli('OBJECT ENCODING enc')).toBe(
      "(error) ERR OBJECT ENCODING is not supported in this console: TYPE gives a key's type, the Redis keys panel its value and TTL, OBJECT FREQ and IDLETIME what eviction reads of it, and INFO the eviction policy; how redis-server encodes a value is not shown here",
    );
    // A missing key has no encoding to refuse: nil, as Redis answers it.
    expect(await cli('OBJECT ENCODING nokey')).toBe('(nil)');
    expect(await cli('object refcount nokey')).toBe('(nil)');
    expect(await cli('SHUTDOWN NOSAVE')).toBe(
      "(error) ERR SHUTDOWN is not supported in this console: this page's Take Redis down and Restart Redis buttons stop and restart it",
    );
    // COPY runs within db0; a copy to another database (which Redis has 16 of) is refused as
    // such, and a missing source answers 0 there as in Redis.
    expect(await cli('COPY nokey b DB 1')).toBe('(integer) 0');
    expect(await cli('SET a v')).toBe('OK');
    expect(await cli('COPY a b DB 1')).toBe(
      '(error) ERR COPY to another database is not supported in this console: it has one database, db0',
    );
    expect(await cli('zincrby z 1 m')).toBe('(error) ERR ZINCRBY is not supported in this console');
    expect(await cli('NOSUCH a')).toBe(
      "(error) ERR unknown command 'NOSUCH', with args beginning with: 'a' ",
    );
  });
});

describe('SCAN while keys come and go', () => {
  /** One SCAN call: its next cursor and keys. */
  async function scanOnce(cursor: string, count: number): Promise<[string, string[]]> {
    const reply = (await cache.execConsole('console', [
      'SCAN',
      cursor,
      'COUNT',
      String(count),
    ])) as [string, string[]];
    return reply;
  }

  it('a full iteration returns every key present from start to end, once, whatever is deleted or added between calls', async () => {
    const keys = Array.from({ length: 60 }, (_, i) => `k${i}`);
    await cli(`MSET ${keys.map((k) => `${k} 1`).join(' ')}`);
    const seen: string[] = [];
    let cursor = '0';
    let call = 0;
    do {
      const [next, batch] = await scanOnce(cursor, 7);
      seen.push(...batch);
      cursor = next;
      // Between calls: delete three keys already returned and add three new ones.
      const returned = seen.filter((k) => keys.includes(k)).slice(call * 3, call * 3 + 3);
      for (const k of returned) await cli(`DEL ${k}`);
      for (let j = 0; j < 3; j++) await cli(`SET new${call}-${j} 1`);
      call++;
    } while (cursor !== '0' && call < 100);
    expect(cursor).toBe('0');
    const deleted = new Set(keys.filter((k) => !seen.includes(k)));
    expect(deleted.size).toBe(0);
    // No key twice.
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("the reviewer's case: c, present throughout, is returned after a DEL of a returned key", async () => {
    await cli('MSET a 1 b 1 c 1 d 1 e 1');
    const [cursor, first] = await scanOnce('0', 2);
    await cli(`DEL ${first[0]}`);
    const rest: string[] = [];
    for (let c = cursor; c !== '0';) {
      const [next, batch] = await scanOnce(c, 2);
      rest.push(...batch);
      c = next;
    }
    expect([...first, ...rest].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});

describe('HELP groups', () => {
  it('put every command but HELP in exactly one group of Redis 7, the transactions and QUIT too', () => {
    const grouped = [...HELP_GROUPS.values()].flat();
    expect(new Set(grouped).size).toBe(grouped.length);
    expect(grouped.sort()).toEqual(
      [...COMMANDS.keys(), ...TRANSACTION_SPECS.keys(), 'QUIT'].filter((n) => n !== 'HELP').sort(),
    );
  });
});
