import {
  advanceClock,
  read,
  setCacheAvailable,
  stepActor,
  stepActors,
  warmRead,
  write,
} from './actions';
import { lastReadOf, programCached } from './readChecks';
import type { Scenario } from './types';

/** A DEL that cannot reach Redis is simply lost; only the TTL ends the staleness it leaves. */
export const lostInvalidation: Scenario = {
  id: 'lost-invalidation',
  title: 'Lost invalidation while Redis is down',
  quizTitle: 'A write while Redis is down',
  quizId: 'write-while-redis-is-down',
  summary:
    "The writer's DEL fails because Redis is unreachable; when Redis returns, the old row is served until its short TTL ends.",
  actors: ['A', 'B'],
  writePolicy: 'invalidate',
  readMitigation: 'none',
  ttlSeconds: 30,
  intro:
    'An earlier read by A cached user:123 at version 1, with a short TTL: EX 30. Writer B uses the recommended policy, invalidate (UPDATE, then DEL). Now the network between the application and Redis fails.',
  introNotes:
    'The failure behind many production staleness bugs: a DEL that never arrived. Point out the short TTL, EX 30: it will matter.',
  setup: warmRead('A', 123),
  beats: [
    {
      notes: 'Redis is unreachable, but its memory, with the cached copy, is intact.',
      actions: [setCacheAvailable(false)],
      narration:
        "Redis becomes unreachable: every command, GET or DEL, now fails with a connection error. user:123 is still in Redis' memory; the application just cannot reach it.",
    },
    {
      notes: 'The UPDATE commits: the database does not depend on Redis.',
      actions: [write('B', 123, { plan: 'team' }), stepActor('B')],
      narration:
        'B runs its UPDATE: SQLite does not depend on Redis, so the row becomes version 2.',
    },
    {
      notes:
        'The DEL fails. The write succeeds anyway, so its invalidation is simply lost. Point at Lost invalidations in the stats strip.',
      actions: [stepActor('B')],
      narration:
        'B sends DEL user:123 and gets (error) Connection is closed. The UPDATE is committed, so the write succeeds, but its invalidation is lost: see Lost invalidations and Cache errors.',
    },
    {
      notes: 'Redis is back with the old copy, now stale. Nothing replays the failed DEL.',
      actions: [setCacheAvailable(true)],
      narration:
        'Redis is reachable again, with its memory intact. Nothing replays the failed DEL: user:123 still holds version 1, now STALE.',
    },
    {
      notes: 'A stale read, served from a copy nobody will delete.',
      actions: [read('A', 123), stepActor('A')],
      quiz: { kind: 'returned-version', actor: 'A', versions: [1, 2] },
      narration:
        "A's GET user:123 hits and returns version 1 while the database holds version 2: a STALE READ.",
    },
    {
      notes:
        'The TTL ends it. The shorter the TTL, the shorter this kind of failure lasts: it is the backstop for every invalidation that goes missing.',
      actions: [advanceClock(30_000)],
      narration:
        'Fast-forward 30 s: the EX 30 from the fill runs out and user:123 expires (TTL user:123 would now answer -2). The short TTL is what bounded this: no copy can outlive it.',
    },
    {
      notes: 'A miss, finally: the expired copy is gone and A will read the database.',
      actions: [read('A', 123), stepActor('A')],
      narration: 'A reads again: GET user:123 returns (nil), a miss.',
    },
    {
      notes: 'Version 2 is cached. The cache healed itself at most one TTL after the lost DEL.',
      actions: stepActors('A', 'A'),
      narration:
        'SELECT returns version 2 and SET user:123 ... EX 30 caches it. The cache has healed by itself, at most one TTL after the lost DEL.',
    },
  ],
  outcome: {
    description:
      'One lost invalidation and one stale read while Redis kept the old row; after the TTL the next read cached version 2.',
    isMet: (s) => {
      const lastRead = lastReadOf(s, 123);
      return (
        s.stats.lostInvalidations === 1 &&
        s.stats.staleReads === 1 &&
        lastRead?.verdict?.isStale === false &&
        lastRead?.version === 2 &&
        programCached(s, 'user:123', 2)
      );
    },
  },
};
