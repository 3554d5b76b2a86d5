// The registry of the commands the console accepts: each one's arity, argument checks, syntax
// and summary, as HELP and COMMAND show them (Redis 7's help groups: redisHelpGroups.ts; the
// commands a console connection answers itself: connectionCommandSpecs.ts). validateCommand
// (redisValidation.ts) checks a command against it.

import {
  arityError,
  checkConfig,
  checkCopy,
  checkDecrBy,
  checkExpireArg,
  checkExpireCommand,
  checkFlush,
  checkIntegers,
  checkMove,
  checkObject,
  checkScan,
  checkSelect,
  checkStringOptions,
  checkSwapdb,
  checkWait,
  refuseConfig,
  refuseSelect,
  refuseSwapdb,
  refuseWait,
} from './redisArgumentChecks';
import { checkAuth, checkHello, refuseHello } from './redisHello';

/** One command the console accepts. */
export interface CommandSpec {
  /** Redis 7's arity: negative means at least that many words, counting the name. */
  arity: number;
  /** The argument checks Redis makes before looking at any key. */
  check?: (argv: string[]) => string | null;
  /**
   * What the console refuses of a command Redis would run (another database, a replica to
   * wait for, a CONFIG parameter the page does not have), once Redis' own checks pass.
   */
  refuse?: (argv: string[]) => string | null;
  /** As `redis-cli`'s help shows it. */
  syntax: string;
  summary: string;
  /** Answered by the console itself, as redis-cli answers its own `help`: nothing is sent. */
  isConsoleOnly?: boolean;
}

const pairs = (name: string, odd: boolean) => (argv: string[]) =>
  argv.length % 2 === (odd ? 1 : 0) ? arityError(name) : null;

