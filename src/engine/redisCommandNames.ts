import { asciiLower } from './redisCommandKit';

/** `name:arity` words, read into a map. */
const arities = (words: string): ReadonlyMap<string, number> =>
  new Map(
    words
      .trim()
      .split(/\s+/)
      .map((entry): [string, number] => {
        const at = entry.lastIndexOf(':');
        return [entry.slice(0, at), Number(entry.slice(at + 1))];
      }),
  );

/**
 * Every command a real Redis 7.0 server knows, lower case, with its arity (`COMMAND` on
 * Debian's redis-server 7.0.15; negative: at least that many words, counting the name). The
 * console runs only some of them (`COMMANDS` in redisCommandSpecs.ts); a name in this list that it
 * does not run is refused as "not supported in this console", never as "unknown command",
 * which would be untrue, and only once its arity is right, as Redis checks arity first. Checked
 * against the real server by src/store/redisParity.test.ts.
 */
export const REDIS_7_ARITIES: ReadonlyMap<string, number> = arities(`
acl:-2 append:3 asking:1 auth:-2 bgrewriteaof:1 bgsave:-1 bitcount:-2 bitfield:-2 bitfield_ro:-2
bitop:-4 bitpos:-3 blmove:6 blmpop:-5 blpop:-3 brpop:-3 brpoplpush:4 bzmpop:-5 bzpopmax:-3
bzpopmin:-3 client:-2 cluster:-2 command:-1 config:-2 copy:-3 dbsize:1 debug:-2 decr:2 decrby:3
del:-2 discard:1 dump:2 echo:2 eval:-3 eval_ro:-3 evalsha:-3 evalsha_ro:-3 exec:1 exists:-2
expire:-3 expireat:-3 expiretime:2 failover:-1 fcall:-3 fcall_ro:-3 flushall:-1 flushdb:-1
function:-2 geoadd:-5 geodist:-4 geohash:-2 geopos:-2 georadius:-6 georadius_ro:-6
georadiusbymember:-5 georadiusbymember_ro:-5 geosearch:-7 geosearchstore:-8 get:2 getbit:3
getdel:2 getex:-2 getrange:4 getset:3 hdel:-3 hello:-1 hexists:3 hget:3 hgetall:2 hincrby:4
hincrbyfloat:4 hkeys:2 hlen:2 hmget:-3 hmset:-4 hrandfield:-2 hscan:-3 hset:-4 hsetnx:4
hstrlen:3 hvals:2 incr:2 incrby:3 incrbyfloat:3 info:-1 keys:2 lastsave:1 latency:-2 lcs:-3
lindex:3 linsert:5 llen:2 lmove:5 lmpop:-4 lolwut:-1 lpop:-2 lpos:-3 lpush:-3 lpushx:-3 lrange:4
lrem:4 lset:4 ltrim:4 memory:-2 mget:-2 migrate:-6 module:-2 monitor:1 move:3 mset:-3 msetnx:-3
multi:1 object:-2 persist:2 pexpire:-3 pexpireat:-3 pexpiretime:2 pfadd:-2 pfcount:-2 pfdebug:3
pfmerge:-2 pfselftest:1 ping:-1 psetex:4 psubscribe:-2 psync:-3 pttl:2 publish:3 pubsub:-2
punsubscribe:-1 quit:-1 randomkey:1 readonly:1 readwrite:1 rename:3 renamenx:3 replconf:-1
replicaof:3 reset:1 restore:-4 restore-asking:-4 role:1 rpop:-2 rpoplpush:3 rpush:-3 rpushx:-3
sadd:-3 save:1 scan:-2 scard:2 script:-2 sdiff:-2 sdiffstore:-3 select:2 set:-3 setbit:4 setex:4
setnx:3 setrange:4 shutdown:-1 sinter:-2 sintercard:-3 sinterstore:-3 sismember:3 slaveof:3
slowlog:-2 smembers:2 smismember:-3 smove:4 sort:-2 sort_ro:-2 spop:-2 spublish:3 srandmember:-2
srem:-3 sscan:-3 ssubscribe:-2 strlen:2 subscribe:-2 substr:4 sunion:-2 sunionstore:-3
sunsubscribe:-1 swapdb:3 sync:1 time:1 touch:-2 ttl:2 type:2 unlink:-2 unsubscribe:-1 unwatch:1
wait:3 watch:-2 xack:-4 xadd:-5 xautoclaim:-6 xclaim:-6 xdel:-3 xgroup:-2 xinfo:-2 xlen:2
xpending:-3 xrange:-4 xread:-4 xreadgroup:-7 xrevrange:-4 xsetid:-3 xtrim:-4 zadd:-4 zcard:2
zcount:4 zdiff:-3 zdiffstore:-4 zincrby:4 zinter:-3 zintercard:-3 zinterstore:-4 zlexcount:4
zmpop:-4 zmscore:-3 zpopmax:-2 zpopmin:-2 zrandmember:-2 zrange:-4 zrangebylex:-4
zrangebyscore:-4 zrangestore:-5 zrank:3 zrem:-3 zremrangebylex:4 zremrangebyrank:4
zremrangebyscore:4 zrevrange:-4 zrevrangebylex:-4 zrevrangebyscore:-4 zrevrank:3 zscan:-3
zscore:3 zunion:-3 zunionstore:-4
`);

