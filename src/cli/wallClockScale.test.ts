import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKLOAD } from '../engine/workload';
import { scaleForWallClock } from './realRedis';

describe("scaleForWallClock: double-delete's delay", () => {
  it('divides the delay by the factor, as the latencies it races, and says so under double-delete', () => {
    const config = { ...DEFAULT_WORKLOAD, writePolicy: 'double-delete' } as const;
    const plan = scaleForWallClock(config, 10); // 100 s asked: x10
    expect(plan.factor).toBe(10);
    expect(plan.config.doubleDeleteDelayMs).toBe(50);
    expect(plan.config.dbLatency).toBe(0.2);
    expect(plan.notes.join('\n')).toContain('double-delete delay 500 -> 50 ms');
    // Under another policy the delay takes no part: scaled, and not named.
    expect(scaleForWallClock(DEFAULT_WORKLOAD, 10).notes.join('\n')).not.toContain('double-delete');
  });
});

describe('scaleForWallClock: stalls and the change log', () => {
  it("divides the mean stall and the change log's lag by the factor, and names each that takes part", () => {
    const config = { ...DEFAULT_WORKLOAD, invalidation: 'cdc', cdcDelayMs: 200 } as const;
    const plan = scaleForWallClock(config, 10);
    expect(plan.factor).toBe(10);
    expect(plan.config.stallMs).toBe(DEFAULT_WORKLOAD.stallMs / 10);
    expect(plan.config.cdcDelayMs).toBe(20);
    const said = plan.notes.join('\n');
    expect(said).toContain(
      `mean stall ${DEFAULT_WORKLOAD.stallMs} -> ${DEFAULT_WORKLOAD.stallMs / 10} ms`,
    );
    expect(said).toContain('change log lag 200 -> 20 ms');
    // Constant latencies have no stalls, and the application's own invalidation no change log.
    const quiet = scaleForWallClock({ ...DEFAULT_WORKLOAD, latencyModel: 'constant' }, 10);
    expect(quiet.notes.join('\n')).not.toMatch(/stall|change log/);
  });
});
