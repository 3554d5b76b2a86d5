import { describe, expect, it } from 'vitest';
import { ConsistencyTracker, fillExpiryMs, judgedWritesNote } from './consistency';
import { formatNines, nines } from './consistencyNotes';
import type { WorkloadSummary } from './workload';

describe('ConsistencyTracker', () => {
  it('a write whose old entry is deleted at once is consistent within 1 s', () => {
    const t = new ConsistencyTracker();
    t.cached(1, 1, 60_000, 0);
    t.committed(1, 2, 100);
    t.cached(1, 0, Infinity, 100.3);
    expect(t.summary(200)).toEqual({ writes: 1, within1s: 1, within10s: 1, within60s: 1 });
  });

  it('a write that leaves the old entry until it expires is consistent when it expires', () => {
    const t = new ConsistencyTracker();
    t.cached(1, 1, 30_000, 0);
    t.committed(1, 2, 5000); // the entry stays until 30 s: 25 s after the write
    expect(t.summary(6000)).toEqual({ writes: 1, within1s: 0, within10s: 0, within60s: 1 });
  });

  it('an older row filled after the write (the stale set) undoes its consistency', () => {
    const t = new ConsistencyTracker();
    t.committed(1, 2, 100); // nothing cached: consistent at once
    t.cached(1, 1, Infinity, 200); // a reader's SET of v1 lands after: stale, no expiry
    t.committed(1, 3, 90_000); // still stale when the next write comes
    t.cached(1, 3, Infinity, 90_000.5);
    const s = t.summary(100_000);
    expect(s.writes).toBe(2);
    expect(s.within60s).toBe(0.5); // the first write never converged within a minute
  });

  it('writes lost before they reached the database count as never consistent', () => {
    const t = new ConsistencyTracker();
    t.committed(1, 2, 0);
    t.committed(2, 2, 0);
    t.lostWrites([{ id: 1, rank: 0 }]);
    expect(t.summary(10).within1s).toBe(0.5);
  });

  it('a lost write its row never converges to counts as not consistent once, not twice', () => {
    const t = new ConsistencyTracker(2);
    t.committed(2, 2, 0); // consistent at once: nothing cached
    t.committed(1, 2, 0); // a write-behind write, in the cache only
    t.cached(1, 2, Infinity, 0);
    t.restarted(100); // its queue is gone with the cache
    t.lostWrites([{ id: 1, rank: 0 }]);
    t.cached(1, 1, Infinity, 200); // a reader refills the database's older row, for good
    // One write of two converged: the lost one is never consistent, and counts so once.
    expect(t.summary(100_000)).toEqual({
      writes: 2,
      within1s: 0.5,
      within10s: 0.5,
      within60s: 0.5,
      lost: 1,
    });
    expect(t.isLostWrite(1, 2)).toBe(true);
  });

  // Until 2026-12-06 a later write of the row dropped the lost one: `lost` went from 1 to 0, and
  // a read that took the lost write's copy before that write and returned it after was not told
  // that the copy was a lost write's (only the row's latest write was looked at).
  it('a lost write stays lost, and its copy known, after later writes of its row', () => {
    const t = new ConsistencyTracker(1);
    t.committed(1, 2, 0, true);
    t.cached(1, 2, Infinity, 0);
    t.lostWrites([{ id: 1, rank: 0 }]); // its queue is deleted
    t.committed(1, 3, 100, true); // a later write-behind write, queued, its copy built on v2's
    t.cached(1, 3, Infinity, 100);
    expect(t.isLostWrite(1, 2)).toBe(true);
    expect(t.isLostWrite(1, 3)).toBe(false); // on its way
    expect(t.summary(200)).toMatchObject({ writes: 2, lost: 1, pending: 1 });
    // A copy at version 2 again, a later write's still on its way (built on the database's row
    // after v2's copy went), is that write's.
    t.cached(1, 0, Infinity, 300);
    t.committed(1, 2, 300, true);
    expect(t.isLostWrite(1, 2)).toBe(false);
  });
});

