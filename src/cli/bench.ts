// The engine benchmark: a million-request timed workload, and the same sequence of bare
// ioredis-mock and sql.js calls with nothing around them (the floor), in one process.
import '../platform/ioredisMockGlobals';
import { performance } from 'node:perf_hooks';
import type { SqlJsStatic } from 'sql.js';
import { Database } from '../engine/database';
import type { Step } from '../engine/programs/types';
import { createMockRedisServer } from '../engine/redisMock';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { DEFAULT_WORKLOAD, runWorkload, type WorkloadConfig } from '../engine/workload';
import { VirtualClock } from '../engine/clock';
import { EventQueue } from '../engine/eventQueue';
import { LatencyModel, type OperationKind } from '../engine/latency';
import { Rng, ZipfSampler } from '../engine/rng';
import { cpuMs } from './cpuTime';
import { envWholeNumber, readEnvOrExit } from './scriptOptions';
import { ttlText } from '../schema/fields';
import { Cache } from '../engine/cache';
import { FILL_IF_LEASE_HOLDS } from '../engine/programs/readWithLease';

const {
  BENCH_REQUESTS: requests,
  BENCH_ROUNDS: rounds,
  BENCH_SKELETON: withSkeleton,
  BENCH_SCRIPTS: scripts,
} = readEnvOrExit('bench', {
  BENCH_REQUESTS: envWholeNumber(1, 10_000_000, 1_000_000),
  BENCH_ROUNDS: envWholeNumber(1, 100, 3),
  BENCH_SKELETON: envWholeNumber(0, 1, 0),
  BENCH_SCRIPTS: envWholeNumber(1, 1_000_000, 2000),
});
const config: WorkloadConfig = {
  ...DEFAULT_WORKLOAD,
  requests,
  keys: 10_000,
  zipf: 0.9,
  readRatio: 0.95,
  ttl: 60,
  writePolicy: 'invalidate',
  readMitigation: 'none',
  rate: 5000,
};

const OP_GET = 1;
const OP_SET = 2;
const OP_DEL = 3;
const OP_SELECT = 4;
const OP_UPDATE = 5;

/** The command sequence of a run, compactly: op codes, user ids, and the strings SET/UPDATE sent. */
class Recording {
  ops = new Uint8Array(4 * requests);
  ids = new Int32Array(4 * requests);
  strings: string[] = [];
  length = 0;
  add(op: number, id: number, s?: string): void {
    this.ops[this.length] = op;
    this.ids[this.length] = id;
    if (s !== undefined) this.strings.push(s);
    this.length++;
  }
  record = (step: Step): void => {
    if (step.target === 'db') {
      if (step.op === 'select') this.add(OP_SELECT, step.id);
      else if (step.op === 'update') this.add(OP_UPDATE, step.id, step.changes.name);
      else throw new Error('bench floor does not model the change log');
    } else if (step.target === 'redis') {
      const id = Number(step.argv[1].slice(5));
      const cmd = step.argv[0];
      if (cmd === 'GET') this.add(OP_GET, id);
      else if (cmd === 'SET') this.add(OP_SET, id, step.argv[2]);
      else if (cmd === 'DEL') this.add(OP_DEL, id);
      else throw new Error(`bench floor does not model ${cmd}`);
    }
  };
}

/** CPU time of this process so far, ms (user + system): steadier than wall time on a busy machine. */

interface Timed {
  wallMs: number;
  cpuMs: number;
}

/** A fresh in-memory Redis and the engine's table and rows, with bare prepared statements on it. */
function bareStores(SQL: SqlJsStatic) {
  const redis = createMockRedisServer()();
  // The same table and rows as the engine's database, built the same way.
  const db = new Database(SQL, new VirtualClock(), { rows: config.keys, logLimit: 0 });
  const keys = Array.from({ length: config.keys + 1 }, (_, i) => `user:${i}`);
  const raw = (db as unknown as { db: import('sql.js').Database }).db;
  const select = raw.prepare('SELECT * FROM users WHERE id = ?');
  const update = raw.prepare(
    'UPDATE users SET name = ?, version = version + 1, updated_at = ? WHERE id = ? RETURNING *',
  );
  return { redis, keys, select, update, ttl: String(config.ttl) };
}

