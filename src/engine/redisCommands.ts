// The console's command layer: every command the console accepts, run on the keyspace as Redis
// 7.0 runs it. ioredis-mock is lenient where Redis is strict (no WRONGTYPE, options in lower
// case ignored, floats where Redis wants 64-bit integers, UTF-16 lengths), so the console does
// not go through the mock's commands; it reads and writes the mock's store directly, and the
// application's own commands, which the mock answers correctly, see the same keys.

import type { RedisReply } from './redisCli';
import { asciiUpper, type CommandContext, type CommandOutcome } from './redisCommandKit';
import * as hashes from './redisHashCommands';
import * as keys from './redisKeyCommands';
import * as lists from './redisListCommands';
import * as server from './redisServerCommands';
import * as sets from './redisSetCommands';
import * as strings from './redisStringCommands';
import * as types from './redisTypeCommands';
import { auth, hello } from './redisHello';
import { lcs } from './redisLcs';
import { REDIS_7_HELP } from './redisHelpTexts';
import { validateCommand } from './redisValidation';
import { COMMANDS } from './redisCommandSpecs';

export type { CommandContext, CommandOutcome, KeyspaceStats } from './redisCommandKit';

type Implementation = (ctx: CommandContext, argv: string[]) => CommandOutcome;

const IMPLEMENTATIONS: Record<string, Implementation> = {
  GET: strings.get,
  SET: strings.set,
  DEL: keys.del,
  UNLINK: keys.del,
  EXISTS: keys.exists,
  EXPIRE: keys.expire,
  PEXPIRE: keys.expire,
  EXPIREAT: keys.expire,
  PEXPIREAT: keys.expire,
  EXPIRETIME: keys.ttl,
  PEXPIRETIME: keys.ttl,
  RENAME: keys.rename,
  RENAMENX: keys.rename,
  COPY: keys.copy,
  TTL: keys.ttl,
  PTTL: keys.ttl,
  PERSIST: keys.persist,
  KEYS: keys.keys,
  SCAN: keys.scan,
  DBSIZE: keys.dbsize,
  FLUSHALL: keys.flush,
  FLUSHDB: keys.flush,
  INCR: strings.incrBy,
  DECR: strings.incrBy,
  INCRBY: strings.incrBy,
  DECRBY: strings.incrBy,
  MGET: strings.mget,
  MSET: strings.mset,
  SETNX: strings.setnx,
  SETEX: strings.setex,
  PSETEX: strings.setex,
  GETDEL: strings.getdel,
  GETEX: strings.getex,
  APPEND: strings.append,
  STRLEN: strings.strlen,
  GETSET: strings.getset,
  MSETNX: strings.msetnx,
  GETRANGE: strings.getrange,
  SUBSTR: strings.getrange,
  INCRBYFLOAT: strings.incrByFloat,
  SETRANGE: strings.setRange,
  LCS: lcs,
  TYPE: keys.type,
  OBJECT: keys.object,
  TOUCH: keys.touch,
  MOVE: keys.move,
  SWAPDB: server.swapdb,
  WAIT: server.wait,
  HSET: types.hset,
  HGET: types.hget,
  HGETALL: types.hgetall,
  HDEL: types.hdel,
  HLEN: types.hlen,
  HEXISTS: types.hexists,
  HMGET: types.hmget,
  HSETNX: hashes.hsetnx,
  HMSET: hashes.hmset,
  HINCRBY: hashes.hincrby,
  HINCRBYFLOAT: hashes.hincrbyfloat,
  HSTRLEN: hashes.hstrlen,
  HKEYS: hashes.hkeysOrVals,
  HVALS: hashes.hkeysOrVals,
  LPUSH: types.push,
  RPUSH: types.push,
  LRANGE: types.lrange,
  LLEN: types.llen,
  LPOP: types.pop,
  RPOP: types.pop,
  LINSERT: types.linsert,
  LINDEX: lists.lindex,
  LPOS: lists.lpos,
  LSET: lists.lset,
  LREM: lists.lrem,
  LPUSHX: lists.pushx,
  RPUSHX: lists.pushx,
  LTRIM: lists.ltrim,
  LMOVE: lists.lmove,
  RPOPLPUSH: lists.lmove,
  SADD: types.sadd,
  SMEMBERS: types.smembers,
  SCARD: types.scard,
  SISMEMBER: types.sismember,
  SREM: types.srem,
  SMISMEMBER: sets.smismember,
  SINTER: sets.combineSets,
  SUNION: sets.combineSets,
  SDIFF: sets.combineSets,
  SINTERSTORE: sets.storeCombinedSets,
  SUNIONSTORE: sets.storeCombinedSets,
  SDIFFSTORE: sets.storeCombinedSets,
  SINTERCARD: sets.sintercard,
  SMOVE: sets.smove,
  PING: server.ping,
  ECHO: server.echo,
  HELLO: hello,
  AUTH: auth,
  SELECT: server.select,
  CONFIG: server.config,
  TIME: server.time,
  INFO: server.info,
  UNSUBSCRIBE: server.unsubscribe,
  PUNSUBSCRIBE: server.unsubscribe,
  SUNSUBSCRIBE: server.unsubscribe,
  HELP: server.help,
};

/** Names that are registered for validation but would have no implementation: a bug. */
const missing = [...COMMANDS.keys()].filter((name) => !(name in IMPLEMENTATIONS));
if (missing.length > 0) throw new Error(`no implementation for ${missing.join(', ')}`);

/**
 * Runs one console command as Redis 7.0 would: validation first (name, arity, options), then
 * the command with its type checks. Never throws for any argv; every failure is an
 * `{ error }` reply with Redis' text.
 *
 * @returns the reply (bulk strings as strings, statuses as `{ status }`, integers as numbers
 *   or `{ integer }` beyond 2^53) and the keys the command may have changed.
 */
export function runCommand(ctx: CommandContext, argv: string[]): CommandOutcome {
  if (argv.length === 0) return { reply: { error: 'ERR empty command' }, touched: [] };
  const refusal = validateCommand(
    argv,
    ctx.isFromScript === 'code' ? 'code script' : ctx.isFromScript === true ? 'script' : 'console',
  );
  if (refusal !== null) return { reply: { error: refusal }, touched: [] };
  const help = containerHelp(argv);
  if (help !== undefined) return { reply: help, touched: [] };
  let outcome: CommandOutcome;
  try {
    outcome = IMPLEMENTATIONS[asciiUpper(argv[0])](ctx, argv);
  } catch {
    // A bug here must not surface as a JavaScript message dressed up as a Redis reply.
    return { reply: { error: 'ERR this console failed to run the command' }, touched: 'all' };
  }
  return { reply: cleanErrors(outcome.reply), touched: outcome.touched };
}

/**
 * `<container> HELP` (validation let it through with its words right): Redis' own lines, each a
 * status reply as Redis sends them. Undefined for any other command.
 */
function containerHelp(argv: string[]): RedisReply | undefined {
  if (argv.length !== 2 || asciiUpper(argv[1]) !== 'HELP') return undefined;
  return REDIS_7_HELP.get(argv[0].toLowerCase())?.map((line) => ({ status: line }));
}

/** Redis turns CR and LF in error replies into spaces so the protocol stays line-based. */
function cleanErrors(reply: RedisReply): RedisReply {
  if (typeof reply === 'object' && reply !== null && 'error' in reply)
    return { error: reply.error.replace(/[\r\n]/g, ' ') };
  return reply;
}