describe('ConsistencyTracker: a write-behind write before and after its flush', () => {
  it('is pending, in no share, while the database does not have it, whatever the cache holds', () => {
    const t = new ConsistencyTracker(1);
    t.cached(1, 1, Infinity, 0);
    t.committed(1, 2, 10, true); // acknowledged: its copy is in the cache, ahead of the row
    t.cached(1, 2, Infinity, 10);
    expect(t.summary(500)).toEqual({
      writes: 1,
      within1s: 0,
      within10s: 0,
      within60s: 0,
      pending: 1,
    });
  });

  it('is consistent from its flush, counted from its acknowledgement', () => {
    const t = new ConsistencyTracker(1);
    t.committed(1, 2, 10, true);
    t.cached(1, 2, Infinity, 10);
    t.reachedDatabase(1, 2, 1510); // the flusher's UPDATE, 1.5 s later
    expect(t.summary(2000)).toEqual({ writes: 1, within1s: 0, within10s: 1, within60s: 1 });
    // Judged for good by the next write of its row, with the same figure.
    t.committed(1, 3, 3000);
    t.cached(1, 3, Infinity, 3000);
    expect(t.summary(3000)).toEqual({ writes: 2, within1s: 0.5, within10s: 1, within60s: 1 });
  });

  it('the flush reaches the oldest write of the row still queued; a lost one never counts', () => {
    const t = new ConsistencyTracker(1);
    t.committed(1, 2, 0, true);
    t.committed(1, 3, 100, true);
    t.cached(1, 3, Infinity, 100);
    t.reachedDatabase(1, 2, 200);
    expect(t.summary(300)).toMatchObject({ writes: 2, within1s: 0.5, pending: 1 });
    t.lostWrites([{ id: 1, rank: 0 }]); // the queue holding the second is gone
    expect(t.summary(300)).toEqual({
      writes: 2,
      within1s: 0.5,
      within10s: 0.5,
      within60s: 0.5,
      lost: 1,
    });
  });
});

describe('ConsistencyTracker: a write-behind write judged as itself, not by a version it shares', () => {
  it('is judged at the version its flush made: a row written around the cache leaves its copy older', () => {
    const t = new ConsistencyTracker(1);
    t.committed(1, 2, 10, true); // its copy in the cache is version 2
    t.cached(1, 2, Infinity, 10);
    // A console UPDATE made the row version 2 meanwhile: the flush makes it 3.
    t.reachedDatabase(1, 3, 1010);
    expect(t.summary(100_000)).toEqual({ writes: 1, within1s: 0, within10s: 0, within60s: 0 });
    t.cached(1, 0, Infinity, 2000); // a DEL: from then on nothing older is cached
    expect(t.summary(100_000)).toEqual({ writes: 1, within1s: 0, within10s: 1, within60s: 1 });
  });

  it("the lost write is the one at its rank among its row's queued writes, not the newest", () => {
    const t = new ConsistencyTracker(1);
    t.committed(1, 2, 0, true);
    t.committed(1, 3, 20_000, true);
    t.cached(1, 3, Infinity, 20_000);
    t.lostWrites([{ id: 1, rank: 0 }]); // the older one's entry went (an LPOP)
    t.reachedDatabase(1, 2, 21_500); // the newer one's flush, 1.5 s after it
    expect(t.summary(22_000)).toEqual({
      writes: 2,
      within1s: 0,
      within10s: 0.5,
      within60s: 0.5,
      lost: 1,
    });
  });
});

describe('ConsistencyTracker.lostWrites: a write around the queue that a flush overwrote', () => {
  it('is the write lost, not a newer write of its row still queued behind the flush', () => {
    const t = new ConsistencyTracker(1);
    t.committed(1, 2, 0, true); // A, queued: its copy is version 2
    t.cached(1, 2, Infinity, 0);
    t.committed(1, 2, 100); // B, straight to the database while Redis was down: version 2 there
    t.committed(1, 3, 200, true); // C, queued, built on A's copy: version 3 in the cache
    t.cached(1, 3, Infinity, 200);
    t.reachedDatabase(1, 3, 1500); // A's flush overwrites B's column: the row is version 3
    t.lostWrites([{ id: 1, rank: -1 }]); // B is lost
    t.reachedDatabase(1, 4, 1600); // C's flush: the row is version 4, the cache keeps C's 3
    // A only: B is lost, and C's copy is older than the row its flush made. It said C was lost
    // and B consistent (1 of 3 within 1 s, 2 of 3 within 10 s).
    expect(t.summary(100_000)).toEqual({
      writes: 3,
      within1s: 0,
      within10s: 1 / 3,
      within60s: 1 / 3,
      lost: 1,
    });
  });
});

describe('ConsistencyTracker: a write around the queue', () => {
  it('is not consistent when a newer copy built on the queued one is stored, only once that copy goes', () => {
    const t = new ConsistencyTracker(1);
    t.committed(1, 2, 0, true); // A, queued: its copy is version 2
    t.cached(1, 2, Infinity, 0);
    t.committed(1, 2, 100); // B, straight to the database while Redis was down
    t.committed(1, 3, 200, true); // C, queued, its copy built on A's, without B's change
    t.cached(1, 3, Infinity, 200);
    t.reachedDatabase(1, 3, 1500);
    t.reachedDatabase(1, 4, 1600);
    // It said B was consistent from C's store, within 1 s.
    // Two not consistent, with their 60 s not over: a later command may still make them so.
    expect(t.summary(5000)).toEqual({
      writes: 3,
      within1s: 0,
      within10s: 1 / 3,
      within60s: 1 / 3,
      undecided: 2,
    });
    t.cached(1, 0, Infinity, 5000); // a DEL: the copy is gone
    expect(t.summary(5000)).toEqual({ writes: 3, within1s: 0, within10s: 1, within60s: 1 });
  });
});

