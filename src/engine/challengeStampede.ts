import type { SqlJsStatic } from 'sql.js';
import type { Challenge, ChallengeVerdict } from './challengeCatalog';
import { CACHE_OTHER_USER, otherUserTouched, untimedCopy, untimedLock } from './challengeKeys';
import {
  counterexample,
  ID,
  onRecycledKeyspace,
  problemOf,
  read,
  readerWrote,
} from './challengeRuns';
import type { SimCreateConfig } from './simConfig';
import type { SimSnapshot } from './simSnapshot';
import { andList } from './andList';

/** How slow the last stampede run's database reads are (ms). */
const SLOW_DB_MS = 100;

/**
 * The readers of each stampede run, and the token number their runs start after. A read path
 * may tell readers apart by `ctx.token` (`A-1`) and stagger them by it, `if
 * (!ctx.token.startsWith('A')) yield sleep(10)`: B and C then arrive after A filled, and one
 * database read passed with no lock. Run again with no A, its tokens numbered further on, the
 * readers it favoured are not there, the others arrive together, and only a lock or a lease
 * taken in Redis keeps them to one read.
 */
const STAMPEDE_RUNS: readonly {
  readers: readonly string[];
  tokensAfter: number;
  /** A database this slow to read (ms), where given. */
  dbLatency?: number;
}[] = [
  { readers: ['A', 'B', 'C'], tokensAfter: 0 },
  { readers: ['B', 'C', 'D'], tokensAfter: 10 },
  // Readers kept apart by their token's number (`sleep(n * 10)`) are apart in both runs above,
  // and one fills before the next misses only while the database answers faster than that gap.
  // A lock's waiters retry for retryDelayMs * maxRetries (250 ms): a 100 ms read leaves room.
  { readers: ['A', 'B', 'C'], tokensAfter: 0, dbLatency: SLOW_DB_MS },
];

/**
 * The stampede challenge's check: three readers arrive together on a cold key, steps running in
 * the order their latencies give, in each of {@link STAMPEDE_RUNS}.
 */
export async function stampede(
  SQL: SqlJsStatic,
  base: SimCreateConfig,
  challenge: Challenge,
): Promise<ChallengeVerdict> {
  for (const [i, { readers, tokensAfter, dbLatency }] of STAMPEDE_RUNS.entries()) {
    const failed = await stampedeOnce(
      SQL,
      dbLatency === undefined ? base : { ...base, dbLatency },
      challenge,
      readers,
      tokensAfter,
      i === 1,
    );
    if (failed) return failed;
  }
  return {
    passed: true,
    checked: STAMPEDE_RUNS.length,
    message:
      'Passed: three readers arriving together read the database once, whichever three they are, and with the database slow to answer.',
  };
}

