import { advanceClock, read, sql, stepActor, warmRead } from './actions';
import type { Scenario } from './types';

const HOUR_MS = 3_600_000;

/** Another process changes the row behind the cache's back: the cache serves the old copy until its TTL. */
export const staleRead: Scenario = {
  id: 'stale-read',
  title: 'Stale read after a direct update',
  summary:
    'The database changes without anyone touching Redis; readers keep getting the old row until the key expires.',
  actors: ['A', 'B'],
  writePolicy: 'invalidate',
  readMitigation: 'none',
  ttlSeconds: 3600,
  intro:
    'An earlier read by A already cached user:123 (version 1), which is why the log is not empty. Next, A reads it again, then a separate process changes the row in SQLite without touching Redis.',
  setup: warmRead('A', 123),
  beats: [
    {
      actions: [read('A', 123), stepActor('A')],
      narration:
        'A sends GET user:123 and gets the cached JSON back: a hit, and a correct one, because the cached version 1 is still the version in the database.',
    },
    {
      // The engine charges the statement a database write's time (5 ms).
      actions: [sql('ops', "UPDATE users SET plan = 'team', version = version + 1 WHERE id = 123")],
      quiz: { kind: 'cache-stale', id: 123 },
      narration:
        'An admin script (client "ops") runs UPDATE users ... WHERE id = 123 straight against SQLite. The row is now version 2, but nothing told Redis. The cached copy still says version 1: see its STALE badge and the highlighted cells in the database panel.',
    },
    {
      actions: [read('A', 123), stepActor('A')],
      quiz: { kind: 'returned-version', actor: 'A', versions: [1, 2] },
      narration:
        "A reads again. GET user:123 is still a hit, so A never looks at the database and returns version 1: a stale read. Nothing is broken from Redis's point of view; the cache simply has no way to know the row changed.",
    },
    {
      actions: [advanceClock(HOUR_MS)],
      narration:
        'Fast-forward one hour of virtual time. The EX 3600 set by the earlier fill runs out and Redis drops user:123. The TTL is what bounds how long this staleness can last.',
    },
    {
      actions: [read('A', 123), stepActor('A')],
      quiz: { kind: 'hit-or-miss', actor: 'A' },
      narration:
        'A reads once more. GET user:123 now returns (nil): the expired key behaves exactly like a key that was never there, so this is a miss.',
    },
    {
      actions: [stepActor('A')],
      narration:
        'The miss sends A to SQLite, and SELECT returns version 2: the update made by the admin script.',
    },
    {
      actions: [stepActor('A')],
      narration:
        'SET user:123 ... EX 3600 caches version 2. The cache has healed on its own, one TTL after the update; with a long TTL, that is a long time to serve old data.',
    },
  ],
  outcome: {
    description:
      'Exactly one stale read while the old copy lived; after the expiry the cache holds the new version and the last read is fresh.',
    isMet: (s) => {
      const lastRead = [...s.results].reverse().find((r) => r.kind === 'read');
      return (
        s.stats.staleReads === 1 &&
        lastRead?.verdict?.isStale === false &&
        s.cache.some((e) => e.key === 'user:123' && e.version === 2 && !e.isStale)
      );
    },
  },
};
