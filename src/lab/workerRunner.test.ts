import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_WORKLOAD } from '../engine/workload';
import { createWorkerRunner, STOP_GRACE_MS } from './workerRunner';

/** A worker that takes every message and answers none: one held inside a single call. */
class HeldWorker {
  static made: HeldWorker[] = [];
  posted: unknown[] = [];
  isTerminated = false;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  constructor() {
    HeldWorker.made.push(this);
  }
  postMessage(m: unknown): void {
    this.posted.push(m);
  }
  terminate(): void {
    this.isTerminated = true;
  }
}

const listener = { onStart: () => undefined, onProgress: () => undefined };

describe('the lab worker runner', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    HeldWorker.made = [];
  });

  it('ends a worker that does not heed Stop, says why, and the next run gets a new worker', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('Worker', HeldWorker);
    const runner = createWorkerRunner();
    const active = runner.run(DEFAULT_WORKLOAD, listener);
    const failed = expect(active.result).rejects.toThrow(
      `the lab's worker did not stop within ${STOP_GRACE_MS / 1000} s of Stop`,
    );
    active.stop();
    await vi.advanceTimersByTimeAsync(STOP_GRACE_MS - 1);
    expect(HeldWorker.made[0].isTerminated).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await failed;
    expect(HeldWorker.made[0].isTerminated).toBe(true);
    runner.run(DEFAULT_WORKLOAD, listener).result.catch(() => undefined);
    expect(HeldWorker.made).toHaveLength(2);
    expect(HeldWorker.made[1].posted).toMatchObject([{ type: 'run' }]);
  });

  it('leaves a worker that answered Stop alone', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('Worker', HeldWorker);
    const runner = createWorkerRunner();
    const active = runner.run(DEFAULT_WORKLOAD, listener);
    active.stop();
    const w = HeldWorker.made[0];
    const runId = (w.posted[0] as { runId: number }).runId;
    w.onmessage?.({ data: { type: 'error', runId, message: 'stopped' } } as MessageEvent);
    await expect(active.result).rejects.toThrow('stopped');
    await vi.advanceTimersByTimeAsync(STOP_GRACE_MS);
    expect(w.isTerminated).toBe(false);
  });
});
