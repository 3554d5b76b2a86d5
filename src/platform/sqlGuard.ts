import { trialVerdict, type SqlGuard, type SqlTrialVerdict } from '../engine/consoleSql';
import type { TrialReply, TrialRequest } from './sqlGuardWorker';
import { errorMessage } from '../engine/errorMessage';

/** How long a console line may run (on a trial copy) before it is stopped. */
export const SQL_TIME_LIMIT_MS = 1000;
/**
 * Why a line that finished is refused all the same: what the page runs after it on its own
 * thread (reading users back, a Step's read and write), where nothing can stop it, went past the
 * time limit on the copy, through a view or trigger the line made.
 */
export const afterLineReason = (limitMs: number): string =>
  `it ran, but with what the page runs after it (reading every user back, and a Step's write of one), on its own thread where nothing can stop it, it took longer than ${limitMs / 1000} s on a copy of the database: a view or trigger on users makes those slow, as does a users table of hundreds of thousands of rows`;
/** How long the guard's worker may take to load sql.js. */
const STARTUP_LIMIT_MS = 20_000;

// sql.js aborts (and is unusable afterwards) when a statement exhausts the worker's memory.
const FATAL = /out of memory|aborted|runtimeerror|memory access out of bounds/i;

/**
 * The page's SQL guard: each console line first runs on a copy of the database in a Web Worker.
 * A line that finishes there (with or without an error) may run on the page's own database; one
 * that runs longer than `limitMs`, or exhausts memory, is refused, and the worker is terminated
 * and replaced. sql.js offers no way to interrupt a statement (its build exports neither
 * sqlite3_progress_handler nor sqlite3_interrupt), so a thread that can be killed is the one
 * reliable stop.
 */
export function createWorkerSqlGuard(limitMs = SQL_TIME_LIMIT_MS): SqlGuard {
  interface Slot {
    worker: Worker;
    ready: Promise<void>;
  }
  const spawn = (): Slot => {
    const worker = new Worker(new URL('./sqlGuardWorker.ts', import.meta.url), { type: 'module' });
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('it did not load in time')),
        STARTUP_LIMIT_MS,
      );
      const settle = (e: MessageEvent<TrialReply>) => {
        if (e.data.type === 'ready') resolve();
        else if (e.data.type === 'failed') reject(new Error(e.data.error));
        else return;
        clearTimeout(timer);
        worker.removeEventListener('message', settle);
      };
      worker.addEventListener('message', settle);
      worker.addEventListener('error', () => reject(new Error('its script failed to load')), {
        once: true,
      });
    });
    // Nobody may be waiting yet: a failure is reported to the first trial that needs it.
    ready.catch(() => undefined);
    return { worker, ready };
  };
  // No worker starts with the page: most visits never type SQL, and two more copies of sql.js
  // loading beside the page's own would slow its first load. The first line starts one (its
  // load is not counted against the line's time limit). A spare is loaded once a line has its
  // verdict, so the line after a stopped one (a link may hold several) does not wait for
  // sql.js to load again. Never while a line runs: on a busy 2-core machine a spare compiling
  // sql.js beside the trial pushed a three-row SELECT past the time limit.
  let current: Slot | null = null;
  let spare: Slot | null = null;
  const take = (): Slot => {
    // The spare becomes the worker in use only when there is none: taken on every line, it was
    // dropped still running (its own sql.js, until the page closed) and another one loaded
    // beside the next line, 101 workers for 101 lines.
    if (current === null) {
      current = spare ?? spawn();
      spare = null;
    }
    return current;
  };
  const discard = (): void => {
    current?.worker.terminate();
    current = null;
    spare ??= spawn();
  };
  let seq = 0;

  return async (trial) => {
    const slot = take();
    try {
      await slot.ready;
    } catch (e) {
      slot.worker.terminate();
      current = null; // the next line tries a new worker
      return {
        ok: false,
        reason: `the SQL guard could not start (${errorMessage(e)}), so nothing ran`,
      };
    }
    const w = slot.worker;
    const id = ++seq;
    return new Promise<SqlTrialVerdict>((resolve) => {
      const finish = (verdict: SqlTrialVerdict, isWorkerSpent: boolean) => {
        clearTimeout(timer);
        w.removeEventListener('message', onMessage);
        w.removeEventListener('error', onError);
        if (isWorkerSpent) discard();
        else spare ??= spawn();
        resolve(verdict);
      };
      let hasLineRun = false;
      // The line's time on the copy, from its sending to its verdict.
      const sentAt = performance.now();
      const timer = setTimeout(
        () =>
          finish(
            {
              ok: false,
              reason: hasLineRun
                ? afterLineReason(limitMs)
                : `it ran longer than ${limitMs / 1000} s and was stopped`,
            },
            true,
          ),
        limitMs,
      );
      const onMessage = (e: MessageEvent<TrialReply>) => {
        if (e.data.type === 'ran' && e.data.id === id) hasLineRun = true;
        if (e.data.type !== 'done' || e.data.id !== id) return;
        // Over the trial's memory limit: refused with the limit, and the worker's memory freed.
        const verdict = trialVerdict(e.data);
        if (!verdict.ok) finish(verdict, true);
        else if (e.data.error !== undefined && FATAL.test(e.data.error))
          finish({ ok: false, reason: 'it needed more memory than the page can give it' }, true);
        else finish({ ...verdict, ms: performance.now() - sentAt }, false);
      };
      const onError = () =>
        finish({ ok: false, reason: 'it needed more memory than the page can give it' }, true);
      w.addEventListener('message', onMessage);
      w.addEventListener('error', onError);
      const request: TrialRequest = { id, trial };
      w.postMessage(request, [trial.bytes.buffer]);
    });
  };
}
