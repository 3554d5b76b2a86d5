import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKLOAD, type WorkloadConfig } from '../engine/workload';
import { analyticHitRate } from './analytic';
import { analyticModelText, modelBreaks } from './modelBreaks';

const config = (over: Partial<WorkloadConfig>): WorkloadConfig => ({
  ...DEFAULT_WORKLOAD,
  ...over,
});
const run = (c: WorkloadConfig) => ({ config: c, analyticHitRate: analyticHitRate(c) });
/** Counts of a run of reads only, long past its TTL: no other break applies. */
const readsOnly = { requests: 10_000, reads: 10_000, evictions: 0 };

// Until 2026-12-06 a run whose refills took seconds (stall chance 1, 10 s stalls: 7.98% measured
// against the model's 98.33%) was told only of its 12 writes: the model takes a refill to be
// instant, and every read of the key arriving while it loads misses too.
describe('the model row names refills too slow for the model', () => {
  it('names the refill time and the hottest key’s reads against it when stalls last seconds', () => {
    const c = config({ stallChance: 1, stallMs: 10_000, readRatio: 1 });
    const breaks = modelBreaks(c, undefined, readsOnly, 3600);
    expect(breaks).toHaveLength(1);
    expect(breaks[0]).toMatch(
      /^a miss's refill \(its GET's reply, the SELECT, the SET\) takes about 20,00\d\.\d ms on average at these latency settings \(this run measured no refill of its own\), where the model takes it to be instant: the hottest key \(\d+\.\d% of reads\) is read every [\d.]+ ms, so lambda\*d is about [\d,]+ for it, and every read of a key that arrives while its refill is in flight misses too; with refills that long the model gives about \d+\.\d\d%$/,
    );
    expect(analyticModelText(run(c), readsOnly, 3600)).toContain("a miss's refill");
  });

  it('names them under constant latencies of seconds too', () => {
    const c = config({ latencyModel: 'constant', dbLatency: 10_000, readRatio: 1 });
    expect(modelBreaks(c, undefined, readsOnly, 3600).join()).toMatch(
      /takes about 10,000\.3 ms on average/,
    );
  });

  // Until 2026-12-06 the refill was the settings' mean even where the run measured its own: a
  // slow database (a fault) or Redis' own time went unseen, and a run whose refills were quick
  // was told of slow ones.
  it("takes the run's own measured refill where it has one, and says so", () => {
    const slow = { ...readsOnly, refills: { count: 40, meanMs: 12_345.6 } };
    expect(modelBreaks(config({ readRatio: 1 }), undefined, slow, 3600).join()).toMatch(
      /^a miss's refill \(its GET's reply, the SELECT, the SET\) took 12,345\.6 ms on average in this run \(its 40 refills, from the GET's miss to the SET\), where the model takes it to be instant: .*the model gives about \d+\.\d\d%$/,
    );
    const quick = { ...readsOnly, refills: { count: 40, meanMs: 2.3 } };
    const c = config({ latencyModel: 'constant', dbLatency: 10_000, readRatio: 1 });
    expect(modelBreaks(c, undefined, quick, 3600)).toEqual([]);
    // None measured: the settings' mean, said as such.
    const none = { ...readsOnly, refills: { count: 0, meanMs: null } };
    expect(modelBreaks(c, undefined, none, 3600).join()).toMatch(
      /takes about 10,000\.3 ms on average at these latency settings \(this run measured no refill of its own\)/,
    );
  });

  it('says a rate too small to show as "under 0.01%", not "about under 0.01%"', () => {
    // One key read a million times a second, TTL 1 ms, refills of two and a half minutes: until
    // 2026-12-07 the sentence ended "the model gives about under 0.01%".
    const c = config({ readRatio: 1, keys: 1, rate: 1_000_000, ttl: 0.001 });
    const slow = { ...readsOnly, refills: { count: 31, meanMs: 155_534.1 } };
    const said = modelBreaks(c, undefined, slow, 3600).join();
    expect(said).toMatch(/with refills that long the model gives under 0\.01%$/);
    expect(said).not.toMatch(/about under/);
  });

  it('stays silent at the default latencies, where a refill of a few ms is small', () => {
    expect(modelBreaks(config({ readRatio: 1 }), undefined, readsOnly, 3600)).toEqual([]);
    // One key read 1,000 times a second, TTL 1 s: the refill costs it 0.2 points, not worth a word.
    const hot = config({ readRatio: 1, keys: 1, ttl: 1 });
    expect(modelBreaks(hot, undefined, readsOnly, 3600)).toEqual([]);
  });

  it('stays silent where no miss waits on a refill: no expiry, refresh-ahead, early refresh', () => {
    const slow = { stallChance: 1, stallMs: 10_000, readRatio: 1 };
    for (const over of [
      { ttl: 0 },
      { pattern: 'refresh-ahead' as const },
      { readMitigation: 'early-refresh' as const },
    ])
      expect(
        modelBreaks(config({ ...slow, ...over }), undefined, readsOnly, 3600).join(),
      ).not.toMatch(/refill/);
  });
});

