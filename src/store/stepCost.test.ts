// Step and Back cost against history (issues 12.2 and 13.4): the time of one Step at steps 5,
// 50, 500 and 600 of the same free-play run, of Back at steps 5 and 500, and of a Step beside
// 100,000 keys. A measurement, not a timed assertion: it runs only with STEP_COST=1.
//   STEP_COST=1 npx vitest run src/store/stepCost.test.ts
// (checkpoints.test.ts and engine/snapshotView.test.ts assert the work done, in every run.)

import { describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { DEFAULT_SANDBOX_CONFIG } from './sandboxConfig';
import { createSandboxStore } from './sandboxStore';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function freePlay() {
  const store = createSandboxStore();
  await store.getState().start(await loadSqlJsNode(), {
    scenarioId: null,
    config: DEFAULT_SANDBOX_CONFIG,
    inputs: [],
  });
  return store;
}

describe.skipIf(!process.env.STEP_COST)('step cost against history', () => {
  it('measures Step at steps 5, 50, 500 and 600, and Back at steps 5 and 500', async () => {
    const store = await freePlay();
    const s = () => store.getState();
    const actor = s().snapshot!.actors[0].name;
    const at = [5, 50, 500, 600];
    const timings = new Map<number, number[]>();
    const backs = new Map<number, number[]>();
    let steps = 0;
    let request = 0;
    while (steps < 610) {
      if (!s().canStep) {
        request++;
        const id = (request % 40) + 1;
        if (request % 4 === 0) await s().startWrite(actor, id, { plan: `p${request}` });
        else await s().startRead(actor, id);
        continue;
      }
      const started = performance.now();
      expect(await s().step()).toBe(true);
      const ms = performance.now() - started;
      steps++;
      for (const a of at)
        if (Math.abs(steps - a) <= (a < 10 ? 2 : 5))
          timings.set(a, [...(timings.get(a) ?? []), ms]);
      if (steps === 5 || steps === 500)
        for (let i = 0; i < 5; i++) {
          const t = performance.now();
          expect(await s().back()).toBe(true);
          backs.set(steps, [...(backs.get(steps) ?? []), performance.now() - t]);
          expect(await s().step()).toBe(true);
        }
    }
    console.log(
      at.map((a) => `Step at ${a}: ${median(timings.get(a)!).toFixed(2)} ms`).join('; ') +
        '; ' +
        [...backs].map(([a, xs]) => `Back at ${a}: ${median(xs).toFixed(1)} ms`).join('; '),
    );
  }, 600_000);

  it('measures a Step beside 100,000 keys', async () => {
    const store = await freePlay();
    const s = () => store.getState();
    for (let batch = 0; batch < 20; batch++) {
      const pairs: string[] = [];
      for (let i = 0; i < 5000; i++) pairs.push(`k:${batch}:${i}`, 'v');
      await s().runRedis(`MSET ${pairs.join(' ')}`);
    }
    expect(s().snapshot!.cache.length).toBe(100_000);
    const times: number[] = [];
    for (let id = 1; id <= 3; id++) {
      await s().startRead('A', id);
      while (s().canStep) {
        const t = performance.now();
        await s().step();
        times.push(performance.now() - t);
      }
    }
    const t = performance.now();
    await s().back();
    console.log(
      `Step beside 100,000 keys: median ${median(times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms; ` +
        `Back there: ${(performance.now() - t).toFixed(0)} ms`,
    );
  }, 600_000);
});
