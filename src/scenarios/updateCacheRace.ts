import { finish, read, stepActor, write } from './actions';
import { readEndedFresh, readEndedStale } from './readChecks';
import type { Scenario } from './types';

/** Why a writer should delete the key rather than SET the new row: two writers can finish out of order. */
export const updateCacheRace: Scenario = {
  id: 'update-cache-race',
  title: 'Race: two writers update the cache',
  summary:
    'Under write policy update-cache, the writer whose UPDATE came first SETs last, and its older row stays cached.',
  actors: ['A', 'B', 'C'],
  writePolicy: 'update-cache',
  readMitigation: 'none',
  ttlSeconds: 3600,
  intro:
    'Write policy "update-cache": after its UPDATE, each writer puts the new row into Redis with SET. Writers A and B change user 123 at almost the same time; C reads it afterwards. The order, with A as W1 and B as W2: W1 UPDATE, W2 UPDATE, W2 SET, W1 SET.',
  introNotes:
    'Why not write the new value into Redis instead of deleting it? This scenario answers it: two writers can finish in the wrong order.',
  setup: [],
  beats: [
    {
      notes: 'W1 (A) commits version 2 and will SET it later.',
      actions: [
        write('A', 123, { plan: 'pro' }),
        write('B', 123, { plan: 'team' }),
        stepActor('A'),
      ],
      narration:
        "Writer A runs UPDATE users SET plan = 'pro' ...: the row becomes version 2, and A holds that row, ready to SET it.",
    },
    {
      notes: 'W2 (B) commits version 3, the newest row.',
      actions: [stepActor('B')],
      narration:
        "Writer B runs UPDATE users SET plan = 'team' ... right after: version 3, the newest row.",
    },
    {
      notes: "B's SET puts version 3 in Redis: for now both agree.",
      actions: [stepActor('B')],
      narration:
        'B sends SET user:123 <version 3> EX 3600 and gets OK. For now Redis and the database agree.',
    },
    {
      notes:
        'A was delayed (a GC pause, a slow network) and its SET overwrites version 3 with version 2: the older value wins.',
      actions: [stepActor('A')],
      narration:
        'A, delayed (a GC pause, a slow network), sends its SET user:123 <version 2> EX 3600. SET overwrites whatever is there, so version 2 replaces version 3: a STALE FILL, and the key is STALE.',
    },
    {
      notes:
        'C reads the older value until the TTL. Switch Write policy to invalidate: two DELs in any order leave nothing behind.',
      actions: [read('C', 123), finish('C')],
      narration:
        "C's GET user:123 hits and returns plan 'pro', version 2: a STALE READ, until the TTL or the next write. With write policy invalidate each writer sends DEL instead, and two DELs in any order leave nothing behind: switch to it and C's read misses instead and loads version 3. Or keep update-cache and switch Read mitigation to versioned-fill: each writer then stores its row with the fill's version check (EVAL FILL_IF_NEWER), and A's late, older row is refused.",
    },
  ],
  outcome: {
    description:
      'Both writes left the cache at version 2 while the database had version 3, and the read after them was stale.',
    isMet: (s) =>
      s.stats.staleReads === 1 &&
      readEndedStale(s, 123, 2) &&
      s.events.some((e) => e.isStaleRead && e.rowVersion === 2 && e.committedVersion === 3),
  },
  variants: [
    {
      settings: { writePolicy: 'invalidate' },
      outcome: {
        description:
          "With invalidate each writer sends DEL: nothing stale is left in Redis, and C's read misses and caches version 3: fresh.",
        isMet: (s) =>
          s.stats.staleReads === 0 && s.stats.staleFills === 0 && readEndedFresh(s, 'C', 123),
      },
    },
    {
      settings: { readMitigation: 'versioned-fill' },
      outcome: {
        description:
          "With versioned-fill each writer stores its row with the fill's version check (EVAL FILL_IF_NEWER): A's late store of version 2 is refused with (integer) 0, Redis keeps version 3, and C's read hits it: fresh.",
        isMet: (s) =>
          s.stats.staleReads === 0 &&
          s.stats.staleFills === 0 &&
          readEndedFresh(s, 'C', 123) &&
          s.events.some((e) => e.actor === 'A' && e.isFillRefused && e.rowVersion === 2),
      },
    },
  ],
};