describe('ConsistencyTracker.withdraw: a write whose request a stop left unfinished', () => {
  it('leaves the judged writes as if it had never committed, while it is open', () => {
    const t = new ConsistencyTracker(10);
    t.cached(1, 1, 30_000, 0);
    t.committed(2, 5, 100);
    t.committed(1, 2, 5000); // the old entry stays until 30 s
    t.withdraw(t.lastCommitted!);
    expect(t.summary(6000)).toEqual({ writes: 1, within1s: 1, within10s: 1, within60s: 1 });
  });

  it('takes it off the counts it made once a later write of its row judged it', () => {
    const t = new ConsistencyTracker(10);
    t.cached(1, 1, 30_000, 0);
    t.committed(1, 2, 5000); // consistent at 30 s, 25 s after it
    const first = t.lastCommitted!;
    t.committed(1, 3, 40_000); // judges the first: within 60 s only
    t.withdraw(first);
    expect(t.summary(41_000)).toEqual({ writes: 1, within1s: 1, within10s: 1, within60s: 1 });
  });
});

describe('ConsistencyTracker rows', () => {
  /** Two rows' history: row 1 a write whose old entry stays 25 s, row `other` a stale fill. */
  const play = (t: ConsistencyTracker, other: number): void => {
    t.cached(1, 1, 30_000, 0);
    t.committed(1, 2, 5000);
    t.committed(other, 2, 100);
    t.cached(other, 1, Infinity, 200);
    t.cached(-3, 0, Infinity, 300); // a key that is no row: nothing to judge
  };

  it('judges an id past the rows it was made for (a row the console added) as any other', () => {
    const inside = new ConsistencyTracker(10);
    const outside = new ConsistencyTracker(2);
    play(inside, 7);
    play(outside, 7);
    expect(outside.summary(90_000)).toEqual(inside.summary(90_000));
    expect(inside.summary(90_000)).toEqual({
      writes: 2,
      within1s: 0,
      within10s: 0,
      within60s: 0.5,
    });
  });

  it('a saved state put back into a fresh tracker carries on the same', () => {
    const t = new ConsistencyTracker(2);
    play(t, 7);
    const copy = new ConsistencyTracker(2);
    copy.loadState(t.saveState());
    for (const x of [t, copy]) {
      x.cached(7, 0, Infinity, 1000);
      x.committed(1, 3, 40_000);
    }
    expect(copy.summary(50_000)).toEqual(t.summary(50_000));
    expect(copy.saveState()).toEqual(t.saveState());
  });
});

describe('nines', () => {
  it('writes shares as nines', () => {
    expect(nines(0.999)).toBeCloseTo(3);
    expect(formatNines(0.999)).toBe('99.9% (3.0 nines)');
    expect(formatNines(1)).toBe('100% (every write)');
    expect(formatNines(0.5)).toBe('50.0% (0.3 nines)');
  });

  it('reads a fill expiry from EX or PX', () => {
    expect(fillExpiryMs(['SET', 'k', 'v', 'EX', '60'], 1000)).toBe(61_000);
    expect(fillExpiryMs(['SET', 'k', 'v', 'PX', '50', 'NX'], 1000)).toBe(1050);
    expect(fillExpiryMs(['SET', 'k', 'v'], 1000)).toBe(Infinity);
  });
});

describe("the writes judged against the run's writes", () => {
  const summary = (
    pattern: 'cache-aside' | 'write-behind',
    judged: number,
    writes: number,
    stopped = false,
  ) =>
    ({
      writes,
      stopped,
      consistency: { writes: judged, within1s: 1, within10s: 1, within60s: 1 },
      config: { pattern },
    }) as unknown as WorkloadSummary;

  it('says nothing when every write was judged once', () => {
    expect(judgedWritesNote(summary('write-behind', 1975, 1975))).toBeNull();
  });

  it('says why the commits judged are not one per write, under every pattern', () => {
    for (const pattern of ['write-behind', 'cache-aside'] as const)
      expect(judgedWritesNote(summary(pattern, 1943, 1975))).toBe(
        "1,943 commits judged for 1,975 writes: each write is judged by its commit (a write-behind write's store in the cache, any other write's UPDATE), so a write that committed nothing (its row was gone, or the database refused it) counts none, and one that committed twice counts twice",
      );
  });

  it('says one of each in the singular', () => {
    expect(judgedWritesNote(summary('cache-aside', 1, 2))).toMatch(
      /^1 commit judged for 2 writes: /,
    );
    expect(judgedWritesNote(summary('cache-aside', 2, 1))).toMatch(
      /^2 commits judged for 1 write: /,
    );
  });
});
