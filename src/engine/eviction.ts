// Redis 7's eviction (src/evict.c, and updateLFU in src/db.c), on the virtual clock and the
// seeded RNG. The cache adapter calls it; it touches no keyspace itself: it ranks the keys of a
// KeyIndex and names the one to evict.
import type { KeyEntry, KeyIndex } from './keyIndex';
import type { Rng } from './rng';

export type EvictionPolicy = 'noeviction' | 'allkeys-lru' | 'allkeys-lfu' | 'allkeys-random';
export const EVICTION_POLICIES: readonly EvictionPolicy[] = [
  'noeviction',
  'allkeys-lru',
  'allkeys-lfu',
  'allkeys-random',
];

/** Candidates kept across evictions (`EVPOOL_SIZE`). */
export const EVICTION_POOL_SIZE = 16;
/** `maxmemory-samples` default. */
export const MAXMEMORY_SAMPLES = 5;
/**
 * `LRU_CLOCK_RESOLUTION`: Redis stamps each access with a clock that ticks once a second (and
 * is refreshed ten times a second by serverCron). The lab keeps that resolution on virtual time,
 * because it is what decides Redis' choices: keys touched within the same second look equally
 * recent, so at thousands of requests a second LRU is coarse, in the lab as on a real server.
 * A finer clock here would model a better LRU than Redis has.
 */
export const LRU_CLOCK_RESOLUTION_MS = 1000;
/** A new key's LFU counter (`LFU_INIT_VAL`), so it survives a few samples before its first hits. */
export const LFU_INIT_VAL = 5;
/** `lfu-log-factor` default: about a million hits saturate the counter at 255. */
export const LFU_LOG_FACTOR = 10;
/** `lfu-decay-time` default, minutes: the counter loses one per idle minute. */
export const LFU_DECAY_TIME_MINUTES = 1;

/** Redis' `LRU_CLOCK()` at a virtual time (Redis also wraps it at 24 bits, 194 days; runs are shorter). */
export function lruClock(nowMs: number, resolutionMs = LRU_CLOCK_RESOLUTION_MS): number {
  return Math.floor(nowMs / resolutionMs);
}

/** `estimateObjectIdleTime`: ms since the key's last access, in whole clock ticks. */
export function estimateIdleTimeMs(
  entryClock: number,
  nowMs: number,
  resolutionMs = LRU_CLOCK_RESOLUTION_MS,
): number {
  return (lruClock(nowMs, resolutionMs) - entryClock) * resolutionMs;
}

/** `LFUGetTimeInMinutes`: whole minutes of the clock (Redis keeps 16 bits: 45 days). */
export function lfuTimeInMinutes(nowMs: number): number {
  return Math.floor(nowMs / 60_000);
}

/**
 * `LFULogIncr`: adds one with probability 1 / ((counter - LFU_INIT_VAL) * factor + 1), so a key
 * needs about 10 hits to go from 5 to 6, 10x more for each step after; saturates at 255.
 * Draws one number from `rng` unless the counter is saturated, as Redis calls rand().
 */
export function lfuLogIncr(counter: number, rng: Rng, logFactor = LFU_LOG_FACTOR): number {
  if (counter === 255) return 255;
  const r = rng.next();
  const baseval = Math.max(0, counter - LFU_INIT_VAL);
  const p = 1 / (baseval * logFactor + 1);
  return r < p ? counter + 1 : counter;
}

/**
 * `LFUDecrAndReturn`: the counter less one for every `decayMinutes` whole minutes since the
 * key's last access (never below 0). It does not store the result: only an access does.
 */
export function lfuDecrAndReturn(
  counter: number,
  lastMinutes: number,
  nowMs: number,
  decayMinutes = LFU_DECAY_TIME_MINUTES,
): number {
  const periods =
    decayMinutes > 0 ? Math.floor((lfuTimeInMinutes(nowMs) - lastMinutes) / decayMinutes) : 0;
  return periods > counter ? 0 : counter - periods;
}

/**
 * The eviction pool (`EvictionPoolLRU`): up to 16 candidates in ascending order of score (idle
 * time, or 255 minus the LFU counter), the best on the right. It survives between evictions, so
 * each eviction picks the best of many samples, not only of its own five. As in Redis, a score
 * is not refreshed once in the pool, the same key can sit in it twice, and a key deleted since
 * stays as a "ghost" that is skipped when its turn comes.
 */
