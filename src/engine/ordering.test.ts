import { describe, expect, it } from 'vitest';
import { DEFAULT_LATENCY } from './latency';
import { loadSqlJsNode } from './testSim';
import { DEFAULT_WORKLOAD, runWorkload, type WorkloadConfig } from './workload';

/**
 * The orderings the literature and production report (Nishtala et al., NSDI 2013; Meta's
 * "cache made consistent"), pinned as relations under the default latency model, never as exact
 * counts, and on several seeds: a relation that holds on one seed only is not the model's.
 */
const hot: WorkloadConfig = {
  ...DEFAULT_WORKLOAD,
  seed: 7,
  requests: 20_000,
  keys: 100,
  rate: 2000,
  readRatio: 0.8,
};

/**
 * Seeds a relation must hold on, not only the one the workload above was written for: 1, 2, 3
 * (versioned-fill's lowered tombstone showed on 3) and 7, the README's. Each relation held on
 * seeds 1 to 8 when it was pinned; `ORDERING_SEEDS=8 npx vitest run src/engine/ordering.test.ts`
 * checks them all again (about a minute: lease and versioned-fill run Lua); the default four keep
 * `npm test` fast.
 */
const SEEDS = process.env.ORDERING_SEEDS
  ? Array.from({ length: Math.max(1, Number(process.env.ORDERING_SEEDS) | 0) }, (_, i) => i + 1)
  : [1, 2, 3, 7];

const run = async (over: Partial<WorkloadConfig>) =>
  (await runWorkload(await loadSqlJsNode(), { ...hot, ...over })).summary;

