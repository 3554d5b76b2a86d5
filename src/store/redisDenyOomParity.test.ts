// The commands the cache refuses with the OOM error while over its key limit are the ones
// redis-server's own command table flags `denyoom` (COMMAND INFO's flags), subcommands too.

import { expect, it } from 'vitest';
import { Cache } from '../engine/cache';
import { VirtualClock } from '../engine/clock';
import { REDIS_7_DENYOOM } from '../engine/eviction';
import { createMockRedisServer } from '../engine/redisMock';
import { Rng } from '../engine/rng';
import { asIoredis, describeAgainstRedis, type Outcome } from '../cli/replyParity';

/** One entry of COMMAND's reply: name, arity, flags, ..., and (Redis 7) its subcommands. */
type CommandEntry = [string, number, { status: string }[], ...unknown[]];

describeAgainstRedis('denyoom against a real redis-server', ({ real }) => {
  it("refuses over the limit exactly the commands Redis 7's table flags denyoom", async () => {
    const flagged: string[] = [];
    const visit = (entry: CommandEntry) => {
      const [name, , flags] = entry;
      if (flags.some((f) => f.status === 'denyoom')) flagged.push(name.toUpperCase());
      const subcommands = entry[9];
      if (Array.isArray(subcommands)) for (const sub of subcommands) visit(sub as CommandEntry);
    };
    for (const entry of (await real().client.call(['COMMAND'])) as CommandEntry[]) visit(entry);
    expect(flagged.length).toBeGreaterThan(40);
    expect([...REDIS_7_DENYOOM].sort()).toEqual(flagged.sort());
  });

  it("checks a command's words before refusing it for memory, as Redis does", async () => {
    // Over the limit: Redis with maxmemory 1 byte, the sandbox with a key limit of 1 under
    // noeviction, each holding a key. Before, a learner's code sending `SET k` or `ZADD k`
    // got the OOM error where Redis answers the wrong number of arguments.
    const cache = new Cache(new VirtualClock(), new Rng(1), createMockRedisServer(), {
      maxKeys: 1,
      eviction: 'noeviction',
    });
    const ours = async (argv: string[]): Promise<Outcome> => {
      try {
        return { value: await cache.execConsole('A', argv, 'code') };
      } catch (e) {
        return { error: (e as Error).message };
      }
    };
    await real().client.call(['FLUSHALL']);
    await real().client.call(['SET', 'a', '1']);
    await ours(['SET', 'a', '1']);
    await real().client.call(['CONFIG', 'SET', 'maxmemory', '1']);
    try {
      const differences: string[] = [];
      for (const argv of [
        ['SET', 'k'],
        ['SET', 'k', 'v', 'EX'],
        ['APPEND', 'z'],
        ['MSET', 'a'],
        ['LPUSH', 'l'],
        ['HSET', 'h', 'f'],
        ['SADD', 's'],
        ['INCRBY', 'n', 'x'],
        ['SETEX', 'q', '0', 'v'],
        ['ZADD', 'k'],
        ['NOSUCH', 'k'],
        ['SET', 'k', 'v'],
      ]) {
        const theirs = asIoredis(await real().client.call(argv));
        const mine = await ours(argv);
        if (JSON.stringify(theirs) !== JSON.stringify(mine))
          differences.push(
            `${argv.join(' ')}: redis ${JSON.stringify(theirs)}, sandbox ${JSON.stringify(mine)}`,
          );
      }
      expect(differences).toEqual([]);
    } finally {
      await real().client.call(['CONFIG', 'SET', 'maxmemory', '0']);
    }
  });
});
