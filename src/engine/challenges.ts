import type { SqlJsStatic } from 'sql.js';
import type { ReadMitigation, WritePolicy } from './programs/catalog';
import {
  learnerReadProgram,
  learnerWriteProgram,
  type LearnerPath,
  type LearnerRunner,
  type ProgramOverrides,
} from './programs/learner';
import { cacheLeftWrong } from './cachedCopy';
import {
  counterexample,
  ID,
  NEW_NAME,
  onRecycledKeyspace,
  problemOf,
  read,
  readerWrote,
  ROWS,
  write,
  type Request,
} from './challengeRuns';
import { CACHE_OTHER_USER, otherUserTouched, untimedCopy, untimedLock } from './challengeKeys';
import { stampede } from './challengeStampede';
import { isTombstone } from './fillTracker';
import type { Simulation } from './simulation';
import type { SimAction } from './simAction';
import type { SimConfig, SimCreateConfig } from './simConfig';
import type { SimSnapshot } from './simSnapshot';
import { errorMessage } from './errorMessage';

export interface Challenge {
  id: string;
  title: string;
  /** Which program the learner writes (the other stays ours). */
  path: LearnerPath;
  /** What is checked, in words. */
  check: string;
  writePolicy: WritePolicy;
  readMitigation: ReadMitigation;
}

/**
 * The shortest interleaving that breaks the learner's program: the sandbox can replay it from
 * `actions` (requests, then one `stepActor` per entry of `schedule`).
 */
export interface Counterexample {
  /** Which actor took each step, in order. */
  schedule: string[];
  /** What went wrong, in words. */
  problem: string;
  writePolicy: WritePolicy;
  readMitigation: ReadMitigation;
  actorCount: number;
  /** Everything to dispatch, in order, to reproduce it in a fresh simulation. */
  actions: SimAction[];
  /** Steps of `actions` that only set the stage (a warm-up read): the interleaving starts after. */
  setupSteps: number;
}

export interface ChallengeVerdict {
  passed: boolean;
  /** Interleavings (and runs) checked. */
  checked: number;
  message: string;
  counterexample?: Counterexample;
}

export const CHALLENGES: readonly Challenge[] = [
  {
    id: 'stale-set',
    title: 'Make the read path safe against the stale-set race without changing the write path',
    path: 'read',
    check:
      'A reads user:1 on a cold cache while B writes it (UPDATE then DEL). In every interleaving the cache must not be left holding an older row than the database, no read may return an outdated row, and a read on its own must still fill the cache. The row of user 2, cached from the start, must be left as it was, the copy of user 1 must expire within ctx.ttlSeconds, and a lock or counter left behind must expire too.',
    writePolicy: 'invalidate',
    readMitigation: 'none',
  },
  {
    id: 'stampede',
    title: 'Stop the stampede with one database read',
    path: 'read',
    check:
      'A, B and C read user:1 at the same moment on a cold cache, each step taking its latency (timed scheduling), then B, C and D do, then A, B and C with the database slow to answer (100 ms a read): each time the database may be read once, every read must return the row, and a reader that waits must return within a retry delay (ctx.retryDelayMs) of the fill. The row of user 2, cached from the start, must be left as it was, the copy of user 1 must expire within ctx.ttlSeconds, and a lock or counter left behind must expire too.',
    writePolicy: 'invalidate',
    readMitigation: 'none',
  },
  {
    id: 'ttl-only-fresh',
    title: 'Make write-then-read fresh under ttl-only',
    path: 'write',
    check:
      'user:1 is cached; B writes it while A reads it. In every interleaving, a read that starts after both finished must return the new row, and the cache must hold no row the database never had. The row of user 2, cached from the start, must be left as it was, and the copy of user 1 must expire within ctx.ttlSeconds.',
    writePolicy: 'ttl-only',
    readMitigation: 'none',
  },
];

/** More interleavings than any challenge has with a sensible program. */
const LIMIT = 2000;
/** Interleavings between two pauses (see `checkChallenge`'s `pause`). */
const PAUSE_EVERY = 10;
/**
 * Steps a walk may take in all once an interleaving has failed. A failure settles the verdict;
 * the count of failures only adds to it. A program that loops to the 200-step cap in every
 * order (a write path that DELs forever) made the walk run 2,000 such interleavings, a minute
 * in Node before "Fails", while a sensible program's whole walk stays far below this.
 */
