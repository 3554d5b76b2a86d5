// `npm run sim -- --redis-url ...`: the same seeded workload with a real Redis as the cache.
//
// The engine never reads a clock; a real server does (TTLs, the LRU clock, LFU decay). So this
// host paces the run: before each event it waits until its wall clock, from the start of the
// run, reaches the event's virtual time (1 virtual ms = 1 real ms). The server then sees each
// command when the virtual run says it happens, and its clocks agree with the engine's.
// To make that take seconds rather than minutes, the workload is compressed first, uniformly:
// the request rate is multiplied by a factor and every duration (TTL, latencies, faults) divided
// by it. The same seed then gives the same requests in the same order, f times faster, so
// rate x TTL (what sets a TTL cache's hit rate) and the races (latency against arrival gaps)
// stay as asked. Only Redis' fixed clocks do not scale: the LRU clock's second and LFU's
// decay minute (and the TTL is rounded to whole seconds, as `EX` needs).
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import type { ConnectionFactory, RedisClientLike } from '../engine/cache';
import type { WorkloadConfig } from '../engine/workload';
import { WORKLOAD_LIMITS } from '../schema/workload';
import { counted, formatNumber } from '../schema/fields';
import { errorMessage } from '../engine/errorMessage';

export interface WallClockPlan {
  config: WorkloadConfig;
  /** How many times faster than asked the scaled run goes (1: unchanged). */
  factor: number;
  /** What was changed, for the reader. */
  notes: string[];
}

/** Virtual seconds a run lasts: until its requests are done, or its duration if shorter. */
export function expectedSeconds(config: WorkloadConfig): number {
  const byRequests = config.requests / config.rate;
  return config.durationSeconds > 0 ? Math.min(config.durationSeconds, byRequests) : byRequests;
}

/**
 * Compresses a workload to last about `wallSeconds`: rate times f, TTL, latencies and durations
 * divided by f, with f chosen so the TTL stays a whole number of seconds (Redis' `EX` takes
 * integers). If that is not enough (a TTL of a few seconds), the requests are cut to fit too.
 */
export function scaleForWallClock(config: WorkloadConfig, wallSeconds: number): WallClockPlan {
  const notes: string[] = [];
  const scaled: WorkloadConfig = { ...config, faults: config.faults.map((f) => ({ ...f })) };
  if (config.ttl > 0 && !Number.isInteger(config.ttl)) {
    scaled.ttl = Math.max(1, Math.round(config.ttl));
    notes.push(
      `TTL ${formatNumber(config.ttl)} -> ${formatNumber(scaled.ttl)} s (Redis takes whole seconds)`,
    );
  }
  const wanted = expectedSeconds(scaled) / wallSeconds;
  let factor = 1;
  if (wanted > 1) {
    factor = scaled.ttl > 0 ? scaled.ttl / Math.max(1, Math.round(scaled.ttl / wanted)) : wanted;
    factor = Math.min(factor, WORKLOAD_LIMITS.rate.max / scaled.rate);
  }
  if (factor > 1) {
    scaled.rate = config.rate * factor;
    if (scaled.ttl > 0) scaled.ttl = Math.round(scaled.ttl / factor);
    scaled.durationSeconds = config.durationSeconds / factor;
    scaled.cacheLatency = config.cacheLatency / factor;
    scaled.dbLatency = config.dbLatency / factor;
    scaled.dbWriteLatency = config.dbWriteLatency / factor;
    // Double-delete's delay races a reader's read-to-set time, a stall is part of a latency, and
    // the change log's lag races the fills: each scales with the latencies.
    scaled.doubleDeleteDelayMs = config.doubleDeleteDelayMs / factor;
    scaled.stallMs = config.stallMs / factor;
    scaled.cdcDelayMs = config.cdcDelayMs / factor;
    for (const f of scaled.faults) {
      f.startSeconds /= factor;
      f.durationSeconds /= factor;
    }
    notes.push(
      `x${round(factor)} faster: rate ${formatNumber(config.rate)} -> ${formatNumber(round(scaled.rate))} req/s, TTL ` +
        `${formatNumber(config.ttl)} -> ${formatNumber(scaled.ttl)} s, latencies (ms) ${[config.cacheLatency, config.dbLatency, config.dbWriteLatency].join('/')} -> ` +
        `${[scaled.cacheLatency, scaled.dbLatency, scaled.dbWriteLatency].map(round).join('/')}` +
        (config.latencyModel === 'lognormal' && config.stallChance > 0
          ? `, mean stall ${formatNumber(config.stallMs)} -> ${formatNumber(round(scaled.stallMs))} ms`
          : '') +
        (config.writePolicy === 'double-delete'
          ? `, double-delete delay ${formatNumber(config.doubleDeleteDelayMs)} -> ${formatNumber(round(scaled.doubleDeleteDelayMs))} ms`
          : '') +
        (config.invalidation === 'cdc'
          ? `, change log lag ${formatNumber(config.cdcDelayMs)} -> ${formatNumber(round(scaled.cdcDelayMs))} ms`
          : ''),
    );
  }
  if (expectedSeconds(scaled) > wallSeconds * 1.5) {
    const requests = Math.max(1, Math.ceil(scaled.rate * wallSeconds));
    notes.push(
      `requests ${formatNumber(scaled.requests)} -> ${formatNumber(requests)} (to end in about ${formatNumber(wallSeconds)} s)`,
    );
    scaled.requests = requests;
  }
  return { config: scaled, factor, notes };
}

