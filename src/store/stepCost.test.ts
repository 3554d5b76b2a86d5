// Step cost against history (issue 13.4): the time of one Step at step 50 and at step 600 of
// the same free-play run. A measurement, not a timed assertion: it runs only with STEP_COST=1.
//   STEP_COST=1 npx vitest run src/store/stepCost.test.ts

import { describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { DEFAULT_SANDBOX_CONFIG } from './sandboxConfig';
import { createSandboxStore } from './sandboxStore';

describe.skipIf(!process.env.STEP_COST)('step cost against history', () => {
  it('measures Step at step 50 and step 600', async () => {
    const store = createSandboxStore();
    await store.getState().start(await loadSqlJsNode(), {
      scenarioId: null,
      config: DEFAULT_SANDBOX_CONFIG,
      inputs: [],
    });
    const s = () => store.getState();
    const actor = s().snapshot!.actors[0].name;
    const timings = new Map<number, number[]>();
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
      for (const at of [50, 600])
        if (steps > at - 5 && steps <= at + 5) timings.set(at, [...(timings.get(at) ?? []), ms]);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(
      `median Step ms over steps 45-55: ${median(timings.get(50)!).toFixed(2)}; ` +
        `over steps 595-605: ${median(timings.get(600)!).toFixed(2)}`,
    );
    const backStarted = performance.now();
    expect(await s().back()).toBe(true);
    console.log(`Back at step ${steps}: ${(performance.now() - backStarted).toFixed(1)} ms`);
  }, 600_000);
});
