import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SqlTrial } from '../engine/consoleSql';
import { createWorkerSqlGuard } from './sqlGuard';
import type { TrialReply, TrialRequest } from './sqlGuardWorker';

/**
 * A guard worker that loads at once and answers each line as finished, except a line that says
 * HANG, which it never answers (as sql.js in a statement that does not end). Every one made is
 * kept, with whether it was terminated, so a test can tell the workers alive from the ended.
 */
class FakeGuardWorker {
  static made: FakeGuardWorker[] = [];
  isTerminated = false;
  private listeners = new Map<string, Set<(e: MessageEvent<TrialReply>) => void>>();

  constructor() {
    FakeGuardWorker.made.push(this);
    setTimeout(() => this.say({ type: 'ready' }), 0);
  }

  addEventListener(type: string, listener: (e: MessageEvent<TrialReply>) => void): void {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(listener);
  }

  removeEventListener(type: string, listener: (e: MessageEvent<TrialReply>) => void): void {
    this.listeners.get(type)?.delete(listener);
  }

  postMessage({ id, trial }: TrialRequest): void {
    if (trial.sql.includes('HANG')) return;
    setTimeout(() => this.say({ type: 'done', id }), 0);
  }

  terminate(): void {
    this.isTerminated = true;
  }

  private say(reply: TrialReply): void {
    if (this.isTerminated) return;
    for (const listener of this.listeners.get('message') ?? [])
      listener({ data: reply } as MessageEvent<TrialReply>);
  }
}

const trial = (sql: string): SqlTrial => ({ bytes: new Uint8Array(8), pragmas: {}, nowMs: 0, sql });
const alive = () => FakeGuardWorker.made.filter((w) => !w.isTerminated).length;

describe("the SQL guard's workers", () => {
  beforeEach(() => {
    FakeGuardWorker.made = [];
    vi.stubGlobal('Worker', FakeGuardWorker);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  // Until 2026-12-06 each line after the first threw the spare away (not terminated: a thread
  // with its own sql.js, kept until the page closed) and loaded another beside the next line:
  // 101 SQL lines left 101 workers, each having compiled sql.js.
  it('keeps one worker in use and one spare, however many lines finish', async () => {
    const guard = createWorkerSqlGuard(5_000);
    for (let i = 1; i <= 6; i++)
      expect(await guard(trial(`SELECT ${i}`))).toMatchObject({ ok: true });
    expect(FakeGuardWorker.made).toHaveLength(2);
    expect(alive()).toBe(2);
  });

  it('ends the worker of a line that runs too long, and the next line runs on the spare', async () => {
    const guard = createWorkerSqlGuard(30);
    expect(await guard(trial('SELECT 1'))).toMatchObject({ ok: true });
    const [first, spare] = FakeGuardWorker.made;
    expect(await guard(trial('SELECT HANG'))).toEqual({
      ok: false,
      reason: 'it ran longer than 0.03 s and was stopped',
    });
    expect(first.isTerminated).toBe(true);
    expect(FakeGuardWorker.made).toHaveLength(2);
    // The next line runs on the spare, loaded before; a new spare loads once it has its verdict.
    const sent = vi.spyOn(spare, 'postMessage');
    expect(await guard(trial('SELECT 2'))).toMatchObject({ ok: true });
    expect(sent).toHaveBeenCalledTimes(1);
    expect(FakeGuardWorker.made).toHaveLength(3);
    expect(alive()).toBe(2);
  });
});