const round = (x: number): number => Number(x.toPrecision(4));

/**
 * Paces a run to the wall clock: `pace(t)` resolves once `t` virtual ms have passed since the
 * first call (at once when that is already so, or less than a millisecond away, since timers
 * are no finer). `maxLagMs` is how late the run fell behind the clock at worst.
 */
export function createPacer(): {
  pace: (virtualMs: number) => Promise<void> | undefined;
  readonly maxLagMs: number;
  readonly elapsedMs: number;
} {
  let start: number | undefined;
  let maxLagMs = 0;
  const now = () => performance.now() - (start ??= performance.now());
  return {
    pace(virtualMs) {
      const ahead = virtualMs - now();
      if (ahead < 1) {
        if (-ahead > maxLagMs) maxLagMs = -ahead;
        return undefined;
      }
      return new Promise((resolve) => setTimeout(resolve, ahead));
    },
    get maxLagMs() {
      return maxLagMs;
    },
    get elapsedMs() {
      return start === undefined ? 0 : now();
    },
  };
}

/** The keys a run can create, by pattern (the application's, its leases and its locks). */
const RUN_KEY_PATTERNS = ['user:*', 'lease:user:*', 'lock:user:*'];

/**
 * Connects to a real Redis for a run: checks it answers and that its database is empty (a run
 * must not mix with, or later delete, anyone's data), and hands out one connection per actor.
 * `finish` deletes the keys the run made and closes every connection.
 */
export async function openRealRedis(
  url: string,
  connections: number,
): Promise<{
  connect: ConnectionFactory;
  version: string;
  finish: () => Promise<void>;
}> {
  const admin = new Redis(url, { lazyConnect: true, retryStrategy: () => null });
  // A failed connect() rejects with ioredis' "Connection is closed.", whatever went wrong; the
  // socket's own error (ECONNREFUSED, ENOTFOUND, ...) comes as an event first, and says why.
  let socketError: unknown;
  admin.on('error', (e) => (socketError ??= e));
  try {
    await admin.connect();
  } catch (e) {
    admin.disconnect();
    throw new Error(`cannot reach Redis at ${url}: ${errorMessage(socketError ?? e)}`);
  }
  // ioredis selects the URL's database on connect and, refused (a server has 16 unless told
  // otherwise), only emits an error: the run went on in database 0 as if it were the one named.
  const db = admin.options.db ?? 0;
  if (db !== 0) {
    try {
      await admin.select(db);
    } catch (e) {
      admin.disconnect();
      throw new Error(`cannot use database ${db} at ${url}: ${errorMessage(e)}`);
    }
  }
  const keys = await admin.dbsize();
  if (keys > 0) {
    await admin.quit();
    throw new Error(
      `the database at ${url} holds ${counted(keys, 'key')}; a run needs an empty one (pick another, e.g. ${url.replace(/\/\d*$/, '')}/15)`,
    );
  }
  const info = await admin.info('server');
  const version = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
  // The actors' connections are opened and ready before the run starts, so the first requests
  // do not wait for handshakes while the clock runs.
  const clients = Array.from(
    { length: connections },
    () => new Redis(url, { maxRetriesPerRequest: 1 }),
  );
  await Promise.all(clients.map((c) => c.ping()));
  let handedOut = 0;
  const connect: ConnectionFactory = () => {
    let client = clients[handedOut++];
    if (!client) {
      client = new Redis(url, { maxRetriesPerRequest: 1 });
      clients.push(client);
    }
    return client as unknown as RedisClientLike;
  };
  const finish = async (): Promise<void> => {
    for (const pattern of RUN_KEY_PATTERNS) {
      let cursor = '0';
      do {
        const [next, found] = await admin.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        if (found.length) await admin.del(...found);
        cursor = next;
      } while (cursor !== '0');
    }
    // The workload closes its own connections when it ends (runWorkload's finally); quit only
    // what is still open.
    await Promise.all([admin, ...clients].filter((c) => c.status !== 'end').map((c) => c.quit()));
  };
  return { connect, version, finish };
}
