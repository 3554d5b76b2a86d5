import type { SqlJsStatic } from 'sql.js';
import { describe, expect, it } from 'vitest';
import { createMockRedisServer, type MockRedisClient } from './redisMock';
import { loadSqlJsNode } from './testSim';
import { DEFAULT_WORKLOAD, runWorkload, type WorkloadConfig } from './workload';

const config: WorkloadConfig = { ...DEFAULT_WORKLOAD, requests: 2000, keys: 100, seed: 5 };

/** sql.js whose databases count how many were opened and closed. */
async function trackedSql(): Promise<{
  SQL: SqlJsStatic;
  opened: () => number;
  closed: () => number;
}> {
  const SQL = await loadSqlJsNode();
  let opened = 0;
  let closed = 0;
  class Tracked extends SQL.Database {
    constructor(data?: ArrayLike<number> | Buffer | null) {
      super(data);
      opened++;
    }
    close(): void {
      closed++;
      super.close();
    }
  }
  return {
    SQL: { ...SQL, Database: Tracked } as SqlJsStatic,
    opened: () => opened,
    closed: () => closed,
  };
}

describe('runWorkload returns what it used', () => {
  it('closes its database and every Redis connection when the run finishes', async () => {
    const sql = await trackedSql();
    const server = createMockRedisServer();
    const clients: MockRedisClient[] = [];
    const connect = () => {
      const c = server();
      clients.push(c);
      return c;
    };
    // TTL 0: keys without expiry, so the probe below sees them whatever the wall clock says.
    const { summary } = await runWorkload(sql.SQL, { ...config, ttl: 0 }, { connect });
    expect(summary.requests).toBe(2000);
    // The run's own database, and the seed image it was copied from: every one closed.
    expect(sql.opened()).toBeGreaterThan(0);
    expect(sql.closed()).toBe(sql.opened());
    expect(clients.length).toBe(config.connections);
    expect(clients.map((c) => c.connected)).toEqual(clients.map(() => false));
    // A server the caller supplied keeps its data: only the run's own keyspace is dropped.
    const probe = server();
    expect((await probe.keys('*')).length).toBeGreaterThan(0);
    probe.disconnect();
  });

  it('frees them when the run is stopped or fails part-way', async () => {
    const sql = await trackedSql();
    let done = 0;
    const stopped = await runWorkload(sql.SQL, config, {
      progressEvery: 100,
      onProgress: (p) => {
        done = p.done;
      },
      shouldStop: () => done >= 500,
    });
    expect(stopped.summary.stopped).toBe(true);
    await expect(
      runWorkload(sql.SQL, config, {
        progressEvery: 100,
        onProgress: () => {
          throw new Error('the page went away');
        },
      }),
    ).rejects.toThrow('the page went away');
    expect(sql.opened()).toBeGreaterThanOrEqual(2);
    expect(sql.closed()).toBe(sql.opened());
  });
});
