import type { QuickJSRuntime } from 'quickjs-emscripten-core';
import type { SetCountdown } from './interruptCounter';

/**
 * The work a call in may do, in QuickJS's polls (a loop's turn, a call): 300 of QuickJS's own
 * intervals of 10,000. Counted, not timed, give or take the polls between two checks.
 */
export const MAX_POLLS = 3_000_000;
/**
 * A backstop in time, should the poll budget take longer than expected here (polls that are
 * each a costly builtin): the call's time between its checks, each gap counted up to
 * {@link MOST_MS_A_GAP_COUNTS}.
 */
export const MAX_CALL_MS = 300;
/**
 * The most one gap between two checks adds to a call's time, unless one of the
 * {@link GAPS_REMEMBERED} gaps before it was as long. The guard spaces its checks about
 * `CHECK_EVERY_MS` of work apart, so a longer gap is a costly poll or the thread set aside (by a
 * busy machine, a paused tab), which the clock cannot tell apart. But a runaway's costly polls
 * come again and again (a loop's turn of `a.slice().sort()` is a 120 ms poll and two cheap ones,
 * so its gaps go long, short, long), while a thread set aside runs again for a time slice, and
 * the guard, finding the polls costly, checks again after each, so a second stall is many gaps
 * after the first. Counted whole, one such gap stopped a call of correct code: under load
 * (three busy processes on 2 cores) a lab run's read of a few thousand turns of work was set
 * aside 301 ms between two checks 32 polls apart, past `MAX_CALL_MS`, and the whole run stopped
 * at its request 438. Now a stall of any length costs a call 50 ms of its budget, and a loop of
 * costly polls is stopped after its first long gap counted 50 ms and the rest whole.
 */
const MOST_MS_A_GAP_COUNTS = 50;
/** How many gaps before it a long gap is compared with (see `MOST_MS_A_GAP_COUNTS`). */
const GAPS_REMEMBERED = 4;
/**
 * The wall time after which a call that has had two long gaps (over `MOST_MS_A_GAP_COUNTS`) is
 * stopped, whatever its counted time. A loop whose costly polls each come after a dozen cheap
 * ones (`h.indexOf(n)` of a second, then a short loop) had every long gap counted 50 ms, six of
 * them to the budget: the page froze 7 to 11 s. One stall is forgiven, however long (a busy
 * machine, a paused tab); two long gaps and 1.5 s is a runaway, or a machine too busy to wait on.
 */
const MAX_STALLED_CALL_MS = 1_500;
/**
 * About how often the guard looks at the clock, in ms of work: it sets the polls to its next
 * check from what the last ones cost, so a loop of megabyte copies is stopped on time too.
 */
const CHECK_EVERY_MS = 5;
/** Polls to the first check of a call: few, for its polls may each be a costly builtin. */
const FIRST_CHECK_POLLS = 16;
/** QuickJS's own interval between checks: the guard's where it cannot set the count. */
const QUICKJS_POLLS_A_CHECK = 10_000;
/**
 * The most polls the guard lets pass between two checks where it sets the count. A loop's polls
 * can turn costly at any moment (a cheap build, then `for (;;) JSON.stringify(o)` over 100,000
 * keys, 7 ms a poll), and the first check after the turn comes this many polls later: at
 * QuickJS's 10,000 that held a Step 70 s, and a loop of `a.slice().sort()` 87 s. At 32 those
 * stop in under a second, and a check costs a tight loop about a tenth of a microsecond, 10 to
 * 15% of a loop that does nothing else (measured in Node, 2026-12-05).
 */
const MOST_POLLS_A_CHECK = 32;

