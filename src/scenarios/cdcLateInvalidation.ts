import { finish, read, stepActor, stepActors, write } from './actions';
import { readEndedFresh, readEndedStale } from './readChecks';
import type { Scenario } from './types';

/** The consumer's lag in this story: an assumption, stated in the narration. */
const CDC_DELAY_MS = 1000;

/**
 * Invalidation from the change log: the write only UPDATEs, the database's trigger logs the
 * change, and a consumer deletes the key a second later. Until then readers get the old row
 * (the delay is a staleness window); and a slow reader's fill that lands after the consumer's
 * DEL stays until its TTL, which a fill that only overwrites older versions prevents.
 */
export const cdcLateInvalidation: Scenario = {
  id: 'cdc-late-invalidation',
  title: 'Race: invalidation from the change log (CDC)',
  quizId: 'race-invalidation-from-change-log',
  summary:
    "The write only UPDATEs; a consumer of the change log deletes the key 1 s later. Readers see the old row meanwhile, and a slow reader's fill after the consumer's DEL stays until TTL.",
  actors: ['A', 'B', 'C'],
  writePolicy: 'invalidate',
  readMitigation: 'none',
  invalidation: 'cdc',
  cdcDelayMs: CDC_DELAY_MS,
  ttlSeconds: 3600,
  intro: `Invalidation here comes from the change log: B's write path only UPDATEs; the database's trigger users_changes appends (user, version, time) to the changes table, and a separate process, cdc, with its own Redis connection, reads that table and deletes each changed key ${CDC_DELAY_MS} ms after the commit (its delay, an assumption). A is a slow reader of user:42, C a quick one.`,
  introNotes:
    "Large deployments invalidate this way (Debezium, Meta's invalidation pipeline): the write path stays simple and every writer is covered. Ask what can go wrong when the DEL arrives a second late. Then ask what happens to a reader that was already on its way to SET.",
  setup: [],
  beats: [
    {
      notes: 'A is the slow reader: it misses and reads version 1, then stalls before its SET.',
      actions: [read('A', 42), ...stepActors('A', 'A')],
      narration:
        'A sends GET user:42: (nil), a miss. It runs SELECT and holds version 1 in memory, on its way to Redis, and then stalls (a GC pause, say) before its SET.',
    },
    {
      notes: 'C is quick: a whole miss, GET, SELECT, SET. Version 1 is cached and correct.',
      actions: [read('C', 42), ...stepActors('C', 'C', 'C')],
      narration:
        'C reads user:42 from start to finish: GET (nil), SELECT version 1, SET user:42 with version 1. The cache is right: the database holds version 1.',
    },
    {
      notes:
        'The write path has no DEL. The change is in the changes table (outside presenter mode, open the SQL console: SELECT * FROM changes).',
      actions: [write('B', 42, { plan: 'team' }), stepActor('B')],
      quiz: { kind: 'cache-stale', id: 42 },
      narration:
        "B runs its UPDATE: the row becomes version 2, and B's write is done: under invalidation from the change log its write path sends no DEL. The trigger users_changes has appended (42, version 2) to the changes table, and the consumer cdc has started (its box appears in the diagram).",
    },
    {
      notes:
        'The delay is a staleness window: every read in it gets the old row. It is a bounded staleness, set by how far the consumer lags.',
      actions: [read('C', 42), stepActor('C')],
      quiz: { kind: 'returned-version', actor: 'C', versions: [1, 2] },
      narration: `C reads again: GET user:42 hits version 1 while the database holds version 2, a STALE READ. Nothing is broken: the invalidation is on its way, ${CDC_DELAY_MS} ms after the commit. Until it arrives every read is served the old row: the consumer's delay is a staleness window.`,
    },
    {
      notes: 'Real SQL against the change log, past the cursor.',
      actions: [stepActor('cdc')],
      narration:
        'cdc reads the change log past its cursor: SELECT id, user_id, version, at FROM changes WHERE id > 0 ... returns one change, user 42 at version 2.',
    },
    {
      notes: 'The consumer lags: it delivers each invalidation its delay after the commit.',
      actions: [stepActor('cdc')],
      narration: `cdc waits until the invalidation is due, ${CDC_DELAY_MS} ms after B's commit: the lag of a change-data-capture pipeline (log shipping, a queue, a consumer's batch). Its DEL is next.`,
    },
    {
      notes: "This DEL removes C's version 1: the staleness window closes.",
      actions: [stepActor('cdc')],
      narration:
        "cdc sends DEL user:42 over its own connection and Redis answers (integer) 1: C's version 1 is gone, the window closes. But A still holds version 1 in memory.",
    },
    {
      notes:
        'The classic race of log-driven invalidation: the invalidation was delivered, then an older row came back. No later invalidation is coming.',
      actions: [stepActor('A')],
      quiz: { kind: 'cache-stale', id: 42 },
      narration:
        "A wakes up and finishes its miss: SET user:42 with version 1, after the consumer's DEL. The diagram marks a STALE FILL: the change log holds nothing newer to deliver, so version 1 stays until its TTL (3600 s).",
    },
    {
      notes:
        "Fix: Read mitigation versioned-fill. The consumer carries the version from the change: its invalidation becomes a tombstone of version 2 (only over an older version), and A's fill of version 1 is refused.",
      actions: [stepActor('cdc'), read('C', 42), finish('C')],
      quiz: { kind: 'returned-version', actor: 'C', versions: [1, 2] },
      narration:
        "cdc polls again and finds no new change. C reads: GET user:42 hits version 1, a STALE READ, and so will every read until the TTL ends. The fix: switch Read mitigation to versioned-fill and the page replays these presses: the consumer's invalidation carries the change's version (a tombstone of version 2, set only over an older version) and A's fill of version 1 is refused with (integer) 0. The window before the consumer's DEL stays: it is the price of invalidating from the log.",
    },
  ],
  outcome: {
    description:
      "Under CDC without a mitigation: one stale read inside the consumer's delay, then A's late fill caches version 1 after the consumer's DEL, and the last read is stale too (stale until TTL).",
    isMet: (s) => s.stats.staleFills === 1 && s.stats.staleReads === 2 && readEndedStale(s, 42, 1),
  },
  variants: [
    {
      settings: { readMitigation: 'versioned-fill' },
      outcome: {
        description:
          "With versioned fills the consumer's invalidation leaves a tombstone of version 2, so A's late fill of version 1 is refused: no stale fill, nothing stale cached, and C's last read finds the tombstone and loads version 2. The read inside the consumer's delay is still stale: versions close the race, not the window.",
        isMet: (s) =>
          s.stats.staleFills === 0 && s.stats.staleReads === 1 && readEndedFresh(s, 'C', 42),
      },
    },
  ],
};
