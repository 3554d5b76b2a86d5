// What the differential tests against a real redis-server share: a reply as ioredis hands it
// over, the sandbox's cache adapter answering the same commands, and the loop that sends each
// command to both and keeps the ones whose answers differ.
import { Cache } from '../engine/cache';
import { VirtualClock } from '../engine/clock';
import type { RedisReply } from '../engine/redisCli';
import { createMockRedisServer } from '../engine/redisMock';
import { Rng } from '../engine/rng';
import type { RealRedis } from './redisServer';

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
