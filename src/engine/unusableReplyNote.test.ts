// The timed workload runs a step when it takes effect and hands its reply to the program later:
// other requests' commands are logged in between. What the program made of a reply it could not
// use (a corrupt entry) must go on that command's own log line, as the workload notes it.
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, expect, it } from 'vitest';
import { VirtualClock } from './clock';
import { DEFAULT_ENGINE_CONFIG, type EngineConfig } from './engineConfig';
import { commitInCache, viaCache, WRITE_BEHIND_QUEUE } from './programs/cacheLayer';
import { redis } from './programs/steps';
import { DEFAULT_PROGRAM_SETTINGS, type RedisStep, type Step } from './programs/types';
import { createMockRedisServer } from './redisMock';
import { Rng } from './rng';
import { Runtime, sentBy } from './runtime';
import { newOutcome, type StepOutcome } from './stepOutcome';
import { loadSqlJsNode } from './testSim';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

const runtimeFor = (config: Partial<EngineConfig>): Runtime =>
  new Runtime(
    SQL,
    new VirtualClock(),
    new Rng(1),
    createMockRedisServer(),
    { ...DEFAULT_ENGINE_CONFIG, ...config },
    { settings: DEFAULT_PROGRAM_SETTINGS, rows: 10 },
  );

/** One command taking effect as the workload runs it: sent, answered, settled; the reply kept. */
async function takesEffect(rt: Runtime, step: Step, actor: string): Promise<StepOutcome> {
  const out = newOutcome();
  const { argv } = step as RedisStep;
  const by = sentBy(step, actor);
  const sent = rt.sendRedis(step as RedisStep, by, out);
  if (sent !== undefined) {
    try {
      const more = rt.settleRedis(argv, by, await sent, out);
      if (more) await more;
    } catch (e) {
      rt.failRedis(argv, by, e, out);
    }
  }
  return out;
}

const notesOf = (rt: Runtime) =>
  rt.cache.log.map((e) => [e.actor, e.forActor, e.argv.slice(0, 2).join(' '), e.note]);

it("the flusher's unusable batch is noted on its LPOP, not on B's store the cache layer sent after it", async () => {
  const rt = runtimeFor({ pattern: 'write-behind' });
  await rt.cache.exec('console', ['RPUSH', WRITE_BEHIND_QUEUE, 'not a write']);
  const take = viaCache(redis('take', 'LPOP', WRITE_BEHIND_QUEUE, '50'));
  const taken = await takesEffect(rt, take, 'flusher');
  // B's write-behind store takes effect before the LPOP's reply reaches the flusher.
  await takesEffect(rt, commitInCache(redis('store', 'SET', 'user:1', '{"id":1}')), 'B');
  rt.noteUnusableReply(taken, 'Corrupt entry in write-behind:queue', true);
  expect(notesOf(rt)).toEqual([
    ['console', undefined, 'RPUSH write-behind:queue', undefined],
    ['cache', 'flusher', 'LPOP write-behind:queue', 'Corrupt entry in write-behind:queue'],
    ['cache', 'B', 'SET user:1', undefined],
  ]);
});

it('a corrupt entry is noted on its own GET, not on the GET of another request on the same connection', async () => {
  const rt = runtimeFor({ pattern: 'cache-aside' });
  await rt.cache.exec('console', ['SET', 'user:1', 'not a row']);
  // Two requests in flight on one connection (the workload deals them out to app1..appN).
  const first = await takesEffect(rt, redis('get', 'GET', 'user:1'), 'app1');
  await takesEffect(rt, redis('get', 'GET', 'user:2'), 'app1');
  rt.noteUnusableReply(first, 'Corrupt cache entry at user:1', true);
  expect(notesOf(rt)).toEqual([
    ['console', undefined, 'SET user:1', undefined],
    ['app1', undefined, 'GET user:1', 'Corrupt cache entry at user:1'],
    ['app1', undefined, 'GET user:2', undefined],
  ]);
  // Counted once, as a cache error.
  expect(rt.cache.errors).toBe(1);
});
