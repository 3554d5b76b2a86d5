// A hostile learner at the Redis console: lines from a small grammar over the console's command
// table (and Redis' other commands), mutated the way people mistype them, typed at the page's
// console (the store's runRedis, as the page calls it) and at the real redis-cli's prompt against
// a redis-server started here; every printed difference is listed. Not part of the suite: run
//   npx tsx src/cli/consoleFuzz.ts [rounds] [seed] [port]
// Each round starts both keyspaces from the same few keys, so a difference stays in its round.
// Replies Redis leaves unordered are compared as sets, TTLs by class, and a SCAN only when both
// finished in one call; what the console refuses is counted, not listed, and a round stops being
// compared after a refused write (Redis ran it). A TTL of a few milliseconds can run out on the
// real server mid-round, whose clock moves, where the console's virtual clock stands still.
// LINES_FILE=path types that file's lines (one round), printing each comparison; QUOTES=1 types
// lines of quotes and escapes only; CONTEXT=1 lists the lines before each difference;
// REFUSALS=1 lists the console's refusals.

import { readFileSync } from 'node:fs';
import '../platform/ioredisMockGlobals';
import type { SqlJsStatic } from 'sql.js';
import { Rng } from '../engine/rng';
import { parseCommandLine } from '../engine/redisCli';
import { REDIS_7_COMMAND_NAMES, REDIS_7_SUBCOMMAND_ARITIES } from '../engine/redisCommandNames';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { DEFAULT_SANDBOX_CONFIG } from '../store/sandboxConfig';
import { createSandboxStore } from '../store/sandboxStore';
import { redisCliPrints, redisCliPrintsEach, RespClient, startRedisServerOn } from './redisServer';

const ROUNDS = Number(process.argv[2] ?? 200);
const SEED = Number(process.argv[3] ?? 1);
const PORT = Number(process.argv[4] ?? 16610);
const LINES_A_ROUND = 25;

const SETUP = [
  'SET k v',
  'SET n 10',
  'SET f 1.5',
  'SET e ""',
  'SET t v EX 100000',
  'HSET h f1 v1 f2 2 f3 ""',
  'RPUSH l a b c 1 2',
  'SADD s x y 1',
  'SADD si 3 1 2',
];

