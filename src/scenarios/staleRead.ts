import { advanceClock, read, sql, stepActor, warmRead } from './actions';
import { lastReadOf, programCached } from './readChecks';
import type { Scenario } from './types';

const HOUR_MS = 3_600_000;

/** Another process changes the row behind the cache's back: the cache serves the old copy until its TTL. */
export const staleRead: Scenario = {
  id: 'stale-read',
  title: 'Stale read after a direct update',
  quizTitle: 'Reading after a direct update',
  quizId: 'reading-after-direct-update',
  summary:
    'The database changes without anyone touching Redis; readers keep getting the old row until the key expires.',
  actors: ['A', 'B'],
  writePolicy: 'invalidate',
  readMitigation: 'none',
  ttlSeconds: 3600,
  intro:
    'An earlier read by A already cached user:123 (version 1): the stats already count that read. Next, A reads it again, then a separate process changes the row in SQLite without touching Redis.',
  introNotes:
    'This is the first failure the room should see: the database changes and the cache does not know. Stress that nothing here is a bug in Redis.',
  setup: warmRead('A', 123),
  beats: [
    {
      notes:
        'A correct hit: the cached version matches the row. Keep an eye on the version of the cached copy and of the row: both 1 for now.',
      actions: [read('A', 123), stepActor('A')],
      narration:
        'A sends GET user:123 and gets the cached JSON back: a hit, and a correct one, because the cached version 1 is still the version in the database.',
    },
    {
      notes:
        "The UPDATE bypasses the application's write path, like an admin script, a migration or another service. Nobody invalidates the key. Point at the STALE badge.",
      // The engine charges the statement a database write's time (5 ms).
      actions: [sql('ops', "UPDATE users SET plan = 'team', version = version + 1 WHERE id = 123")],
      quiz: { kind: 'cache-stale', id: 123 },
      narration:
        'An admin script (client "ops") runs UPDATE users ... WHERE id = 123 straight against SQLite. The row is now version 2, but nothing told Redis. The cached copy still says version 1: see its STALE badge, and the row\'s changed cells highlighted.',
    },
    {
      notes:
        'The stale read. Ask the room how long this will go on: until the TTL, one hour here. That is the bound, and the reason TTLs are kept short.',
      actions: [read('A', 123), stepActor('A')],
      quiz: { kind: 'returned-version', actor: 'A', versions: [1, 2] },
      narration:
        "A reads again. GET user:123 is still a hit, so A never looks at the database and returns version 1: a stale read. Nothing is broken from Redis's point of view; the cache simply has no way to know the row changed.",
    },
    {
      notes:
        'Time jumps on the virtual clock; nothing else happens. The key expires exactly one TTL after the fill.',
      actions: [advanceClock(HOUR_MS)],
      narration:
        'Fast-forward one hour of virtual time. The EX 3600 set by the earlier fill runs out and Redis drops user:123. The TTL is what bounds how long this staleness can last.',
    },
    {
      notes:
        'An expired key answers (nil) like one never set. The staleness ends by itself, not because anyone fixed it.',
      actions: [read('A', 123), stepActor('A')],
      quiz: { kind: 'hit-or-miss', actor: 'A' },
      narration:
        'A reads once more. GET user:123 now returns (nil): the expired key behaves exactly like a key that was never there, so this is a miss.',
    },
    {
      notes: 'The miss reads the current row, version 2.',
      actions: [stepActor('A')],
      narration:
        'The miss sends A to SQLite, and SELECT returns version 2: the update made by the admin script.',
    },
    {
      notes:
        'The cache has healed one TTL after the update. Next question for the room: how do we avoid waiting for the TTL? (Invalidate on write, the next scenario.)',
      actions: [stepActor('A')],
      narration:
        'SET user:123 ... EX 3600 caches version 2. The cache has healed on its own, one TTL after the update; with a long TTL, that is a long time to serve old data.',
    },
  ],
  outcome: {
    description:
      'Exactly one stale read while the old copy lived; after the expiry the next read cached the new version, and the last read was fresh.',
    isMet: (s) => {
      const lastRead = lastReadOf(s, 123);
      return (
        s.stats.staleReads === 1 &&
        lastRead?.verdict?.isStale === false &&
        lastRead.version === 2 &&
        programCached(s, 'user:123', 2)
      );
    },
  },
};
