import type { SqlJsStatic } from 'sql.js';
import {
  CHALLENGES,
  type Challenge,
  type ChallengeVerdict,
  type Counterexample,
} from './challengeCatalog';
import type { ProgramOverrides } from './programs/learner';
import { cacheLeftWrong } from './cachedCopy';
import {
  counterexample,
  ID,
  NEW_NAME,
  onRecycledKeyspace,
  otherRowChanged,
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
          const other = otherRowChanged(sim, ID);
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
      worst = counterexample(challenge, config, setup, requests, schedule, problem);
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
