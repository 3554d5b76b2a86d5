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
      // A database past the server's 16: ioredis's SELECT on connect failed in silence, and the
      // run went to database 0 ("the database at .../99 holds 1 key" was database 0's key).
      const past = await simHere(['--requests', '10', '--redis-url', `${url}/99`]);
      expect(past.code).toBe(1);
      expect(past.stderr).toContain(
        `cannot use database 99 at ${url}/99: ERR DB index is out of range`,
      );
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
    // The socket's reason, not ioredis' "Connection is closed." that any failure ends in.
    expect(stderr).toContain(
      `sim: cannot reach Redis at redis://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
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

// A real server at its maxmemory under noeviction refuses, with its OOM error, every command that
// could use more memory: a SET over a key it holds too, where the in-browser Redis (which limits
// keys, by Max keys, not bytes) refuses only one that would add a key. The CLI said of the real
// run "refused each command that would add a key ... but no copy was kept", while update-cache's
// refused SETs had left the older copy cached, read stale; and its table set the real run beside
// the virtual one, which nothing refused, with no word why they differ.
describe.skipIf(!hasRedis)('npm run sim -- --redis-url against a server out of memory', () => {
  let server: RealRedis | undefined;

  beforeAll(async () => {
    server = await startRedisServer();
    await server.client.call(['CONFIG', 'SET', 'maxmemory-policy', 'noeviction']);
  }, 20_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('counts, as OOM refusals, exactly the commands the server refused, and says what they did', async () => {
    const { port, client } = server as RealRedis;
    // Once the run has cached 100 rows, the server has no memory left for any more (its used
    // memory is over 1 byte): how much a row takes, and the run's connections, are no matter.
    let isFull = false;
    let isAsking = false;
    const filling = setInterval(() => {
      if (isFull || isAsking) return;
      isAsking = true;
      void client.call(['DBSIZE']).then(async (keys) => {
        if (Number(keys) >= 100) {
          isFull = true;
          await client.call(['CONFIG', 'SET', 'maxmemory', '1']);
        }
        isAsking = false;
      });
    }, 5);
    const { code, stdout, stderr } = await simHere([
      ...['--requests', '1500', '--rate', '2000', '--keys', '300', '--zipf', '0', '--ttl', '30'],
      ...['--read-ratio', '0.7', '--write-policy', 'update-cache', '--seed', '3', '--json'],
      ...['--redis-url', `redis://127.0.0.1:${port}`],
    ]).finally(() => clearInterval(filling));
    expect(isFull).toBe(true);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1) as string);
    const errorstats = String(await client.call(['INFO', 'errorstats']));
    const refused = Number(/^errorstat_OOM:count=(\d+)\r?$/m.exec(errorstats)?.[1] ?? 0);
    const commandstats = String(await client.call(['INFO', 'commandstats']));
    const refusedSets = Number(/^cmdstat_set:.*rejected_calls=(\d+)/m.exec(commandstats)?.[1]);
    console.log(
      refused,
      summary.hits,
      summary.cachedKeys,
      summary.staleReads,
      summary.oomRefusals,
      String(await client.call(['CONFIG', 'GET', 'maxmemory'])),
      summary.redis,
    );
    expect(refused).toBeGreaterThan(0);
    expect(refusedSets).toBe(refused);
    expect(summary.oomRefusals).toBe(refused);
    expect(summary.cacheErrors).toBe(refused);
    // update-cache's SET over a cached copy was refused too: the older copy stayed, read stale.
    expect(summary.staleReads).toBeGreaterThan(0);
    expect(summary.virtual.staleReadRate).toBeLessThan(summary.staleReadRate);
    const count = refused.toLocaleString('en-US');
    expect(stdout).toContain(
      `${count} errors (all OOM refusals: the server reached its maxmemory and refused each command that could use more memory, a SET over a key it held as well as one that would add a key; the requests went on with the database, a read still returning its row, but a refused fill kept no copy, and a refused SET over a cached copy left the older copy there, to be read until a DEL or its TTL removed it)`,
    );
    expect(stdout).toContain(
      `  note          the server refused ${count} commands for memory (its maxmemory) that the virtual runs, whose Redis limits keys by --max-keys and not bytes, did not refuse: the rows below differ by them`,
    );
  }, 30_000);
});