const STEPS_AFTER_FAILURE = 4000;

/** Checks a learner's program against a challenge over every interleaving. */
export async function checkChallenge(
  SQL: SqlJsStatic,
  id: string,
  programs: ProgramOverrides,
  options: {
    /** Awaited every few interleavings: the page yields to its input there (a check is long). */
    pause?: () => Promise<void>;
    /** Most interleavings run (tests lower it); past it the verdict is "not proven". */
    limit?: number;
  } = {},
): Promise<ChallengeVerdict> {
  const walk = {
    pause: options.pause ?? (() => Promise.resolve()),
    limit: options.limit ?? LIMIT,
  };
  const challenge = CHALLENGES.find((c) => c.id === id);
  if (!challenge) throw new RangeError(`unknown challenge "${id}"`);
  const base: SimCreateConfig = {
    rows: ROWS,
    writePolicy: challenge.writePolicy,
    readMitigation: challenge.readMitigation,
    programs: challenge.path === 'read' ? { read: programs.read } : { write: programs.write },
  };
  switch (challenge.id) {
    case 'stale-set': {
      const alone = await soloFill(SQL, base);
      if ('passed' in alone) return alone;
      const all = await explore(
        SQL,
        challenge,
        { ...base, actors: ['A', 'B'] },
        [CACHE_OTHER_USER],
        [read('A'), write('B')],
        (snap) => readerWrote(snap, ['A']) ?? problemOf(snap),
        walk,
      );
      // Races first: a copy stale for good says so; a TTL missing from a safe fill comes after.
      return all.passed && alone.untimed !== null
        ? { passed: false, checked: all.checked, message: alone.untimed }
        : all;
    }
    case 'stampede':
      return stampede(SQL, base, challenge);
    default: {
      // Our read path on a cold cache: GET, SELECT, SET. Then user:1 is cached.
      const stepA: SimAction = { type: 'stepActor', actor: 'A' };
      const warm: SimAction[] = [CACHE_OTHER_USER, read('A'), stepA, stepA, stepA];
      return explore(
        SQL,
        challenge,
        { ...base, actors: ['A', 'B'] },
        warm,
        [write('B'), read('A')],
        async (snap, sim, after) => {
          const failed = problemOf(snap, false, false);
          if (failed) return failed;
          // Fresh reads of a row the write never changed prove nothing: the write must land.
          const written = snap.db.find((r) => r.id === ID);
          if (written && written.name !== NEW_NAME)
            return `B's write finished, but the database still has user:${ID} at version ${written.version} with name "${written.name}": the write must UPDATE the row (updateUser(id, changes)).`;
          // Every other row is as seeded (version 1): a write path that changed one corrupts data.
          const others = Array.from({ length: ROWS - 1 }, (_, i) => ID + 1 + i);
          const other = sim.runtime.db.peekRows(others).find((r) => r.version !== 1);
          if (other)
            return `B's write changed user ${other.id}'s row too (it is at version ${other.version} now): a write path must change only the row it was given.`;
          // A read that begins once the write has finished must see it.
          after.push(read('A'));
          await sim.dispatch(read('A'));
          while (sim.readyActors().length > 0) {
            after.push({ type: 'stepActor', actor: 'A' });
            await sim.dispatch({ type: 'stepActor', actor: 'A' });
          }
          const end = await sim.snapshot();
          const last = end.results[end.results.length - 1];
          const committed = end.db.find((r) => r.id === ID)?.version ?? 0;
          if (last.error !== undefined) return last.error;
          if (last.kind === 'read' && last.version < committed)
            return `A read user:1 after the write finished and got version ${last.version}, but the database has version ${committed}.`;
          // That read hit what the write cached: a version no older than the row's is not yet
          // the row (a version ahead, a plan the database never had, were served as fresh).
          return cacheLeftWrong(end) ?? untimedCopy(end, ID, 'Your write path');
        },
        walk,
      );
    }
  }
}

/**
 * A read on its own must still cache the row: skipping the cache is not a fix. Passing that, what
 * it left without a TTL (or with one past ctx.ttlSeconds), judged once the races are.
 */
