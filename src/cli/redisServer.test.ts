import { describe, expect, it } from 'vitest';
import { hasRedisServer, RespClient, startRedisServer, startRedisServerOn } from './redisServer';

describe.runIf(hasRedisServer())('a redis-server the tests start', () => {
  it('is never another one already on its port: that one is left running, untouched', async () => {
    // Two test files asking for a free port at once can be told the same one: the second
    // server cannot bind it and exits, and its client reached the first server.
    const other = await startRedisServer();
    try {
      await other.client.call(['SET', 'owner', 'other']);
      expect(await startRedisServerOn(other.port)).toBeNull();
      const client = await RespClient.connect(other.port);
      try {
        expect(await client.call(['GET', 'owner'])).toBe('other');
      } finally {
        client.close();
      }
    } finally {
      await other.stop();
    }
  }, 30_000);
});
