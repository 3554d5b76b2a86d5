import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addLineProbes } from './lineProbes';

const SOURCE = "function* read(id) {\n  return yield redis('GET', 'user:' + id);\n}";

let copies = 0;
/** A copy of the module of the test's own, with no worker made yet (see quickjsBrowser.test.ts). */
async function freshModule(): Promise<typeof import('./lineProbesOffThread')> {
  copies += 1;
  return (await import(
    /* @vite-ignore */ `./lineProbesOffThread.ts?copy=${copies}`
  )) as typeof import('./lineProbesOffThread');
}

/** A worker that starts and takes messages but never answers (one slow to start, or wedged). */
class SilentWorker {
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: (() => void) | null = null;
  posted: unknown[] = [];
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  terminate(): void {}
}

describe('probeOffThread', () => {
  let made: SilentWorker[];
  beforeEach(() => {
    vi.useFakeTimers();
    made = [];
    vi.stubGlobal(
      'Worker',
      class extends SilentWorker {
        constructor() {
          super();
          made.push(this);
        }
      },
    );
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('makes the probes on the page when the worker has not answered in time, so Run never waits on it', async () => {
    const { probeOffThread, PROBE_WAIT_MS } = await freshModule();
    let probed: string | null = null;
    void probeOffThread(SOURCE).then((p) => (probed = p));
    expect(made[0].posted).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(PROBE_WAIT_MS - 1);
    expect(probed).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(probed).toBe(addLineProbes(SOURCE));
  });

  it("takes the worker's answer when it comes in time, and drops one that comes too late", async () => {
    const { probeOffThread, PROBE_WAIT_MS } = await freshModule();
    const first = probeOffThread(SOURCE);
    const [{ id }] = made[0].posted as { id: number }[];
    made[0].onmessage?.({ data: { id, probed: 'from the worker' } } as MessageEvent);
    await expect(first).resolves.toBe('from the worker');

    let late: string | null = null;
    void probeOffThread(SOURCE).then((p) => (late = p));
    await vi.advanceTimersByTimeAsync(PROBE_WAIT_MS);
    expect(late).toBe(addLineProbes(SOURCE));
    const [, second] = made[0].posted as { id: number }[];
    made[0].onmessage?.({ data: { id: second.id, probed: 'too late' } } as MessageEvent);
    await vi.advanceTimersByTimeAsync(0);
    expect(late).toBe(addLineProbes(SOURCE));
  });
});