const KEYS = ['k', 'n', 'f', 'e', 't', 'h', 'l', 's', 'si', 'missing', 'new', '', 'a b', 'é'];
const NUMBERS = [
  '0',
  '1',
  '-1',
  '5',
  '100',
  '1000',
  '1e3',
  '-0',
  '+0',
  '+inf',
  'inf',
  '-inf',
  'nan',
  '0x10',
  ' 5',
  '5 ',
  '\t5',
  '9223372036854775808',
  '9223372036854775807',
  '-9223372036854775808',
  '-9223372036854775809',
  '18446744073709551615',
  '',
  '1.0',
  '1.',
  '.5',
  '0.1',
  '1e-3',
  '007',
  '+5',
  '3.0000000000000001',
  '1e308',
  '1e309',
  '-1e309',
  '4.9e-324',
  '1,5',
  '2147483648',
  '4294967296',
  '-2147483649',
  '1_000',
  '٣',
  '５',
];
const VALUES = ['v', '', 'x y', '1', '-1', '1.5', 'é', '"q"', "it's", 'a\\b', '\x00', 'a\nb'];
const PATTERNS = [
  '*',
  '?',
  'k*',
  '[a-z]',
  '[z-a]',
  '[^a]',
  '[!a]',
  '[',
  '[a',
  '[]',
  '[]]',
  '[\\]]',
  '\\',
  '*\\',
  'a\\*',
  '\\k',
  '[a-]',
  '[-a]',
  '[a-c-e]',
  '[\\-]',
  '[[]',
  '**',
  '*[',
  'h?',
  '[h-l]*',
  '[^',
  '\\[',
  '[é]',
];
const WORDS = [
  'EX',
  'PX',
  'EXAT',
  'PXAT',
  'NX',
  'XX',
  'GT',
  'LT',
  'GET',
  'KEEPTTL',
  'PERSIST',
  'MATCH',
  'COUNT',
  'TYPE',
  'BEFORE',
  'AFTER',
  'REPLACE',
  'DB',
  'WITHSCORES',
  'LIMIT',
  'ASYNC',
  'SYNC',
  'nx',
  'Ex',
  'NX ',
  ' EX',
  'EX\x00junk',
  'px\x00',
  'MATCH\x00',
  'PERSISTENT',
  'E',
  '',
];
const SUBCOMMANDS: Record<string, string[]> = {
  OBJECT: ['ENCODING', 'FREQ', 'IDLETIME', 'REFCOUNT', 'HELP', 'NOSUCH', 'encoding', ''],
  CONFIG: ['GET', 'HELP', 'RESETSTAT', 'REWRITE', 'NOSUCH', 'get'],
  CLIENT: [
    'ID',
    'INFO',
    'GETNAME',
    'SETNAME',
    'LIST',
    'HELP',
    'NOSUCH',
    'TRACKINGINFO',
    'NO-EVICT',
  ],
  DEBUG: ['SLEEP', 'OBJECT', 'HELP', 'NOSUCH', 'JMAP'],
  SCRIPT: ['EXISTS', 'FLUSH', 'HELP', 'KILL', 'LOAD', 'NOSUCH', 'DEBUG'],
  FUNCTION: ['LIST', 'STATS', 'FLUSH', 'HELP', 'KILL', 'NOSUCH', 'DUMP', 'DELETE'],
  MEMORY: ['USAGE', 'DOCTOR', 'STATS', 'HELP', 'NOSUCH'],
  LATENCY: ['LATEST', 'DOCTOR', 'HELP', 'RESET', 'NOSUCH'],
  ACL: ['WHOAMI', 'CAT', 'LIST', 'USERS', 'HELP', 'NOSUCH', 'GENPASS', 'LOG', 'DRYRUN'],
  CLUSTER: ['INFO', 'NODES', 'KEYSLOT', 'HELP', 'NOSUCH'],
  XINFO: ['STREAM', 'HELP', 'NOSUCH'],
  PUBSUB: ['CHANNELS', 'NUMSUB', 'NUMPAT', 'HELP', 'NOSUCH', 'SHARDCHANNELS'],
  SLOWLOG: ['GET', 'LEN', 'RESET', 'HELP', 'NOSUCH'],
  MODULE: ['LIST', 'HELP', 'NOSUCH'],
  COMMAND: ['COUNT', 'INFO', 'DOCS', 'NOSUCH', 'GETKEYS'],
};

