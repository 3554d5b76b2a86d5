import { existsSync } from 'node:fs';
import { connect } from 'node:net';
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

  it('starts empty, whatever a server before it saved: a SYNC Redis accepted leaves no RDB behind', async () => {
    const first = await startRedisServer();
    try {
      await first.client.call(['SET', 'left', 'behind']);
      // A SYNC Redis accepts saves an RDB file in the server's directory whatever --save says,
      // and streams it to the connection.
      const replica = connect(first.port, '127.0.0.1');
      await new Promise<void>((resolve, reject) => {
        let got = '';
        replica.on('data', (chunk: Buffer) => {
          got += chunk.toString('latin1');
          if (got.includes('left')) resolve();
        });
        replica.on('error', reject);
        replica.write('*1\r\n$4\r\nSYNC\r\n');
      });
      replica.destroy();
    } finally {
      await first.stop();
    }
    const second = await startRedisServer();
    try {
      expect(await second.client.call(['DBSIZE'])).toBe(0);
    } finally {
      await second.stop();
    }
    expect(existsSync('dump.rdb')).toBe(false);
  }, 30_000);
});
