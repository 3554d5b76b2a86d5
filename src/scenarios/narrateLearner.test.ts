// The narration of a learner's own code, told from the engine's events: what the code did, never
// what ours would have done in its place.
import { describe, expect, it } from 'vitest';
import { seedRow } from '../engine/userSeed';
import { learnerReadProgram, learnerWriteProgram } from '../engine/programs/learner';
import {
  READ_LOCK_FIX,
  READ_STARTER,
  readWatchAttempt,
  WRITE_STARTERS,
} from '../engine/programs/learnerSources';
import type { SimAction } from '../engine/simAction';
import { Simulation } from '../engine/simulation';
import { loadQuickJsNode } from '../platform/quickjsNode';
import { compileLearnerProgram } from '../platform/quickjsSandbox';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import type { StepEvent } from '../engine/stepEvent';
import { describeEvent } from './narrate';

async function compiled(path: 'read' | 'write', source: string) {
  const c = compileLearnerProgram(await loadQuickJsNode(), path, source);
  if (!c.ok) throw new Error(c.error);
  return c.program.runner;
}

async function withRead(read: string, write?: string) {
  return Simulation.create(await loadSqlJsNode(), {
    actors: ['A', 'B'],
    rows: 10,
    programs: {
      read: learnerReadProgram(await compiled('read', read)),
      ...(write === undefined
        ? {}
        : { write: learnerWriteProgram(await compiled('write', write)) }),
    },
  });
}

const firstStep = (step: string) =>
  READ_STARTER.replace(
    "const cached = yield redis('GET', key);",
    `${step}\n  const cached = null;`,
  );

