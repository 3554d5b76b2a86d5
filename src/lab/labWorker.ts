/// <reference lib="webworker" />
import '../platform/ioredisMockGlobals';
import { loadSqlJsBrowser } from '../platform/sqlJsBrowser';
import { compileInWorker } from '../platform/workerLearnerPrograms';
import type { MetricsBucket } from '../engine/metrics';
import type { LearnerSources } from '../engine/programs/learner';
import { runWorkload } from '../engine/workload';
import { analyticHitRate } from './analytic';
import type { FromWorker, ToWorker } from './labProtocol';
import { createStopFlags } from './stopFlags';
import { errorMessage } from '../engine/errorMessage';

// Runs timed workloads off the main thread. The engine awaits `onProgress` every
// PROGRESS_EVERY requests (and `onSeeding` after each slice of a large database's seeding);
// there the worker yields a macrotask so a `stop` message can land (and in between, at the
// engine's `onCheck`, once YIELD_EVERY_MS of work has run since it last did), and posts the
// buckets closed since its last post at most every POST_INTERVAL_MS of wall time, so the page
// gets a steady, small stream however fast the engine runs.
const PROGRESS_EVERY = 500;
/** A learner's programs run in QuickJS, several times slower: report (and heed Stop) sooner. */
const LEARNER_PROGRESS_EVERY = 100;
const POST_INTERVAL_MS = 250;
/** Between reports, the worker yields (so Stop can land) once this much work has run. */
const YIELD_EVERY_MS = 5;

const scope = self as unknown as DedicatedWorkerGlobalScope;
const stops = createStopFlags();

// A MessageChannel round trip is a macrotask without setTimeout's 4 ms clamp.
const yieldChannel = new MessageChannel();
const waiting: (() => void)[] = [];
yieldChannel.port1.onmessage = () => waiting.shift()?.();
const yieldToMessages = (): Promise<void> =>
  new Promise((resolve) => {
    waiting.push(resolve);
    yieldChannel.port2.postMessage(null);
  });

const post = (message: FromWorker): void => scope.postMessage(message);

async function run(
  runId: number,
  config: Parameters<typeof runWorkload>[1],
  sources: LearnerSources | undefined,
): Promise<void> {
  const SQL = await loadSqlJsBrowser();
  const { programs, dispose } = await compileInWorker(sources);
  const analytic = analyticHitRate(config);
  post({ type: 'started', runId, analyticHitRate: analytic });
  let pending: MetricsBucket[] = [];
  let lastPost = -Infinity;
  let lastYield = performance.now();
  const yieldNow = async (): Promise<void> => {
    await yieldToMessages();
    lastYield = performance.now();
  };
  // runWorkload frees the run's database and keyspace however it ends.
  let result: Awaited<ReturnType<typeof runWorkload>>;
  try {
    result = await runWorkload(SQL, config, {
      progressEvery: programs ? LEARNER_PROGRESS_EVERY : PROGRESS_EVERY,
      ...(programs ? { programs } : {}),
      onSeeding: async ({ seeded, total }) => {
        const now = performance.now();
        if (now - lastPost >= POST_INTERVAL_MS || seeded === total) {
          lastPost = now;
          post({ type: 'seeding', runId, seeded, total });
        }
        await yieldNow();
      },
      onCheck: () => (performance.now() - lastYield >= YIELD_EVERY_MS ? yieldNow() : undefined),
      onProgress: async ({ done, total, clockMs, buckets }) => {
        if (buckets.length) pending = pending.concat(buckets);
        const now = performance.now();
        if (now - lastPost >= POST_INTERVAL_MS) {
          lastPost = now;
          post({ type: 'progress', runId, done, total, clockMs, buckets: pending });
          pending = [];
        }
        await yieldNow();
      },
      shouldStop: () => stops.isStopped(runId),
    });
  } finally {
    dispose();
  }
  post({ type: 'done', runId, ...result, analyticHitRate: analytic });
}

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'stop') return stops.stopAsked(message.runId);
  // The worker forgets the run's Stop flag however it ends (loading sql.js or compiling the
  // learner's code may fail too), so a long-lived worker holds nothing from runs that ended.
  stops.began(message.runId);
  run(message.runId, message.config, message.sources)
    .catch((e: unknown) =>
      post({
        type: 'error',
        runId: message.runId,
        message: errorMessage(e),
      }),
    )
    .finally(() => stops.ended(message.runId));
};
