// A read that finds a cache entry it cannot use (a corrupt entry) deletes it and reads the
// database as on a miss: the sandbox counts that GET as a miss and a cache error, and so must
// the workload. Until
// 2026-12-05 a lab run whose write path stored text that is no row counted each such GET as a
// hit (401 hits, hit rate 95.5%) beside 355 database reads and 0 cache errors.
import { expect, it } from 'vitest';
import { compileSources } from '../platform/learnerPrograms';
import { loadQuickJsNode } from '../platform/quickjsNode';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { WRITE_STARTERS } from './programs/learnerSources';
import { DEFAULT_WORKLOAD, runWorkload } from './workload';

// A hash answers the read's GET with WRONGTYPE: until 2026-12-07 a cache error only, neither hit
// nor miss, so hits + misses fell short of the reads.
it.each([
  ['text that is no row', "yield redis('SET', cacheKey(id), 'garbage');"],
  [
    'a hash (WRONGTYPE)',
    "yield redis('DEL', cacheKey(id)); yield redis('HSET', cacheKey(id), 'a', 'b');",
  ],
])(
  'a GET of a corrupt entry (%s) counts as a miss and a cache error, as in the sandbox',
  async (_, line) => {
    const write = WRITE_STARTERS.invalidate.replace(
      "yield redis('DEL', cacheKey(id)); // the next read refills",
      line,
    );
    expect(write).toContain(line);
    const compiled = compileSources(await loadQuickJsNode(), { write });
    if (!compiled.ok) throw new Error(compiled.message);
    try {
      const { summary, series } = await runWorkload(
        await loadSqlJsNode(),
        { ...DEFAULT_WORKLOAD, requests: 300, keys: 20, readRatio: 0.7 },
        { programs: compiled.programs },
      );
      // Every read is served from the cache (a hit) or not (a miss), and each miss reads the
      // database: our read path's SELECT on a miss, its SELECT after a corrupt entry.
      expect(summary.hits + summary.misses).toBe(summary.reads);
      expect(summary.misses).toBe(summary.dbReads);
      // Each garbage entry costs the read that meets it a cache error; that read deletes it and
      // refills the key, so the reads after it hit until the next write. Until 2026-12-07 the
      // entry stayed until its TTL: 300 and more cache errors, a hit rate under 0.2.
      expect(summary.cacheErrors).toBeGreaterThan(summary.writes / 2);
      expect(summary.cacheErrors).toBeLessThan(summary.writes);
      expect(summary.hitRate).toBeGreaterThan(0.5);
      // Each miss, the corrupt entry's as the others, is a refill the model row times: until
      // 2026-12-07 the corrupt entries' were left out of the count and the mean.
      expect(summary.refills?.count).toBe(summary.misses);
      // The time series says the same.
      const sum = (k: 'hits' | 'misses' | 'cacheErrors') =>
        series.reduce((n, b) => n + (b as unknown as Record<string, number>)[k], 0);
      expect(sum('hits')).toBe(summary.hits);
      expect(sum('misses')).toBe(summary.misses);
    } finally {
      compiled.dispose();
    }
  },
);
