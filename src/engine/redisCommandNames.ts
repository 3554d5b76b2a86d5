/**
 * Every command a real Redis 7.0 server knows (`COMMAND LIST` on Debian's redis-server 7.0.15,
 * without subcommands), lower case. The console runs only some of them (`COMMANDS` in
 * redisValidation.ts); a name in this list that it does not run is refused as "not supported in
 * this console", never as "unknown command", which would be untrue. Checked against the real
 * server by src/store/redisParity.test.ts.
 */
export const REDIS_7_COMMAND_NAMES: ReadonlySet<string> = new Set(
  `
acl append asking auth bgrewriteaof bgsave bitcount bitfield bitfield_ro bitop bitpos
blmove blmpop blpop brpop brpoplpush bzmpop bzpopmax bzpopmin client cluster command config
copy dbsize debug decr decrby del discard dump echo eval eval_ro evalsha evalsha_ro exec
exists expire expireat expiretime failover fcall fcall_ro flushall flushdb function geoadd
geodist geohash geopos georadius georadius_ro georadiusbymember georadiusbymember_ro
geosearch geosearchstore get getbit getdel getex getrange getset hdel hello hexists hget
hgetall hincrby hincrbyfloat hkeys hlen hmget hmset hrandfield hscan hset hsetnx hstrlen
hvals incr incrby incrbyfloat info keys lastsave latency lcs lindex linsert llen lmove
lmpop lolwut lpop lpos lpush lpushx lrange lrem lset ltrim memory mget migrate module
monitor move mset msetnx multi object persist pexpire pexpireat pexpiretime pfadd pfcount
pfdebug pfmerge pfselftest ping psetex psubscribe psync pttl publish pubsub punsubscribe
quit randomkey readonly readwrite rename renamenx replconf replicaof reset restore
restore-asking role rpop rpoplpush rpush rpushx sadd save scan scard script sdiff
sdiffstore select set setbit setex setnx setrange shutdown sinter sintercard sinterstore
sismember slaveof slowlog smembers smismember smove sort sort_ro spop spublish srandmember
srem sscan ssubscribe strlen subscribe substr sunion sunionstore sunsubscribe swapdb sync
time touch ttl type unlink unsubscribe unwatch wait watch xack xadd xautoclaim xclaim xdel
xgroup xinfo xlen xpending xrange xread xreadgroup xrevrange xsetid xtrim zadd zcard zcount
zdiff zdiffstore zincrby zinter zintercard zinterstore zlexcount zmpop zmscore zpopmax
zpopmin zrandmember zrange zrangebylex zrangebyscore zrangestore zrank zrem zremrangebylex
zremrangebyrank zremrangebyscore zrevrange zrevrangebylex zrevrangebyscore zrevrank zscan
zscore zunion zunionstore
`
    .trim()
    .split(/\s+/),
);

/** `convert`, remembering the first 256 names it saw: a name is usually a lookup. */
function cachedNames(convert: (name: string) => string): (name: string) => string {
  const names = new Map<string, string>();
  return (name) => {
    let converted = names.get(name);
    if (converted === undefined) {
      converted = convert(name);
      if (names.size < 256) names.set(name, converted);
    }
    return converted;
  };
}

/** Command names are case-insensitive; programs send upper case, so this is usually a lookup. */
export const upperName = cachedNames((cmd) => cmd.toUpperCase());

/** The client's method for an upper-case command name: ioredis names its methods in lower case. */
export const methodName = cachedNames((upper) => upper.toLowerCase());

/**
 * The commands Redis 7 refuses inside a script (flag `noscript`: `ERR This Redis command is not
 * allowed from script`), with their arity, which Redis checks first (`COMMAND INFO` on Debian's
 * redis-server 7.0.15). Lower case. The containers ACL, CLIENT, CONFIG, FUNCTION, LATENCY,
 * MODULE and SCRIPT are in {@link REDIS_7_NOSCRIPT_CONTAINERS}: every subcommand but HELP is
 * refused.
 */
export const REDIS_7_NOSCRIPT_COMMANDS: ReadonlyMap<string, number> = new Map(
  `
auth:-2 bgrewriteaof:1 bgsave:-1 blmove:6 blpop:-3 brpop:-3 brpoplpush:4 bzpopmax:-3
bzpopmin:-3 debug:-2 discard:1 eval:-3 eval_ro:-3 evalsha:-3 evalsha_ro:-3 exec:1
failover:-1 fcall:-3 fcall_ro:-3 hello:-1 monitor:1 multi:1 psubscribe:-2 psync:-3
punsubscribe:-1 quit:-1 replconf:-1 replicaof:3 reset:1 role:1 save:1 shutdown:-1
slaveof:3 ssubscribe:-2 subscribe:-2 sunsubscribe:-1 sync:1 unsubscribe:-1 unwatch:1
wait:3 watch:-2
`
    .trim()
    .split(/\s+/)
    .map((entry): [string, number] => {
      const [name, arity] = entry.split(':');
      return [name, Number(arity)];
    }),
);

/** Containers whose subcommands Redis 7 refuses in a script, all but HELP (arity -2 each). */
export const REDIS_7_NOSCRIPT_CONTAINERS: ReadonlySet<string> = new Set([
  'acl',
  'client',
  'config',
  'function',
  'latency',
  'module',
  'script',
]);