async function floor(SQL: SqlJsStatic, rec: Recording): Promise<Timed> {
  const { redis, keys, select, update, ttl } = bareStores(SQL);
  let s = 0;
  const c0 = cpuMs();
  const t0 = performance.now();
  for (let i = 0; i < rec.length; i++) {
    const id = rec.ids[i];
    switch (rec.ops[i]) {
      case OP_GET:
        await redis.get(keys[id]);
        break;
      case OP_SET:
        await redis.set(keys[id], rec.strings[s++], 'EX', ttl);
        break;
      case OP_DEL:
        await redis.del(keys[id]);
        break;
      case OP_SELECT:
        select.bind([id]);
        if (select.step()) select.getAsObject();
        select.reset();
        break;
      case OP_UPDATE:
        update.bind([rec.strings[s++], i, id]);
        if (update.step()) update.getAsObject();
        update.reset();
        break;
    }
  }
  return { wallMs: performance.now() - t0, cpuMs: cpuMs() - c0 };
}

/** A step of the skeleton's programs: the op code and the user, and the string SET/UPDATE send. */
interface SkeletonStep {
  op: number;
  id: number;
  text: string;
}
type SkeletonProgram = Generator<SkeletonStep, void, unknown>;
interface SkeletonRequest {
  program: SkeletonProgram;
  reply: unknown;
}
const KIND_OF: OperationKind[] = ['redis', 'redis', 'redis', 'redis', 'dbRead', 'dbWrite'];

/**
 * The least any engine of this model must do, with nothing else: Poisson arrivals over Zipf keys,
 * each request a generator (GET; on a miss SELECT then SET ... EX; a write UPDATE then DEL), each
 * step's latency drawn from the same seeded lognormal model and scheduled on the same event
 * queue, the row turned into JSON for its SET. One event per step (the engine has two: the step
 * takes effect, then its reply arrives), no counting, no judging, no metrics: a lower bound on
 * the engine's time, to read the floor ratio against (`BENCH_SKELETON=1`).
 */
async function skeleton(SQL: SqlJsStatic): Promise<Timed & { commands: number }> {
  const { redis, keys, select, update, ttl } = bareStores(SQL);
  const rng = new Rng(config.seed);
  const arrivals = rng.fork(11);
  const keyRng = rng.fork(12);
  const mixRng = rng.fork(13);
  const latency = new LatencyModel(config, rng.fork(14));
  // By op code, as KIND_OF: GET, SET and DEL go to Redis, SELECT and UPDATE to the database.
  const { cacheLatency: redisMs, dbLatency: readMs, dbWriteLatency: writeMs } = config;
  const medians = [0, redisMs, redisMs, redisMs, readMs, writeMs];
  const zipf = new ZipfSampler(config.keys, config.zipf);
  const queue = new EventQueue<SkeletonRequest>();
  function* read(id: number): SkeletonProgram {
    if ((yield { op: OP_GET, id, text: '' }) !== null) return;
    const row = yield { op: OP_SELECT, id, text: '' };
    yield { op: OP_SET, id, text: JSON.stringify(row) };
  }
  function* write(id: number, name: string): SkeletonProgram {
    yield { op: OP_UPDATE, id, text: name };
    yield { op: OP_DEL, id, text: '' };
  }
  const timing = { effectMs: 0, totalMs: 0 };
  let issued = 0;
  let writes = 0;
  let commands = 0;
  let nextArrival = arrivals.exponential(config.rate) * 1000;
  const c0 = cpuMs();
  const t0 = performance.now();
  for (;;) {
    const arrivalDue = issued < requests;
    const t = arrivalDue ? Math.min(nextArrival, queue.peekTime()) : queue.peekTime();
    if (t === Infinity) break;
    let req: SkeletonRequest;
    if (arrivalDue && nextArrival <= queue.peekTime()) {
      issued++;
      const id = zipf.sample(keyRng);
      const program =
        mixRng.next() < config.readRatio ? read(id) : write(id, `user-${id}-w${++writes}`);
      nextArrival += arrivals.exponential(config.rate) * 1000;
      req = { program, reply: undefined };
    } else req = queue.pop() as SkeletonRequest;
    const r = req.program.next(req.reply);
    if (r.done) continue;
    const { op, id, text } = r.value;
    latency.draw(KIND_OF[op], medians[op], timing);
    queue.push(t + timing.totalMs, req);
    commands++;
    switch (op) {
      case OP_GET:
        req.reply = await redis.get(keys[id]);
        break;
      case OP_SET:
        req.reply = await redis.set(keys[id], text, 'EX', ttl);
        break;
      case OP_DEL:
        req.reply = await redis.del(keys[id]);
        break;
      case OP_SELECT:
        select.bind([id]);
        req.reply = select.step() ? select.getAsObject() : null;
        select.reset();
        break;
      case OP_UPDATE:
        update.bind([text, t, id]);
        req.reply = update.step() ? update.getAsObject() : null;
        update.reset();
        break;
    }
  }
  return { wallMs: performance.now() - t0, cpuMs: cpuMs() - c0, commands };
}

