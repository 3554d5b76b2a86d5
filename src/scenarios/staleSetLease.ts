import { read, stepActor, stepActors, write } from './actions';
import { readEndedFresh } from './readChecks';
import type { Scenario } from './types';

/** The stale-set interleaving again, with leases: the writer's DEL revokes the reader's right to fill. */
export const staleSetLease: Scenario = {
  id: 'stale-set-lease',
  title: 'Stale set, fixed by a lease',
  quizTitle: 'Race: a reader, a writer and a lease',
  quizId: 'race-reader-writer-and-lease',
  summary:
    "The same race under read mitigation lease: the writer's DEL also removes the lease, so the late fill is refused.",
  actors: ['A', 'B'],
  writePolicy: 'invalidate',
  readMitigation: 'lease',
  ttlSeconds: 3600,
  intro:
    'The stale-set race again, with read mitigation "lease": a reader that misses first takes a lease (a token in Redis), and may only fill while its token is still there. The writer deletes the lease along with the value.',
  introNotes:
    "The fix for the previous race, from Facebook's memcache paper: a lease. A reader that misses takes a token; a writer's delete removes it; a fill without the token is refused.",
  setup: [],
  beats: [
    {
      notes: "The same start as the race: a miss, with B's write waiting.",
      actions: [read('A', 123), write('B', 123, { plan: 'team' }), stepActor('A')],
      narration: 'A sends GET user:123 and gets (nil): a miss. B has its UPDATE ready.',
    },
    {
      notes:
        'A takes the lease with SET NX PX: only one reader gets it, and it expires by itself if A dies.',
      actions: [stepActor('A')],
      narration:
        'A takes the lease: SET lease:user:123 <token> NX PX 10000 answers OK. NX sets it only if the key does not exist yet; PX makes it expire after 10 s, in case A dies. Another reader that misses now would wait and retry instead of querying the database.',
    },
    {
      notes:
        'A reads version 1, as in the race: the lease does not change what the database returns.',
      actions: [stepActor('A')],
      narration:
        'A runs SELECT * FROM users WHERE id = 123 and receives version 1, still the current row.',
    },
    {
      notes: "B's UPDATE commits version 2; A's row in memory is now out of date.",
      actions: [stepActor('B')],
      narration: "B runs its UPDATE: the row becomes version 2, and A's copy is out of date.",
    },
    {
      notes:
        "B's DEL removes the lease along with the value: this is what takes away A's right to fill.",
      actions: [stepActor('B')],
      narration:
        "B sends DEL user:123 lease:user:123. Redis answers (integer) 1: the value was not cached, but the lease was, and deleting it is what revokes A's right to fill.",
    },
    {
      notes:
        'The fill checks the token and finds it gone: (integer) 0, nothing written. Compare with the stale fill in the race.',
      actions: [stepActor('A')],
      narration:
        "A tries to fill with EVAL: the script checks that lease:user:123 still holds A's token, and only then SETs. The lease is gone, so it writes nothing and returns (integer) 0. No STALE FILL, and Redis stays empty.",
    },
    {
      notes: 'The next read misses instead of hitting a stale copy.',
      actions: [read('A', 123), stepActor('A')],
      narration: 'A new read: GET user:123 returns (nil), a miss instead of a stale hit.',
    },
    {
      notes: 'A takes a fresh lease and reads version 2.',
      actions: stepActors('A', 'A'),
      narration:
        'A takes a fresh lease (SET ... NX PX: OK), then SELECT returns version 2, the row as B left it.',
    },
    {
      notes:
        'This fill keeps its token and caches version 2. Same interleaving, nothing stale at any point.',
      actions: [stepActor('A')],
      narration:
        'This EVAL finds its token in place, caches version 2 and returns (integer) 1. The same race as in the stale-set story, and nothing stale at any point.',
    },
  ],
  outcome: {
    description:
      'The late fill is refused with (integer) 0; no stale fill, no stale read; the next fill caches version 2.',
    isMet: (s) =>
      s.stats.staleFills === 0 &&
      s.stats.staleReads === 0 &&
      s.events.some((e) => e.command.startsWith('EVAL') && e.reply === '(integer) 0') &&
      readEndedFresh(s, 'A', 123) &&
      s.events.some(
        (e) => e.command.startsWith('EVAL') && e.reply === '(integer) 1' && e.rowVersion === 2,
      ),
  },
};