/**
 * The subcommands of Redis 7.0's container commands (ACL, CLIENT, CONFIG ...), as
 * `container|sub`, with their arity (counting the container's name), from the same `COMMAND`.
 */
export const REDIS_7_SUBCOMMAND_ARITIES: ReadonlyMap<string, number> = arities(`
acl|cat:-2 acl|deluser:-3 acl|dryrun:-4 acl|genpass:-2 acl|getuser:3 acl|help:2 acl|list:2
acl|load:2 acl|log:-2 acl|save:2 acl|setuser:-3 acl|users:2 acl|whoami:2 client|caching:3
client|getname:2 client|getredir:2 client|help:2 client|id:2 client|info:2 client|kill:-3
client|list:-2 client|no-evict:3 client|pause:-3 client|reply:3 client|setname:3
client|tracking:-3 client|trackinginfo:2 client|unblock:-3 client|unpause:2 cluster|addslots:-3
cluster|addslotsrange:-4 cluster|bumpepoch:2 cluster|count-failure-reports:3
cluster|countkeysinslot:3 cluster|delslots:-3 cluster|delslotsrange:-4 cluster|failover:-2
cluster|flushslots:2 cluster|forget:3 cluster|getkeysinslot:4 cluster|help:2 cluster|info:2
cluster|keyslot:3 cluster|links:2 cluster|meet:-4 cluster|myid:2 cluster|nodes:2
cluster|replicas:3 cluster|replicate:3 cluster|reset:-2 cluster|saveconfig:2
cluster|set-config-epoch:3 cluster|setslot:-4 cluster|shards:2 cluster|slaves:3 cluster|slots:2
command|count:2 command|docs:-2 command|getkeys:-4 command|getkeysandflags:-4 command|help:2
command|info:-2 command|list:-2 config|get:-3 config|help:2 config|resetstat:2 config|rewrite:2
config|set:-4 function|delete:3 function|dump:2 function|flush:-2 function|help:2
function|kill:2 function|list:-2 function|load:-3 function|restore:-3 function|stats:2
latency|doctor:2 latency|graph:3 latency|help:2 latency|histogram:-2 latency|history:3
latency|latest:2 latency|reset:-2 memory|doctor:2 memory|help:2 memory|malloc-stats:2
memory|purge:2 memory|stats:2 memory|usage:-3 module|help:2 module|list:2 module|load:-3
module|loadex:-3 module|unload:3 object|encoding:3 object|freq:3 object|help:2 object|idletime:3
object|refcount:3 pubsub|channels:-2 pubsub|help:2 pubsub|numpat:2 pubsub|numsub:-2
pubsub|shardchannels:-2 pubsub|shardnumsub:-2 script|debug:3 script|exists:-3 script|flush:-2
script|help:2 script|kill:2 script|load:3 slowlog|get:-2 slowlog|help:2 slowlog|len:2
slowlog|reset:2 xgroup|create:-5 xgroup|createconsumer:5 xgroup|delconsumer:5 xgroup|destroy:4
xgroup|help:2 xgroup|setid:-5 xinfo|consumers:4 xinfo|groups:3 xinfo|help:2 xinfo|stream:-3
`);

/** Every command a real Redis 7.0 server knows, lower case, without subcommands. */
export const REDIS_7_COMMAND_NAMES: ReadonlySet<string> = new Set(REDIS_7_ARITIES.keys());

/**
 * The groups Redis 7.0 files its commands under (each command's `group` in `COMMAND DOCS`), which
 * redis-cli's `help @group` takes. Checked against the server by redisParity.test.ts.
 */
export const REDIS_7_COMMAND_GROUPS: ReadonlySet<string> = new Set([
  'bitmap',
  'cluster',
  'connection',
  'generic',
  'geo',
  'hash',
  'hyperloglog',
  'list',
  'pubsub',
  'scripting',
  'server',
  'set',
  'sorted-set',
  'stream',
  'string',
  'transactions',
]);

