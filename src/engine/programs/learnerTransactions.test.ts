// A learner's own code may send MULTI, EXEC, DISCARD, WATCH and UNWATCH: each sandbox actor is
// one connection running one request at a time, so its transaction is its own. The lesson it
// must show: WATCH does not stop the stale set (the writer's DEL of a missing key modifies
// nothing, EXEC answers OK and fills the old row), while a WATCH of a key that is there aborts.
import { describe, expect, it } from 'vitest';
import { loadQuickJsNode } from '../../platform/quickjsNode';
import { compileLearnerProgram } from '../../platform/quickjsSandbox';
import { loadSqlJsNode } from '../../platform/sqlJsNode';
import { exploreQueued } from '../interleavingGrid';
import { Simulation } from '../simulation';
import type { StepEvent } from '../stepEvent';
import { learnerReadProgram, learnerWriteProgram } from './learner';
import { readWatchAttempt, WRITE_STARTERS } from './learnerSources';

async function compiled(path: 'read' | 'write', source: string) {
  const c = compileLearnerProgram(await loadQuickJsNode(), path, source);
  if (!c.ok) throw new Error(c.error);
  return c.program.runner;
}

async function programs(read: string) {
  return {
    read: learnerReadProgram(await compiled('read', read)),
    write: learnerWriteProgram(await compiled('write', WRITE_STARTERS.invalidate)),
  };
}

async function sandbox(read: string) {
  return Simulation.create(await loadSqlJsNode(), {
    actors: ['A', 'B'],
    rows: 10,
    programs: await programs(read),
  });
}

async function steps(sim: Simulation, actors: string): Promise<StepEvent[]> {
  const events: StepEvent[] = [];
  for (const actor of actors) {
    const e = (await sim.dispatch({ type: 'stepActor', actor })) as StepEvent | null;
    if (e !== null) events.push(e);
  }
  return events;
}

