// The fill tracker's later judgements of a fill (a flush that outdates it, an invalidation of it
// that never arrives) take another user's row under a row's key as the fill itself does: no
// version of that row, outdated whatever its own version says. Until 2026-12-08 they compared
// its version with the row's, so user 6's row at version 5 under user:1 counted as newer than
// user 1's version 2 (`src/store/otherUserFill.test.ts` has the change log's lost invalidation).
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from './clock';
import { ConsistencyTracker } from './consistency';
import { Database } from './database';
import { FillTracker } from './fillTracker';
import { newOutcome, type RunCounts } from './stepOutcome';
import { loadSqlJsNode } from './testSim';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

function tracker() {
  const clock = new VirtualClock();
  const db = new Database(SQL, clock, { rows: 10 });
  const counts: RunCounts = {
    reads: 0,
    writes: 0,
    hits: 0,
    misses: 0,
    staleReads: 0,
    staleFills: 0,
    maxStalenessMs: 0,
    lostInvalidations: 0,
    failedInvalidations: 0,
    removedCopies: 0,
  };
  const fills = new FillTracker(10, clock, db, counts, new ConsistencyTracker(10), 'write-behind');
  return { clock, db, counts, fills };
}

it("a flush that leaves another user's row under the row's key counts it a stale fill, whatever its version", () => {
  const { clock, db, counts, fills } = tracker();
  for (let i = 0; i < 4; i++) db.updateUser('console', 6, { plan: 'team' });
  const userSix = JSON.stringify(db.selectUser('console', 6));
  expect(db.committedVersion(6)).toBe(5);
  // Write 1 of row 1 is queued at 0 and still running when your code fills user:1 with user 6's
  // row; write 2 starts after that fill, and finishes last: neither write judges the fill.
  fills.writesInFlight[1]++;
  clock.advance(1);
  const fill = newOutcome(true);
  fills.noteFill('user:1', userSix, fill, Infinity, false, 'string');
  expect(fill).toMatchObject({ fillOtherUserId: 6, fillJudgedLater: 'write' });
  clock.advance(1);
  fills.writesInFlight[1]++;
  fills.writeFinished(1, 0, false);
  fills.writeFinished(1, 2, false);
  expect(counts.staleFills).toBe(0);
  // The flush of write 1 makes row 1 version 2: user:1 still holds user 6's row.
  db.updateUser('flusher', 1, { plan: 'pro' });
  const flush = newOutcome();
  fills.flushed(1, 0, flush);
  expect(flush.isStaleFill).toBe(true);
  expect(counts.staleFills).toBe(1);
});

// Until 2026-12-08 the later judgements (a flush, an invalidation that never arrives) compared
// versions alone, while a write's end (`writeFinished`) and the STALE badge also take a copy at
// the row's version with other fields as outdated: the change log's invalidation dropped over
// such a copy moved no counter, beside its STALE badge.
describe("a copy at the row's version with other fields", () => {
  /** Row 1 at its committed version, as your code stored it with another plan. */
  const otherPlan = (db: Database) =>
    JSON.stringify({ ...db.selectUser('console', 1), plan: 'not-the-rows' });

  it("left behind by the change log's dropped invalidation is a lost one, as a write's end counts it a stale fill", () => {
    // A write in flight when the copy lands, finishing after it: a stale fill.
    const atWrite = tracker();
    atWrite.fills.writesInFlight[1]++;
    atWrite.clock.advance(1);
    const filled = newOutcome(true);
    atWrite.fills.noteFill('user:1', otherPlan(atWrite.db), filled, Infinity, false, 'string');
    expect(filled.fillOtherFields).toBeDefined();
    atWrite.fills.writeFinished(1, 0, false);
    expect(atWrite.counts.staleFills).toBe(1);

    // The change log's invalidation owed for the row's last change never arrives over it.
    const atChange = tracker();
    atChange.db.updateUser('console', 1, { plan: 'team' });
    atChange.fills.invalidationsPending[1]++;
    atChange.clock.advance(1);
    const owed = newOutcome(true);
    atChange.fills.noteFill('user:1', otherPlan(atChange.db), owed, Infinity, false, 'string');
    expect(owed).toMatchObject({ fillJudgedLater: 'change-log' });
    atChange.fills.invalidated(1, false);
    expect(atChange.counts.lostInvalidations).toBe(1);
  });
});
