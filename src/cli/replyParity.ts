// What the differential tests against a real redis-server share: a reply as ioredis hands it
// over, the sandbox's cache adapter answering the same commands, the loop that sends each
// command to both and keeps the ones whose answers differ, and the suite that starts the server.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { Cache } from '../engine/cache';
import { VirtualClock } from '../engine/clock';
import type { RedisReply } from '../engine/redisCli';
import { createMockRedisServer } from '../engine/redisMock';
import { Rng } from '../engine/rng';
import { hasRedisServer, REDIS_SERVER_PATH, startRedisServer, type RealRedis } from './redisServer';

/** A command's answer: a value, or the message of the error it failed with. */
export type Outcome = { value: unknown } | { error: string };

/** A real reply as ioredis hands it over: a value, or the message of the error it rejects with. */
export function asIoredis(reply: RedisReply): Outcome {
  if (reply !== null && typeof reply === 'object' && 'error' in reply)
    return { error: reply.error };
  const value = (r: RedisReply): unknown => {
    if (Array.isArray(r)) return r.map(value);
    if (r !== null && typeof r === 'object' && 'status' in r) return r.status;
    if (r !== null && typeof r === 'object' && 'integer' in r) return Number(r.integer);
    return r;
  };
  return { value: value(reply) };
}

/** The sandbox's cache adapter on a fresh in-memory server, with its clock. */
export function sandboxRedis() {
  const clock = new VirtualClock();
  const cache = new Cache(clock, new Rng(1), createMockRedisServer(), {});
  /** One command sent as `actor`: what the adapter answered or failed with. */
  const send = async (argv: readonly string[], actor = 'A'): Promise<Outcome> => {
    try {
      return { value: await cache.exec(actor, argv) };
    } catch (e) {
      return { error: (e as Error).message };
    }
  };
  return { clock, cache, send, eval: (script: string) => send(['EVAL', script, '0']) };
}

export type SandboxRedis = ReturnType<typeof sandboxRedis>;

/**
 * Each command sent to both, in order: those whose answers differ, each with both answers, and
 * how many differed in a way `isTolerated` accepts (a refusal the README says).
 */
export async function outcomeDifferences(
  real: RealRedis,
  sandbox: SandboxRedis,
  commands: readonly (readonly string[])[],
  isTolerated: (argv: readonly string[], ours: Outcome) => boolean = () => false,
): Promise<{ differences: string[]; tolerated: number }> {
  const differences: string[] = [];
  let tolerated = 0;
  for (const argv of commands) {
    const theirs = asIoredis(await real.client.call(argv));
    const ours = await sandbox.send(argv);
    if (JSON.stringify(ours) === JSON.stringify(theirs)) continue;
    if (isTolerated(argv, ours)) {
      tolerated++;
      continue;
    }
    // A script is named by its text, as it reads in the test.
    const what = argv.length === 3 && argv[0] === 'EVAL' && argv[2] === '0' ? argv[1] : argv;
    differences.push(
      `${typeof what === 'string' ? what : JSON.stringify(what)}\n  redis:   ${JSON.stringify(theirs)}\n  sandbox: ${JSON.stringify(ours)}`,
    );
  }
  return { differences, tolerated };
}

/** Each script EVAL'd on both: those whose replies differ, with both replies. */
export async function scriptDifferences(
  real: RealRedis,
  sandbox: SandboxRedis,
  scripts: readonly string[],
): Promise<string[]> {
  const commands = scripts.map((script) => ['EVAL', script, '0']);
  return (await outcomeDifferences(real, sandbox, commands)).differences;
}

/** What a suite against a real redis-server gets: the server, and scripts sent to it and here. */
export interface AgainstRedis {
  /** The server, started before the suite's first test and stopped after its last. */
  readonly real: () => RealRedis;
  /** Each script EVAL'd on both, on a fresh sandbox and a fresh Lua state: those whose replies differ. */
  readonly differences: (scripts: readonly string[]) => Promise<string[]>;
}

/**
 * The suite `title`, its tests declared by `tests`, run against a redis-server of its own; where
 * none is installed, one skipped test in its place that says why.
 */
export function describeAgainstRedis(title: string, tests: (redis: AgainstRedis) => void): void {
  describe.runIf(hasRedisServer())(title, () => {
    let server: RealRedis | undefined;
    beforeAll(async () => {
      server = await startRedisServer();
    });
    afterAll(async () => {
      await server?.stop();
    });
    const real = (): RealRedis => {
      if (!server) throw new Error(`${title}: redis-server is not started yet`);
      return server;
    };
    tests({
      real,
      // A fresh sandbox on one side, so a fresh Lua state on the other: SCRIPT FLUSH in Redis 7.0
      // starts its one Lua state again, dropping what an earlier test's scripts left there (a
      // cjson setting), and a test's answer cannot depend on which tests ran before it.
      differences: async (scripts) => {
        await real().client.call(['SCRIPT', 'FLUSH']);
        return scriptDifferences(real(), sandboxRedis(), scripts);
      },
    });
  });

  describe.skipIf(hasRedisServer())(title, () => {
    it('is compared with redis-server when one is installed', (ctx) => {
      const why = `no redis-server at ${REDIS_SERVER_PATH} (install Debian's redis-server, or set REDIS_SERVER_PATH)`;
      console.warn(`${title}: SKIPPED, ${why}`);
      ctx.skip(why);
    });
  });
}
