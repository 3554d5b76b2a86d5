import { describe, expect, it } from 'vitest';
import { checkStopped, CheckerNotLoadedError } from '../engine/learnerCheck';
import type { CheckerReply, CheckerRequest } from './checkerProtocol';
import { CHECK_CANCELLED, checkInWorker, type CheckerWorker } from './checkerRunner';

/** A worker that does what the test says, and notes whether it was ended. */
function fakeWorker() {
  const worker = {
    onmessage: null,
    onerror: null,
    isTerminated: false,
    posted: [] as CheckerRequest[],
    postMessage(request: CheckerRequest) {
      worker.posted.push(request);
    },
    terminate() {
      worker.isTerminated = true;
    },
    say(reply: CheckerReply) {
      worker.onmessage?.({ data: reply } as MessageEvent<CheckerReply>);
    },
    fail(message: string) {
      worker.onerror?.({ message, preventDefault() {} } as ErrorEvent);
    },
  } as unknown as CheckerWorker & {
    posted: CheckerRequest[];
    isTerminated: boolean;
    say(reply: CheckerReply): void;
    fail(message: string): void;
  };
  return worker;
}

/** What the page says of a check that ended with this error. */
const said = (check: Promise<unknown>) =>
  check.then(
    () => 'answered',
    (e: unknown) => checkStopped(e).message,
  );

describe('the checker runner', () => {
  it('says the checker could not be loaded when its worker cannot be made, and what to do', async () => {
    const check = checkInWorker('stale-set', 'x', {
      createWorker: () => {
        throw new Error('Failed to construct Worker');
      },
    });
    await expect(check).rejects.toBeInstanceOf(CheckerNotLoadedError);
    expect(await said(check)).toBe(
      "The checker could not be loaded (Failed to construct Worker), so your code was not checked. Reload the page (a connection lost, or a newer version of the page published since it loaded, leaves the checker's files out of reach) and press Check again; your code is kept.",
    );
  });

  it('tells a worker that failed before it loaded from a check that stopped after', async () => {
    const early = fakeWorker();
    const notLoaded = said(checkInWorker('stale-set', 'x', { createWorker: () => early }));
    early.fail('');
    expect(await notLoaded).toMatch(
      /^The checker could not be loaded \(its worker did not start\), so your code was not checked\. Reload the page/,
    );
    const late = fakeWorker();
    const stopped = said(checkInWorker('stale-set', 'x', { createWorker: () => late }));
    late.say({ type: 'ready' });
    late.fail('out of memory');
    expect(await stopped).toBe(
      "The check stopped before it finished: the checker's worker failed (out of memory)",
    );
    expect([early.isTerminated, late.isTerminated]).toEqual([true, true]);
  });

  it('says the checker could not be loaded when its worker cannot fetch sql.js or QuickJS', async () => {
    const worker = fakeWorker();
    const check = said(checkInWorker('stale-set', 'x', { createWorker: () => worker }));
    worker.say({ type: 'ready' });
    worker.say({ id: worker.posted[0].id, type: 'not-loaded', message: 'Failed to fetch' });
    expect(await check).toMatch(
      /^The checker could not be loaded \(Failed to fetch\), so your code was not checked\./,
    );
  });

  it('ends the worker at once on Cancel', async () => {
    const worker = fakeWorker();
    const abort = new AbortController();
    const check = checkInWorker('stale-set', 'x', {
      createWorker: () => worker,
      signal: abort.signal,
    });
    worker.say({ type: 'ready' });
    abort.abort();
    await expect(check).rejects.toThrow(CHECK_CANCELLED);
    expect(worker.isTerminated).toBe(true);
  });
});