async function soloFill(
  SQL: SqlJsStatic,
  base: SimCreateConfig,
): Promise<ChallengeVerdict | { untimed: string | null }> {
  const snap = await onRecycledKeyspace(SQL, { ...base, actors: ['A'] }, async (sim) => {
    await sim.dispatch(CACHE_OTHER_USER);
    await sim.dispatch(read('A'));
    while (sim.readyActors().length > 0) await sim.dispatch({ type: 'stepActor', actor: 'A' });
    return sim.snapshot();
  });
  const problem =
    readerWrote(snap, ['A']) ?? problemOf(snap) ?? otherUserTouched(snap, ID, 'Your read path');
  if (problem) return { passed: false, checked: 1, message: problem };
  const own = snap.cache.find((e) => e.key === `user:${ID}`);
  // Something with no version in it (a hash of a few fields, a marker) is no copy of the row.
  if (own && (own.version === null || isTombstone(own.value)))
    return {
      passed: false,
      checked: 1,
      message: `A read on its own leaves user:${ID} holding ${own.type === 'string' ? '' : `a ${own.type}, `}${shownValue(own.value)}, which is not user ${ID}'s row with its version: the next read cannot use it as the row, so the cache is skipped, not fixed. Cache the row selectUser(id) gave, unchanged (JSON.stringify(row), or a hash of all its fields).`,
    };
  if (!own || own.isStale) {
    // The row cached under a key of its own: not skipped, but out of the write path's reach.
    const elsewhere = snap.cache.find((e) => e.version !== null && rowIdOf(e.value) === ID);
    if (elsewhere)
      return {
        passed: false,
        checked: 1,
        message: `A read on its own caches user ${ID}'s row under ${elsewhere.key}, not user:${ID}: the write path (ours) deletes user:${ID}, so its DEL never reaches that copy. Cache it under cacheKey(id).`,
      };
    return {
      passed: false,
      checked: 1,
      message:
        'A read on its own no longer leaves user:1 in the cache: the cache is skipped, not fixed.',
    };
  }
  return {
    untimed:
      untimedCopy(snap, ID, 'A read on its own') ?? untimedLock(snap, ID, 'A read on its own'),
  };
}