/** Templates over the console's own commands; `K` a key, `N` a number, `V` a value, `P` a pattern, `W` an option word. */
const TEMPLATES = [
  'GET K',
  'GET K W',
  'SET K V',
  'SET K V W N',
  'SET K V W N W N',
  'SET K V W W',
  'SET K V W',
  'SET K V GET W',
  'SETEX K N V',
  'PSETEX K N V',
  'SETNX K V',
  'GETEX K W N',
  'GETEX K W',
  'GETDEL K',
  'MSET K V K V',
  'MSET K V K',
  'MSETNX K V K V',
  'MGET K K K',
  'INCR K',
  'DECR K',
  'INCRBY K N',
  'DECRBY K N',
  'INCRBYFLOAT K N',
  'INCRBYFLOAT K N N',
  'APPEND K V',
  'STRLEN K',
  'GETSET K V',
  'GETRANGE K N N',
  'SUBSTR K N N',
  'SETRANGE K N V',
  'DEL K K',
  'UNLINK K',
  'EXISTS K K K',
  'EXPIRE K N',
  'EXPIRE K N W',
  'EXPIRE K N W W',
  'PEXPIRE K N W',
  'EXPIREAT K N W',
  'PEXPIREAT K N',
  'TTL K',
  'PTTL K',
  'EXPIRETIME K',
  'PEXPIRETIME K',
  'PERSIST K',
  'RENAME K K',
  'RENAMENX K K',
  'COPY K K',
  'COPY K K W',
  'COPY K K W N',
  'KEYS P',
  'KEYS P P',
  'SCAN N',
  'SCAN 0 W P',
  'SCAN 0 MATCH P COUNT N',
  'SCAN 0 W N W P',
  'SCAN 0 TYPE V',
  'DBSIZE',
  'DBSIZE K',
  'TYPE K',
  'TOUCH K K',
  'HSET K V V',
  'HSET K V',
  'HSET K V V V',
  'HGET K V',
  'HGETALL K',
  'HDEL K V V',
  'HLEN K',
  'HEXISTS K V',
  'HMGET K V V',
  'LPUSH K V V',
  'RPUSH K V',
  'LRANGE K N N',
  'LLEN K',
  'LPOP K',
  'LPOP K N',
  'RPOP K N',
  'RPOP K N N',
  'LINSERT K W V V',
  'SADD K V V',
  'SMEMBERS K',
  'SCARD K',
  'SISMEMBER K V',
  'SREM K V V',
  'PING',
  'PING V',
  'PING V V',
  'ECHO V',
  'ECHO',
  'SELECT N',
  'OBJECT V K',
  'CONFIG GET P',
  'CONFIG GET P P',
  'WAIT 0 N',
  'WAIT N 0',
  'MOVE K N',
  'SWAPDB N N',
  'FLUSHDB W',
  // Redis commands the console does not run, and names nobody has.
  'ZADD K N V',
  'ZADD K W N V',
  'ZSCORE K V',
  'HINCRBY K V N',
  'HINCRBYFLOAT K V N',
  'LINDEX K N',
  'LSET K N V',
  'LTRIM K N N',
  'SINTER K K',
  'SETBIT K N N',
  'GETBIT K N',
  'BITCOUNT K',
  'PFADD K V',
  'XADD K W V V',
  'DUMP K',
  'OBJECT',
  'EVAL V N',
  'FOO K',
  'GETT K',
  'HSETNX K V V',
  'HSTRLEN K V',
  'LPOS K V',
  'SMISMEMBER K V V',
  'STRALGO LCS',
  'LCS K K',
  'SORT K',
  'RANDOMKEY',
  'LASTSAVE',
];