// Until 2026-12-06 only the requests' window was held against the TTL: a run of 20 s at TTL 5 s
// whose Redis was down for 18 of them, or restarted every 4 s, was not told that every read Redis
// answered was in a warm-up.
describe('the model row names a run whose Redis answered for less than the TTL', () => {
  const window = { requestWindow: { startMs: 0, endMs: 20_000 } };
  const counts = { ...readsOnly, ...window };
  const warmUp = (faults: WorkloadConfig['faults']) =>
    modelBreaks(config({ readRatio: 1, ttl: 5, faults }), undefined, counts, 20).join();

  it('fires for a long outage and for restarts closer together than the TTL', () => {
    expect(warmUp([{ kind: 'cache-down', startSeconds: 1, durationSeconds: 18 }])).toBe(
      "Redis answered for 2.0 s of the requests' 20.0 s (down for the rest), less than the TTL (5 s), so the whole run was the warm-up in which each key's first read misses; the model is the steady state after it",
    );
    const restarts = [4, 8, 12, 16].map((at) => ({
      kind: 'cache-restart' as const,
      startSeconds: at,
      durationSeconds: 0,
    }));
    expect(warmUp(restarts)).toMatch(
      /^Redis answered for at most 4\.0 s of the requests' 20\.0 s between restarts, each emptying it, less than the TTL/,
    );
  });

  it('cuts the warm-up only at a restart that emptied something, when the run kept what each held', () => {
    const restarts = [4, 8, 12, 16].map((at) => ({
      kind: 'cache-restart' as const,
      startSeconds: at,
      durationSeconds: 0,
    }));
    const held = (keys: number[]) =>
      modelBreaks(
        config({ readRatio: 1, ttl: 5, faults: restarts }),
        undefined,
        { ...counts, restarts: keys.map((k, i) => ({ atMs: (i + 1) * 4000, keys: k })) },
        20,
      ).join();
    // Only the restart at 8 s held keys: Redis answered 12 s after it, more than the TTL.
    expect(held([0, 3, 0, 0])).toBe('');
    expect(held([0, 0, 0, 0])).toBe('');
    // Two that held keys, 4 s apart, and the rest empty: the longest piece is 12 s (8 to 20)...
    expect(held([3, 3, 0, 0])).toBe('');
    // ...and with the ones at 12 and 16 s emptying it too, 4 s, told as before.
    expect(held([3, 3, 3, 3])).toMatch(/between restarts, each emptying it, less than the TTL/);
    // One restart that emptied it, in the middle of a 8 s run at TTL 10 s: either side of it.
    expect(
      modelBreaks(
        config({ readRatio: 1, ttl: 10, faults: [restarts[0]] }),
        undefined,
        {
          ...readsOnly,
          requestWindow: { startMs: 0, endMs: 12_000 },
          restarts: [{ atMs: 4000, keys: 2 }],
        },
        12,
      ).join(),
    ).toMatch(
      /^Redis answered for at most 8\.0 s of the requests' 12\.0 s either side of a restart that emptied it, less than the TTL/,
    );
  });

  it('stays silent where Redis answered for a TTL or more', () => {
    expect(warmUp([])).toBe('');
    expect(warmUp([{ kind: 'cache-down', startSeconds: 1, durationSeconds: 10 }])).toBe('');
  });
});