/**
 * A script's cost: the lease's fill (`FILL_IF_LEASE_HOLDS`, here refused: no lease is held) sent
 * `scripts` times through the cache adapter, as the read mitigations send their scripts (on the
 * server's one Lua state, luaScriptStates.ts). Milliseconds per EVAL, the best of `rounds`.
 */
async function scriptCost(): Promise<{ wallMs: number; cpuMs: number }> {
  const cache = new Cache(new VirtualClock(), new Rng(1), createMockRedisServer(), {});
  const fill = (): Promise<unknown> =>
    cache.exec('A', [
      'EVAL',
      FILL_IF_LEASE_HOLDS,
      '2',
      'user:1',
      'lease:user:1',
      't',
      '{}',
      'EX',
      '60',
    ]);
  for (let i = 0; i < 200; i++) await fill();
  let wallMs = Infinity;
  let cpu = Infinity;
  for (let round = 0; round < rounds; round++) {
    const c0 = cpuMs();
    const t0 = performance.now();
    for (let i = 0; i < scripts; i++) await fill();
    wallMs = Math.min(wallMs, (performance.now() - t0) / scripts);
    cpu = Math.min(cpu, (cpuMs() - c0) / scripts);
  }
  return { wallMs, cpuMs: cpu };
}

async function main(): Promise<void> {
  const SQL = await loadSqlJsNode();
  const gc = (globalThis as { gc?: () => void }).gc;
  console.log(
    `bench: ${requests.toLocaleString('en')} requests, ${config.keys} keys, zipf ${config.zipf}, ${config.readRatio * 100}% reads, ${ttlText(config.ttl)}, ${config.writePolicy}, ${config.rate} req/s`,
  );

  // Warm-up: JIT both paths on a small run.
  await runWorkload(SQL, { ...config, requests: 20_000 });

  // The run once, recording its command sequence for the floor (not timed).
  const rec = new Recording();
  await runWorkload(SQL, config, { onStep: rec.record });
  const floorWarm = new Recording();
  floorWarm.length = Math.min(rec.length, 50_000);
  floorWarm.ops = rec.ops;
  floorWarm.ids = rec.ids;
  floorWarm.strings = rec.strings;
  await floor(SQL, floorWarm);
  if (withSkeleton) await skeleton(SQL);

  // Engine and floor alternate; the best of each is kept, so a busy machine skews neither. CPU
  // time is kept beside wall time: on a machine other processes load, it is the steadier of the two.
  let engineMs = Infinity;
  let floorMs = Infinity;
  let engineCpuMs = Infinity;
  let floorCpuMs = Infinity;
  let skeletonMs = Infinity;
  let skeletonCpuMs = Infinity;
  let skeletonCommands = 0;
  let peakRss = 0;
  let summary: Awaited<ReturnType<typeof runWorkload>>['summary'] | undefined;
  const sample = (): void => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  };
  for (let round = 0; round < rounds; round++) {
    gc?.();
    const c0 = cpuMs();
    const t0 = performance.now();
    const run = await runWorkload(SQL, config, { onProgress: sample, progressEvery: 50_000 });
    engineMs = Math.min(engineMs, performance.now() - t0);
    engineCpuMs = Math.min(engineCpuMs, cpuMs() - c0);
    summary = run.summary;
    sample();
    gc?.();
    const bare = await floor(SQL, rec);
    floorMs = Math.min(floorMs, bare.wallMs);
    floorCpuMs = Math.min(floorCpuMs, bare.cpuMs);
    if (withSkeleton) {
      gc?.();
      const least = await skeleton(SQL);
      skeletonMs = Math.min(skeletonMs, least.wallMs);
      skeletonCpuMs = Math.min(skeletonCpuMs, least.cpuMs);
      skeletonCommands = least.commands;
    }
    console.log(
      `  round ${round + 1}: engine ${Math.round(engineMs)} ms, floor ${Math.round(floorMs)} ms; CPU ${Math.round(engineCpuMs)} ms, ${Math.round(floorCpuMs)} ms${withSkeleton ? `; skeleton ${Math.round(skeletonMs)} ms` : ''} (best so far)`,
    );
  }
  if (!summary) throw new Error('no rounds ran');

  const ratio = engineMs / floorMs;
  const result = {
    requests,
    commands: rec.length,
    engineMs: Math.round(engineMs),
    requestsPerSecond: Math.round(requests / (engineMs / 1000)),
    floorMs: Math.round(floorMs),
    ratioToFloor: Number(ratio.toFixed(2)),
    engineCpuMs: Math.round(engineCpuMs),
    floorCpuMs: Math.round(floorCpuMs),
    cpuRatioToFloor: Number((engineCpuMs / floorCpuMs).toFixed(2)),
    peakRssMB: Math.round(peakRss / 2 ** 20),
    rounds,
    hitRate: summary.hitRate === null ? null : Number(summary.hitRate.toFixed(4)),
    ...(withSkeleton
      ? {
          skeletonMs: Math.round(skeletonMs),
          skeletonCommands,
          skeletonRatioToFloor: Number((skeletonMs / floorMs).toFixed(2)),
          skeletonCpuRatioToFloor: Number((skeletonCpuMs / floorCpuMs).toFixed(2)),
        }
      : {}),
  };
  console.log(
    `engine  ${result.engineMs} ms  (${result.requestsPerSecond.toLocaleString('en')} requests/s)`,
  );
  console.log(
    `floor   ${result.floorMs} ms  (${result.commands.toLocaleString('en')} bare ioredis-mock and sql.js calls)`,
  );
  console.log(`ratio   ${result.ratioToFloor}  (target <= 1.5)`);
  console.log(
    `CPU     engine ${result.engineCpuMs} ms, floor ${result.floorCpuMs} ms, ratio ${result.cpuRatioToFloor} (process CPU time, every thread)`,
  );
  if (result.skeletonMs !== undefined)
    console.log(
      `skeleton ${result.skeletonMs} ms (${skeletonCommands.toLocaleString('en')} commands): ratio ${result.skeletonRatioToFloor} wall, ${result.skeletonCpuRatioToFloor} CPU, the least this model costs`,
    );
  console.log(`memory  peak RSS ${result.peakRssMB} MB during the engine runs (target < 400 MB)`);
  const script = await scriptCost();
  console.log(
    `script  ${script.wallMs.toFixed(2)} ms per EVAL, CPU ${script.cpuMs.toFixed(2)} ms (the lease's fill, ${scripts.toLocaleString('en')} times; the server's one Lua state)`,
  );
  console.log(
    JSON.stringify({
      ...result,
      scriptMsPerEval: Number(script.wallMs.toFixed(3)),
      scriptCpuMsPerEval: Number(script.cpuMs.toFixed(3)),
    }),
  );
}

await main();
