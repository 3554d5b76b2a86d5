import { describe, expect, it } from 'vitest';
import { READ_MITIGATIONS, WRITE_POLICIES } from './programs/catalog';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { DEFAULT_WORKLOAD, runWorkload } from './workload';

describe('timed runs judge hits by the version the adapter wrote', () => {
  it.each(WRITE_POLICIES.flatMap((w) => READ_MITIGATIONS.map((r) => [w, r] as const)))(
    'the hint always equals the version in the value served (%s, %s)',
    async (writePolicy, readMitigation) => {
      const { summary } = await runWorkload(
        await loadSqlJsNode(),
        {
          ...DEFAULT_WORKLOAD,
          // 300 requests take every step kind 1,500 did, in every combination, and hit rows
          // written since (over 100 hits each): a hint that is wrong on any hit throws.
          requests: 300,
          keys: 20,
          rate: 2000,
          readRatio: 0.7,
          ttl: 1,
          writePolicy,
          readMitigation,
          seed: 3,
        },
        { verifyVersionHints: true },
      );
      expect(summary.hits).toBeGreaterThan(0);
      expect(summary.requests).toBe(300);
    },
  );
});
