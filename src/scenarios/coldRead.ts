import { read, stepActor } from './actions';
import { programCached } from './readChecks';
import type { Scenario } from './types';

/** The pattern's happy path: one miss fills the cache, the next read never reaches SQLite. */
export const coldRead: Scenario = {
  id: 'cold-read',
  title: 'Cold read, then a hit',
  quizTitle: 'One user, read twice',
  quizId: 'one-user-read-twice',
  summary: 'A miss goes to the database and fills Redis; the second read is served by Redis alone.',
  actors: ['A', 'B'],
  writePolicy: 'invalidate',
  readMitigation: 'none',
  ttlSeconds: 3600,
  intro:
    'Redis starts empty. Process A is about to look up user 123. In cache-aside the application, not Redis, decides where the data comes from: press Step to watch it ask Redis first.',
  introNotes:
    'Open with the question the pattern answers: who decides where data comes from? Here the application does: it asks Redis first and falls back to the database. Ask the room to predict the first reply before pressing Step.',
  setup: [],
  beats: [
    {
      notes:
        'A miss is not an error: (nil) simply means Redis does not have it. Stress that Redis does nothing on its own here; it does not fetch from the database.',
      actions: [read('A', 123), stepActor('A')],
      quiz: { kind: 'hit-or-miss', actor: 'A' },
      narration:
        "A sends GET user:123. Redis has never seen this key, so it answers (nil): a cache miss. Nothing else happens inside Redis; filling it is the application's job.",
    },
    {
      notes:
        'This is the cost the cache exists to avoid. Compare the clock before and after: 2 ms against 0.3 ms for a Redis round trip, under the stated default latencies.',
      actions: [stepActor('A')],
      narration:
        'After the miss, A runs SELECT * FROM users WHERE id = 123 against SQLite. This is the slow, authoritative read the cache exists to avoid (about 2 ms here, against 0.3 ms for Redis).',
    },
    {
      notes:
        "The TTL on the SET is the pattern's safety net: every copy leaves by itself. Point at the TTL beside the cached key: it counts down on the virtual clock.",
      actions: [stepActor('A')],
      narration:
        'A stores the row as JSON with SET user:123 ... EX 3600. EX gives the copy a one-hour lifetime: even if nobody ever invalidates it, it cannot outlive its TTL. Look at the cached key and its TTL, counting down on the virtual clock.',
    },
    {
      notes:
        'The payoff: a hit, one round trip, no database. The stats strip now shows two reads and one database read: a 50% hit rate after two reads.',
      actions: [read('A', 123), stepActor('A')],
      quiz: { kind: 'hit-or-miss', actor: 'A' },
      narration:
        'A reads user 123 again. This time GET user:123 returns the JSON: a hit. The read is complete after a single Redis round trip and SQLite is never asked; the stats strip shows one database read for two reads.',
    },
  ],
  outcome: {
    description:
      'One miss, then one hit; the database was read exactly once; the miss cached user:123.',
    isMet: (s) =>
      s.stats.misses === 1 &&
      s.stats.hits === 1 &&
      s.stats.dbReads === 1 &&
      programCached(s, 'user:123'),
  },
};
