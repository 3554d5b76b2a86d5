import { finish, read, stepActor, warmRead, write } from './actions';
import { readEndedFresh, readEndedStale } from './readChecks';
import type { Scenario } from './types';

/** A process reads back what it just wrote, and the cache hands it the old row. */
export const writeThenRead: Scenario = {
  id: 'write-then-read',
  title: 'Write, then read at once (ttl-only)',
  summary: 'Under write policy ttl-only, a read right after a write still hits the old cached row.',
  actors: ['A', 'B'],
  writePolicy: 'ttl-only',
  readMitigation: 'none',
  ttlSeconds: 3600,
  intro:
    'user:123 is cached at version 1. Process B uses write policy "ttl-only": it updates the database and leaves Redis alone, trusting the TTL. Think of a settings page that saves, then shows the profile.',
  introNotes:
    'A common bug report: a user saves a setting and the page shows the old one. Policy ttl-only is the cause: the write never touches Redis.',
  setup: warmRead('A', 123),
  beats: [
    {
      notes:
        'The write is done as far as the database is concerned. Nothing removes the cached copy: point at the STALE badge.',
      actions: [write('B', 123, { plan: 'team' }), stepActor('B')],
      narration:
        'B runs its UPDATE: the row becomes version 2. Under ttl-only that is the whole write: no DEL, no SET. The cached copy is now STALE.',
    },
    {
      notes:
        'Read-your-own-write fails: B sees its change undone. Under ttl-only this lasts until the TTL. Switch Write policy to invalidate, or go to the next scenario.',
      actions: [read('B', 123), finish('B')],
      narration:
        'B immediately reads the user back. GET user:123 hits version 1: a STALE READ, and B\'s own change appears undone. It stays so until the TTL (up to an hour); switch Write policy to invalidate (or load "Write, then read (invalidate)") to compare.',
    },
  ],
  outcome: {
    description: 'The read right after the write returns the old version: stale.',
    isMet: (s) => s.stats.staleReads === 1 && readEndedStale(s, 123, 1),
  },
  variants: [
    {
      settings: { writePolicy: 'invalidate' },
      outcome: {
        description:
          "With invalidate B's write ends with DEL user:123, so the Step meant for the read sends that DEL first: the old copy leaves Redis, and B's read misses and loads version 2: nothing stale is served.",
        isMet: (s) =>
          s.stats.staleReads === 0 &&
          s.events.some((e) => e.command === 'DEL user:123' && e.reply === '(integer) 1') &&
          readEndedFresh(s, 'B', 123),
      },
    },
  ],
};