/**
 * Stops a call into the sandbox that runs too long: after {@link MAX_POLLS} of QuickJS's polls
 * (counted, give or take the polls between two checks) or, as a backstop for polls that are each
 * a costly builtin, after `MAX_CALL_MS` of the call's time, a gap between two checks counted up
 * to `MOST_MS_A_GAP_COUNTS` unless one of the few before it was as long (a stall of the thread
 * is one long gap; a runaway's costly polls come again and again), and after
 * `MAX_STALLED_CALL_MS` of wall time once it has had two long gaps. Where the context's count to
 * its next check was found, the guard sets it from what the polls before cost, so a check comes every `MOST_POLLS_A_CHECK` polls or about every `CHECK_EVERY_MS` of
 * work, whichever is sooner, however costly each poll (the wall time only spaces the checks and
 * bounds costly polls: a stall of the thread costs a call at most one gap's count).
 */
export class CallGuard {
  private polls = 0;
  private pollsToCheck = QUICKJS_POLLS_A_CHECK;
  private lastCheckMs = 0;
  private countedMs = 0;
  private armedAtMs = 0;
  private longGaps = 0;
  /** The last `GAPS_REMEMBERED` gaps between checks of this call, in ms. */
  private readonly recentGapsMs = new Array<number>(GAPS_REMEMBERED).fill(0);
  private gapCount = 0;
  private isArmed = false;
  private hasStopped = false;
  private hasStoppedByClock = false;

  constructor(
    runtime: QuickJSRuntime,
    private readonly setCountdown: SetCountdown | null,
  ) {
    runtime.setInterruptHandler(() => {
      if (!this.isArmed) return false;
      const now = performance.now();
      this.polls += this.pollsToCheck;
      const gap = now - this.lastCheckMs;
      // Where QuickJS checks only every 10,000 polls, a gap is that many polls: counted whole.
      this.countedMs +=
        this.setCountdown === null
          ? gap
          : Math.min(gap, Math.max(MOST_MS_A_GAP_COUNTS, ...this.recentGapsMs));
      this.recentGapsMs[this.gapCount++ % GAPS_REMEMBERED] = gap;
      if (gap > MOST_MS_A_GAP_COUNTS) this.longGaps++;
      if (this.polls > MAX_POLLS) {
        this.hasStopped = true;
        return true;
      }
      if (
        this.countedMs > MAX_CALL_MS ||
        (this.longGaps >= 2 && now - this.armedAtMs > MAX_STALLED_CALL_MS)
      ) {
        this.hasStopped = this.hasStoppedByClock = true;
        return true;
      }
      if (this.setCountdown !== null) {
        const msAPoll = gap / this.pollsToCheck;
        // At most twice the polls of the last check: a page's clock ticks every 0.1 ms, so polls
        // that took less read as free (a loop's polls alternate cheap and costly).
        const fit = msAPoll > 0 ? Math.floor(CHECK_EVERY_MS / msAPoll) : MOST_POLLS_A_CHECK;
        this.pollsToCheck = Math.max(1, Math.min(MOST_POLLS_A_CHECK, fit, this.pollsToCheck * 2));
        this.setCountdown(this.pollsToCheck);
      }
      this.lastCheckMs = now;
      return false;
    });
  }

  arm(): void {
    this.polls = 0;
    this.countedMs = 0;
    this.longGaps = 0;
    this.recentGapsMs.fill(0);
    this.gapCount = 0;
    this.hasStopped = this.hasStoppedByClock = false;
    this.armedAtMs = this.lastCheckMs = performance.now();
    this.isArmed = true;
    this.pollsToCheck = this.setCountdown === null ? QUICKJS_POLLS_A_CHECK : FIRST_CHECK_POLLS;
    this.setCountdown?.(this.pollsToCheck);
  }

  /** True when the call was interrupted. */
  disarm(): boolean {
    this.isArmed = false;
    return this.hasStopped;
  }

  /**
   * True when the last call was stopped by the clock's backstop, not by its count of polls: the
   * machine's speed and load decide that outcome, so the same code and seed can pass elsewhere.
   */
  wasStoppedByClock(): boolean {
    return this.hasStoppedByClock;
  }
}