/** Lines no grammar would write: quoting and escapes typed by hand. */
const RAW = [
  'GET "k',
  "GET 'k",
  'GET k"',
  'GET "k"x',
  'SET "\\x41" v',
  'GET A',
  'GET "\\x4"',
  'GET "\\x4g"',
  'GET "\\xZZ"',
  'SET k "a\\',
  'SET k "a\\"',
  "SET k 'a\\'b'",
  'GET \\',
  'GET k\\',
  'SET "" ""',
  'GET ""',
  "SET '' ''",
  'SET k "\\u0041"',
  'SET k "\\101"',
  'SET k "\\0"',
  'ECHO "\\"',
  'ECHO "a"\'b\'',
  'ECHO a"b"',
  'ECHO \'a\'"b"',
  'ECHO "\\x41\\x42"',
  "ECHO '\\x41'",
  'ECHO "\\e\\f\\v"',
  'GET "k"  ',
  '  GET k',
  'GET\tk',
  'get K',
  'GeT k',
  'gEt',
  'Set k v ex 100',
  'set k v px 1 ex 1',
  'SET k v EX 1 PX 1',
  'SET k v NX XX',
  'SET k v XX NX',
  'SET k v EX 100 EX 100',
  'SET k v KEEPTTL EX 100',
  'SET k v GET GET',
  'SET k v EX',
  'SET k v EXAT 0',
  'SET k v PXAT -1',
  'SET k v EX 9223372036854775807',
  'SET k v PX 9223372036854775807',
  'SET k v EX 9223372036854775',
  'SET k v EX 922337203685477',
  'SET k v EX 9223372036854776',
  'EXPIRE k 100 NX XX',
  'EXPIRE k 100 GT LT',
  'EXPIRE k 100 NX GT',
  'EXPIRE k 100 XX XX',
  'EXPIRE k 100 gt',
  'EXPIRE t 100 GT',
  'EXPIRE t 200000 GT',
  'EXPIRE t 200000 LT',
  'EXPIRE k 200000 LT',
  'EXPIRE k 200000 GT',
  'EXPIRE k 9223372036854775807',
  'EXPIRE k 9223372036854775',
  'PEXPIRE k 9223372036854775807',
  'EXPIREAT k 9223372036854775807',
  'INCRBYFLOAT f 0.1',
  'INCRBYFLOAT f 1e400',
  'INCRBYFLOAT f -1.5',
  'INCRBYFLOAT f 0x10',
  'INCRBYFLOAT f 1e308',
  'INCRBYFLOAT n 0.1',
  'INCRBYFLOAT n 5.0e3',
  'INCRBYFLOAT n " 1"',
  'INCRBYFLOAT n "1 "',
  'INCRBYFLOAT n 1.7976931348623157e308',
  'INCRBYFLOAT e 1',
  'INCR e',
  'INCRBY n 9223372036854775807',
  'DECRBY n -9223372036854775808',
  'DECRBY n 9223372036854775808',
  'INCRBY n -9223372036854775808',
  'KEYS "[\\\\]"',
  'KEYS "\\\\"',
  'KEYS "[^]]"',
  'KEYS ""',
  'SCAN 0 COUNT 0',
  'SCAN 0 COUNT -1',
  'SCAN 0 COUNT 1 COUNT 1000',
  'SCAN 0 MATCH',
  'SCAN 0 TYPE string TYPE hash',
  'SCAN 0 TYPE STRING',
  'SCAN 0 TYPE zset',
  'SCAN 0 TYPE nosuch',
  'SCAN -1',
  'SCAN 18446744073709551616',
  'SCAN 0 NOSUCH 1',
  'OBJECT ENCODING k',
  'OBJECT ENCODING missing',
  'OBJECT HELP x',
  'CONFIG GET',
  'CONFIG SET',
  'CONFIG SET nosuch 1',
  'CONFIG GET maxmemory',
  'CONFIG GET maxmemory-policy maxmemory-samples',
  'CLIENT',
  'CLIENT NOSUCH',
  'CLIENT ID x',
  'DEBUG',
  'SCRIPT',
  'FUNCTION',
  'MEMORY USAGE k',
  'LRANGE l 0 9223372036854775808',
  'LRANGE l -9223372036854775808 9223372036854775807',
  'LRANGE l "" ""',
  'LPOP l 0',
  'LPOP l -1',
  'LPOP l 1e3',
  'LPOP missing 0',
  'LPOP missing -1',
  'RPOP l 9223372036854775807',
  'LINSERT l before a x',
  'LINSERT l BEFORE nosuch x',
  'LINSERT missing BEFORE a x',
  'LINSERT l MIDDLE a x',
  'HSET h',
  'HSET h f',
  'HSET h f v g',
  'HMGET h',
  'HGET h',
  'SISMEMBER s',
  'SADD si 4 5 6',
  'SMEMBERS si',
  'SADD si -1 0 007',
  'SMEMBERS si',
  'GETRANGE k 0 -1',
  'GETRANGE k -100 100',
  'GETRANGE k 9223372036854775807 -9223372036854775808',
  'GETRANGE missing 0 -1',
  'SETRANGE k 0 ""',
  'SETRANGE missing 0 ""',
  'SETRANGE k -1 x',
  'SETRANGE k 536870912 x',
  'SETRANGE k 536870911 ""',
  'APPEND missing ""',
  'GETEX k PERSIST',
  'GETEX k EX 100 PERSIST',
  'GETEX k PX 100 EX 100',
  'GETEX missing EX 0',
  'GETEX k EX 0',
  'GETEX k EXAT 1',
  'SETEX k 0 v',
  'SETEX k -1 v',
  'PSETEX k 0 v',
  'SETEX k 1e3 v',
  'COPY k k',
  'COPY k newk DB 0',
  'COPY k newk DB 0 DB 0',
  'COPY k newk REPLACE REPLACE',
  'COPY k h REPLACE',
  'RENAME k k',
  'RENAME missing k',
  'RENAMENX k k',
  'MOVE k 0',
  'MSET',
  'MSET k',
  'MGET',
  'DEL',
  'TOUCH',
  'PING a b',
  'ECHO a b',
  'TYPE',
  'FLUSHALL SYNC ASYNC',
  'FLUSHALL async',
  'FLUSHDB NOSUCH',
  'SELECT 0 0',
  'SELECT ""',
  'SELECT -1',
  'SELECT 16',
  'SELECT 2147483648',
  'WAIT',
  'WAIT 0',
  'TIME x',
  'DBSIZE x',
  'UNLINK',
  'EXISTS',
  '3 INCR n',
  '2 GET k',
  '2 FOO',
  '-0 PING',
  '+1 PING',
  '1.5 PING',
  '0x2 PING',
  '1e1 PING',
  ' 2 PING',
  '"2" PING',
  '2 "" ',
  'MULTI',
  'EXEC',
  'DISCARD',
  'WATCH',
  'WATCH k',
  'UNWATCH x',
  'MULTI x',
];

