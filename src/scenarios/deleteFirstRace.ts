import { finish, read, stepActor, warmRead, write } from './actions';
import { readEndedFresh, readEndedStale } from './readChecks';
import type { Scenario } from './types';

/** Deleting before the UPDATE leaves a window in which a reader caches the old row again. */
export const deleteFirstRace: Scenario = {
  id: 'delete-first-race',
  title: 'Race: delete before update',
  quizId: 'race-delete-before-update',
  summary:
    'Under write policy delete-first, a read between the DEL and the UPDATE caches the old row again.',
  actors: ['A', 'B'],
  writePolicy: 'delete-first',
  readMitigation: 'none',
  ttlSeconds: 3600,
  intro:
    'An earlier read by A cached user:123 at version 1. Writer B uses write policy "delete-first": DEL the key, then UPDATE the row. The order, with B as W and A as R: W DEL, R GET, R SELECT, R SET, W UPDATE.',
  introNotes:
    'Deleting before the UPDATE looks safer (the key is gone before the row changes), but it leaves a gap in which a reader caches the old row.',
  setup: warmRead('A', 123),
  beats: [
    {
      notes: 'B deletes first, before the database changes.',
      actions: [write('B', 123, { plan: 'team' }), stepActor('B')],
      narration:
        'B sends DEL user:123 before touching the database. Redis answers (integer) 1: one key removed.',
    },
    {
      notes: 'A arrives in the gap between the DEL and the UPDATE, and misses.',
      actions: [read('A', 123), stepActor('A')],
      narration:
        'Reader A arrives in the gap: GET user:123 returns (nil), a miss, because B just deleted the key.',
    },
    {
      notes: "A reads version 1: still the current row, because B's UPDATE has not run.",
      actions: [stepActor('A')],
      narration:
        "A runs SELECT * FROM users WHERE id = 123 and gets version 1: B's UPDATE has not run yet, so that is still the current row.",
    },
    {
      notes: 'A caches version 1. Correct at this moment, so there is no STALE FILL mark.',
      actions: [stepActor('A')],
      narration:
        'A sends SET user:123 <version 1> EX 3600: OK. At this moment the copy is correct, so there is no STALE FILL mark.',
    },
    {
      notes:
        "B's UPDATE makes A's copy stale, and B's DEL is already spent: the copy stays until the TTL.",
      actions: [stepActor('B')],
      quiz: { kind: 'cache-stale', id: 123 },
      narration:
        "Only now does B run its UPDATE: version 2. B's DEL is already spent, so the copy A just cached turns STALE and stays until its TTL.",
    },
    {
      notes:
        'The stale read. Under invalidate (DEL after the UPDATE) only a read between the two could be stale; what remains is the narrower stale-set race.',
      actions: [read('A', 123), finish('A')],
      quiz: { kind: 'returned-version', actor: 'A', versions: [1, 2] },
      narration:
        'GET user:123 hits version 1: a STALE READ. Switch Write policy to invalidate (DEL after the UPDATE) and the copy no longer outlives the write: only a read between the UPDATE and the DEL can be stale. What is left is the narrower stale-set race, which leases close.',
    },
  ],
  outcome: {
    description:
      'After the write finished, Redis still had version 1 and the next read returned it: stale.',
    isMet: (s) => s.stats.staleReads === 1 && readEndedStale(s, 123, 1),
  },
  variants: [
    {
      settings: { writePolicy: 'invalidate' },
      outcome: {
        description:
          "With invalidate B's UPDATE comes first and its DEL right after: A's read between them hits version 1 (stale for the length of one write), but the DEL then removes the copy, so nothing stale stays cached, and the last read misses and caches version 2: fresh.",
        isMet: (s) => s.stats.staleFills === 0 && readEndedFresh(s, 'A', 123),
      },
    },
  ],
};
