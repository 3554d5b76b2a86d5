import type { ChangeFeed } from './changeFeed';
import type { ReadMitigation } from './programs/catalog';
import type { BackgroundJob } from './programs/cacheLayer';
import type { ChangeCaptureContext } from './programs/changeCapture';
import type { ProgramSettings } from './programs/types';
import type { WriteContext } from './programs/writePaths';
import type { Runtime } from './runtime';

/**
 * What a running program sees of its environment: one per actor, reused by every program the
 * actor runs. Each read of `token` makes a new one, so a program reads it once and keeps it.
 */
export class RunContext implements WriteContext, ChangeCaptureContext {
  spawn(job: BackgroundJob): boolean {
    return this.runtime.ledger.spawn(job);
  }

  tryLock(key: string): boolean {
    return this.runtime.ledger.tryLock(key);
  }

  unlock(key: string): void {
    this.runtime.ledger.unlock(key);
  }

  constructor(
    private readonly runtime: Runtime,
    private readonly actor: string,
  ) {}

  get settings(): ProgramSettings {
    return this.runtime.settings;
  }

  get mitigation(): ReadMitigation {
    return this.runtime.mitigation;
  }

  get changeFeed(): ChangeFeed {
    return this.runtime.changeFeed;
  }

  get nowMs(): number {
    return this.runtime.clock.nowMs;
  }

  invalidated(id: number, isDelivered: boolean, isFailed = false): void {
    if (isFailed) this.runtime.counts.failedInvalidations++;
    this.runtime.fills.invalidated(id, isDelivered);
  }

  /** The run this context serves now: its token's number (see {@link startRun}). */
  private run = 0;

  /**
   * A program run starts: every run, ours or a learner's, read or write, takes the next number,
   * so a learner's program (which is handed `ctx.token` whether it uses it or not) sends the
   * same tokens ours does.
   */
  startRun(): void {
    this.run = ++this.runtime.tokenSeq;
  }

  /** Unique per run: `<actor>-<run>`. */
  get token(): string {
    return `${this.actor}-${this.run}`;
  }

  random(): number {
    return this.runtime.random();
  }
}
