import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InterleavingCount } from '../engine/interleavingCount';
import type { ExploreRequest } from '../engine/interleavingGrid';
import type { ExplorerReply, ExplorerRequest } from './explorerProtocol';
import { createWorkerExploreRunner } from './explorerRunner';

/** A worker that takes every message and answers only when the test says. */
class HeldWorker {
  static made: HeldWorker[] = [];
  posted: ExplorerRequest[] = [];
  isTerminated = false;
  onmessage: ((e: MessageEvent<ExplorerReply>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  constructor() {
    HeldWorker.made.push(this);
  }
  postMessage(m: ExplorerRequest): void {
    this.posted.push(m);
  }
  terminate(): void {
    this.isTerminated = true;
  }
  say(reply: ExplorerReply): void {
    this.onmessage?.({ data: reply } as MessageEvent<ExplorerReply>);
  }
}

// What is asked does not matter to the runner: it hands it to the worker as it is.
const request = { setup: [], limit: 300 } as unknown as ExploreRequest;
const yours = { read: 'function* read(id) { return yield selectUser(id); }' };
const counted: InterleavingCount = { estimate: 10, isExact: false, steps: { A: 3, B: 2 } };

describe("the explorer's worker runner", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    HeldWorker.made = [];
  });

  it('keeps counting what is queued when Stop exploring ends the exploration beside it', async () => {
    vi.stubGlobal('Worker', HeldWorker);
    const runner = createWorkerExploreRunner();
    // The count of the learner's code runs in the worker; Explore is pressed before it is done.
    const count = runner.count(request, yours);
    await vi.waitFor(() => expect(HeldWorker.made[0]?.posted).toHaveLength(1));
    const explored = runner.explore(request, () => undefined, yours);
    const first = HeldWorker.made[0];
    expect(first.posted.map((m) => m.kind)).toEqual(['count', 'explore']);

    runner.cancel();
    await expect(explored).rejects.toThrow('stopped');
    expect(first.isTerminated).toBe(true);
    // The count goes on in a new worker, not "could not be counted" for a Stop of another run.
    const second = HeldWorker.made[1];
    expect(second?.posted.map((m) => m.kind)).toEqual(['count']);
    second.say({ id: second.posted[0].id, type: 'counted', count: counted });
    expect(await count).toEqual(counted);
  });

  it('keeps counting when a newer exploration replaces one still running', async () => {
    vi.stubGlobal('Worker', HeldWorker);
    const runner = createWorkerExploreRunner();
    const older = runner.explore(request, () => undefined, yours);
    await vi.waitFor(() => expect(HeldWorker.made[0]?.posted).toHaveLength(1));
    const count = runner.count(request, yours);
    await vi.waitFor(() => expect(HeldWorker.made[0].posted).toHaveLength(2));
    const newer = runner.explore(request, () => undefined, yours);
    await expect(older).rejects.toThrow('replaced by a newer exploration');
    const second = HeldWorker.made[1];
    expect(second.posted.map((m) => m.kind)).toEqual(['count', 'explore']);
    second.say({ id: second.posted[0].id, type: 'counted', count: counted });
    expect(await count).toEqual(counted);
    runner.cancel();
    await expect(newer).rejects.toThrow('stopped');
  });

  it('counts a run with long console lines in the worker, off the page', async () => {
    vi.stubGlobal('Worker', HeldWorker);
    const runner = createWorkerExploreRunner();
    const long = {
      setup: [
        { type: 'redis', actor: 'console', argv: ['SET', 'big', 'x'.repeat(100_000)] },
        { type: 'read', actor: 'A', id: 1 },
      ],
      limit: 1,
    } as unknown as ExploreRequest;
    const count = runner.count(long);
    await vi.waitFor(() => expect(HeldWorker.made[0]?.posted).toHaveLength(1));
    const worker = HeldWorker.made[0];
    expect(worker.posted[0].kind).toBe('count');
    worker.say({ id: worker.posted[0].id, type: 'counted', count: counted });
    expect(await count).toEqual(counted);
  });
});
