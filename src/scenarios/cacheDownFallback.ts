import { read, setCacheAvailable, stepActor, stepActors } from './actions';
import { programCached } from './readChecks';
import type { Scenario } from './types';

/** Cache-aside's resilience: with Redis down, reads fall back to the database and stay correct. */
export const cacheDownFallback: Scenario = {
  id: 'cache-down-fallback',
  title: 'Redis down: reads fall back to the database',
  summary:
    'With Redis unreachable every read goes to SQLite: slower, still correct. When Redis returns, the cache warms up again.',
  actors: ['A', 'B'],
  writePolicy: 'invalidate',
  readMitigation: 'none',
  ttlSeconds: 3600,
  intro:
    'In cache-aside the application talks to Redis and to the database itself, so it can choose what to do when Redis fails. Nothing is cached yet, and Redis is about to become unreachable.',
  introNotes:
    'An advantage of cache-aside: the application owns both calls, so it can survive a cache outage. Ask what should happen to reads when Redis is down.',
  setup: [],
  beats: [
    {
      notes: 'Redis becomes unreachable. Nothing has failed for the users yet.',
      actions: [setCacheAvailable(false)],
      narration:
        'Redis goes down: from now on every command, even a GET, fails with a connection error.',
    },
    {
      notes:
        'The GET fails with a connection error, and the read path catches it instead of failing the request.',
      actions: [read('A', 123), stepActor('A')],
      narration:
        'A sends GET user:123 and gets (error) Connection is closed. The read path catches the error instead of failing the request.',
    },
    {
      notes:
        'The fallback reads the database: correct data at database cost. It does not try to fill a cache it cannot reach.',
      actions: [stepActor('A')],
      narration:
        'A falls back to SELECT * FROM users WHERE id = 123 and returns version 1: correct data, at database cost (about 2 ms here, against 0.3 ms for a hit). It does not try to SET into a cache it cannot reach.',
    },
    {
      notes:
        'Every read now costs a database read. This is why a cache outage can overload the database: plan capacity for it.',
      actions: [read('B', 123), ...stepActors('B', 'B')],
      narration:
        'B reads the same user the same way: failed GET, then SELECT. Two reads, two database reads, two cache errors, and no wrong answer.',
    },
    {
      notes: 'Redis is back, empty of anything written during the outage.',
      actions: [setCacheAvailable(true)],
      narration:
        'Redis is reachable again, but no SET reached it while it was down: the cache has to warm up.',
    },
    {
      notes: 'An ordinary miss, not an error: Redis answers again, it just has nothing yet.',
      actions: [read('A', 123), stepActor('A')],
      narration: 'A sends GET user:123 and gets (nil): an ordinary miss this time, not an error.',
    },
    {
      notes: 'The key is cached again: the cache warms up one miss at a time.',
      actions: stepActors('A', 'A'),
      narration: 'A runs SELECT, then SET user:123 ... EX 3600: the key is back in Redis.',
    },
    {
      notes: 'A hit: back to Redis speed. Correct data throughout; only the cost changed.',
      actions: [read('B', 123), stepActor('B')],
      narration:
        "B's GET user:123 is a hit: no database read. Reads are back to Redis speed, and DB reads stays at 3.",
    },
  ],
  outcome: {
    description:
      'Two reads served by the database while Redis was down (2 cache errors, nothing stale), then a miss that refills and a hit.',
    isMet: (s) =>
      s.stats.cacheErrors === 2 &&
      s.stats.dbReads === 3 &&
      s.stats.hits === 1 &&
      s.stats.staleReads === 0 &&
      programCached(s, 'user:123', 1),
  },
};
