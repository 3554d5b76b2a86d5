// A snapshot that throws must not freeze the page: the input it followed is taken back and
// refused with why, and the next input shows as usual. Until 2026-12-05 one such throw (a users
// table made again without id) left every later console line, request and Step unshown, and the
// link without them, while the engine ran them.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Simulation } from '../engine/simulation';
import { freePlaySandbox } from './testSandbox';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a snapshot that throws after an input', () => {
  it('takes the input back, says why, and lets the next input show', async () => {
    const store = await freePlaySandbox();
    await store.getState().runRedis('SET a 1');
    const before = store.getState().timeline.length;
    const real = Simulation.prototype.snapshot;
    const spy = vi.spyOn(Simulation.prototype, 'snapshot');
    spy.mockImplementationOnce(() => Promise.reject(new Error('no such column: id')));
    spy.mockImplementation(function (this: Simulation) {
      return real.call(this);
    });
    await store.getState().runRedis('SET b 2');
    expect(store.getState().timeline.length).toBe(before);
    expect(store.getState().notices.map((n) => n.text)).toContainEqual(
      expect.stringMatching(/^The page could not show what SET b 2 left \(no such column: id\)/),
    );
    // Taken back in the engine too: the page, its link and the engine are one run.
    expect(await store.getState().runRedis('EXISTS b')).toEqual({
      text: '(integer) 0',
      isError: false,
    });
    expect(store.getState().redisConsole.map((l) => l.input)).toEqual(['SET a 1', 'EXISTS b']);
  });

  it('in a paste, takes back the line that left it and the lines after it, and the page goes on', async () => {
    const store = await freePlaySandbox();
    await store.getState().runRedis('SET a 1');
    const real = Simulation.prototype.snapshot;
    // The run after SET boom cannot be shown; the lines pasted with it are not shown one by one.
    vi.spyOn(Simulation.prototype, 'snapshot').mockImplementation(async function (
      this: Simulation,
    ) {
      const snapshot = await real.call(this);
      if (snapshot.cache.some((e) => e.key === 'boom')) throw new Error('no such column: id');
      return snapshot;
    });
    await Promise.allSettled(
      ['SET b 1', 'SET boom 1', 'SET c 1', 'SET d 1'].map((l) => store.getState().runRedis(l)),
    );
    expect(store.getState().redisConsole.map((l) => l.input)).toEqual(['SET a 1', 'SET b 1']);
    expect(store.getState().notices.map((n) => n.text)).toContainEqual(
      'The page could not show what SET boom 1 left (no such column: id), so it was taken back, with the 2 lines after it: the run is as it was before it.',
    );
    expect(await store.getState().runRedis('EXISTS boom c')).toEqual({
      text: '(integer) 0',
      isError: false,
    });
    expect(store.getState().redisConsole.map((l) => l.input)).toEqual([
      'SET a 1',
      'SET b 1',
      'EXISTS boom c',
    ]);
  });

  it('after Back, an input taken back records no cut: the steps to redo are still there', async () => {
    const store = await freePlaySandbox();
    const opened = store.getState().runCuts;
    await store.getState().runRedis('SET a 1');
    await store.getState().runRedis('SET b 2');
    // Inputs at the run's end drop nothing.
    expect(store.getState().runCuts).toEqual(opened);
    await store.getState().back();
    const { timeline, runCuts } = store.getState();
    const real = Simulation.prototype.snapshot;
    const spy = vi.spyOn(Simulation.prototype, 'snapshot');
    spy.mockImplementationOnce(() => Promise.reject(new Error('no such column: id')));
    spy.mockImplementation(function (this: Simulation) {
      return real.call(this);
    });
    await store.getState().runRedis('SET c 3');
    // The run is as it was, SET b 2 still to redo, so nothing dropped it: an explorer summary
    // must not name "Back and another input" for it.
    expect(store.getState().timeline).toEqual(timeline);
    expect(store.getState().runCuts).toEqual(runCuts);
  });
});
