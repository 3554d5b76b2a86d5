// Measures what lab runs leave behind: the heap (JS objects plus the ArrayBuffers that hold
// sql.js' wasm memory) after a forced GC, once after one large run and again after three, in one
// process, as the lab worker runs them (the same `runWorkload`, one sql.js module for all runs).
// Run: `npm run lab-heap` (node --expose-gc). LAB_HEAP_REQUESTS and LAB_HEAP_KEYS override the
// run's size; each run is stopped part-way, as the lab's Stop would.
import '../platform/ioredisMockGlobals';
import { DEFAULT_WORKLOAD, runWorkload, type WorkloadConfig } from '../engine/workload';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { envWholeNumber, readEnvOrExit } from './scriptOptions';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('run with node --expose-gc (npm run lab-heap does)');
  process.exit(2);
}

const { LAB_HEAP_KEYS: keys, LAB_HEAP_REQUESTS: requests } = readEnvOrExit('lab-heap', {
  LAB_HEAP_KEYS: envWholeNumber(1, 1_000_000, 200_000),
  LAB_HEAP_REQUESTS: envWholeNumber(1, 5_000_000, 400_000),
});
const config: WorkloadConfig = { ...DEFAULT_WORKLOAD, keys, requests: requests * 2, zipf: 0.6 };

const mb = (n: number): number => Math.round(n / 1e5) / 10;

function measure(): { heapMB: number; externalMB: number; totalMB: number } {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return {
    heapMB: mb(m.heapUsed),
    externalMB: mb(m.external),
    totalMB: mb(m.heapUsed + m.external),
  };
}

async function main(): Promise<void> {
  const SQL = await loadSqlJsNode();
  const before = measure();
  const after: ReturnType<typeof measure>[] = [];
  for (let run = 1; run <= 3; run++) {
    let done = 0;
    // Stopped half-way, like a large run the learner stops.
    await runWorkload(
      SQL,
      { ...config, seed: run },
      {
        progressEvery: 1000,
        onProgress: (p) => {
          done = p.done;
        },
        shouldStop: () => done >= requests,
      },
    );
    after.push(measure());
  }
  const growth = after[2].totalMB / after[0].totalMB - 1;
  const figures = {
    run: { keys, requestsPerRun: requests },
    before,
    afterOne: after[0],
    afterTwo: after[1],
    afterThree: after[2],
    growthOneToThree: `${(growth * 100).toFixed(1)}%`,
  };
  console.log(JSON.stringify(figures, null, 2));
}

void main();
