// `npm run sim -- --redis-url`: against a real redis-server this test starts on a free loopback
// port and stops afterwards. Skipped, saying so, where redis-server is not installed.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKLOAD } from '../engine/workload';
import { expectedSeconds, scaleForWallClock } from './realRedis';
import { simHere, simProcess } from './simHere';
import {
  freePort,
  hasRedisServer,
  REDIS_SERVER_PATH,
  startRedisServer,
  type RealRedis,
} from './redisServer';

const hasRedis = hasRedisServer();
if (!hasRedis)
  console.warn(
    `sim --redis-url tests skipped: ${REDIS_SERVER_PATH} is not installed (apt-get install redis-server)`,
  );

describe.skipIf(!hasRedis)('npm run sim -- --redis-url (a real redis-server)', () => {
  let server: RealRedis | undefined;
  let url = '';

  beforeAll(async () => {
    server = await startRedisServer();
    url = `redis://127.0.0.1:${server.port}`;
  }, 20_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('runs the workload on the server in wall-clock time and prints it beside the virtual run', async () => {
    // A TTL longer than the run: then nothing depends on how closely a busy machine keeps to
    // the wall clock, and the real server must answer exactly as the in-browser one did.
    const args = ['--requests', '4000', '--rate', '2000', '--keys', '100', '--ttl', '30'];
    const { code, stdout, stderr } = await simProcess([
      ...args,
      ...['--max-keys', '40', '--eviction', 'allkeys-lru', '--seed', '3', '--json'],
      ...['--redis-url', url],
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/real Redis 7\.\d+\.\d+ at redis:\/\/127\.0\.0\.1:\d+/);
    expect(stdout).toMatch(/real Redis\s+\d+\.\d\d%\s+\d+\.\d+%/);
    expect(stdout).toMatch(/virtual time, same inputs\s+\d+\.\d\d%\s+\d+\.\d+%/);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1) as string);
    expect(summary.requests).toBe(4000);
    expect(summary.redis.version).toMatch(/^7\./);
    // 4000 requests at 2000/s: about two seconds of wall clock, not the instant a virtual run takes.
    expect(summary.redis.wallMs).toBeGreaterThan(1800);
    expect(summary.evictions).toBeGreaterThan(0);
    expect(summary.cachedKeys).toBeLessThanOrEqual(40);
    expect(summary.hitRate).toBeGreaterThan(0.5);
    expect(summary.staleReads).toBeGreaterThan(0);
    expect(summary.hitRate).toBe(summary.virtual.hitRate);
    expect(summary.staleReadRate).toBe(summary.virtual.staleReadRate);

    // The run deleted what it wrote: the database is empty again.
    const client = new Redis(url);
    try {
      expect(await client.dbsize()).toBe(0);
    } finally {
      await client.quit();
    }
  }, 60_000);

  it('refuses a database that holds keys, and changes nothing in it', async () => {
    const client = new Redis(`${url}/3`);
    try {
      await client.set('someone-elses', 'data');
      const { code, stderr } = await simHere(['--requests', '10', '--redis-url', `${url}/3`]);
      expect(code).toBe(1);
      expect(stderr).toContain(`the database at ${url}/3 holds 1 key; a run needs an empty one`);
      expect(await client.get('someone-elses')).toBe('data');
      expect(await client.dbsize()).toBe(1);
      await client.del('someone-elses');
    } finally {
      await client.quit();
    }
  }, 30_000);
});

describe('sim --redis-url: arguments and scaling', () => {
  it('says clearly when the server cannot be reached', async () => {
    const port = await freePort();
    const { code, stderr } = await simHere([
      '--requests',
      '10',
      '--redis-url',
      `redis://127.0.0.1:${port}`,
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain(`sim: cannot reach Redis at redis://127.0.0.1:${port}`);
  }, 30_000);

  it('refuses a URL that is not redis://', async () => {
    const { code, stderr } = await simHere(['--redis-url', 'http://localhost:6379']);
    expect(code).toBe(2);
    expect(stderr).toContain('--redis-url must be redis://host:port or redis://host:port/db');
  }, 30_000);

  it('compresses a long run uniformly: rate up, TTL and latencies down, by one factor', () => {
    const plan = scaleForWallClock({ ...DEFAULT_WORKLOAD }, 10); // 100 s asked
    expect(plan.factor).toBe(10);
    expect(plan.config).toMatchObject({
      requests: 100_000,
      rate: 10_000,
      ttl: 6,
      cacheLatency: 0.03,
      dbLatency: 0.2,
      dbWriteLatency: 0.5,
    });
    expect(expectedSeconds(plan.config)).toBe(10);
    // Counts grouped as the rest of the printout and --help write them.
    expect(plan.notes.join('\n')).toContain(
      'x10 faster: rate 1,000 -> 10,000 req/s, TTL 60 -> 6 s',
    );
    // rate x TTL, which sets a TTL cache's hit rate, is what was asked.
    expect(plan.config.rate * plan.config.ttl).toBe(DEFAULT_WORKLOAD.rate * DEFAULT_WORKLOAD.ttl);
  });

  it('keeps the TTL whole (Redis EX takes integers), and cuts requests only when it must', () => {
    const plan = scaleForWallClock({ ...DEFAULT_WORKLOAD, ttl: 45 }, 20); // factor 5 wanted
    expect(Number.isInteger(plan.config.ttl)).toBe(true);
    expect(plan.config.ttl).toBe(9);
    expect(plan.config.requests).toBe(100_000);
    const short = scaleForWallClock({ ...DEFAULT_WORKLOAD, ttl: 1 }, 10);
    expect(short.config.ttl).toBe(1);
    expect(short.config.rate).toBe(1000);
    expect(short.config.requests).toBe(10_000);
    expect(short.notes.join('\n')).toContain('requests 100,000 -> 10,000');
    const quick = scaleForWallClock({ ...DEFAULT_WORKLOAD, requests: 5000 }, 10);
    expect(quick.factor).toBe(1);
    expect(quick.config).toEqual({ ...DEFAULT_WORKLOAD, requests: 5000 });
  });
});
