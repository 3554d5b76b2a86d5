import { finish, read, stepActor, stepUntil, write } from './actions';
import { readEndedFresh, readEndedStale } from './readChecks';
import type { SimSnapshot } from '../engine/simSnapshot';
import type { Scenario } from './types';

/** The race happened and the fix stopped it: A's fill of version 1, read before the write, was refused. */
const refusedOutdatedFill = (s: SimSnapshot): boolean =>
  s.events.some((e) => e.actor === 'A' && e.isFillRefused === true && e.rowVersion === 1);

/** The race invalidation alone cannot stop: a reader caches a row it read before a write's DEL. */
export const staleSet: Scenario = {
  id: 'stale-set',
  title: 'Race: stale set after invalidation',
  quizTitle: 'Race: a reader and a writer',
  quizId: 'race-reader-and-writer',
  summary:
    "A reader's SET lands after a writer's UPDATE and DEL, so the old row is cached until its TTL.",
  actors: ['A', 'B'],
  writePolicy: 'invalidate',
  readMitigation: 'none',
  ttlSeconds: 3600,
  intro:
    'user:123 is not cached. Reader A (R) and writer B (W, write policy "invalidate": UPDATE, then DEL) both work on user 123; you will see the exact order of their commands: R GET, R SELECT, W UPDATE, W DEL, R SET.',
  introNotes:
    'The race invalidation alone does not stop. Write the order on the board before starting: R GET, R SELECT, W UPDATE, W DEL, R SET. Ask where it goes wrong.',
  setup: [],
  beats: [
    {
      notes: 'A misses and B is ready to write. Nothing has happened yet that is wrong.',
      actions: [read('A', 123), write('B', 123, { plan: 'team' }), stepActor('A')],
      narration:
        'A sends GET user:123 and gets (nil): a miss. B has its UPDATE ready (its box in the diagram shows its next command) but has not sent it yet.',
    },
    {
      notes:
        'A holds version 1 in memory. It is the current row right now; the problem is what happens before A gets to SET it.',
      // Through A's SELECT under every setting: with leases A first takes its lease (SET NX).
      actions: [stepUntil('A', 'SELECT')],
      narration:
        'A runs SELECT * FROM users WHERE id = 123 and receives version 1, the current row. A now holds that row in its own memory, on its way to Redis.',
    },
    {
      notes:
        "The UPDATE commits version 2. A's copy is already out of date but is not in Redis, so there is nothing to delete.",
      actions: [stepActor('B')],
      narration:
        'B runs its UPDATE: the row becomes version 2. The row A is holding is already out of date, but it is not in Redis yet, so there is nothing there to invalidate.',
    },
    {
      notes:
        'The DEL finds nothing: (integer) 0. The invalidation ran on time and achieved nothing.',
      actions: [stepActor('B')],
      quiz: { kind: 'cache-stale', id: 123 },
      narration:
        'B sends DEL user:123 and Redis answers (integer) 0: no key was removed. The invalidation ran, on time, and achieved nothing, because the stale copy is still in flight.',
    },
    {
      notes:
        'The stale fill: version 1 goes into Redis after the write. Nothing will remove it before the TTL.',
      actions: [stepActor('A')],
      quiz: { kind: 'cache-stale', id: 123 },
      narration:
        'A finishes its miss with SET user:123 ... EX 3600, writing version 1 after the write committed: the diagram marks a STALE FILL and the key gets a STALE badge. No later DEL is coming, so only the TTL will remove it.',
    },
    {
      notes:
        "Every read now is stale until the TTL. Switch Read mitigation to lease or versioned-fill and the page replays the same presses: A's fill is refused. Double-delete with a delay longer than A's GET-to-SET time removes the stale copy before this read.",
      // B first finishes whatever its write policy has left (nothing under invalidate: its DEL
      // was its last step; under double-delete, the wait and the second DEL), then A reads again.
      // A's read runs to its end: a hit here, a miss that loads version 2 under the fixes.
      actions: [stepActor('B'), stepActor('B'), read('A', 123), finish('A')],
      quiz: { kind: 'returned-version', actor: 'A', versions: [1, 2] },
      narration:
        "B's write is over. A new read: GET user:123 hits version 1 while the database holds version 2, a STALE READ, as will every read until the TTL ends or another write deletes the key. The fix: switch Read mitigation to lease or versioned-fill and the page replays these Step presses under it: A's fill (EVAL) is refused with (integer) 0. Or switch Write policy to double-delete: B deletes again after its UPDATE, once its delay has passed (500 ms, as this scenario is told), later than A's SET, so that second DEL removes A's stale copy and this read misses and loads version 2.",
    },
  ],
  outcome: {
    description:
      "Without a mitigation: A's late SET caches version 1 after the write, and the next read is stale.",
    isMet: (s) => s.stats.staleFills === 1 && s.stats.staleReads === 1 && readEndedStale(s, 123, 1),
  },
  variants: [
    {
      settings: { readMitigation: 'lease' },
      outcome: {
        description:
          "With leases A takes a lease on its miss and B's DEL removes it with the key, so A's fill is refused with (integer) 0: no stale fill, and A's next read misses, takes a new lease and caches version 2: fresh.",
        isMet: (s) =>
          refusedOutdatedFill(s) &&
          s.stats.staleFills === 0 &&
          s.stats.staleReads === 0 &&
          readEndedFresh(s, 'A', 123),
      },
    },
    {
      settings: { readMitigation: 'versioned-fill' },
      outcome: {
        description:
          "With versioned fills A's late fill cannot cache version 1 (B left a tombstone holding version 2): no stale fill, and A's next read finds the tombstone, reads the database and caches version 2: fresh.",
        isMet: (s) =>
          refusedOutdatedFill(s) &&
          s.stats.staleFills === 0 &&
          s.stats.staleReads === 0 &&
          readEndedFresh(s, 'A', 123),
      },
    },
    {
      settings: { writePolicy: 'double-delete' },
      outcome: {
        description:
          "With double-delete A's SET still caches version 1 after B's UPDATE, but B's second DEL comes 500 ms after that UPDATE, later than A's SET (A's GET-to-SET time is a few milliseconds), so it removes the stale copy: A's next read misses and caches version 2 from the database. The stale copy does not outlast the write, so it is no stale fill, and no read is stale.",
        isMet: (s) =>
          s.stats.staleFills === 0 &&
          s.stats.staleReads === 0 &&
          s.actors.some((a) => a.name === 'B' && a.task === null) &&
          readEndedFresh(s, 'A', 123),
      },
    },
  ],
};