function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[rng.int(list.length)];
}

/** One word of a template, filled in. */
function fill(rng: Rng, slot: string): string {
  switch (slot) {
    case 'K':
      return pick(rng, KEYS);
    case 'N':
      return pick(rng, NUMBERS);
    case 'V':
      return rng.next() < 0.3 ? pick(rng, NUMBERS) : pick(rng, VALUES);
    case 'P':
      return pick(rng, PATTERNS);
    case 'W':
      return pick(rng, WORDS);
    default:
      return slot;
  }
}

const isControl = (c: string): boolean => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f;
const hasControl = (word: string): boolean => [...word].some(isControl);

/** A word as a person would type it: bare where possible, else quoted one way or the other. */
function quote(rng: Rng, word: string): string {
  const isBare = word !== '' && !/[\s"'\\]/.test(word) && !hasControl(word);
  const r = rng.next();
  if (isBare && r < 0.8) return word;
  if (!/['\\]/.test(word) && !hasControl(word) && r < 0.9) return `'${word}'`;
  const escaped = [...word]
    .map((c) => {
      if (c === '"') return '\\"';
      if (c === '\\') return '\\\\';
      if (c === '\n') return '\\n';
      if (c === '\t') return '\\t';
      if (isControl(c)) return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
      return c;
    })
    .join('');
  return `"${escaped}"`;
}

/** A word in another letter case. */
function recase(rng: Rng, word: string): string {
  const r = rng.next();
  if (r < 0.4) return word;
  if (r < 0.7) return word.toLowerCase();
  return [...word].map((c) => (rng.next() < 0.5 ? c.toLowerCase() : c.toUpperCase())).join('');
}

/** Mutations of a line's words: a word dropped, repeated, added or moved. */
function mutate(rng: Rng, words: string[]): string[] {
  const out = [...words];
  const r = rng.next();
  if (r < 0.1 && out.length > 1) out.splice(1 + rng.int(out.length - 1), 1);
  else if (r < 0.2)
    out.splice(1 + rng.int(out.length), 0, fill(rng, pick(rng, ['K', 'N', 'V', 'W'])));
  else if (r < 0.27 && out.length > 1) out.push(out[1 + rng.int(out.length - 1)]);
  else if (r < 0.32 && out.length > 2) {
    const i = 1 + rng.int(out.length - 1);
    const j = 1 + rng.int(out.length - 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const ALL_NAMES = [...REDIS_7_COMMAND_NAMES].map((n) => n.toUpperCase());
const ALL_SUBCOMMANDS = [...REDIS_7_SUBCOMMAND_ARITIES.keys()].map((n) => n.toUpperCase());

/** Lines of quotes, escapes and blanks after a command: redis-cli's splitting, as typed. */
function quotingLine(rng: Rng): string {
  const alphabet = [
    '"',
    "'",
    '\\',
    'x',
    '4',
    '1',
    'f',
    ' ',
    'a',
    'n',
    '\t',
    '\\x',
    '\\"',
    "\\'",
    'é',
    '0',
  ];
  let tail = '';
  for (let n = 1 + rng.int(9); n > 0; n--) tail += pick(rng, alphabet);
  return `${pick(rng, ['ECHO', 'PING', 'EXISTS', 'GET', 'ECHO a', 'echo'])} ${tail}`;
}

function lineFor(rng: Rng): string {
  if (process.env.QUOTES) return quotingLine(rng);
  const r0 = rng.next();
  if (r0 < 0.15) {
    // Any of Redis' commands or subcommands, with 0 to 4 words after it.
    const name =
      rng.next() < 0.7 ? pick(rng, ALL_NAMES) : pick(rng, ALL_SUBCOMMANDS).replace('|', ' ');
    const words = name.split(' ').map((w) => recase(rng, w));
    for (let n = rng.int(5); n > 0; n--)
      words.push(fill(rng, pick(rng, ['K', 'N', 'V', 'W', 'P'])));
    return words.map((w) => quote(rng, w)).join(' ');
  }
  const r = rng.next();
  if (r < 0.2) return pick(rng, RAW);
  if (r < 0.3) {
    const name = pick(rng, Object.keys(SUBCOMMANDS));
    const words = [recase(rng, name), recase(rng, pick(rng, SUBCOMMANDS[name]))];
    for (let n = rng.int(3); n > 0; n--) words.push(fill(rng, pick(rng, ['K', 'N', 'V', 'P'])));
    return words.map((w) => quote(rng, w)).join(' ');
  }
  if (r < 0.33) {
    // Big values: a list, a hash or a set past Redis' listpack and intset bounds.
    const size = 500 + rng.int(200);
    const key = pick(rng, ['bigl', 'bigh', 'bigs']);
    const items = Array.from({ length: size }, (_, i) =>
      key === 'bigh' ? `f${i} ${i}` : key === 'bigs' ? String(i * 7) : `i${i}`,
    ).join(' ');
    const cmd = key === 'bigl' ? 'RPUSH' : key === 'bigh' ? 'HSET' : 'SADD';
    return `${cmd} ${key} ${items}`;
  }
  if (r < 0.36) {
    const key = pick(rng, ['bigl', 'bigh', 'bigs']);
    return pick(rng, [
      `LRANGE ${key} 0 -1`,
      `HGETALL ${key}`,
      `SMEMBERS ${key}`,
      `LLEN ${key}`,
      `HLEN ${key}`,
      `SCARD ${key}`,
      `LPOP ${key} 3`,
      `TYPE ${key}`,
      `SISMEMBER ${key} 70`,
      `HGET ${key} f3`,
    ]);
  }
  const template = pick(rng, TEMPLATES).split(' ');
  let words = template.map((slot, i) => (i === 0 ? recase(rng, slot) : fill(rng, slot)));
  words = words.map((w, i) => (i > 0 && WORDS.includes(w) ? recase(rng, w) : w));
  words = mutate(rng, words);
  const line = words.map((w) => quote(rng, w)).join(' ');
  return rng.next() < 0.05 ? `${1 + rng.int(3)} ${line}` : line;
}

/**
 * Lines this script does not type: ones that would leave redis-cli's prompt or change its state
 * (quit, a subscribe, SYNC, MONITOR, RESP3, another database, a reply mode), block, or change the
 * real server's configuration.
 */
function isUnsafe(line: string): boolean {
  const parsed = parseCommandLine(line);
  if (!('argv' in parsed) || parsed.argv.length === 0) return true;
  let argv = parsed.argv.map((w) => w.split('\0')[0]);
  if (/^[+-]?\d+$/.test(argv[0]) && argv.length > 1) argv = argv.slice(1);
  const [name, sub = ''] = argv.map((w) => w.toUpperCase());
  if (
    /^(QUIT|EXIT|HELP|\?|CLEAR|CONNECT|RESTART|MONITOR|SYNC|PSYNC|SHUTDOWN|HELLO|RESET)$/.test(name)
  )
    return true;
  if (/SUBSCRIBE$/.test(name) || /^(REPLICAOF|SLAVEOF|FAILOVER|MIGRATE|INFO|TIME)$/.test(name))
    return true;
  if (name === 'SELECT' && /^\d+$/.test(sub) && Number(sub) !== 0) return true;
  if (name === 'CLIENT' && /^(PAUSE|KILL|REPLY|UNPAUSE)$/.test(sub)) return true;
  if (name === 'CONFIG' && sub === 'SET' && argv.length > 2) return true;
  if (name === 'ACL' && /^(SETUSER|DELUSER|LOAD|SAVE)$/.test(sub)) return true;
  if (name === 'WAIT' && /^\d+$/.test(sub) && Number(sub) > 0) return true;
  if (name === 'DEBUG' || (name === 'SCRIPT' && sub === 'DEBUG')) return true;
  if (
    /^(BLPOP|BRPOP|BLMOVE|BRPOPLPUSH|BZPOPMIN|BZPOPMAX|BLMPOP|BZMPOP|WAITAOF|SAVE|BGSAVE|BGREWRITEAOF)$/.test(
      name,
    )
  )
    return true;
  if (/^XREAD/.test(name) && argv.some((w) => w.toUpperCase() === 'BLOCK')) return true;
  if (name === 'CLIENT' && sub === 'TRACKING') return true;
  if (name === 'MODULE' && /^LOAD/.test(sub)) return true;
  if (name === 'FUNCTION' && sub === 'RESTORE') return true;
  return false;
}

/** A line's words, without a repeat count before the command (`2 GET k`). */
function wordsOf(line: string): string[] {
  const parsed = parseCommandLine(line);
  const argv = 'argv' in parsed ? parsed.argv : [];
  return argv.length > 1 && /^\s*[+-]?\d+$/.test(argv[0]) ? argv.slice(1) : argv;
}

const commandName = (line: string): string => (wordsOf(line)[0] ?? '').toUpperCase();

/** A SCAN's batch, which differs from Redis' (the README says so): not compared. */
const PARTIAL_SCAN = 'a SCAN from a made-up cursor, or one that stopped partway';

/** Printed text reduced to what two servers with different clocks and hash seeds must share. */
function normalise(line: string, text: string): string {
  const argv = wordsOf(line);
  const name = commandName(line);
  if (/^P?(TTL|EXPIRETIME)$/.test(name)) return text.replace(/^\(integer\) \d+$/gm, '(integer) T');
  if (/^(KEYS|SMEMBERS|HGETALL|SCAN|CONFIG)$/.test(name) && !text.startsWith('(error)')) {
    const items = text
      .split('\n')
      .map((l) => l.replace(/^(\s*\d+\) )+/, ''))
      .filter((l) => l !== '');
    if (name === 'HGETALL' || name === 'CONFIG') {
      const pairs: string[] = [];
      for (let i = 0; i < items.length; i += 2) pairs.push(`${items[i]} ${items[i + 1]}`);
      return pairs.sort().join('\n');
    }
    // A made-up cursor starts partway, at another place than in Redis (the README says so).
    if (name === 'SCAN' && argv[1] !== '0') return PARTIAL_SCAN;
    // Batches differ (the README says so): only a whole iteration in one call is compared.
    if (name === 'SCAN' && items[0] !== '"0"') return PARTIAL_SCAN;
    if (name === 'SCAN') return items.slice(1).sort().join('\n');
    return items.sort().join('\n');
  }
  return text;
}

/** Commands that change the keyspace, as the server says (its ACL category @write). */
async function writeCommands(port: number): Promise<Set<string>> {
  const out = redisCliPrints(port, 'COMMAND LIST FILTERBY ACLCAT write');
  return new Set(
    out
      .split('\n')
      .map((l) =>
        l
          .replace(/^\s*\d+\) "?/, '')
          .replace(/"$/, '')
          .toUpperCase(),
      )
      .filter((l) => l !== ''),
  );
}

async function main(): Promise<void> {
  const real = await startRedisServerOn(PORT);
  if (!real) throw new Error(`port ${PORT} is taken`);
  try {
    await fuzz(real.port);
  } finally {
    await real.stop();
  }
}

async function fuzz(port: number): Promise<void> {
  const real = { client: await RespClient.connect(port) };
  const SQL: SqlJsStatic = await loadSqlJsNode();
  const writes = await writeCommands(PORT);
  const rng = new Rng(SEED);
  const differences = new Map<string, string[]>();
  let typed = 0;
  let compared = 0;
  let refusedWhereRedisRan = 0;
  let afterRefusal = 0;
  const seenRefusals = new Set<string>();
  const orderOnly = new Set<string>();
  let store = createSandboxStore();
  const freshStore = async () => {
    store = createSandboxStore();
    await store
      .getState()
      .start(SQL, { scenarioId: null, config: DEFAULT_SANDBOX_CONFIG, inputs: [] });
  };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 20 === 0) await freshStore();
      await real.client.call(['FLUSHALL']);
      await store.getState().runRedis('FLUSHALL');
      const lines: string[] = [];
      if (process.env.LINES_FILE)
        lines.push(
          ...readFileSync(process.env.LINES_FILE, 'utf8')
            .split('\n')
            .filter((l) => l !== ''),
        );
      while (lines.length < (process.env.LINES_FILE ? 0 : LINES_A_ROUND)) {
        const line = lineFor(rng);
        if (!isUnsafe(line)) lines.push(line);
      }
      const all = [...SETUP, ...lines, 'DISCARD', 'UNWATCH', 'KEYS *'];
      typed += lines.length;
      const ours: string[] = [];
      for (const line of all) ours.push((await store.getState().runRedis(line)).text);
      let theirs: string[];
      try {
        theirs = redisCliPrintsEach(PORT, all);
      } catch (e) {
        console.log(
          `round ${round}: redis-cli transcript could not be split (${String(e)}); lines:`,
        );
        console.log(all.map((l) => JSON.stringify(l)).join('\n'));
        continue;
      }
      let diverged = false;
      for (let i = 0; i < all.length; i++) {
        const line = all[i];
        let [a, b] =
          ours[i] === theirs[i] ? ['', ''] : [normalise(line, ours[i]), normalise(line, theirs[i])];
        if (a === PARTIAL_SCAN || b === PARTIAL_SCAN) [a, b] = ['', ''];
        if (a === b && ours[i] !== theirs[i] && /^(\d+ )?(HGETALL|SMEMBERS) /i.test(line))
          orderOnly.add(
            `${line}\n  redis-cli: ${JSON.stringify(theirs[i])}\n  console:   ${JSON.stringify(ours[i])}`,
          );
        compared++;
        if (process.env.LINES_FILE)
          console.log(
            `${a === b ? '  ' : '!='} ${line}\n     ${JSON.stringify(theirs[i])}${a === b ? '' : `\n     ${JSON.stringify(ours[i])}`}`,
          );
        if (a === b) continue;
        const isRefusal = /this console|in-browser|not supported/.test(ours[i]);
        if (isRefusal) {
          seenRefusals.add(ours[i].split('\n')[0].slice(0, 100));
          const name = commandName(line);
          if (!theirs[i].startsWith('(error)')) refusedWhereRedisRan++;
          if (writes.has(name) || name === 'SWAPDB' || name === 'MOVE' || name === 'COPY')
            diverged = true;
          continue;
        }
        if (diverged) {
          afterRefusal++;
          continue;
        }
        const key = `${line}\n  redis-cli: ${JSON.stringify(theirs[i])}\n  console:   ${JSON.stringify(ours[i])}`;
        const context = all.slice(SETUP.length, i).map((l) => `    ${JSON.stringify(l)}`);
        if (!differences.has(key)) differences.set(key, context);
      }
    }
  } finally {
    real.client.close();
  }
  console.log(
    `typed ${typed} fuzzed lines (${compared} with setup), ${refusedWhereRedisRan} refusals where Redis answered, ` +
      `${afterRefusal} lines skipped after a refused write, ${differences.size} distinct differences`,
  );
  for (const [key, context] of differences) {
    console.log(`\n${key}`);
    if (process.env.CONTEXT) console.log(`  after:\n${context.join('\n')}`);
  }
  if (orderOnly.size > 0)
    console.log(`\nin another order (${orderOnly.size}):\n${[...orderOnly].join('\n')}`);
  if (process.env.REFUSALS) console.log([...seenRefusals].join('\n'));
}

void main();