describe('a Redis error the learner’s read path does not catch', () => {
  it.each<[string, string, SimAction[]]>([
    ['Redis down', READ_STARTER, [{ type: 'setCacheAvailable', isUp: false }]],
    ['a SET of the wrong arity', firstStep("yield redis('SET', key);"), []],
    ['an EXPIRE of a non-integer', firstStep("yield redis('EXPIRE', key, 'abc');"), []],
    ['an over-size SET', firstStep("yield redis('SET', key, 'x'.repeat(2e6));"), []],
  ])('%s: the read fails, as told, and reads no database row', async (_, read, before) => {
    const sim = await withRead(read);
    for (const action of before) await sim.dispatch(action);
    await sim.dispatch({ type: 'read', actor: 'A', id: 7 });
    await sim.dispatch({ type: 'stepActor', actor: 'A' });
    const { events, stats } = await sim.snapshot();
    expect(stats).toMatchObject({ dbReads: 0, failedRequests: 1 });
    const text = describeEvent(events[0]);
    expect(text).toMatch(/A's read fails: your code did not catch the error\.$/);
    expect(text).not.toContain('database');
  });
});

describe('a Redis error the learner’s read path catches, then throws its own', () => {
  it('the read fails, not told that the code did not catch the error', async () => {
    const read = firstStep(
      "try { yield redis('SET', key); } catch (e) { throw new Error('cache refused: ' + e.message); }",
    );
    const sim = await withRead(read);
    await sim.dispatch({ type: 'read', actor: 'A', id: 7 });
    await sim.dispatch({ type: 'stepActor', actor: 'A' });
    const { events } = await sim.snapshot();
    expect(events[0].note).toContain(
      "threw: cache refused: ERR wrong number of arguments for 'set' command",
    );
    const text = describeEvent(events[0]);
    expect(text).toMatch(/A's read fails\.$/);
    expect(text).not.toContain('did not catch');
  });
});

describe('a cached copy the database never had, returned unchanged', () => {
  // B's write path caches a row it made up (its updated_at is the old one), then updates.
  const write = [
    'function* write(id, changes, ctx) {',
    '  const cur = yield selectUser(id);',
    "  yield redis('SET', cacheKey(id), JSON.stringify({ ...cur, ...changes, version: cur.version + 1 }), ...expiry(ctx));",
    '  return yield updateUser(id, changes);',
    '}',
  ].join('\n');
  const read = READ_STARTER.replace('return cached;', 'return JSON.parse(cached);');

  it('names the field that differs, blames the SET that cached it, and never calls the hit fresh', async () => {
    const sim = await withRead(read, write);
    await sim.dispatch({ type: 'write', actor: 'B', id: 1, changes: { name: 'Grace Lovelace' } });
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    for (const actor of ['B', 'B', 'B', 'A']) await sim.dispatch({ type: 'stepActor', actor });
    const { events, stats } = await sim.snapshot();
    const hit = events[3];
    expect(hit).toMatchObject({ isHit: true, finishes: true });
    expect(stats.failedRequests).toBe(1);
    expect(hit.note).toMatch(
      /^Your read path returned the cached copy unchanged, but that copy is a row the database never had: user 1 at version 2 with updated_at 0, where the database committed version 2 with updated_at 2\.3\. It was written by B's SET/,
    );
    expect(hit.note).not.toContain('name');
    const text = describeEvent(hit);
    expect(text).not.toContain('fresh');
    expect(text).toMatch(/hits version 2\. A's read fails\.$/);
  });

  it('says the log does not show who stored it when no SET did (an MSET from the console)', async () => {
    const sim = await withRead(read);
    // The seeded row with another name, in the order the application caches a row.
    const forged = JSON.stringify({ ...seedRow(1), name: 'Mallory' });
    await sim.dispatch({ type: 'redis', actor: 'console', argv: ['MSET', 'user:1', forged] });
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    while (sim.pendingStep('A')) await sim.dispatch({ type: 'stepActor', actor: 'A' });
    const hit = (await sim.snapshot()).events.find((e) => e.actor === 'A' && e.isHit);
    expect(hit?.note).toMatch(
      /a row the database never had: user 1 at version 1 with name "Mallory", where the database committed version 1 with name "Grace Lovelace"\. The command log does not show which command stored it: cache only/,
    );
  });
});

async function withWrite(write: string) {
  return Simulation.create(await loadSqlJsNode(), {
    actors: ['A', 'B'],
    rows: 10,
    programs: { write: learnerWriteProgram(await compiled('write', write)) },
  });
}

describe('a learner’s lock or lease that someone else holds', () => {
  it('is told as what Redis answered, and what the code does next is left to its next step', async () => {
    const sim = await withRead(
      "function* read(id, ctx) { const got = yield redis('SET', 'lock:' + cacheKey(id), ctx.token, 'NX', 'PX', 1000); if (got === null) return yield selectUser(id); return null; }",
    );
    await sim.dispatch({ type: 'redis', actor: 'console', argv: ['SET', 'lock:user:1', 'x'] });
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    const lost = (await sim.dispatch({ type: 'stepActor', actor: 'A' })) as StepEvent;
    expect(describeEvent(lost)).toBe(
      'A sends SET lock:user:1 A-1 NX PX 1000: (nil), someone else holds the lock, so nothing is stored.',
    );
  });
});

describe('a learner’s SET of a value that mentions a tombstone', () => {
  it('is told as what it stored, not as a versioned tombstone', async () => {
    const sim = await withWrite(
      "function* write(id, changes) { yield updateUser(id, changes); yield redis('SET', 'memo', 'tombstones'); }",
    );
    await sim.dispatch({ type: 'write', actor: 'B', id: 1, changes: { name: 'X' } });
    while (sim.pendingStep('B')) await sim.dispatch({ type: 'stepActor', actor: 'B' });
    const set = (await sim.snapshot()).events.at(-1)!;
    expect(describeEvent(set)).toBe('B sends SET memo tombstones: OK.');
    // One the versioned fills read as a tombstone is told as one.
    const real = await withWrite(
      "function* write(id, changes) { const row = yield updateUser(id, changes); yield redis('SET', cacheKey(id), JSON.stringify({ tombstone: true, version: row.version })); }",
    );
    await real.dispatch({ type: 'write', actor: 'B', id: 1, changes: { name: 'X' } });
    while (real.pendingStep('B')) await real.dispatch({ type: 'stepActor', actor: 'B' });
    expect(describeEvent((await real.snapshot()).events.at(-1)!)).toMatch(
      /: OK\. A tombstone marks the new version, so an older row cannot be filled over it\.$/,
    );
  });
});

describe('a learner’s read that ends on a failed SET', () => {
  it('is told by what it returned, not as our read that returns the row it read from the database', async () => {
    const sim = await withRead(
      "function* read(id) { const hit = yield redis('GET', cacheKey(id)); try { yield redis('SET', 'seen', '1'); } catch (e) {} return hit; }",
    );
    await sim.dispatch({
      type: 'redis',
      actor: 'console',
      argv: ['SET', 'user:1', JSON.stringify(seedRow(1))],
    });
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await sim.dispatch({ type: 'stepActor', actor: 'A' });
    await sim.dispatch({ type: 'setCacheAvailable', isUp: false });
    const set = (await sim.dispatch({ type: 'stepActor', actor: 'A' })) as StepEvent;
    expect(set).toMatchObject({ command: 'SET seen 1', isError: true, finishes: true });
    expect(describeEvent(set)).toMatch(
      /A's read ends on this error and returns version 1, without going to the database after it\.$/,
    );
  });
});

describe('a learner’s own list commands', () => {
  it('are told as what they did to its list, not as the write-behind queue and its flusher', async () => {
    const sim = await withWrite(
      "function* write(id, changes) { yield updateUser(id, changes); yield redis('RPUSH', 'audit', 'x'); yield redis('LPOP', 'audit', '2'); yield redis('LPOP', 'audit'); }",
    );
    await sim.dispatch({ type: 'write', actor: 'B', id: 1, changes: { name: 'X' } });
    while (sim.pendingStep('B')) await sim.dispatch({ type: 'stepActor', actor: 'B' });
    const told = (await sim.snapshot()).events.slice(1).map((e) => describeEvent(e));
    expect(told).toEqual([
      'B sends RPUSH audit x: (integer) 1.',
      'B sends LPOP audit 2: 1 item.',
      'B sends LPOP audit: (nil).',
    ]);
  });
});

describe('a learner’s write whose failed DEL names another key than its row’s', () => {
  it('is not told as the lost invalidation of its row, nor with that other key’s copy', async () => {
    const wrongKey = WRITE_STARTERS.invalidate.replace(
      "yield redis('DEL', cacheKey(id));",
      "yield redis('DEL', cacheKey(id + 1));",
    );
    expect(wrongKey).not.toBe(WRITE_STARTERS.invalidate);
    const sim = await withWrite(wrongKey);
    await sim.dispatch({ type: 'read', actor: 'A', id: 2 });
    while (sim.pendingStep('A')) await sim.dispatch({ type: 'stepActor', actor: 'A' });
    await sim.dispatch({ type: 'setCacheAvailable', isUp: false });
    await sim.dispatch({ type: 'write', actor: 'B', id: 1, changes: { name: 'X' } });
    for (let i = 0; i < 2; i++) await sim.dispatch({ type: 'stepActor', actor: 'B' });
    const del = (await sim.snapshot()).events.at(-1)!;
    expect(del).toMatchObject({ command: 'DEL user:2', isFailed: true, rowKeyElsewhere: 'user:1' });
    expect(del.copyBeforeWrite).toBeUndefined();
    const told = describeEvent(del);
    expect(told).not.toMatch(/invalidation did not happen/);
    expect(told).toMatch(
      /It names user:2, not user:1 \(the key of the row this write changed\), so no store or invalidation of that row failed here\. B's write fails here, since your code did not catch the error: nothing after this command runs\.$/,
    );
  });
});

describe('a learner’s write path that fails', () => {
  it.each([
    ['invalidate', 1],
    ['delete-first', 0],
  ] as const)(
    '%s with Redis down: the invalidation did not happen, and the write stops at the error it let through',
    async (policy, dbWrites) => {
      const sim = await withWrite(WRITE_STARTERS[policy]);
      await sim.dispatch({ type: 'setCacheAvailable', isUp: false });
      await sim.dispatch({ type: 'write', actor: 'B', id: 1, changes: { name: 'X' } });
      for (let i = 0; i < 2; i++) await sim.dispatch({ type: 'stepActor', actor: 'B' });
      const { events, stats } = await sim.snapshot();
      // Delete-first's DEL comes first: the UPDATE after it never runs.
      expect(stats).toMatchObject({ dbWrites, failedRequests: 1, writes: 0 });
      const del = events.at(-1)!;
      expect(del).toMatchObject({ command: 'DEL user:1', isFailed: true, finishes: true });
      expect(describeEvent(del)).toMatch(
        /The invalidation did not happen, but Redis holds no copy of the row now, so none from before this write is left\. B's write fails here, since your code did not catch the error: nothing after this command runs\.$/,
      );
    },
  );

  it('that throws after its UPDATE: the UPDATE is told as done, and the write as failed after it', async () => {
    const sim = await withWrite(
      "function* write(id, changes) { yield updateUser(id, changes); throw new Error('boom'); }",
    );
    await sim.dispatch({ type: 'write', actor: 'B', id: 1, changes: { name: 'X' } });
    await sim.dispatch({ type: 'stepActor', actor: 'B' });
    const { events, stats } = await sim.snapshot();
    expect(stats).toMatchObject({ dbWrites: 1, failedRequests: 1 });
    expect(events[0].note).toMatch(/threw: boom$/);
    expect(describeEvent(events[0])).toMatch(
      /: the row becomes version 2\. B's write fails after it\.$/,
    );
  });

  it('that succeeds is never told as failed', async () => {
    const sim = await withWrite(WRITE_STARTERS.invalidate);
    await sim.dispatch({ type: 'write', actor: 'B', id: 1, changes: { name: 'X' } });
    for (let i = 0; i < 2; i++) await sim.dispatch({ type: 'stepActor', actor: 'B' });
    const { events, stats } = await sim.snapshot();
    expect(stats).toMatchObject({ writes: 1, failedRequests: 0 });
    for (const e of events) {
      expect(e.isFailed).toBeUndefined();
      expect(describeEvent(e)).not.toMatch(/fails/);
    }
  });
});

describe('a learner’s read path that catches a Redis error and returns at once', () => {
  const read =
    "function* read(id) { try { return yield redis('GET', cacheKey(id)); } catch (e) { return null; } }";

  it('is not told it read the database: it returned no row without going there', async () => {
    const sim = await withRead(read);
    await sim.dispatch({ type: 'setCacheAvailable', isUp: false });
    // User 99 is not in the database: "no such user" is a right answer, reached without it.
    await sim.dispatch({ type: 'read', actor: 'A', id: 99 });
    await sim.dispatch({ type: 'stepActor', actor: 'A' });
    const { events, stats } = await sim.snapshot();
    expect(stats).toMatchObject({ reads: 1, dbReads: 0, failedRequests: 0 });
    const text = describeEvent(events[0]);
    expect(text).toMatch(
      /A's read ends on this error and returns no row \(no such user\), without going to the database after it\.$/,
    );
    expect(text).not.toContain('the row it read from the database');
  });

  it('for a user the database holds, fails: null is a wrong answer', async () => {
    const sim = await withRead(read);
    await sim.dispatch({ type: 'setCacheAvailable', isUp: false });
    await sim.dispatch({ type: 'read', actor: 'A', id: 7 });
    await sim.dispatch({ type: 'stepActor', actor: 'A' });
    const { events, stats } = await sim.snapshot();
    expect(stats).toMatchObject({ dbReads: 0, failedRequests: 1 });
    expect(events[0].isFailed).toBe(true);
    expect(describeEvent(events[0])).toMatch(/A's read fails\.$/);
  });
});

describe('a learner’s read path that catches a Redis error and goes on', () => {
  it('is not foretold to read the database: its next step shows what it does', async () => {
    // It waits and tries the cache again, never the database.
    const read = [
      'function* read(id) {',
      '  for (;;) {',
      "    try { const v = yield redis('GET', cacheKey(id)); if (v !== null) return JSON.parse(v); }",
      '    catch (e) { yield sleep(10); }',
      '  }',
      '}',
    ].join('\n');
    const sim = await withRead(read);
    await sim.dispatch({ type: 'setCacheAvailable', isUp: false });
    await sim.dispatch({ type: 'read', actor: 'A', id: 7 });
    for (let i = 0; i < 2; i++) await sim.dispatch({ type: 'stepActor', actor: 'A' });
    const { events } = await sim.snapshot();
    expect(describeEvent(events[0])).toMatch(
      /A's read goes on after the error: its next step shows what it does instead\.$/,
    );
    expect(describeEvent(events[0])).not.toContain('database');
    expect(events[1].target).toBe('wait');
  });
});

describe('a plain DEL of a lock in the learner’s code says whose lock it removed', () => {
  /** A takes the lock, reads the row; its lock expires and B takes it; A fills and DELs. */
  async function lockRace(expire: boolean) {
    const sim = await withRead(READ_LOCK_FIX);
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    for (let i = 0; i < 3; i++) await sim.dispatch({ type: 'stepActor', actor: 'A' });
    if (expire) {
      await sim.dispatch({ type: 'advanceClock', ms: 11_000 });
      await sim.dispatch({ type: 'read', actor: 'B', id: 1 });
      for (let i = 0; i < 2; i++) await sim.dispatch({ type: 'stepActor', actor: 'B' });
    }
    for (let i = 0; i < 2; i++) await sim.dispatch({ type: 'stepActor', actor: 'A' });
    return sim.snapshot();
  }

  it('its own: released', async () => {
    const { events } = await lockRace(false);
    expect(describeEvent(events[events.length - 1])).toBe(
      'A sends DEL lock:user:1: (integer) 1, the lock is released: it held "A-1", which A set itself.',
    );
  });

  it('another reader’s, taken after its own expired: removed, and named', async () => {
    const { events, cache } = await lockRace(true);
    expect(cache.some((e) => e.key === 'lock:user:1')).toBe(false);
    expect(describeEvent(events[events.length - 1])).toBe(
      'A sends DEL lock:user:1: (integer) 1, the lock is removed, but it was not A\'s: it held "B-2", which B set. A DEL does not check whose lock it removes, so A removed B\'s lock.',
    );
  });

  it('one set in the console, or by a command the log does not tell (MSET): said so', async () => {
    const del = READ_STARTER.replace(
      "const cached = yield redis('GET', key);",
      "yield redis('DEL', 'lock:' + key);\n  const cached = yield redis('GET', key);",
    );
    for (const [argv, told] of [
      [
        ['SET', 'lock:user:1', 'me'],
        'the lock is removed, but it was not A\'s: it held "me", which the console (by hand) set. A DEL does not check whose lock it removes, so A removed the console\'s lock.',
      ],
      [
        ['MSET', 'lock:user:1', 'x'],
        'the lock is removed. It held "x"; the command log does not show who set it, and a DEL does not check whose lock it removes.',
      ],
    ] as const) {
      const sim = await withRead(del);
      await sim.dispatch({ type: 'redis', actor: 'console', argv: [...argv] });
      await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
      await sim.dispatch({ type: 'stepActor', actor: 'A' });
      const { events } = await sim.snapshot();
      expect(describeEvent(events[events.length - 1])).toBe(
        `A sends DEL lock:user:1: (integer) 1, ${told}`,
      );
    }
  });

  it('a DEL of a key that is no user row is not told as the cached copy', async () => {
    const del = READ_STARTER.replace(
      "const cached = yield redis('GET', key);",
      "yield redis('DEL', 'profile:1');\n  const cached = yield redis('GET', key);",
    );
    const sim = await withRead(del);
    await sim.dispatch({ type: 'redis', actor: 'console', argv: ['SET', 'profile:1', 'x'] });
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await sim.dispatch({ type: 'stepActor', actor: 'A' });
    const { events } = await sim.snapshot();
    expect(describeEvent(events[events.length - 1])).toBe(
      'A sends DEL profile:1: (integer) 1, profile:1 is gone.',
    );
  });
});

describe('an UNLINK or GETDEL of a lock says whose lock it removed, as a DEL does', () => {
  /** READ_LOCK_FIX releasing with `release`; A's lock expires and B takes it before A's release. */
  async function lockRace(release: string) {
    const sim = await withRead(READ_LOCK_FIX.replace("yield redis('DEL', lock);", release));
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    for (let i = 0; i < 3; i++) await sim.dispatch({ type: 'stepActor', actor: 'A' });
    await sim.dispatch({ type: 'advanceClock', ms: 11_000 });
    await sim.dispatch({ type: 'read', actor: 'B', id: 1 });
    for (let i = 0; i < 2; i++) await sim.dispatch({ type: 'stepActor', actor: 'B' });
    for (let i = 0; i < 2; i++) await sim.dispatch({ type: 'stepActor', actor: 'A' });
    return sim.snapshot();
  }

  it.each([
    [
      "yield redis('UNLINK', lock);",
      'A sends UNLINK lock:user:1: (integer) 1, the lock is removed, but it was not A\'s: it held "B-2", which B set. An UNLINK does not check whose lock it removes, so A removed B\'s lock.',
    ],
    [
      "yield redis('GETDEL', lock);",
      'A sends GETDEL lock:user:1: "B-2", the lock is removed, but it was not A\'s: it held "B-2", which B set. A GETDEL does not check whose lock it removes, so A removed B\'s lock.',
    ],
  ])('in your code: %s', async (release, told) => {
    const { events, cache } = await lockRace(release);
    expect(cache.some((e) => e.key === 'lock:user:1')).toBe(false);
    expect(describeEvent(events[events.length - 1])).toBe(told);
  });

  it.each([
    ['DEL', '(integer) 1'],
    ['unlink', '(integer) 1'],
    ['GETDEL', '"A-1"'],
  ])('typed in the console: %s', async (cmd, reply) => {
    const sim = await withRead(READ_LOCK_FIX);
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    for (let i = 0; i < 2; i++) await sim.dispatch({ type: 'stepActor', actor: 'A' });
    await sim.dispatch({ type: 'redis', actor: 'console', argv: [cmd, 'lock:user:1'] });
    const { events } = await sim.snapshot();
    const a = cmd === 'unlink' ? 'an UNLINK' : `a ${cmd}`;
    expect(describeEvent(events[events.length - 1])).toBe(
      `console sends ${cmd} lock:user:1 from the console: ${reply}, the lock is removed: it held "A-1", which A set, so the console removed A's lock (${a} does not check whose lock it removes).`,
    );
  });
});

describe('a step told by what Redis holds after it', () => {
  it('a GET of a value that is no row is a hit on that value, not a fresh copy of "no row"', async () => {
    const sim = await withRead(
      READ_STARTER.replace(
        "const cached = yield redis('GET', key);",
        "yield redis('GET', 'lock:' + key);\n  const cached = yield redis('GET', key);",
      ),
    );
    await sim.dispatch({ type: 'redis', actor: 'console', argv: ['SET', 'lock:user:1', 'tok'] });
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await sim.dispatch({ type: 'stepActor', actor: 'A' });
    const { events, stats } = await sim.snapshot();
    expect(describeEvent(events[events.length - 1])).toBe(
      'A sends GET lock:user:1: "tok", a value that is not a row of the users table (Redis found the key, so the GET counts as a hit).',
    );
    expect(stats.hits).toBe(1);
  });

  it('a fill the key limit evicts at once is not said to be held', async () => {
    const sim = Simulation.create(await loadSqlJsNode(), {
      actors: ['A'],
      rows: 10,
      maxKeys: 1,
      eviction: 'allkeys-lfu',
    });
    // k used more often than the new fill: LFU evicts the fill itself.
    await sim.dispatch({ type: 'redis', actor: 'console', argv: ['SET', 'k', 'x'] });
    for (let i = 0; i < 3; i++)
      await sim.dispatch({ type: 'redis', actor: 'console', argv: ['GET', 'k'] });
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    const events = (await sim.dispatch({ type: 'finishActor', actor: 'A' })) as StepEvent[];
    const { cache } = await sim.snapshot();
    const fill = events.at(-1)!;
    expect(fill.evicted).toEqual(['user:1']);
    expect(cache.map((e) => e.key)).toEqual(['k']);
    expect(describeEvent(fill)).toMatch(
      /: OK\. Redis stored version 1, the current row, but holds it no longer: Redis was at its key limit, so it evicted user:1 to make room\.$/,
    );
  });
});

describe('a stale fill with no TTL', () => {
  it('is not said to stay until its TTL ends it', async () => {
    const sim = await withRead(
      READ_STARTER.replace(
        "yield redis('SET', key, JSON.stringify(row), ...expiry(ctx));",
        "yield redis('SET', key, JSON.stringify(row));",
      ),
      WRITE_STARTERS.invalidate,
    );
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await sim.dispatch({ type: 'write', actor: 'B', id: 1, changes: { plan: 'team' } });
    for (const actor of ['A', 'A', 'B', 'B', 'A']) await sim.dispatch({ type: 'stepActor', actor });
    const { events, stats, cache } = await sim.snapshot();
    expect(stats.staleFills).toBe(1);
    expect(cache.find((e) => e.key === 'user:1')?.ttlMs).toBe(-1);
    expect(describeEvent(events[events.length - 1])).toMatch(
      /A STALE FILL: Redis now holds version 1 while the database holds version 2, and no invalidation is on its way: it stays until another write of the row removes it \(it has no TTL, so no expiry ends it, and Redis has no key limit, so it evicts nothing\)\. A's read returns version 1, while the database holds version 2: the read began before that version was committed, so it may return either and is not counted a stale read\.$/,
    );
  });
});

describe('a learner’s transaction, told from what Redis answered', () => {
  async function raced(isHitReturned: boolean) {
    const sim = await withRead(readWatchAttempt(isHitReturned), WRITE_STARTERS.invalidate);
    if (!isHitReturned) {
      await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
      await sim.dispatch({ type: 'finishActor', actor: 'A' });
    }
    const before = (await sim.snapshot()).events.length;
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await sim.dispatch({ type: 'write', actor: 'B', id: 1, changes: { plan: 'team' } });
    for (const actor of 'AAABBAAA') await sim.dispatch({ type: 'stepActor', actor });
    return (await sim.snapshot()).events.slice(before).map((e) => describeEvent(e));
  }

  it('a missing key: the SET is queued (nothing ran), EXEC runs it and makes a STALE FILL WATCH did not stop', async () => {
    const told = await raced(true);
    expect(told[5]).toBe(
      "A sends MULTI: OK. A's connection is in MULTI: the commands it sends next are queued (Redis answers QUEUED) and run together at EXEC.",
    );
    expect(told[6]).toMatch(
      /^A queues SET user:1 .* in its transaction: Redis answers QUEUED and runs nothing yet; it runs at EXEC, with the rest of A's queue\.$/,
    );
    expect(told[6]).not.toContain('Redis holds');
    expect(told[7]).toMatch(
      /^A sends EXEC: Redis runs A's 1 queued command at once, no other client's command between them: SET user:1 .* → OK\. A STALE FILL: Redis now holds version 1 while the database holds version 2, .* The WATCH of user:1 did not stop it: nothing modified the key between WATCH and EXEC \(a DEL of a key that is not there is no modification\)/,
    );
  });

  it('a key that is there: B’s DEL modifies it, so EXEC answers nil and nothing ran', async () => {
    const told = await raced(false);
    expect(told[4]).toBe('B sends DEL user:1: (integer) 1, the cached copy is gone.');
    expect(told[7]).toMatch(
      /^A sends EXEC: \(nil\)\. A key A watched was modified since its WATCH, so nothing ran: the queue is dropped, and nothing was filled\./,
    );
  });
});

describe('a learner’s GETDEL or GETEX, told as what Redis did to the key as well as what it answered', () => {
  const getWith = (line: string) =>
    READ_STARTER.replace("const cached = yield redis('GET', key);", `const cached = ${line};`);
  /** Two reads of user 7 by A with `line` for their GET, `ms` apart: the first misses and fills. */
  async function secondRead(line: string, ms = 0) {
    const again = await withRead(getWith(line));
    // The first read misses (whatever `line` is, on no key) and fills.
    await again.dispatch({ type: 'read', actor: 'A', id: 7 });
    for (let i = 0; i < 3; i++) await again.dispatch({ type: 'stepActor', actor: 'A' });
    if (ms > 0) await again.dispatch({ type: 'advanceClock', ms });
    await again.dispatch({ type: 'read', actor: 'A', id: 7 });
    await again.dispatch({ type: 'stepActor', actor: 'A' });
    const { events, stats, cache } = await again.snapshot();
    return { event: events.at(-1) as StepEvent, stats, cache };
  }

  it('GETDEL: a hit on the row, and the key removed', async () => {
    const { event, stats, cache } = await secondRead("yield redis('GETDEL', key)");
    expect(stats).toMatchObject({ hits: 1, misses: 1 });
    expect(cache.find((k) => k.key === 'user:7')).toBeUndefined();
    const text = describeEvent(event);
    expect(text).toContain('A sends GETDEL user:7 and hits version 1: fresh.');
    expect(text).toContain(
      'GETDEL removed user:7 as it answered: the key is no longer in the cache.',
    );
    expect(text).not.toContain('not a row');
  });

  it('GETEX with EX: a hit on the row, and the key’s new TTL', async () => {
    const { event } = await secondRead("yield redis('GETEX', key, 'EX', '5')");
    const text = describeEvent(event);
    expect(text).toContain('A sends GETEX user:7 EX 5 and hits version 1: fresh.');
    expect(text).toContain('GETEX set the TTL of user:7 to 5 s (it had 3600 s left).');
    // Said exactly: before, PX 3599999 read "to 3600 s", more than it set. 1,500 ms were left,
    // by PTTL, as the step began (TTL answers 2): before, counted from the step's fractional
    // time, it read "it had 1 s left".
    const px = await secondRead("yield redis('GETEX', key, 'PX', '3599999')", 3_598_500);
    expect(px.event.keyLeftByRead).toEqual({ ttlMs: 3_599_999, wasTtlMs: 1500 });
    expect(describeEvent(px.event)).toContain(
      'GETEX set the TTL of user:7 to 3,599,999 ms (it had 2 s left).',
    );
  });

  it('GETEX with PERSIST: the key no longer expires', async () => {
    const { event } = await secondRead("yield redis('GETEX', key, 'PERSIST')");
    expect(describeEvent(event)).toContain(
      'GETEX removed the TTL of user:7 (it had 3600 s left): the key no longer expires.',
    );
  });

  it('GETEX with a time in the past: the key removed', async () => {
    const { event, cache } = await secondRead("yield redis('GETEX', key, 'PXAT', '1')");
    expect(cache.find((k) => k.key === 'user:7')).toBeUndefined();
    expect(describeEvent(event)).toContain(
      'GETEX removed user:7 as it answered: the key is no longer in the cache.',
    );
  });

  it('GETEX with no option changes nothing, and says nothing of the key', async () => {
    const { event } = await secondRead("yield redis('GETEX', key)");
    const text = describeEvent(event);
    expect(text).toBe('A sends GETEX user:7 and hits version 1: fresh.');
  });
});