describe("a learner's WATCH read path against writer B (stale-set order)", () => {
  it('the key is missing: B’s DEL modifies nothing, EXEC answers OK and fills v1: a stale fill', async () => {
    const sim = await sandbox(readWatchAttempt());
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await sim.dispatch({ type: 'write', actor: 'B', id: 1, changes: { plan: 'team' } });
    // A: GET, WATCH, SELECT; B: UPDATE, DEL; A: MULTI, SET (queued), EXEC.
    const events = await steps(sim, 'AAABBAAA');
    expect(events.map((e) => `${e.actor} ${e.command.split(' ')[0]} -> ${e.reply}`)).toEqual([
      'A GET -> (nil)',
      'A WATCH -> OK',
      'A SELECT -> 1 row',
      'B UPDATE -> 1 row changed (version 2)',
      'B DEL -> (integer) 0',
      'A MULTI -> OK',
      'A SET -> QUEUED',
      expect.stringMatching(/^A EXEC -> /),
    ]);
    const [set, exec] = events.slice(6);
    // Queued: nothing ran, nothing is judged.
    expect(set).toMatchObject({ isStaleFill: false, isHit: false, isMiss: false });
    // EXEC ran the SET: the fill of v1 over the row at v2.
    expect(exec).toMatchObject({ isStaleFill: true, finishes: true, isError: false });
    expect(exec.note).toBeUndefined();
    const snap = await sim.snapshot();
    expect(snap.cache.find((e) => e.key === 'user:1')).toMatchObject({ version: 1, isStale: true });
    expect(snap.stats).toMatchObject({ staleFills: 1, misses: 1, hits: 0 });
    expect(snap.results.at(-1)).toMatchObject({ actor: 'A', version: 1, filledVersion: 1 });
    expect(snap.results.at(-1)?.error).toBeUndefined();
  });

  it('the key is there: B’s DEL removes it, a modification, so EXEC answers nil and nothing is filled', async () => {
    const sim = await sandbox(readWatchAttempt(false));
    // A first read fills v1 (nothing raced it: EXEC answers OK).
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await sim.dispatch({ type: 'finishActor', actor: 'A' });
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await sim.dispatch({ type: 'write', actor: 'B', id: 1, changes: { plan: 'team' } });
    const events = await steps(sim, 'AAABBAAA');
    expect(events.map((e) => `${e.actor} ${e.command.split(' ')[0]} -> ${e.reply}`)).toEqual([
      expect.stringMatching(/^A GET -> "\{/),
      'A WATCH -> OK',
      'A SELECT -> 1 row',
      'B UPDATE -> 1 row changed (version 2)',
      'B DEL -> (integer) 1',
      'A MULTI -> OK',
      'A SET -> QUEUED',
      'A EXEC -> (nil)',
    ]);
    expect(events.at(-1)).toMatchObject({ isStaleFill: false, finishes: true, isError: false });
    const snap = await sim.snapshot();
    expect(snap.cache.find((e) => e.key === 'user:1')).toBeUndefined();
    expect(snap.stats).toMatchObject({ staleFills: 0 });
    expect(snap.results.at(-1)).toMatchObject({ actor: 'A', filledVersion: null });
  });

  it('the interleaving explorer finds the stale interleaving of the WATCH read path', async () => {
    const result = await exploreQueued(
      await loadSqlJsNode(),
      {
        config: { actors: ['R', 'W'], rows: 1 },
        setup: [
          { type: 'read', actor: 'R', id: 1 },
          { type: 'write', actor: 'W', id: 1, changes: { name: 'New' } },
        ],
        limit: 1000,
      },
      undefined,
      await programs(readWatchAttempt()),
    );
    expect(result.isTotalExact).toBe(true);
    const stale = result.interleavings
      .filter((i) => i.isCacheStaleAtEnd)
      .map((i) => i.schedule.join(''));
    // R GET, WATCH, SELECT; W UPDATE, DEL; R MULTI, SET, EXEC: W's write lands between the
    // SELECT and the EXEC while the key is missing, which the WATCH does not see.
    expect(stale).toContain('RRRWWRRR');
    expect(result.interleavings.find((i) => i.schedule.join('') === 'RRRWWRRR')).toMatchObject({
      outcome: 'staleCache',
    });
    // No cell failed: every command the path sends runs.
    expect(result.interleavings.filter((i) => i.error !== undefined)).toEqual([]);
    // The write before the GET or after the EXEC leaves the cache right.
    expect(stale).not.toContain('WWRRRRRR');
    expect(stale).not.toContain('RRRRRRWW');
  }, 60_000);
});

describe('Back: a replay of the same actions', () => {
  it('stopped mid-MULTI and replayed, runs the same queue, EXEC and stale fill', async () => {
    const sim = await sandbox(readWatchAttempt());
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await sim.dispatch({ type: 'write', actor: 'B', id: 1, changes: { plan: 'team' } });
    await steps(sim, 'AAABBAAA');
    // Back one step (to before EXEC) is a replay of every action but the last, from the seed.
    const back = await sandbox(readWatchAttempt());
    for (const action of sim.actions.slice(0, -1)) await back.dispatch(action);
    expect(back.runtime.cache.queued('A')).toEqual([expect.arrayContaining(['SET', 'user:1'])]);
    expect(back.runtime.cache.watchedKeys('A')).toEqual(['user:1']);
    await back.dispatch(sim.actions.at(-1) as (typeof sim.actions)[number]);
    const told = (s: Simulation) =>
      s.trace.map((e) => `${e.actor} ${e.command} -> ${e.reply} ${String(e.isStaleFill)}`);
    expect(told(back)).toEqual(told(sim));
    expect((await back.snapshot()).stats).toEqual((await sim.snapshot()).stats);
  });
});

describe("EXEC's reply to a learner's code", () => {
  it('each queued reply as the client gives it alone; an error stays with its command, as an Error', async () => {
    const read = [
      'function* read(id) {',
      "  yield redis('HSET', 'h', 'f', 'v');",
      "  yield redis('MULTI');",
      "  yield redis('SET', 'n', 'abc');",
      "  yield redis('INCR', 'n');",
      "  yield redis('HGETALL', 'h');",
      "  yield redis('GET', cacheKey(id));",
      "  yield redis('RPUSH', 'l', 'x');",
      "  const r = yield redis('EXEC');",
      '  const seen = [r[0], r[1] instanceof Error, r[1].message, r[2], r[3], r[4]];',
      "  throw new Error('seen ' + JSON.stringify(seen));",
      '}',
    ].join('\n');
    const sim = await sandbox(read);
    await sim.dispatch({ type: 'read', actor: 'A', id: 2 });
    const events = (await sim.dispatch({ type: 'finishActor', actor: 'A' })) as StepEvent[];
    expect(events.at(-1)?.note).toContain(
      'seen ["OK",true,"ERR value is not an integer or out of range",{"f":"v"},null,1]',
    );
    // Counted once each, when EXEC ran them (queued, they were not): HGETALL found fields, a
    // hit; the GET of the user's key found nothing, a miss.
    expect((await sim.snapshot()).stats).toMatchObject({ misses: 1, hits: 1 });
  });

  it('a command refused while queuing aborts: EXEC fails with EXECABORT, nothing ran', async () => {
    const read = [
      'function* read(id) {',
      "  yield redis('MULTI');",
      "  yield redis('SET', 'k', 'v');",
      "  try { yield redis('GET'); } catch (e) {}",
      "  yield redis('EXEC');",
      '  return null;',
      '}',
    ].join('\n');
    const sim = await sandbox(read);
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    const events = (await sim.dispatch({ type: 'finishActor', actor: 'A' })) as StepEvent[];
    expect(events.map((e) => e.reply)).toEqual([
      'OK',
      'QUEUED',
      "(error) ERR wrong number of arguments for 'get' command",
      '(error) EXECABORT Transaction discarded because of previous errors.',
    ]);
    expect(sim.runtime.cache.rowText('k')).toBeNull();
  });
  it('a command whose error Redis finds as it runs (SET k v EX 0) answers QUEUED, and EXEC answers its error in its place', async () => {
    // Redis 7 checks only the name and the arity while queuing, as the console does.
    const read = [
      'function* read(id) {',
      "  yield redis('MULTI');",
      "  yield redis('SET', 'k', 'v', 'EX', 0);",
      "  yield redis('SET', 'k2', 'v');",
      "  const r = yield redis('EXEC');",
      "  throw new Error('seen ' + JSON.stringify(r.map((x) => (x instanceof Error ? 'Error: ' + x.message : x))));",
      '}',
    ].join('\n');
    const sim = await sandbox(read);
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    const events = (await sim.dispatch({ type: 'finishActor', actor: 'A' })) as StepEvent[];
    expect(events.map((e) => e.reply)).toEqual([
      'OK',
      'QUEUED',
      'QUEUED',
      expect.stringMatching(/^ran 2 queued: /),
    ]);
    expect(events.at(-1)?.note).toContain(
      `seen ["Error: ERR invalid expire time in 'set' command","OK"]`,
    );
    expect(sim.runtime.cache.rowText('k2')).toBe('v');
    expect(sim.runtime.cache.rowText('k')).toBeNull();
  });
});

describe('an EXEC that would be too much work for one step', () => {
  it('is refused as the console refuses it, nothing runs, and the transaction stays open for DISCARD', async () => {
    // Six GETs of a value of 900,000 characters: over 5,000,000 elements gone over in one step.
    const read = [
      'function* read(id) {',
      "  yield redis('SET', 'big', 'x'.repeat(900000));",
      "  yield redis('MULTI');",
      "  for (let i = 0; i < 6; i++) yield redis('GET', 'big');",
      "  yield redis('SET', 'k', 'v');",
      "  try { yield redis('EXEC'); } catch (e) { yield redis('DISCARD'); }",
      '  return null;',
      '}',
    ].join('\n');
    const sim = await sandbox(read);
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    const events = (await sim.dispatch({ type: 'finishActor', actor: 'A' })) as StepEvent[];
    expect(events.map((e) => e.reply).slice(-2)).toEqual([
      expect.stringMatching(
        /^\(error\) ERR EXEC of these 7 queued commands is too much work here: its commands would go over their arguments and the elements of the keys they name, 5,400,\d+ in all, and one step may go over at most 5,000,000\. Nothing was run; the transaction is still open \(DISCARD it and queue fewer\)\.$/,
      ),
      'OK',
    ]);
    expect(sim.runtime.cache.rowText('k')).toBeNull();
    expect(events.at(-1)?.isError).toBe(false);
  });
});

describe('a request that ends in MULTI', () => {
  it('having queued nothing, its last step says so, not that 0 queued commands did not run', async () => {
    const read = [
      'function* read(id) {',
      "  yield redis('MULTI');",
      "  yield redis('GET');",
      '}',
    ].join('\n');
    const sim = await sandbox(read);
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    const events = (await sim.dispatch({ type: 'finishActor', actor: 'A' })) as StepEvent[];
    expect(events.at(-1)?.note).toContain(
      "A's request ended with its connection in MULTI with nothing queued: the sandbox discards the transaction",
    );
  });

  it("ends the command's error with a full stop before it tells what the request left open", async () => {
    // Before, the two ran together: "threw: ERR MULTI calls can not be nested A's request
    // ended ...", as if the error named A's request.
    const read = [
      'function* read(id) {',
      "  yield redis('MULTI');",
      "  yield redis('MULTI');",
      '}',
    ].join('\n');
    const sim = await sandbox(read);
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    const events = (await sim.dispatch({ type: 'finishActor', actor: 'A' })) as StepEvent[];
    expect(events.at(-1)?.note).toMatch(
      /ERR MULTI calls can not be nested\. A's request ended with its connection in MULTI/,
    );
  });

  it('leaves no queue and no watch to the actor’s next request', async () => {
    // User 1's read opens MULTI and watches nothing more; its GET answers QUEUED, which is no
    // row, so the request fails there. User 2's read on the same connection must run plainly.
    const read = [
      'function* read(id, ctx) {',
      '  const key = cacheKey(id);',
      "  if (id === 1) { yield redis('WATCH', 'w'); yield redis('MULTI'); yield redis('SET', 'other', 'x'); }",
      "  const cached = yield redis('GET', key);",
      '  if (cached !== null) return cached;',
      '  const row = yield selectUser(id);',
      "  yield redis('SET', key, JSON.stringify(row), ...expiry(ctx));",
      '  return row;',
      '}',
    ].join('\n');
    const sim = await sandbox(read);
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await sim.dispatch({ type: 'read', actor: 'A', id: 2 });
    const first = (await sim.dispatch({ type: 'finishActor', actor: 'A' })) as StepEvent[];
    const replies = first.map((e) => `${e.command.split(' ')[0]} -> ${e.reply}`);
    expect(replies.slice(0, 4)).toEqual([
      'WATCH -> OK',
      'MULTI -> OK',
      'SET -> QUEUED',
      'GET -> QUEUED',
    ]);
    const ended = first[3];
    expect(ended).toMatchObject({ finishes: true, isFailed: true });
    expect(ended.note).toContain(
      "A's request ended with its connection in MULTI with 2 queued commands, none of which ran, and watching 1 key",
    );
    // The next request, user 2's: a plain miss, a SELECT and a fill, all run.
    expect(replies.slice(4)).toEqual(['GET -> (nil)', 'SELECT -> 1 row', 'SET -> OK']);
    expect(sim.runtime.cache.rowText('other')).toBeNull();
    expect(sim.runtime.cache.isQueuing('A')).toBe(false);
    const snap = await sim.snapshot();
    expect(snap.cache.find((e) => e.key === 'user:2')).toMatchObject({ version: 1 });
    expect(snap.stats).toMatchObject({ misses: 1, staleFills: 0 });
  });
});

describe('a redis action sent as an actor whose code is in MULTI', () => {
  it('goes over that actor’s connection: it is queued in its transaction and its EXEC runs it', async () => {
    const sim = await sandbox(readWatchAttempt());
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    // A: GET, WATCH, SELECT, MULTI: its connection is in MULTI now.
    await steps(sim, 'AAAA');
    const sent = await sim.dispatch({ type: 'redis', actor: 'A', argv: ['SET', 'note', 'x'] });
    expect(sent).toEqual({ reply: { status: 'QUEUED' }, hasChanged: false });
    const snap = await sim.snapshot();
    expect(snap.cache.find((e) => e.key === 'note')).toBeUndefined();
    // A's own SET, then its EXEC: the queue holds the action's SET first, and EXEC runs both.
    const [set, exec] = await steps(sim, 'AA');
    expect(set.reply).toBe('QUEUED');
    expect(exec.command.split(' ')[0]).toBe('EXEC');
    expect(exec.reply).toBe('ran 2 queued: OK, OK');
    expect((await sim.snapshot()).cache.find((e) => e.key === 'note')).toMatchObject({
      value: 'x',
    });
  });

  it('the console’s action goes over the console’s own connection, outside A’s MULTI', async () => {
    const sim = await sandbox(readWatchAttempt());
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await steps(sim, 'AAAA');
    const sent = await sim.dispatch({
      type: 'redis',
      actor: 'console',
      argv: ['SET', 'note', 'x'],
    });
    expect(sent).toEqual({ reply: { status: 'OK' }, hasChanged: true });
  });
});

describe('a simulation closed with a learner’s request part way', () => {
  it('ends the request’s run in the sandbox (Back rebuilds the run and drops the old one)', async () => {
    const runner = await compiled('read', readWatchAttempt());
    const disposed: number[] = [];
    const tracked = {
      path: runner.path,
      start(args: unknown[]) {
        const run = runner.start(args);
        if ('fail' in run) return run;
        return { ...run, dispose: () => (disposed.push(1), run.dispose()) };
      },
    };
    const sim = await Simulation.create(await loadSqlJsNode(), {
      actors: ['A'],
      rows: 10,
      programs: { read: learnerReadProgram(tracked) },
    });
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await steps(sim, 'AA');
    expect(disposed).toEqual([]);
    await sim.close();
    expect(disposed).toEqual([1]);
  });
});

describe('an outage or a restart while the learner’s code is in MULTI', () => {
  const read = [
    'function* read(id) {',
    "  yield redis('WATCH', 'w');",
    "  yield redis('MULTI');",
    "  yield redis('SET', 'k', 'v');",
    "  yield redis('SET', 'k2', 'v');",
    "  yield redis('EXEC');",
    '  return null;',
    '}',
  ].join('\n');

  it.each([
    ['a restart', 'Redis restarted at'],
    ['an outage', 'Redis went down at'],
  ])(
    'after %s, EXEC’s failure says the connection closed and the MULTI went with it',
    async (cause, said) => {
      const sim = await sandbox(read);
      await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
      await steps(sim, 'AAA');
      if (cause === 'a restart') await sim.dispatch({ type: 'restartCache' });
      else {
        await sim.dispatch({ type: 'setCacheAvailable', isUp: false });
        await sim.dispatch({ type: 'setCacheAvailable', isUp: true });
      }
      const events = await steps(sim, 'AA');
      expect(events.map((e) => `${e.command.split(' ')[0]} -> ${e.reply}`)).toEqual([
        'SET -> OK',
        'EXEC -> (error) ERR EXEC without MULTI',
      ]);
      expect(events[1].note).toContain(
        `${said} 0.0009 s, while A's connection was in MULTI: that closed the connection, and the server dropped its MULTI with 1 queued command, none of which ran, and its watch of 1 key. The connection A has now is a new one, never in MULTI: a command sent on it runs at once, not queued, and this EXEC finds no MULTI.`,
      );
      // The SET queued before it never ran; the one sent after it ran at once.
      expect(sim.runtime.cache.rowText('k')).toBeNull();
      expect(sim.runtime.cache.rowText('k2')).toBe('v');
    },
  );

  it('a DISCARD after an outage says the same of the MULTI it finds gone', async () => {
    const discarding = [
      'function* read(id) {',
      "  yield redis('MULTI');",
      "  yield redis('DISCARD');",
      '  return null;',
      '}',
    ].join('\n');
    const sim = await sandbox(discarding);
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await steps(sim, 'A');
    await sim.dispatch({ type: 'setCacheAvailable', isUp: false });
    await sim.dispatch({ type: 'setCacheAvailable', isUp: true });
    const [discard] = await steps(sim, 'A');
    expect(discard.reply).toBe('(error) ERR DISCARD without MULTI');
    expect(discard.note).toContain(
      "while A's connection was in MULTI: that closed the connection, and the server dropped its MULTI (nothing queued yet). The connection A has now is a new one, never in MULTI: a command sent on it runs at once, not queued, and this DISCARD finds no MULTI.",
    );
  });

  it('a WATCH before a restart does not guard the EXEC after it, and the EXEC says so', async () => {
    const watched = [
      'function* read(id) {',
      "  yield redis('WATCH', 'w');",
      "  yield redis('MULTI');",
      "  yield redis('SET', 'k', 'v');",
      "  yield redis('EXEC');",
      "  yield redis('EXEC');",
      '  return null;',
      '}',
    ].join('\n');
    const sim = await sandbox(watched);
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await steps(sim, 'A');
    await sim.dispatch({ type: 'restartCache' });
    // The console's SET of w would have aborted the EXEC on the connection that watched it.
    await sim.dispatch({ type: 'redis', actor: 'console', argv: ['SET', 'w', 'changed'] });
    const events = await steps(sim, 'AAAA');
    expect(events.map((e) => e.reply)).toEqual([
      'OK',
      'QUEUED',
      expect.stringMatching(/^ran 1 queued: /),
      '(error) ERR EXEC without MULTI',
    ]);
    expect(events[2].note).toBe(
      `Redis restarted at 0.0003 s, while A's connection watched 1 key: that closed the connection, and the server dropped the watch. This EXEC ran on a new connection watching nothing: no change to those keys could have stopped it.`,
    );
    // Told once: the EXEC after it failed for no outage, and says none.
    expect(events[3].note ?? '').not.toContain('Redis restarted');
  });
});

describe('code that reads EXEC’s reply as ioredis’ [err, result] pairs', () => {
  const failing = (after: string) =>
    [
      'function* read(id) {',
      "  yield redis('MULTI');",
      "  yield redis('SET', 'k', 'v');",
      "  const [[err, ok]] = yield redis('EXEC');",
      after,
      '  if (err) throw err;',
      '  return null;',
      '}',
    ].join('\n');

  it('fails on the replies, and the note says what EXEC answers here', async () => {
    const sim = await sandbox(failing(''));
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    const events = (await sim.dispatch({ type: 'finishActor', actor: 'A' })) as StepEvent[];
    const exec = events.at(-1);
    expect(exec?.command.split(' ')[0]).toBe('EXEC');
    expect(exec?.note).toContain('Your read path failed: line 6: threw: O');
    expect(exec?.note).toContain(
      "Your code failed on this EXEC's replies, before sending another command. Here EXEC answers the replies themselves, in the order the commands were queued (a command's error as an Error in its place), not ioredis' [err, result] pairs",
    );
  });

  it('says nothing of EXEC when the code sent another command after it before failing', async () => {
    const sim = await sandbox(failing("  yield redis('GET', 'k');"));
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    const events = (await sim.dispatch({ type: 'finishActor', actor: 'A' })) as StepEvent[];
    expect(events.at(-1)?.command.split(' ')[0]).toBe('GET');
    expect(events.at(-1)?.note).toContain('Your read path failed: line 6: threw: O');
    expect(events.map((e) => e.note ?? '').join(' ')).not.toContain('ioredis');
  });
});

describe('an error inside the EXEC reply of a learner’s code', () => {
  it('is a cache error, on the counter and the request, as INFO’s errorstats counts it', async () => {
    const read = [
      'function* read(id, ctx) {',
      "  yield redis('SET', 'n', 'abc');",
      "  yield redis('MULTI');",
      "  yield redis('INCR', 'n');",
      "  yield redis('SET', 'k', 'v');",
      "  const r = yield redis('EXEC');",
      '  if (!(r[0] instanceof Error)) throw new Error("INCR did not fail");',
      '  return yield selectUser(id);',
      '}',
    ].join('\n');
    const sim = await sandbox(read);
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await sim.dispatch({ type: 'finishActor', actor: 'A' });
    const snap = await sim.snapshot();
    expect(snap.results[0]).toMatchObject({ hadCacheError: true, version: 1 });
    expect(snap.stats.cacheErrors).toBe(1);
    // The console's INFO, on a connection of its own: its errorstats counted the same error.
    const info = (await sim.dispatch({
      type: 'redis',
      actor: 'console',
      argv: ['INFO', 'errorstats'],
    })) as { reply: unknown };
    expect(JSON.stringify(info.reply)).toContain('errorstat_ERR:count=1');
    // A console EXEC's error is the console's: the sandbox's counter leaves it out.
    for (const argv of [['MULTI'], ['INCR', 'n'], ['EXEC']])
      await sim.dispatch({ type: 'redis', actor: 'console', argv });
    expect((await sim.snapshot()).stats.cacheErrors).toBe(1);
  });
});