export class EvictionPool {
  readonly scores = new Float64Array(EVICTION_POOL_SIZE);
  readonly keys: (string | null)[] = new Array<string | null>(EVICTION_POOL_SIZE).fill(null);

  /** One sampled key, inserted where `evictionPoolPopulate` would insert it (or not at all). */
  insert(key: string, score: number): void {
    const keys = this.keys;
    const scores = this.scores;
    const last = EVICTION_POOL_SIZE - 1;
    let k = 0;
    while (k < EVICTION_POOL_SIZE && keys[k] !== null && scores[k] < score) k++;
    if (k === 0 && keys[last] !== null) return; // worse than everything in a full pool
    if (k < EVICTION_POOL_SIZE && keys[k] === null) {
      // an empty slot: insert there
    } else if (keys[last] === null) {
      // room on the right: shift k.. right by one
      for (let i = last; i > k; i--) {
        keys[i] = keys[i - 1];
        scores[i] = scores[i - 1];
      }
    } else {
      // full: drop the worst (leftmost), shifting ..k-1 left, and insert at k-1
      k--;
      for (let i = 0; i < k; i++) {
        keys[i] = keys[i + 1];
        scores[i] = scores[i + 1];
      }
    }
    keys[k] = key;
    scores[k] = score;
  }

  /**
   * Takes candidates from the best end until one still exists in `index`, and returns it;
   * every entry looked at leaves the pool. Undefined when only ghosts were left.
   */
  takeBest(index: KeyIndex): KeyEntry | undefined {
    for (let k = EVICTION_POOL_SIZE - 1; k >= 0; k--) {
      const key = this.keys[k];
      if (key === null) continue;
      this.keys[k] = null;
      this.scores[k] = 0;
      const entry = index.get(key);
      if (entry) return entry;
    }
    return undefined;
  }

  clear(): void {
    this.keys.fill(null);
    this.scores.fill(0);
  }
}

export interface EvictorOptions {
  /** `maxmemory-samples`. */
  samples: number;
  lruClockResolutionMs: number;
  lfuLogFactor: number;
  lfuDecayTimeMinutes: number;
}

export const REDIS_EVICTION_DEFAULTS: EvictorOptions = {
  samples: MAXMEMORY_SAMPLES,
  lruClockResolutionMs: LRU_CLOCK_RESOLUTION_MS,
  lfuLogFactor: LFU_LOG_FACTOR,
  lfuDecayTimeMinutes: LFU_DECAY_TIME_MINUTES,
};

/**
 * One policy's bookkeeping and choice of victim. The adapter reports each key's creation and
 * each access (what Redis' `lookupKey` counts as one: GET, SET and other writes, not EXISTS or
 * TTL), and asks for a victim when the cache holds more keys than it may.
 */
export class Evictor {
  readonly policy: EvictionPolicy;
  readonly options: EvictorOptions;
  private readonly rng: Rng;
  private readonly pool = new EvictionPool();

  constructor(policy: EvictionPolicy, rng: Rng, options: Partial<EvictorOptions> = {}) {
    this.policy = policy;
    this.rng = rng;
    this.options = { ...REDIS_EVICTION_DEFAULTS, ...options };
  }

  /** A key was created (`createObject`): now for LRU, LFU_INIT_VAL for LFU. */
  created(entry: KeyEntry, nowMs: number): void {
    entry.lruClock = lruClock(nowMs, this.options.lruClockResolutionMs);
    entry.lfuCounter = LFU_INIT_VAL;
    entry.lfuMinutes = lfuTimeInMinutes(nowMs);
  }

  /** A command looked the key up (`lookupKey` without NOTOUCH). */
  accessed(entry: KeyEntry, nowMs: number): void {
    if (this.policy === 'allkeys-lfu') {
      // updateLFU: decay for the idle minutes, then the logarithmic increment.
      const decayed = lfuDecrAndReturn(
        entry.lfuCounter,
        entry.lfuMinutes,
        nowMs,
        this.options.lfuDecayTimeMinutes,
      );
      entry.lfuCounter = lfuLogIncr(decayed, this.rng, this.options.lfuLogFactor);
      entry.lfuMinutes = lfuTimeInMinutes(nowMs);
    } else entry.lruClock = lruClock(nowMs, this.options.lruClockResolutionMs);
  }

