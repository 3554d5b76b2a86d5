// The commands the cache refuses with the OOM error while over its key limit are the ones
// redis-server's own command table flags `denyoom` (COMMAND INFO's flags), subcommands too.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_7_DENYOOM } from '../engine/eviction';
import { hasRedisServer, startRedisServer, type RealRedis } from '../cli/redisServer';

/** One entry of COMMAND's reply: name, arity, flags, ..., and (Redis 7) its subcommands. */
type CommandEntry = [string, number, { status: string }[], ...unknown[]];

describe.runIf(hasRedisServer())('denyoom against a real redis-server', () => {
  let real: RealRedis;

  beforeAll(async () => {
    real = await startRedisServer();
  });
  afterAll(async () => {
    await real?.stop();
  });

  it("refuses over the limit exactly the commands Redis 7's table flags denyoom", async () => {
    const flagged: string[] = [];
    const visit = (entry: CommandEntry) => {
      const [name, , flags] = entry;
      if (flags.some((f) => f.status === 'denyoom')) flagged.push(name.toUpperCase());
      const subcommands = entry[9];
      if (Array.isArray(subcommands)) for (const sub of subcommands) visit(sub as CommandEntry);
    };
    for (const entry of (await real.client.call(['COMMAND'])) as CommandEntry[]) visit(entry);
    expect(flagged.length).toBeGreaterThan(40);
    expect([...REDIS_7_DENYOOM].sort()).toEqual(flagged.sort());
  });
});