// Until 2026-12-07 a CDC run whose consumer dropped every invalidation (loss 1) was told "103
// writes removed their key's cached copy": the consumer's DEL removes it, and it sent none.
describe('the model row counts what the change log removed, under CDC', () => {
  const c = config({ invalidation: 'cdc', cdcLoss: 1 });
  const counts = { requests: 2000, reads: 1897, evictions: 0 };

  it('names none where the consumer delivered none, and the delivered ones otherwise', () => {
    expect(modelBreaks(c, undefined, { ...counts, cdc: { delivered: 0 } }, 3600)).toEqual([]);
    expect(modelBreaks(c, undefined, { ...counts, cdc: { delivered: 55 } }, 3600)).toEqual([
      "55 invalidations from the change log removed a written key's cached copy, which the model leaves out",
    ]);
  });

  // Until 2026-12-07 each delivered DEL counted, also one of a key that held no copy.
  it('counts, where the run counted them, only the invalidations that removed a copy', () => {
    const delivered = { ...counts, cdc: { delivered: 55 } };
    expect(modelBreaks(c, undefined, { ...delivered, removedCopies: 0 }, 3600)).toEqual([]);
    expect(modelBreaks(c, undefined, { ...delivered, removedCopies: 7 }, 3600)).toEqual([
      "the change log's invalidations removed 7 cached copies of written keys, which the model leaves out",
    ]);
    const app = config({});
    expect(modelBreaks(app, undefined, { ...counts, removedCopies: 1 }, 3600)).toEqual([
      "the writes' invalidations removed 1 cached copy of their keys, which the model leaves out",
    ]);
    // A learner's write path, whose removals are counted however its code sent the DEL: until
    // 2026-12-07 the row said nothing of them.
    const yours = { read: false, write: true };
    expect(modelBreaks(app, yours, { ...counts, removedCopies: 0 }, 3600)).toEqual([]);
    expect(modelBreaks(app, yours, { ...counts, removedCopies: 3 }, 3600)).toEqual([
      'your write path removed 3 cached copies of its keys, which the model leaves out',
    ]);
  });
});

// Until 2026-12-07 a run of writes only (read ratio 0) had its hit-rate chart say that its writes
// removed copies and each key's first read missed, where the model row gives no figure.
describe('the model row with no reads', () => {
  it('names nothing in a run with no reads, whose model gives no figure', () => {
    const writesOnly = { requests: 3000, reads: 0, evictions: 0 };
    expect(modelBreaks(config({ readRatio: 0 }), undefined, writesOnly, 3)).toEqual([]);
  });

  // Redis down all run: its 1,028 writes were said to remove their copies, their DELs all failed.
  it('names nothing where Redis answered no GET, so nothing measured missed', () => {
    const down = { requests: 20_000, reads: 18_972, evictions: 0, hits: 0, misses: 0 };
    const c = config({
      ttl: 1,
      faults: [{ kind: 'cache-down', startSeconds: 0, durationSeconds: 30 }],
    });
    expect(modelBreaks(c, undefined, down, 20)).toEqual([]);
    expect(modelBreaks(c, undefined, { ...down, misses: 1 }, 20)).toHaveLength(1);
  });

  // Redis down from 5 s for 5 s of 20 s (`npm run sim -- --requests 20000 --read-ratio 0.9
  // --fault cache-down:5:5`): all 2,059 writes were said to remove their copies, 513 DELs failed.
  it('counts only the writes whose invalidation Redis took', () => {
    const part = { requests: 20_000, reads: 17_941, evictions: 0, hits: 11_177, misses: 2_238 };
    const c = config({ faults: [{ kind: 'cache-down', startSeconds: 5, durationSeconds: 5 }] });
    expect(modelBreaks(c, undefined, { ...part, failedInvalidations: 513 }, 3600)).toEqual([
      "1,546 of the 2,059 writes removed their key's cached copy, which the model leaves out (the other 513 removed nothing: their invalidations failed)",
    ]);
    // A summary saved before they were counted says what it said.
    expect(modelBreaks(c, undefined, part, 3600)).toEqual([
      "2,059 writes removed their key's cached copy, which the model leaves out",
    ]);
  });
});