  /** OBJECT FREQ: the LFU counter after its decay for the idle minutes (`LFUDecrAndReturn`). */
  frequency(entry: KeyEntry, nowMs: number): number {
    return lfuDecrAndReturn(
      entry.lfuCounter,
      entry.lfuMinutes,
      nowMs,
      this.options.lfuDecayTimeMinutes,
    );
  }

  /** OBJECT IDLETIME, in ms: since the last access, in LRU clock ticks (`estimateObjectIdleTime`). */
  idleTimeMs(entry: KeyEntry, nowMs: number): number {
    return estimateIdleTimeMs(entry.lruClock, nowMs, this.options.lruClockResolutionMs);
  }

  /** The score the pool ranks by: higher is evicted first. */
  score(entry: KeyEntry, nowMs: number): number {
    return this.policy === 'allkeys-lfu'
      ? 255 -
          lfuDecrAndReturn(
            entry.lfuCounter,
            entry.lfuMinutes,
            nowMs,
            this.options.lfuDecayTimeMinutes,
          )
      : estimateIdleTimeMs(entry.lruClock, nowMs, this.options.lruClockResolutionMs);
  }

  /**
   * The key to evict next (`performEvictions`), or undefined when there is none or the policy
   * is noeviction. The index must hold live keys only (the adapter reaps expired ones first).
   */
  pickVictim(index: KeyIndex, nowMs: number): KeyEntry | undefined {
    if (this.policy === 'noeviction' || index.size === 0) return undefined;
    if (this.policy === 'allkeys-random') return index.at(this.rng.int(index.size));
    for (;;) {
      this.populate(index, nowMs);
      const victim = this.pool.takeBest(index);
      if (victim) return victim;
    }
  }

  /**
   * `evictionPoolPopulate`: up to `samples` distinct random keys (Redis' `dictGetSomeKeys` takes
   * them from consecutive hash buckets at a random place; the hash scatters keys, so that is a
   * random sample too) offered to the pool.
   */
  private populate(index: KeyIndex, nowMs: number): void {
    const n = index.size;
    const count = Math.min(this.options.samples, n);
    for (let s = 0; s < count; s++) {
      const j = s + this.rng.int(n - s);
      if (j !== s) index.swap(s, j);
      const entry = index.at(s);
      this.pool.insert(entry.key, this.score(entry, nowMs));
    }
  }

  /** A restarted server starts with an empty pool. */
  reset(): void {
    this.pool.clear();
  }

  /** The pool and the generator, for Back's checkpoints. */
  saveState(): EvictorState {
    return { rng: this.rng.saveState(), keys: [...this.pool.keys], scores: [...this.pool.scores] };
  }

  loadState(state: EvictorState): void {
    this.rng.loadState(state.rng);
    state.keys.forEach((key, i) => (this.pool.keys[i] = key));
    this.pool.scores.set(state.scores);
  }
}

export interface EvictorState {
  rng: number;
  keys: (string | null)[];
  scores: number[];
}

/** Where in its arguments a command names the keys it may create. */
type CreatedKeys = 'first' | 'second' | 'pairs' | 'script';

/**
 * Commands that may create a key, and where the key is. Those Redis 7 flags `denyoom`
 * ({@link REDIS_7_DENYOOM}) are refused with the OOM error under `noeviction` when the cache is
 * full; the others (SMOVE, scripts) run, as on Redis, and may take the cache over its limit.
 */
