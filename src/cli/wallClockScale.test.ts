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