// Lease and versioned-fill run Lua (fengari, about 0.5 ms a script): these runs take seconds.
describe(
  'the races rank as they do in production (default latency model)',
  { timeout: 240_000 },
  () => {
    it('runs under the lognormal model with a tail and stalls by default', () => {
      expect(DEFAULT_WORKLOAD).toMatchObject({
        latencyModel: 'lognormal',
        latencyTail: DEFAULT_LATENCY.latencyTail,
        stallChance: DEFAULT_LATENCY.stallChance,
      });
    });

    it('delete-first leaves more stale reads and stale fills than invalidate', async () => {
      // Not its longest staleness: both policies' stale entries last until the row's next write
      // (or the TTL), and on seed 17 invalidate's one longest is the longer (3,405 ms against
      // 3,402 ms in 20,000 requests; on seed 15 in 5,000, 1,212 against 1,177 ms).
      // 2,500 requests, not 5,000: delete-first still serves 5.7 to 10.3 times invalidate's stale
      // reads on each of seeds 1 to 8 (31 to 58 against 234 to 413) and leaves 75 to 93 stale
      // fills against 1 to 7, where the test needs more than twice and more.
      for (const seed of SEEDS) {
        const invalidate = await run({ seed, requests: 2_500, writePolicy: 'invalidate' });
        const deleteFirst = await run({ seed, requests: 2_500, writePolicy: 'delete-first' });
        expect(deleteFirst.staleReads, `seed ${seed}`).toBeGreaterThan(2 * invalidate.staleReads);
        expect(deleteFirst.staleFills, `seed ${seed}`).toBeGreaterThan(invalidate.staleFills);
      }
    });

    it('delete-first serves over twice the stale reads and leaves more stale fills across workloads and latency settings; a long double-delete leaves none', async () => {
      // Not an accident of one configuration: each change below of the workload above, on each of
      // seeds 1 to 10, kept delete-first at 3.7 to 32 times invalidate's stale reads (per seed)
      // with more stale fills, and double-delete at 500 ms at no stale fill and fewer stale reads
      // than delete-first (README, "Where each ranking holds"; so did no stalls, 5% writes and
      // 200 requests/s). Each runs here on one seed of SEEDS in turn (on all of them with
      // ORDERING_SEEDS), to keep the test to a few seconds.
      const variants: [string, Partial<WorkloadConfig>][] = [
        ['constant latencies', { latencyModel: 'constant' }],
        ['a p99 ten times the median', { latencyTail: 10 }],
        ['a TTL of 1 s', { ttl: 1 }],
        ['uniform keys', { zipf: 0 }],
        ['10,000 keys', { keys: 10_000 }],
        ['half the requests writes', { readRatio: 0.5 }],
      ];
      for (const [i, [name, over]] of variants.entries()) {
        for (const seed of process.env.ORDERING_SEEDS ? SEEDS : [SEEDS[i % SEEDS.length]]) {
          const at = `${name}, seed ${seed}`;
          const base = { ...over, seed, requests: 5_000 };
          const invalidate = await run({ ...base, writePolicy: 'invalidate' });
          const deleteFirst = await run({ ...base, writePolicy: 'delete-first' });
          const doubleDelete = await run({
            ...base,
            writePolicy: 'double-delete',
            doubleDeleteDelayMs: 500,
          });
          expect(deleteFirst.staleReads, at).toBeGreaterThan(2 * invalidate.staleReads);
          expect(deleteFirst.staleFills, at).toBeGreaterThan(invalidate.staleFills);
          expect(doubleDelete.staleFills, at).toBe(0);
          expect(doubleDelete.staleReads, at).toBeLessThan(deleteFirst.staleReads);
        }
      }
    });

    it("delete-first's lead needs writes slower than reads: with 10 ms reads and 1 ms writes it is under twice invalidate's", async () => {
      // Its readers race in the gap between its DEL and its commit; when a miss's SELECT takes
      // longer than the UPDATE, few read the row before the commit, while invalidate's race (a
      // read begun before the commit that sets after the DEL) grows with the read time. On seeds
      // 1 to 8 delete-first served 1.0 to 1.6 times invalidate's stale reads here (README, "Where
      // each ranking holds"), where the test above needs more than twice at the default 2 and 5 ms.
      const slowReads: Partial<WorkloadConfig> = {
        requests: 5_000,
        dbLatency: 10,
        dbWriteLatency: 1,
      };
      for (const seed of SEEDS) {
        const invalidate = await run({ ...slowReads, seed, writePolicy: 'invalidate' });
        const deleteFirst = await run({ ...slowReads, seed, writePolicy: 'delete-first' });
        expect(deleteFirst.staleReads, `seed ${seed}`).toBeLessThan(2 * invalidate.staleReads);
        expect(invalidate.staleFills, `seed ${seed}`).toBeGreaterThan(0);
      }
    });

    it('update-cache leaves stale entries from writers that finish out of order, which constant latencies never show', async () => {
      // Writes only, so every fill is a writer's SET: on every seed, a writer whose SET lands
      // after a later writer's leaves the older row, and constant latencies keep writers in order.
      const writers: Partial<WorkloadConfig> = {
        writePolicy: 'update-cache',
        readRatio: 0,
        requests: 1_000,
        keys: 20,
      };
      for (const seed of SEEDS) {
        const tails = await run({ ...writers, seed });
        const constant = await run({ ...writers, seed, latencyModel: 'constant' });
        expect(tails.staleFills, `seed ${seed}`).toBeGreaterThan(0);
        expect(constant.staleFills, `seed ${seed}`).toBe(0);
      }
    });

    it("update-cache with readers leaves stale entries under constant latencies too: a reader's SET lands after the writer's", async () => {
      // A reader SELECTs the old row just before a writer commits; the writer's commit-to-SET
      // (0.9 ms) is shorter than the reader's SELECT-to-SET (1.15 ms), so the older row lands
      // last. Seed 7 happens to show none; seeds 5, 15 and 20 of these twenty show one each.
      // The seeds are tried in turn until one shows it (seed 5): the sum of all twenty is above
      // zero exactly when one of them is, so the seeds after the first that shows one need no run.
      let fills = 0;
      for (let seed = 1; seed <= 20 && fills === 0; seed++)
        fills += (
          await run({
            writePolicy: 'update-cache',
            latencyModel: 'constant',
            requests: 2_000,
            seed,
          })
        ).staleFills;
      expect(fills).toBeGreaterThan(0);
    });

    it('update-cache serves more stale reads than invalidate where half the requests write 20 keys', async () => {
      // Where writers of one key overlap; with 10% writes over 1,000 keys the two are close and
      // the seed decides which serves fewer (README, "How the write policies rank").
      const overlapping: Partial<WorkloadConfig> = { requests: 2_000, readRatio: 0.5, keys: 20 };
      for (const seed of SEEDS) {
        const invalidate = await run({ ...overlapping, seed, writePolicy: 'invalidate' });
        const updateCache = await run({ ...overlapping, seed, writePolicy: 'update-cache' });
        expect(updateCache.staleReads, `seed ${seed}`).toBeGreaterThan(invalidate.staleReads);
      }
    });

    it('lease and versioned-fill bring stale fills to zero where no mitigation has some', async () => {
      // 2,000 requests over 10 keys: no mitigation fills a stale row 7 times on seed 7 and 10 on
      // seed 3 (16 in 10,000 requests over 100 keys), and each Lua run takes a fifth of the time. On seed 3 a
      // writer that finished after a newer one lowered its tombstone (a plain SET until
      // 2026-12-04), and versioned-fill let a reader fill the older row: zero must hold on every seed.
      const few: Partial<WorkloadConfig> = { requests: 2_000, keys: 10 };
      // Lua costs: by default the seed that showed the lowered tombstone and the README's.
      for (const seed of process.env.ORDERING_SEEDS ? SEEDS : [3, 7]) {
        const none = await run({ ...few, seed, readMitigation: 'none' });
        const lease = await run({ ...few, seed, readMitigation: 'lease' });
        const versioned = await run({ ...few, seed, readMitigation: 'versioned-fill' });
        expect(none.staleFills, `seed ${seed}`).toBeGreaterThan(0);
        expect(lease.staleFills, `seed ${seed}`).toBe(0);
        expect(versioned.staleFills, `seed ${seed}`).toBe(0);
      }
    });

    it("under update-cache, versioned-fill checks the writer's own SET too: no stale fill where update-cache alone leaves some", async () => {
      // The writer stores its row with the fill's script (FILL_IF_NEWER), so a writer whose SET
      // lands after a newer writer's is refused, as a reader's late fill is. Until 2026-12-05 its
      // SET was a plain SET and versioned-fill left exactly update-cache's stale fills (7 to 15
      // writers-only in 1,000 requests on these seeds; 8 and 4 with readers on seeds 3 and 7).
      // Writers only, 500 requests (each write a Lua script, 1 to 1.5 s a run against 2 to 3 s
      // for 1,000): update-cache alone leaves 4 to 7 stale fills on each of seeds 1 to 8 (4 and 6
      // on 3 and 7), each one a late SET that versioned-fill must refuse, and refuses all of.
      const writers: Partial<WorkloadConfig> = {
        writePolicy: 'update-cache',
        readRatio: 0,
        requests: 500,
        keys: 20,
      };
      const withReaders: Partial<WorkloadConfig> = {
        writePolicy: 'update-cache',
        requests: 2_000,
        keys: 10,
      };
      // Lua costs: by default the seeds of the test above and the README's.
      for (const seed of process.env.ORDERING_SEEDS ? SEEDS : [3, 7]) {
        for (const [name, workload] of [
          ['writers only', writers],
          ['with readers', withReaders],
        ] as const) {
          const at = `${name}, seed ${seed}`;
          const none = await run({ ...workload, seed, readMitigation: 'none' });
          const versioned = await run({ ...workload, seed, readMitigation: 'versioned-fill' });
          expect(none.staleFills, at).toBeGreaterThan(0);
          expect(versioned.staleFills, at).toBe(0);
        }
      }
    });

    it('write-through leaves no stale fill, and write-behind serves no stale read, on every seed', async () => {
      // The README's pattern table is one seed (7): the stale reads of cache-aside, write-through
      // and refresh-ahead swap places from seed to seed, but these zeros hold on each.
      const table: Partial<WorkloadConfig> = {
        requests: 2_000,
        rate: 500,
        readRatio: 0.9,
        keys: 200,
        ttl: 30,
      };
      for (const seed of SEEDS) {
        const through = await run({ ...table, seed, pattern: 'write-through' });
        const behind = await run({ ...table, seed, pattern: 'write-behind' });
        expect(through.staleFills, `seed ${seed}`).toBe(0);
        expect(behind.staleReads, `seed ${seed}`).toBe(0);
        expect(behind.staleFills, `seed ${seed}`).toBe(0);
      }
    });

    it('single-flight cuts database reads in the stampedes of a hot key that expires', async () => {
      // 5,000 reads at 20,000/s last 0.25 s: with a TTL of 1 s the key never expired and only the
      // cold start's stampede was measured. A 50 ms TTL makes the key expire four or five times
      // in the run, each expiry a stampede (about 130 database reads without a mitigation on seeds
      // 1 to 8, 9 to 11 with single-flight).
      const stampede: Partial<WorkloadConfig> = {
        keys: 1,
        rate: 20_000,
        ttl: 0.05,
        readRatio: 1,
        requests: 5_000,
      };
      for (const seed of SEEDS) {
        const none = await run({ ...stampede, seed, readMitigation: 'none' });
        const singleFlight = await run({ ...stampede, seed, readMitigation: 'single-flight' });
        expect(singleFlight.dbReads, `seed ${seed}`).toBeLessThan(none.dbReads / 2);
      }
    });
  },
);