/** Containers: the commands that have subcommands. */
const CONTAINERS: ReadonlySet<string> = new Set(
  [...REDIS_7_SUBCOMMAND_ARITIES.keys()].map((name) => name.slice(0, name.indexOf('|'))),
);

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** The command Redis 7 looked up for argv, when it has it, and why it refuses it unrun. */
export type Redis7Lookup =
  /** A container's subcommand it does not have: `ERR unknown subcommand ...` (`error`). */
  | { refusal: 'unknown subcommand'; error: string }
  /** The wrong number of words for `name` (`client|id` for a subcommand). */
  | { refusal: 'arity'; name: string; error: string }
  /** Redis would run it. */
  | { refusal: null; name: string };

/**
 * What Redis 7.0 makes of argv before running it, from its words alone (`lookupCommand`, then
 * the arity check): a container with a subcommand is looked up by both words. Undefined when
 * Redis has no command of that name. The errors are the console's (a script's are worded apart).
 */
export function lookupRedis7Command(argv: readonly string[]): Redis7Lookup | undefined {
  const name = asciiLower(argv[0]);
  const arity = REDIS_7_ARITIES.get(name);
  if (arity === undefined) return undefined;
  let looked = { name, arity };
  if (argv.length >= 2 && CONTAINERS.has(name)) {
    const full = `${name}|${asciiLower(argv[1])}`;
    const subArity = REDIS_7_SUBCOMMAND_ARITIES.get(full);
    if (subArity === undefined) {
      // `%.128s`: up to a NUL byte, at most 128 bytes (possibly mid-character).
      const bytes = utf8.encode(argv[1]);
      const nul = bytes.indexOf(0);
      const shown = fromUtf8.decode(bytes.subarray(0, Math.min(nul < 0 ? bytes.length : nul, 128)));
      return {
        refusal: 'unknown subcommand',
        error: `ERR unknown subcommand '${shown}'. Try ${name.toUpperCase()} HELP.`,
      };
    }
    looked = { name: full, arity: subArity };
  }
  const isArityWrong =
    looked.arity >= 0 ? argv.length !== looked.arity : argv.length < -looked.arity;
  if (!isArityWrong) return { refusal: null, name: looked.name };
  const error = `ERR wrong number of arguments for '${looked.name}' command`;
  // EXEC refused before running discards the transaction, in these words, even outside MULTI.
  return {
    refusal: 'arity',
    name: looked.name,
    error:
      name === 'exec' ? `EXECABORT Transaction discarded because of: ${error.slice(4)}` : error,
  };
}

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

const cachedUpperName = cachedNames((cmd) => cmd.toUpperCase());

/**
 * Command names are case-insensitive; programs send upper case, so this is usually a lookup.
 * The programs' three commands are known without one: the adapter asks twice for every command
 * of a long run (as it sends it and as its reply comes back).
 */
export const upperName = (cmd: string): string =>
  cmd === 'GET' || cmd === 'SET' || cmd === 'DEL' ? cmd : cachedUpperName(cmd);

/** The client's method for an upper-case command name: ioredis names its methods in lower case. */
export const methodName = cachedNames((upper) => upper.toLowerCase());

/**
 * The commands Redis 7 refuses inside a script (flag `noscript`: `ERR This Redis command is not
 * allowed from script`), which it checks after their arity (`COMMAND INFO` on Debian's
 * redis-server 7.0.15), and one subcommand of another container (CLUSTER RESET). Lower case.
 * The containers ACL, CLIENT, CONFIG, FUNCTION, LATENCY, MODULE and SCRIPT are in
 * {@link REDIS_7_NOSCRIPT_CONTAINERS}: every subcommand but HELP is refused.
 */
export const REDIS_7_NOSCRIPT_COMMANDS: ReadonlySet<string> = new Set(
  `
auth bgrewriteaof bgsave blmove blpop brpop brpoplpush bzpopmax bzpopmin debug discard eval
eval_ro evalsha evalsha_ro exec failover fcall fcall_ro hello monitor multi psubscribe psync
punsubscribe quit replconf replicaof reset role save shutdown slaveof ssubscribe subscribe
sunsubscribe sync unsubscribe unwatch wait watch cluster|reset
`
    .trim()
    .split(/\s+/),
);

/** Containers whose subcommands Redis 7 refuses in a script, all but HELP. */
export const REDIS_7_NOSCRIPT_CONTAINERS: ReadonlySet<string> = new Set([
  'acl',
  'client',
  'config',
  'function',
  'latency',
  'module',
  'script',
]);