async function stampedeOnce(
  SQL: SqlJsStatic,
  base: SimCreateConfig,
  challenge: Challenge,
  readers: readonly string[],
  tokensAfter: number,
  isRerun: boolean,
): Promise<ChallengeVerdict | null> {
  // Actors A to the last reader, so a counterexample replays with the page's own actors.
  const actors = ACTOR_LETTERS.slice(0, ACTOR_LETTERS.indexOf(readers.at(-1)!) + 1);
  const schedule: string[] = [];
  const key = `user:${ID}`;
  /** When the key was first filled, and when each reader's last step ended (virtual ms). */
  let filledAtMs: number | null = null;
  const doneAtMs = new Map<string, number>();
  // Everything the run is set up with is in its config, which the counterexample carries: a
  // replay numbers its tokens and answers its reads as this run did.
  const config = { ...base, actors, scheduler: 'timed' as const, tokensAfter };
  const snap = await onRecycledKeyspace(SQL, config, async (sim) => {
    await sim.dispatch(CACHE_OTHER_USER);
    for (const a of readers) await sim.dispatch(read(a));
    while (sim.readyActors().length > 0) {
      const event = await sim.step();
      if (!event) break;
      schedule.push(event.actor);
      doneAtMs.set(event.actor, event.endMs);
      if (filledAtMs === null && (await sim.runtime.cache.peek(key)).value !== null)
        filledAtMs = event.effectMs;
    }
    return sim.snapshot();
  });
  const who = isRerun ? ` (${andList(readers)}, run again without A)` : '';
  const isSlow = base.dbLatency !== undefined;
  const problem =
    readerWrote(snap, readers) ??
    problemOf(snap) ??
    otherUserTouched(snap, ID, 'Your read path') ??
    (snap.stats.dbReads > 1
      ? isSlow
        ? `Three readers arriving together, with the database answering in ${base.dbLatency} ms, read it ${snap.stats.dbReads} times. Readers kept apart in time read it once only while it answers before the next one arrives: take a lock or a lease in Redis.`
        : `Three readers arriving together${who} read the database ${snap.stats.dbReads} times.${isRerun ? ' Readers told apart by their token or name and kept apart in time are not kept off the database: take a lock or a lease in Redis.' : ''}`
      : snap.results.some((r) => r.kind === 'read' && r.row === null)
        ? 'A reader returned no row.'
        : (unread(snap, key) ??
          keptApart(snap, filledAtMs, doneAtMs, who) ??
          untimedCopy(snap, ID, 'The readers') ??
          untimedLock(snap, ID, 'The readers')));
  if (!problem) return null;
  return {
    passed: false,
    checked: 1,
    message: problem,
    counterexample: counterexample(
      challenge,
      config,
      [CACHE_OTHER_USER],
      readers.map(read),
      schedule,
      problem,
    ),
  };
}

/**
 * Readers that found the row without a database read (it is written into the code), or that
 * left it uncached (the next three stampede again). Null when neither.
 */
function unread(snap: SimSnapshot, key: string): string | null {
  if (snap.stats.dbReads === 0)
    return `Three readers arriving together on a cold cache returned user ${ID}'s row, and none read the database: a row that comes from neither the database nor the cache is written into the code, and is wrong once the row changes. One reader must read it with selectUser(id).`;
  if (!snap.cache.some((e) => e.key === key && e.version !== null))
    return `The readers left ${key} uncached: the next readers to arrive stampede again. The one that reads the database must cache the row (SET key JSON.stringify(row) ...expiry(ctx)).`;
  return null;
}

/** How much later than the fill plus one retry delay a waiting reader may return (ms). */
const RETRY_SLACK_MS = 10;

/**
 * A reader answered later than a lock's waiter would be: one look again after the fill. Readers
 * spread out in time (`yield sleep(n * 1000)` for the n an INCR gave, or a token's number) passed
 * with no lock, each arriving after the one before had filled: whatever gap they keep, a
 * database slower than it makes them all read it. Null when every reader was in time.
 */
function keptApart(
  snap: SimSnapshot,
  filledAtMs: number | null,
  doneAtMs: ReadonlyMap<string, number>,
  who: string,
): string | null {
  if (filledAtMs === null) return null;
  const retryDelayMs = snap.config.settings.retryDelayMs;
  const late = [...doneAtMs].find(([, at]) => at - filledAtMs > retryDelayMs + RETRY_SLACK_MS);
  if (!late) return null;
  const [actor, at] = late;
  return `Three readers arriving together${who}: ${actor}'s read returned at ${roundMs(at)} ms, ${roundMs(at - filledAtMs)} ms after user:${ID} was cached (at ${roundMs(filledAtMs)} ms), longer than a waiting reader takes to look again (ctx.retryDelayMs, ${retryDelayMs} ms). Readers kept apart in time (a sleep by their token, name or an INCR'd count) are not kept off the database, only spread out: once it is slower than the gap, they all read it. Take a lock in Redis (SET NX PX), and have the others look again every ctx.retryDelayMs.`;
}

/** Virtual ms as a message writes them: whole, with thousands grouped. */
const roundMs = (ms: number): string => Math.round(ms).toLocaleString('en-US');

/** The actors' names in the order the page adds them. */
const ACTOR_LETTERS = ['A', 'B', 'C', 'D'];