/** Every command the console accepts, in the order HELP lists them. */
export const COMMANDS: ReadonlyMap<string, CommandSpec> = new Map<string, CommandSpec>([
  ['GET', { arity: 2, syntax: 'GET key', summary: 'the string at key, or nil' }],
  [
    'SET',
    {
      arity: -3,
      check: (argv) => checkStringOptions(argv, 'SET'),
      syntax: 'SET key value [NX|XX] [GET] [EX s|PX ms|EXAT t|PXAT t|KEEPTTL]',
      summary: 'store a string (a plain SET drops the TTL)',
    },
  ],
  ['DEL', { arity: -2, syntax: 'DEL key [key ...]', summary: 'delete keys; how many existed' }],
  [
    'UNLINK',
    {
      arity: -2,
      syntax: 'UNLINK key [key ...]',
      summary: 'DEL, the memory freed in the background',
    },
  ],
  ['EXISTS', { arity: -2, syntax: 'EXISTS key [key ...]', summary: 'how many of the keys exist' }],
  [
    'EXPIRE',
    {
      arity: -3,
      check: (argv) => checkExpireCommand(argv, true),
      syntax: 'EXPIRE key seconds [NX|XX|GT|LT]',
      summary: 'set a TTL in seconds',
    },
  ],
  [
    'PEXPIRE',
    {
      arity: -3,
      check: (argv) => checkExpireCommand(argv, false),
      syntax: 'PEXPIRE key ms [NX|XX|GT|LT]',
      summary: 'set a TTL in milliseconds',
    },
  ],
  [
    'EXPIREAT',
    {
      arity: -3,
      check: (argv) => checkExpireCommand(argv, true),
      syntax: 'EXPIREAT key unix-seconds [NX|XX|GT|LT]',
      summary: 'expire at a Unix time (virtual 0 is 2026-01-01)',
    },
  ],
  [
    'PEXPIREAT',
    {
      arity: -3,
      check: (argv) => checkExpireCommand(argv, false),
      syntax: 'PEXPIREAT key unix-ms [NX|XX|GT|LT]',
      summary: 'expire at a Unix time in milliseconds',
    },
  ],
  ['TTL', { arity: 2, syntax: 'TTL key', summary: 'seconds left; -1 no TTL, -2 no key' }],
  ['PTTL', { arity: 2, syntax: 'PTTL key', summary: 'milliseconds left; -1 no TTL, -2 no key' }],
  [
    'EXPIRETIME',
    { arity: 2, syntax: 'EXPIRETIME key', summary: 'the Unix time (s) it expires; -1, -2 as TTL' },
  ],
  [
    'PEXPIRETIME',
    {
      arity: 2,
      syntax: 'PEXPIRETIME key',
      summary: 'the Unix time (ms) it expires; -1, -2 as PTTL',
    },
  ],
  ['PERSIST', { arity: 2, syntax: 'PERSIST key', summary: 'remove the TTL' }],
  [
    'RENAME',
    { arity: 3, syntax: 'RENAME key newkey', summary: 'move a value and its TTL to another key' },
  ],
  [
    'COPY',
    {
      arity: -3,
      check: checkCopy,
      syntax: 'COPY source destination [DB 0] [REPLACE]',
      summary: 'copy a value and its TTL to another key',
    },
  ],
  [
    'RENAMENX',
    { arity: 3, syntax: 'RENAMENX key newkey', summary: 'RENAME only if newkey is missing' },
  ],
  ['KEYS', { arity: 2, syntax: 'KEYS pattern', summary: 'keys matching a glob pattern' }],
  [
    'SCAN',
    {
      arity: -2,
      check: checkScan,
      syntax: 'SCAN cursor [MATCH pattern] [COUNT n] [TYPE type]',
      summary: 'iterate over keys',
    },
  ],
  ['DBSIZE', { arity: 1, syntax: 'DBSIZE', summary: 'how many keys there are' }],
  [
    'FLUSHALL',
    { arity: -1, check: checkFlush, syntax: 'FLUSHALL [ASYNC|SYNC]', summary: 'delete every key' },
  ],
  [
    'FLUSHDB',
    { arity: -1, check: checkFlush, syntax: 'FLUSHDB [ASYNC|SYNC]', summary: 'delete every key' },
  ],
  ['INCR', { arity: 2, syntax: 'INCR key', summary: 'add 1 to a 64-bit integer' }],
  ['DECR', { arity: 2, syntax: 'DECR key', summary: 'subtract 1 from a 64-bit integer' }],
  [
    'INCRBY',
    { arity: 3, check: checkIntegers(2), syntax: 'INCRBY key n', summary: 'add n to an integer' },
  ],
  [
    'DECRBY',
    { arity: 3, check: checkDecrBy, syntax: 'DECRBY key n', summary: 'subtract n from an integer' },
  ],
  ['MGET', { arity: -2, syntax: 'MGET key [key ...]', summary: 'several strings at once' }],
  // MSET and HSET take pairs; an unpaired argument is reported as a wrong number of arguments.
  [
    'MSET',
    {
      arity: -3,
      check: pairs('mset', false),
      syntax: 'MSET key value [key value ...]',
      summary: 'store several strings',
    },
  ],
  ['SETNX', { arity: 3, syntax: 'SETNX key value', summary: 'SET only if the key is missing' }],
  [
    'SETEX',
    {
      arity: 4,
      check: (argv) => checkExpireArg(argv[2], true, 'setex'),
      syntax: 'SETEX key seconds value',
      summary: 'SET with a TTL in seconds',
    },
  ],
  [
    'PSETEX',
    {
      arity: 4,
      check: (argv) => checkExpireArg(argv[2], false, 'psetex'),
      syntax: 'PSETEX key ms value',
      summary: 'SET with a TTL in milliseconds',
    },
  ],
  ['GETDEL', { arity: 2, syntax: 'GETDEL key', summary: 'GET, then delete the key' }],
  [
    'GETEX',
    {
      arity: -2,
      check: (argv) => checkStringOptions(argv, 'GETEX'),
      syntax: 'GETEX key [EX s|PX ms|EXAT t|PXAT t|PERSIST]',
      summary: 'GET and change the TTL',
    },
  ],
  ['APPEND', { arity: 3, syntax: 'APPEND key value', summary: 'append; the new length in bytes' }],
  ['STRLEN', { arity: 2, syntax: 'STRLEN key', summary: 'length of the string in bytes' }],
  ['GETSET', { arity: 3, syntax: 'GETSET key value', summary: 'SET, answering the old value' }],
  [
    'MSETNX',
    {
      arity: -3,
      check: pairs('msetnx', false),
      syntax: 'MSETNX key value [key value ...]',
      summary: 'MSET only if none of the keys exists',
    },
  ],
  [
    'GETRANGE',
    {
      arity: 4,
      check: checkIntegers(2, 3),
      syntax: 'GETRANGE key start end',
      summary: 'bytes start to end of a string (negative counts from the end)',
    },
  ],
  [
    'SUBSTR',
    {
      arity: 4,
      check: checkIntegers(2, 3),
      syntax: 'SUBSTR key start end',
      summary: 'GETRANGE under its old name (deprecated in Redis, which still answers it)',
    },
  ],
  [
    'INCRBYFLOAT',
    {
      arity: 3,
      syntax: 'INCRBYFLOAT key increment',
      summary: 'add a decimal number, computed and printed as Redis does (long double)',
    },
  ],
  [
    'SETRANGE',
    {
      arity: 4,
      syntax: 'SETRANGE key offset value',
      summary: 'overwrite bytes from offset, padding with zero bytes; the new length',
    },
  ],
  [
    'LCS',
    {
      arity: -3,
      syntax: 'LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]',
      summary: 'the longest common subsequence of two strings, its length, or where it matches',
    },
  ],
  ['TYPE', { arity: 2, syntax: 'TYPE key', summary: 'string, hash, list, set or none' }],
  [
    'TOUCH',
    {
      arity: -2,
      syntax: 'TOUCH key [key ...]',
      summary: 'how many of the keys exist; each is an access for eviction',
    },
  ],
  [
    'WAIT',
    {
      arity: 3,
      check: checkWait,
      refuse: refuseWait,
      syntax: 'WAIT 0 timeout',
      summary:
        'the replicas that acknowledged: 0, there are none here (waiting for one is refused)',
    },
  ],
  [
    'MOVE',
    {
      arity: 3,
      check: checkMove,
      syntax: 'MOVE key db',
      summary: 'Redis checks the database; a move out of db0, the one here, is refused',
    },
  ],
  [
    'OBJECT',
    {
      arity: -2,
      check: checkObject,
      syntax: 'OBJECT FREQ key | OBJECT IDLETIME key | OBJECT HELP',
      summary:
        "what eviction reads of a key (under a Max keys limit): its LFU counter under allkeys-lfu, its idle seconds under another policy; OBJECT HELP is Redis' own",
    },
  ],
  [
    'HSET',
    {
      arity: -4,
      check: pairs('hset', true),
      syntax: 'HSET key field value [field value ...]',
      summary: 'set hash fields; how many were new',
    },
  ],
  ['HGET', { arity: 3, syntax: 'HGET key field', summary: 'one field of a hash' }],
  ['HGETALL', { arity: 2, syntax: 'HGETALL key', summary: 'every field and value of a hash' }],
  ['HDEL', { arity: -3, syntax: 'HDEL key field [field ...]', summary: 'delete hash fields' }],
  ['HLEN', { arity: 2, syntax: 'HLEN key', summary: 'how many fields a hash has' }],
  ['HEXISTS', { arity: 3, syntax: 'HEXISTS key field', summary: '1 if the hash has the field' }],
  [
    'HMGET',
    { arity: -3, syntax: 'HMGET key field [field ...]', summary: 'several fields at once' },
  ],
  [
    'HSETNX',
    {
      arity: 4,
      syntax: 'HSETNX key field value',
      summary: 'set a hash field only if it is missing; 1 if it was set',
    },
  ],
  [
    'HMSET',
    {
      arity: -4,
      check: pairs('hmset', true),
      syntax: 'HMSET key field value [field value ...]',
      summary: 'HSET under its old name (deprecated in Redis, which still answers it): OK',
    },
  ],
  [
    'HINCRBY',
    {
      arity: 4,
      syntax: 'HINCRBY key field n',
      summary: 'add n to a hash field holding a 64-bit integer',
    },
  ],
  [
    'HINCRBYFLOAT',
    {
      arity: 4,
      syntax: 'HINCRBYFLOAT key field increment',
      summary: 'add a decimal number to a hash field, computed and printed as Redis does',
    },
  ],
  [
    'HSTRLEN',
    { arity: 3, syntax: 'HSTRLEN key field', summary: "length of a field's value in bytes" },
  ],
  ['HKEYS', { arity: 2, syntax: 'HKEYS key', summary: 'every field of a hash' }],
  ['HVALS', { arity: 2, syntax: 'HVALS key', summary: 'every value of a hash' }],
  ['LPUSH', { arity: -3, syntax: 'LPUSH key element [...]', summary: "push at a list's head" }],
  ['RPUSH', { arity: -3, syntax: 'RPUSH key element [...]', summary: "push at a list's tail" }],
  [
    'LRANGE',
    {
      arity: 4,
      check: checkIntegers(2, 3),
      syntax: 'LRANGE key start stop',
      summary: 'a range of a list (negative counts from the end)',
    },
  ],
  ['LLEN', { arity: 2, syntax: 'LLEN key', summary: 'how long a list is' }],
  [
    'LPOP',
    {
      arity: -2,
      check: (argv) => (argv.length > 3 ? arityError('lpop') : null),
      syntax: 'LPOP key [count]',
      summary: "remove and return from a list's head",
    },
  ],
  [
    'RPOP',
    {
      arity: -2,
      check: (argv) => (argv.length > 3 ? arityError('rpop') : null),
      syntax: 'RPOP key [count]',
      summary: "remove and return from a list's tail",
    },
  ],
  [
    'LINSERT',
    {
      arity: 5,
      syntax: 'LINSERT key BEFORE|AFTER pivot element',
      summary: 'insert next to the first pivot; the new length, -1 without the pivot',
    },
  ],
  [
    'LINDEX',
    {
      arity: 3,
      syntax: 'LINDEX key index',
      summary: 'the element at index (negative counts from the end), or nil',
    },
  ],
  [
    'LPOS',
    {
      arity: -3,
      syntax: 'LPOS key element [RANK rank] [COUNT n] [MAXLEN len]',
      summary: 'the index of a match (a negative rank counts from the end); with COUNT, several',
    },
  ],
  [
    'LSET',
    {
      arity: 4,
      syntax: 'LSET key index element',
      summary: 'replace the element at index of a list that exists',
    },
  ],
  [
    'LREM',
    {
      arity: 4,
      syntax: 'LREM key count element',
      summary: 'remove count matches from the head (negative: the tail, 0: all); how many',
    },
  ],
  [
    'LPUSHX',
    {
      arity: -3,
      syntax: 'LPUSHX key element [...]',
      summary: 'LPUSH only onto a list that exists',
    },
  ],
  [
    'RPUSHX',
    {
      arity: -3,
      syntax: 'RPUSHX key element [...]',
      summary: 'RPUSH only onto a list that exists',
    },
  ],
  [
    'LTRIM',
    {
      arity: 4,
      syntax: 'LTRIM key start stop',
      summary: 'keep only a range of a list (negative counts from the end)',
    },
  ],
  [
    'LMOVE',
    {
      arity: 5,
      syntax: 'LMOVE source destination LEFT|RIGHT LEFT|RIGHT',
      summary: 'pop from an end of source, push at an end of destination; the element, or nil',
    },
  ],
  [
    'RPOPLPUSH',
    {
      arity: 3,
      syntax: 'RPOPLPUSH source destination',
      summary: "LMOVE source destination RIGHT LEFT: source's tail onto destination's head",
    },
  ],
  ['SADD', { arity: -3, syntax: 'SADD key member [...]', summary: 'add set members' }],
  ['SMEMBERS', { arity: 2, syntax: 'SMEMBERS key', summary: 'every member of a set' }],
  ['SCARD', { arity: 2, syntax: 'SCARD key', summary: 'how many members a set has' }],
  ['SISMEMBER', { arity: 3, syntax: 'SISMEMBER key member', summary: '1 if member is in the set' }],
  ['SREM', { arity: -3, syntax: 'SREM key member [...]', summary: 'remove set members' }],
  [
    'SMISMEMBER',
    {
      arity: -3,
      syntax: 'SMISMEMBER key member [...]',
      summary: '1 or 0 for each member: whether it is in the set',
    },
  ],
  ['SINTER', { arity: -2, syntax: 'SINTER key [key ...]', summary: 'members in every set' }],
  ['SUNION', { arity: -2, syntax: 'SUNION key [key ...]', summary: 'members in any of the sets' }],
  [
    'SDIFF',
    {
      arity: -2,
      syntax: 'SDIFF key [key ...]',
      summary: 'members of the first set in none of the others',
    },
  ],
  [
    'SINTERSTORE',
    {
      arity: -3,
      syntax: 'SINTERSTORE destination key [key ...]',
      summary: 'store SINTER at destination (an empty result deletes it); its size',
    },
  ],
  [
    'SUNIONSTORE',
    {
      arity: -3,
      syntax: 'SUNIONSTORE destination key [key ...]',
      summary: 'store SUNION at destination (an empty result deletes it); its size',
    },
  ],
  [
    'SDIFFSTORE',
    {
      arity: -3,
      syntax: 'SDIFFSTORE destination key [key ...]',
      summary: 'store SDIFF at destination (an empty result deletes it); its size',
    },
  ],
  [
    'SINTERCARD',
    {
      arity: -3,
      syntax: 'SINTERCARD numkeys key [key ...] [LIMIT limit]',
      summary: 'how many members are in every set, counted up to limit (0: all)',
    },
  ],
  [
    'SMOVE',
    {
      arity: 4,
      syntax: 'SMOVE source destination member',
      summary: 'move a member from one set to another; 1 if it moved',
    },
  ],
  // PING's arity is -1 but it answers "wrong number of arguments" beyond one message.
  [
    'PING',
    {
      arity: -1,
      check: (argv) => (argv.length > 2 ? arityError('ping') : null),
      syntax: 'PING [message]',
      summary: 'PONG, or the message',
    },
  ],
  ['ECHO', { arity: 2, syntax: 'ECHO message', summary: 'the message' }],
  [
    'HELLO',
    {
      arity: -1,
      check: checkHello,
      refuse: refuseHello,
      syntax: 'HELLO [2 [AUTH default password] [SETNAME ""]]',
      summary:
        'the server, its version, protocol (RESP2), connection id and role; RESP3 (HELLO 3) and a connection name are refused',
    },
  ],
  [
    'AUTH',
    {
      arity: -2,
      check: checkAuth,
      syntax: 'AUTH [default] password',
      summary:
        'logs in as default, whose password is none (any opens it), as on a fresh redis-server',
    },
  ],
  [
    'SELECT',
    {
      arity: 2,
      check: checkSelect,
      refuse: refuseSelect,
      syntax: 'SELECT 0',
      summary: 'use db0, the one database here (another is refused)',
    },
  ],
  // The console subscribes to nothing (SUBSCRIBE is refused): these confirm that each channel
  // or pattern is not subscribed to, as Redis answers a client outside its subscribe mode.
  [
    'UNSUBSCRIBE',
    {
      arity: -1,
      syntax: 'UNSUBSCRIBE [channel ...]',
      summary: 'one reply a channel: not subscribed (the console subscribes to none)',
    },
  ],
  [
    'PUNSUBSCRIBE',
    {
      arity: -1,
      syntax: 'PUNSUBSCRIBE [pattern ...]',
      summary: 'one reply a pattern: not subscribed (the console subscribes to none)',
    },
  ],
  [
    'SUNSUBSCRIBE',
    {
      arity: -1,
      syntax: 'SUNSUBSCRIBE [shardchannel ...]',
      summary: 'one reply a shard channel: not subscribed (the console subscribes to none)',
    },
  ],
  [
    'SWAPDB',
    {
      arity: 3,
      check: checkSwapdb,
      refuse: refuseSwapdb,
      syntax: 'SWAPDB index1 index2',
      summary:
        'Redis checks both; a database swapped with itself is OK, two are refused (one here)',
    },
  ],
  [
    'TIME',
    {
      arity: 1,
      syntax: 'TIME',
      summary: 'the virtual clock as Unix seconds and microseconds (virtual 0 is 2026-01-01)',
    },
  ],
  [
    'INFO',
    {
      arity: -1,
      syntax: 'INFO [section ...]',
      summary: 'this sandbox: keys, eviction policy, hits and misses',
    },
  ],
  [
    'CONFIG',
    {
      arity: -2,
      check: checkConfig,
      refuse: refuseConfig,
      syntax: 'CONFIG GET parameter [parameter ...] | CONFIG HELP',
      summary:
        "the eviction settings Redis names so (the page's Eviction setting): maxmemory-policy and maxmemory-samples, by name or glob pattern; CONFIG HELP is Redis' own",
    },
  ],
  [
    'HELP',
    {
      arity: -1,
      syntax: 'HELP [command]',
      summary: 'this list, or one command',
      isConsoleOnly: true,
    },
  ],
]);

/**
 * The commands Redis answers with one reply for each channel named (or a nil for none), which
 * the command layer gives as the list of those replies: the console prints each.
 */
export const REPLY_PER_CHANNEL_COMMANDS: ReadonlySet<string> = new Set([
  'UNSUBSCRIBE',
  'PUNSUBSCRIBE',
  'SUNSUBSCRIBE',
]);

/** Upper-case names of the commands the console accepts, in help-text order. */
export const SUPPORTED_COMMANDS: readonly string[] = Object.freeze([...COMMANDS.keys()]);
