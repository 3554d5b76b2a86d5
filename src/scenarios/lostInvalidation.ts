import {
  advanceClock,
  read,
  setCacheAvailable,
  stepActor,
  stepActors,
  warmRead,
  write,
} from './actions';
import type { Scenario } from './types';

/** A DEL that cannot reach Redis is simply lost; only the TTL ends the staleness it leaves. */
export const lostInvalidation: Scenario = {
  id: 'lost-invalidation',
  title: 'Lost invalidation while Redis is down',
  summary:
    "The writer's DEL fails because Redis is unreachable; when Redis returns, the old row is served until its short TTL ends.",
  actors: ['A', 'B'],
  writePolicy: 'invalidate',
  readMitigation: 'none',
  ttlSeconds: 30,
  intro:
    'An earlier read by A cached user:123 at version 1, with a short TTL: EX 30. Writer B uses the recommended policy, invalidate (UPDATE, then DEL). Now the network between the application and Redis fails.',
  setup: warmRead('A', 123),
  beats: [
    {
      actions: [setCacheAvailable(false)],
      narration:
        "Redis becomes unreachable: every command, GET or DEL, now fails with a connection error. user:123 is still in Redis' memory; the application just cannot reach it.",
    },
    {
      actions: [write('B', 123, { plan: 'team' }), stepActor('B')],
      narration:
        'B runs its UPDATE: SQLite does not depend on Redis, so the row becomes version 2.',
    },
    {
      actions: [stepActor('B')],
      narration:
        'B sends DEL user:123 and gets (error) Connection is closed. The UPDATE is committed, so the write succeeds, but its invalidation is lost: see Lost invalidations and Cache errors.',
    },
    {
      actions: [setCacheAvailable(true)],
      narration:
        'Redis is reachable again, with its memory intact. Nothing replays the failed DEL: user:123 still holds version 1, now STALE.',
    },
    {
      actions: [read('A', 123), stepActor('A')],
      quiz: { kind: 'returned-version', actor: 'A', versions: [1, 2] },
      narration:
        "A's GET user:123 hits and returns version 1 while the database holds version 2: a STALE READ.",
    },
    {
      actions: [advanceClock(30_000)],
      narration:
        'Fast-forward 30 s: the EX 30 from the fill runs out and user:123 expires (TTL user:123 would now answer -2). The short TTL is what bounded this: no copy can outlive it.',
    },
    {
      actions: [read('A', 123), stepActor('A')],
      narration: 'A reads again: GET user:123 returns (nil), a miss.',
    },
    {
      actions: stepActors('A', 'A'),
      narration:
        'SELECT returns version 2 and SET user:123 ... EX 30 caches it. The cache has healed by itself, at most one TTL after the lost DEL.',
    },
  ],
  outcome: {
    description:
      'One lost invalidation and one stale read while Redis kept the old row; after the TTL the cache holds version 2.',
    isMet: (s) => {
      const lastRead = s.results.filter((r) => r.kind === 'read').at(-1);
      return (
        s.stats.lostInvalidations === 1 &&
        s.stats.staleReads === 1 &&
        lastRead?.verdict?.isStale === false &&
        s.cache.some((e) => e.key === 'user:123' && e.version === 2 && !e.isStale)
      );
    },
  },
};