const KEY_CREATING = new Map<string, CreatedKeys>([
  ['SET', 'first'],
  ['SETNX', 'first'],
  ['SETEX', 'first'],
  ['PSETEX', 'first'],
  ['GETSET', 'first'],
  ['APPEND', 'first'],
  ['SETRANGE', 'first'],
  ['SETBIT', 'first'],
  ['BITFIELD', 'first'],
  ['INCR', 'first'],
  ['DECR', 'first'],
  ['INCRBY', 'first'],
  ['DECRBY', 'first'],
  ['INCRBYFLOAT', 'first'],
  ['MSET', 'pairs'],
  ['MSETNX', 'pairs'],
  ['HSET', 'first'],
  ['HSETNX', 'first'],
  ['HMSET', 'first'],
  ['HINCRBY', 'first'],
  ['HINCRBYFLOAT', 'first'],
  ['LPUSH', 'first'],
  ['RPUSH', 'first'],
  ['LMOVE', 'second'],
  ['RPOPLPUSH', 'second'],
  ['SADD', 'first'],
  ['SMOVE', 'second'],
  ['SINTERSTORE', 'first'],
  ['SUNIONSTORE', 'first'],
  ['SDIFFSTORE', 'first'],
  ['ZADD', 'first'],
  ['ZINCRBY', 'first'],
  ['ZRANGESTORE', 'first'],
  ['ZINTERSTORE', 'first'],
  ['ZUNIONSTORE', 'first'],
  ['ZDIFFSTORE', 'first'],
  ['PFADD', 'first'],
  ['PFMERGE', 'first'],
  ['GEOADD', 'first'],
  ['XADD', 'first'],
  ['COPY', 'second'],
  ['BITOP', 'second'],
  ['RESTORE', 'first'],
  ['EVAL', 'script'],
  ['EVALSHA', 'script'],
]);

/**
 * Every command Redis 7.0 flags `denyoom` in its command table (a subcommand as `NAME|SUB`), as
 * `COMMAND INFO` on redis-server 7.0.15 lists them (`src/store/redisDenyOomParity.test.ts`
 * checks this list against the server). Some create no key (LINSERT, LSET, LPUSHX): Redis
 * refuses them too while memory is over the limit, because they may make a value bigger.
 */
export const REDIS_7_DENYOOM: ReadonlySet<string> = new Set([
  'APPEND',
  'BITFIELD',
  'BITOP',
  'BLMOVE',
  'BRPOPLPUSH',
  'COPY',
  'DECR',
  'DECRBY',
  'FUNCTION|LOAD',
  'FUNCTION|RESTORE',
  'GEOADD',
  'GEORADIUS',
  'GEORADIUSBYMEMBER',
  'GEOSEARCHSTORE',
  'GETSET',
  'HINCRBY',
  'HINCRBYFLOAT',
  'HMSET',
  'HSET',
  'HSETNX',
  'INCR',
  'INCRBY',
  'INCRBYFLOAT',
  'LINSERT',
  'LMOVE',
  'LPUSH',
  'LPUSHX',
  'LSET',
  'MSET',
  'MSETNX',
  'PFADD',
  'PFDEBUG',
  'PFMERGE',
  'PSETEX',
  'RESTORE',
  'RESTORE-ASKING',
  'RPOPLPUSH',
  'RPUSH',
  'RPUSHX',
  'SADD',
  'SDIFFSTORE',
  'SET',
  'SETBIT',
  'SETEX',
  'SETNX',
  'SETRANGE',
  'SINTERSTORE',
  'SORT',
  'SUNIONSTORE',
  'XADD',
  'XGROUP|CREATE',
  'XGROUP|CREATECONSUMER',
  'XSETID',
  'ZADD',
  'ZDIFFSTORE',
  'ZINCRBY',
  'ZINTERSTORE',
  'ZRANGESTORE',
  'ZUNIONSTORE',
]);

/** True when `name` (upper case) may create a key. */
export function isKeyCreating(name: string): boolean {
  return KEY_CREATING.has(name);
}

/**
 * True when Redis 7 refuses the command (upper-case `name`, its arguments in `argv`) with the
 * OOM error while memory is over the limit. SMOVE and scripts are not flagged: they run.
 */
export function isDenyOom(name: string, argv: readonly string[] = []): boolean {
  if (REDIS_7_DENYOOM.has(name)) return true;
  return argv.length > 1 && REDIS_7_DENYOOM.has(`${name}|${argv[1].toUpperCase()}`);
}

/** The keys a command (upper-case `name`) may create, distinct, in argument order. */
export function keysMaybeCreated(name: string, argv: readonly string[]): string[] {
  switch (KEY_CREATING.get(name)) {
    case 'first':
      return argv.length > 1 ? [argv[1]] : [];
    case 'second':
      return argv.length > 2 ? [argv[2]] : [];
    case 'pairs': {
      const keys = new Set<string>();
      for (let i = 1; i < argv.length; i += 2) keys.add(argv[i]);
      return [...keys];
    }
    case 'script': {
      const n = Number(argv[2]);
      if (!Number.isInteger(n) || n <= 0) return [];
      return [...new Set(argv.slice(3, 3 + n))];
    }
    default:
      return [];
  }
}
