import { read, stepActor, stepActors, write } from './actions';
import { programCached } from './readChecks';
import type { Scenario } from './types';

/** One "use it when" or "avoid it when" point, and the scenario that shows it happening. */
export interface UsePoint {
  kind: 'use' | 'avoid';
  text: string;
  scenarioId: string;
}

/** The closing scenario's points; each links to the story in which the page shows it. */
export const WHEN_TO_USE_POINTS: readonly UsePoint[] = [
  {
    kind: 'use',
    text: 'Reads far outnumber writes, and the same items are read again and again.',
    scenarioId: 'cold-read',
  },
  {
    kind: 'use',
    text: 'Only a small, hot part of the data is read: the cache holds just that.',
    scenarioId: 'only-what-is-asked',
  },
  {
    kind: 'use',
    text: 'The application must keep working when the cache is down.',
    scenarioId: 'cache-down-fallback',
  },
  {
    kind: 'use',
    text: 'Data a little out of date, for at most one TTL, is acceptable.',
    // Where a read is served an old copy and the TTL ends it (ttl-expiry has no write: nothing in
    // it is ever out of date).
    scenarioId: 'stale-read',
  },
  {
    kind: 'use',
    text: 'You want the pattern to stay simple: a read is GET, then on a miss SELECT and SET ... EX; a write is UPDATE, then DEL. The code panel shows the whole of it, a few lines each.',
    scenarioId: 'cold-read',
  },
  {
    kind: 'use',
    text: 'You want to choose what is cached: only the application writes to Redis, so it picks the keys, the rows and each TTL (Edit the code, for example, to cache only users on the team plan, or give them a longer TTL).',
    scenarioId: 'only-what-is-asked',
  },
  {
    kind: 'avoid',
    text: 'Every read must see the latest write: invalidation can race with a fill.',
    scenarioId: 'stale-set',
  },
  {
    kind: 'avoid',
    text: 'Other systems change the database without telling the cache.',
    scenarioId: 'stale-read',
  },
  {
    kind: 'avoid',
    text: 'Writers update the cached copy in place: two of them can finish out of order.',
    scenarioId: 'update-cache-race',
  },
  {
    kind: 'avoid',
    text: 'Hot keys expire under heavy load and nothing guards the refill.',
    scenarioId: 'stampede',
  },
  {
    kind: 'avoid',
    text: 'Invalidations can be lost (the cache unreachable at write time) and the TTL is long.',
    scenarioId: 'lost-invalidation',
  },
  {
    kind: 'avoid',
    text: 'A read often follows a write at once: even with invalidation it can get the old row, when the DEL lands after the write has returned (as when the change log drives it). Under ttl-only nothing invalidates at all.',
    scenarioId: 'cdc-late-invalidation',
  },
  {
    kind: 'avoid',
    text: 'A single miss costs too much for a request to wait on it: every first read after an expiry pays it in full.',
    scenarioId: 'refresh-ahead-expensive',
  },
];

/** The closing story: a read-mostly key, where the pattern pays, and the points for and against. */
export const whenToUse: Scenario = {
  id: 'when-to-use',
  title: 'When to use cache-aside, and when not',
  summary:
    'A read-mostly key pays the pattern back; each point for and against links to the scenario that shows it.',
  actors: ['A', 'B', 'C', 'D'],
  writePolicy: 'invalidate',
  readMitigation: 'none',
  ttlSeconds: 300,
  intro:
    'The last story is the one cache-aside is made for: one user record read by four processes and written once. Below the narration, every point for and against the pattern links to the scenario that shows it happening.',
  introNotes:
    'Use this screen to recap the course. Each link replays a scenario the room has already seen; pick one or two the audience found surprising.',
  setup: [],
  beats: [
    {
      notes: 'The first read pays for the miss, exactly as in the first scenario.',
      actions: [read('A', 5), ...stepActors('A', 'A', 'A')],
      narration:
        'A reads user 5: GET user:5 answers (nil), SELECT loads version 1, and SET user:5 ... EX 300 caches it.',
    },
    {
      notes:
        'Three reads, three hits, no database. This is the case to use the pattern for: data read far more often than written.',
      actions: [read('B', 5), read('C', 5), read('D', 5), ...stepActors('B', 'C', 'D')],
      narration:
        'B, C and D each send GET user:5 and each hits: three reads served by Redis alone, while DB reads stays at 1.',
    },
    {
      notes:
        'A write with the recommended policy: UPDATE, then DEL. Ask what the next read will do (miss, and read version 2).',
      actions: [write('D', 5, { plan: 'team' }), stepActor('D'), stepActor('D')],
      narration:
        'D changes user 5: UPDATE makes the row version 2, then DEL user:5 removes the cached copy.',
    },
    {
      notes:
        'Fresh after the write, because nothing raced it. Close by walking the list below: the cases to avoid are the scenarios where something did race, fail or bypass the cache, where a read came right after a write, before its invalidation, or where a miss cost too much.',
      actions: [read('A', 5), stepActor('A'), stepActor('A'), stepActor('A')],
      narration:
        'A reads again: GET user:5 misses, SELECT returns version 2 and SET caches it. Five reads, three hits, two database reads, no stale read.',
    },
  ],
  outcome: {
    description:
      'Five reads, three of them hits; the database was read twice; no read was stale and version 2 was cached.',
    isMet: (s) =>
      s.stats.reads === 5 &&
      s.stats.hits === 3 &&
      s.stats.dbReads === 2 &&
      s.stats.staleReads === 0 &&
      programCached(s, 'user:5', 2),
  },
};