/** A cached value as a message quotes it: cut short when long. */
const shownValue = (value: string): string =>
  JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}…` : value);

/** The id of the user row a cached value holds as JSON (null: not one). */
function rowIdOf(value: string): number | null {
  try {
    const parsed: unknown = JSON.parse(value);
    const id = (parsed as { id?: unknown } | null)?.id;
    return typeof id === 'number' ? id : null;
  } catch {
    return null;
  }
}

type Judge = (
  snap: SimSnapshot,
  sim: Simulation,
  after: SimAction[],
) => string | null | Promise<string | null>;

/**
 * Walks every interleaving of the requests' steps, depth first over which ready actor steps next
 * (as the explorer does, src/engine/explorer.ts), each from a fresh, identically seeded
 * simulation after `setup`; judges each finished one and keeps the shortest that fails. Each run
 * follows its prefix, then takes the first ready actor at every later choice and leaves the
 * others on the stack: one simulation per interleaving, not one per prefix.
 */
async function explore(
  SQL: SqlJsStatic,
  challenge: Challenge,
  config: SimCreateConfig & Pick<SimConfig, 'actors'>,
  setup: SimAction[],
  requests: Request[],
  judge: Judge,
  { pause, limit }: { pause: () => Promise<void>; limit: number },
): Promise<ChallengeVerdict> {
  let checked = 0;
  let failing = 0;
  let worst: Counterexample | undefined;
  let steps = 0;
  const stack: string[][] = [[]];
  while (stack.length > 0 && checked < limit && !(worst && steps > STEPS_AFTER_FAILURE)) {
    const schedule = stack.pop() as string[];
    const after: SimAction[] = [];
    const problem = await onRecycledKeyspace(SQL, config, async (sim) => {
      for (const a of setup) await sim.dispatch(a);
      for (const r of requests) await sim.dispatch(r);
      for (const actor of schedule) await sim.dispatch({ type: 'stepActor', actor });
      for (;;) {
        const ready = sim.readyActors();
        if (ready.length === 0) break;
        for (let i = ready.length - 1; i >= 1; i--) stack.push([...schedule, ready[i]]);
        schedule.push(ready[0]);
        await sim.dispatch({ type: 'stepActor', actor: ready[0] });
      }
      checked++;
      if (checked % PAUSE_EVERY === 0) await pause();
      const snap = await sim.snapshot();
      return (
        (await judge(snap, sim, after)) ?? otherUserTouched(snap, ID, `Your ${challenge.path} path`)
      );
    });
    steps += schedule.length;
    if (problem) failing++;
    if (problem && (!worst || schedule.length < worst.schedule.length)) {
      worst = counterexample(challenge, config.actors.length, setup, requests, schedule, problem);
      worst.actions.push(...after);
    }
  }
  const sampled =
    stack.length === 0
      ? ''
      : checked < limit
        ? ` (stopped after the first ${checked}: once one fails, the check runs at most ${STEPS_AFTER_FAILURE.toLocaleString('en-US')} steps in all, and these took ${steps.toLocaleString('en-US')})`
        : ` (stopped after the first ${limit})`;
  // A pass must cover every interleaving: a race may hide in the ones never run.
  if (!worst && stack.length > 0)
    return {
      passed: false,
      checked,
      message: `Not proven: none of the first ${limit} interleavings failed, but your program has more than that (every extra step, a sleep or a retry, multiplies them), so some were never checked. Take fewer steps, so that every interleaving can be.`,
    };
  if (worst)
    return {
      passed: false,
      checked,
      message: `Fails in ${failing} of ${checked} interleavings checked${sampled}. The shortest: ${worst.problem}`,
      counterexample: worst,
    };
  return {
    passed: true,
    checked,
    message: `Passed: every one of ${checked} interleaving${checked === 1 ? '' : 's'} checked${sampled}.`,
  };
}

/** A learner's program as the checker takes it: its runner, or why it did not compile. */
export type CheckedProgram =
  { ok: true; runner: LearnerRunner } | { ok: false; error: string; line: number | null };

/** A check's verdict, and the compile error it found (for the editor to mark), if any. */
export interface CheckOutcome {
  verdict: ChallengeVerdict;
  compileError?: { error: string; line: number | null };
}

/**
 * Checks a learner's program, compiled or not, against a challenge: the verdict the page shows,
 * whatever stopped the check (a program that does not compile, or an error of the checker's).
 */
export async function checkLearnerProgram(
  SQL: SqlJsStatic,
  id: string,
  program: CheckedProgram,
  options: Parameters<typeof checkChallenge>[3] = {},
): Promise<CheckOutcome> {
  const challenge = CHALLENGES.find((c) => c.id === id);
  if (!challenge) throw new RangeError(`unknown challenge "${id}"`);
  const path = challenge.path;
  if (!program.ok) {
    const at = program.line === null ? '' : `line ${program.line}: `;
    return {
      verdict: {
        passed: false,
        checked: 0,
        message: `Your ${path} path does not run: ${at}${program.error}`,
      },
      compileError: { error: program.error, line: program.line },
    };
  }
  try {
    return {
      verdict: await checkChallenge(
        SQL,
        id,
        path === 'read'
          ? { read: learnerReadProgram(program.runner) }
          : { write: learnerWriteProgram(program.runner) },
        options,
      ),
    };
  } catch (error) {
    // Whatever stopped it, the check ends with a verdict, never "checking" for good.
    return { verdict: checkStopped(error) };
  }
}

/**
 * The checker could not be loaded (its worker's file, or the sql.js or QuickJS it loads, out of
 * reach): nothing of the learner's code ran, unlike a check that stopped.
 */
export class CheckerNotLoadedError extends Error {
  override name = 'CheckerNotLoadedError';
}

/** The verdict of a check that stopped before it finished, saying what stopped it. */
export const checkStopped = (error: unknown): ChallengeVerdict => ({
  passed: false,
  checked: 0,
  message:
    error instanceof CheckerNotLoadedError
      ? `The checker could not be loaded (${error.message}), so your code was not checked. Reload the page (a connection lost, or a newer version of the page published since it loaded, leaves the checker's files out of reach) and press Check again; your code is kept.`
      : `The check stopped before it finished: ${errorMessage(error)}`,
});
