import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedRow } from '../engine/userSeed';
import { DEFAULT_PROGRAM_SETTINGS } from '../engine/programs/types';
import { Simulation } from '../engine/simulation';
import type { SimAction } from '../engine/simAction';
import type { SimConfig } from '../engine/simConfig';
import type { StepEvent } from '../engine/stepEvent';
import { createTestSim, loadSqlJsNode } from '../engine/testSim';
import { SCENARIOS, type Scenario } from '.';
import { describeEvent } from './narrate';
import { describeStep } from './stepNarration';
import { playScenario, scenarioSimConfig } from './play';
import { scenarioById } from './testScenarios';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

/** Every event of a scenario played under `overrides`, each with what the page would say. */
async function told(id: string, overrides: Partial<SimConfig> = {}) {
  const played = await playScenario(SQL, scenarioById(id), overrides);
  const events = played.beatSteps.flat().filter((e): e is StepEvent => e !== null);
  return { played, events, text: events.map((e) => describeEvent(e)) };
}

describe('narration told from the engine events, as a learner who left the script reads it', () => {
  it('never calls a hit on a copy older than the row fresh (refresh-ahead after a write)', async () => {
    const { played } = await told('write-then-read-write-through', { pattern: 'refresh-ahead' });
    const hit = played.beatSteps[2][0] as StepEvent;
    expect(hit).toMatchObject({ isHit: true, rowVersion: 1, committedVersion: 2 });
    const text = describeEvent(hit);
    expect(text).not.toContain('fresh');
    expect(text).toContain('hits version 1 while the database holds version 2');
  });

  it("names what a reader's retry waits on: the lease under a lease, the lock under single flight", async () => {
    for (const [mitigation, taken, doing] of [
      ['lease', 'lease', 'filling'],
      ['single-flight', 'lock', 'loading'],
    ] as const) {
      const { events, text } = await told('stampede', { readMitigation: mitigation });
      const waits = events.flatMap((e, i) =>
        e.target === 'wait' && e.program === 'read' ? [text[i]] : [],
      );
      expect(waits.length, mitigation).toBeGreaterThan(0);
      for (const told of waits)
        expect(told).toMatch(
          new RegExp(
            `^[BCD] waits \\d+ ms: it got no row from the cache and could not take the ${taken} \\((A holds it and is ${doing} the row|its holder has let it go since)\\), so it asks the cache again after the wait\\.$`,
          ),
        );
    }
  });

  it('tells a miss as a miss, and leaves what the reader does next to its next step', async () => {
    // Under single flight a reader that missed tries the lock before any SELECT.
    const { events, text } = await told('stampede', { readMitigation: 'single-flight' });
    const misses = events.flatMap((e, i) => (e.isMiss && e.program === 'read' ? [i] : []));
    expect(misses.length).toBeGreaterThan(1);
    for (const i of misses) {
      expect(text[i]).toMatch(/: \(nil\), a miss: the key is not in the cache\.$/);
      expect(text[i]).not.toContain('database');
    }
    const next = events.find((e, i) => i > misses[0] && e.actor === events[misses[0]].actor);
    expect(next?.command).toMatch(/^SET lock:/);
  });

  it('never says a SET ... NX that answered (nil) put its row in Redis', async () => {
    const { events } = await told('stale-set', { pattern: 'write-through' });
    const refused = events.filter((e) => / NX\b/.test(e.command) && e.reply === '(nil)');
    expect(refused.length).toBeGreaterThan(0);
    for (const e of refused) {
      const text = describeEvent(e);
      expect(text).not.toContain('Redis holds');
      expect(text).toContain('(nil), nothing is stored: the key already exists');
    }
  });

  it('tells a SET ... GET answering (nil) as the key having had no value, not as nothing stored', () => {
    const e = {
      actor: 'console',
      target: 'redis',
      program: 'console',
      command: 'SET k v GET',
      reply: '(nil)',
      key: 'k',
    } as unknown as StepEvent;
    // A console line is told as the console's; the same command from a program:
    expect(describeEvent({ ...e, program: 'read', actor: 'A' })).not.toContain('nothing is stored');
  });

  it('tells a program that ended before its first command by how it ended, not as a wait', () => {
    const e = {
      actor: 'A',
      target: 'wait',
      program: 'read',
      command: 'no command (the program failed)',
      reply: 'nothing sent',
      key: 'user:1',
      isError: false,
      ends: 'failed',
    } as unknown as StepEvent;
    expect(describeEvent(e)).toBe("A's read path failed before sending any command.");
    // The engine marks that request failed too: the sentence already says so, once.
    expect(describeEvent({ ...e, isFailed: true })).toBe(
      "A's read path failed before sending any command.",
    );
    expect(describeEvent({ ...e, program: 'write', ends: 'returned' })).toBe(
      "A's write path returned before sending any command.",
    );
  });

  it("tells why our programs wait, and a learner's wait as it is", () => {
    const wait = (actor: string, program: string, label: string, via?: 'cache') =>
      describeEvent({
        actor,
        target: 'wait',
        program,
        label,
        command: 'wait 50 ms',
        reply: 'nothing sent',
        key: 'user:1',
        isError: false,
        ...(via ? { via } : {}),
      } as unknown as StepEvent);
    expect(wait('B', 'write', 'locked', 'cache')).toBe(
      "The cache (for B) waits 50 ms: another write of user:1 holds the cache layer's lock on it (two writes must not both start from the same copy).",
    );
    expect(wait('A', 'read', 'wait')).toBe(
      'A waits 50 ms: it got no row from the cache and could not take the lock or lease (someone else holds it), so it asks the cache again after the wait.',
    );
    expect(wait('B', 'write', 'wait')).toBe(
      'B waits 50 ms, the double-delete delay, before deleting user:1 a second time.',
    );
    expect(wait('flusher', 'background', 'wait', 'cache')).toBe(
      "The cache's flusher waits 50 ms, the write-behind delay, before taking queued writes to the database.",
    );
    expect(wait('cdc', 'background', 'lag')).toBe(
      'The change-log consumer cdc waits 50 ms: the change log delivers its next change that much later (its lag).',
    );
    // Said once (it read "A waits (wait 50 ms).").
    expect(wait('A', 'read', 'line 3')).toBe('A waits 50 ms.');
  });

  it('says a reload started only after a PTTL that started one', async () => {
    const { events, played } = await told('refresh-ahead-expensive');
    const pttls = events.filter((e) => e.command.startsWith('PTTL'));
    const reloads = played.snapshot.events.filter((e) => e.actor.startsWith('refresher'));
    expect(pttls.map((e) => e.startedJob ?? null)).toContain('refresh');
    expect(pttls.map((e) => e.startedJob ?? null)).toContain(null);
    expect(reloads.length).toBeGreaterThan(0);
    for (const e of pttls)
      expect(describeEvent(e)).toContain(
        e.startedJob === 'refresh'
          ? 'so the cache reloads the entry in the background'
          : 'so no reload starts',
      );
  });

  it("tells single-flight's lock for what it is, not as a row in Redis", async () => {
    const { events } = await told('stampede', { readMitigation: 'single-flight' });
    const locks = events.filter((e) => e.command.startsWith('SET lock:'));
    expect(locks.length).toBeGreaterThan(1);
    for (const e of locks) {
      const text = describeEvent(e);
      expect(text).not.toContain('Redis holds');
      expect(text).toContain(e.reply === 'OK' ? 'holds the lock' : 'someone else holds the lock');
    }
  });

  it("says single-flight's release (a token-checked EVAL) releases its lock, not 'the cached copy'", async () => {
    const { events } = await told('stale-set', { readMitigation: 'single-flight' });
    const release = events.find((e) => e.label === 'unlock' && e.actor === 'A');
    expect(release?.command).toMatch(
      /^EVAL 'if redis\.call\('GET', KEYS\[1\]\) == ARGV\[1\].* 1 lock:user:123 A-\d+$/,
    );
    expect(describeEvent(release!)).toMatch(
      /^A sends EVAL .* 1 lock:user:123 A-\d+: \(integer\) 1, lock:user:123 still held A's token, so the script deleted it: the lock is released\.$/,
    );
  });

  it("says a DEL of a key and its lease removed what existed, not 'the cached copy'", async () => {
    const { played } = await told('stale-set', { readMitigation: 'lease' });
    const del = played.beatSteps[3][0] as StepEvent;
    expect(del.command).toBe('DEL user:123 lease:user:123');
    expect(describeEvent(del)).toBe(
      'B sends DEL user:123 lease:user:123: (integer) 1: 1 of its 2 keys existed, and none of them is left.',
    );
  });

  it('counts the keys a DEL named as its arguments, a key with a space as one', async () => {
    const { played } = await told('stale-set', { readMitigation: 'lease' });
    const del = played.beatSteps[3][0] as StepEvent;
    // As your code's `redis('DEL', 'a b', 'c d')` is told: each key quoted, as one argument.
    const two = {
      ...del,
      key: 'a b',
      command: "DEL 'a b' 'c d'",
      argCount: 3,
      reply: '(integer) 1',
    };
    expect(describeEvent(two)).toBe(
      "B sends DEL 'a b' 'c d': (integer) 1: 1 of its 2 keys existed, and none of them is left.",
    );
    const one = {
      ...del,
      key: "it's x",
      command: "DEL 'it\\'s x'",
      argCount: 2,
      reply: '(integer) 1',
    };
    expect(describeEvent(one)).toBe("B sends DEL 'it\\'s x': (integer) 1, it's x is gone.");
  });

  it('tells a refused fill by the version it carried: the lease and versioned-fill each keep version 1 out', async () => {
    const lease = await told('stale-set', { readMitigation: 'lease' });
    const leaseFill = lease.events.find((e) => e.isFillRefused);
    expect(describeEvent(leaseFill!)).toContain(
      "(integer) 0, the fill is refused: A's lease is gone (B's DEL removed it). So version 1, no longer the current row, stays out of the cache.",
    );
    const versioned = await told('stale-set', { readMitigation: 'versioned-fill' });
    const versionedFill = versioned.events.find((e) => e.isFillRefused);
    expect(describeEvent(versionedFill!)).toContain(
      "(integer) 0, the fill is refused: Redis holds a tombstone of version 2, newer than the version 1 this fill carries: a write changed the row after this read's SELECT, and the fill must not put the older row back over its mark. So version 1, no longer the current row, stays out of the cache.",
    );
  });

  it('names the change-log consumer and tells its poll by the changes it found', async () => {
    const { events } = await told('cdc-late-invalidation');
    const polls = events.filter((e) => e.actor === 'cdc' && /FROM changes/.test(e.command));
    expect(polls.length).toBeGreaterThan(1);
    for (const e of polls) {
      const text = describeEvent(e);
      expect(text).toMatch(/^The change-log consumer cdc runs SELECT id, user_id, version, at/);
      expect(text).toContain(`${e.reply}, the change log past its cursor.`);
      expect(text).not.toContain('undefined');
    }
  });

  it('tells a beat that sends no command by what it did: the clock, Redis going down, requests started', () => {
    const [stale, lost, race] = ['stale-read', 'lost-invalidation', 'stale-set'].map(scenarioById);
    expect(describeStep(stale.beats[3].actions, [])).toBe(
      'The virtual clock moves on 1 h; keys whose TTL ran out in that time expire.',
    );
    expect(describeStep(lost.beats[0].actions, [])).toBe(
      'Redis goes down: every command to it fails with a connection error until it is back.',
    );
    expect(describeStep(lost.beats[3].actions, [])).toBe(
      'Redis is reachable again with the keys it held, less any whose TTL ran out while it was down.',
    );
    expect(describeStep(race.beats[0].actions, [])).toBe(
      'A starts a read of user:123. B starts a write of user:123 (plan: team).',
    );
    expect(describeStep([], [])).toBe('This step sent no command.');
  });

  it('says an idle Step once until a command is sent, not once per Step between other actions', () => {
    const nothing =
      'Nothing is running: every request has finished and no background job (a flusher, a refresher, the change consumer) has work, so there was no step to take.';
    const clock = 'The virtual clock moves on 1 s; keys whose TTL ran out in that time expire.';
    const actions: SimAction[] = [
      { type: 'step' },
      { type: 'advanceClock', ms: 1000 },
      { type: 'step' },
    ];
    expect(describeStep(actions, [], undefined, undefined, [0, 0, 0])).toBe(`${nothing} ${clock}`);
    const idle = {
      actor: 'B',
      isJobInRun: false,
      hasStarted: false,
      pattern: 'cache-aside',
      pendingWrites: 0,
      running: [],
    };
    const b: SimAction = { type: 'stepActor', actor: 'B' };
    expect(
      describeStep(
        [b, { type: 'advanceClock', ms: 1000 }, b],
        [],
        undefined,
        undefined,
        [0, 0, 0],
        [
          { at: 0, step: idle },
          { at: 2, step: idle },
        ],
      ),
    ).toBe(`B is idle: it has no request running, so it sends nothing. ${clock}`);
  });

  // Every scenario under its own settings, each it invites, and a few it does not: no event is
  // told with a hole in it, and "fresh" only for a copy as new as the row.
  const tries = (sc: Scenario): Partial<SimConfig>[] => [
    {},
    ...(sc.variants ?? []).map((v) => v.settings as Partial<SimConfig>),
    { latencyModel: 'lognormal' },
    { readMitigation: 'single-flight' },
    { writePolicy: 'delete-first' },
  ];
  it.each(SCENARIOS.map((s) => [s.id, s] as const))(
    '%s: every event is told without holes, under every setting tried',
    async (_id, sc) => {
      for (const overrides of tries(sc)) {
        const { events } = await told(sc.id, overrides);
        for (const e of events) {
          const text = describeEvent(e);
          const where = `${JSON.stringify(overrides)} #${e.index}: ${text}`;
          expect(text, where).not.toMatch(/undefined|null|NaN|no row, the current row/);
          if (text.includes(': fresh.'))
            expect(e.rowVersion ?? 0, where).toBeGreaterThanOrEqual(e.committedVersion ?? 0);
        }
      }
    },
  );
});

describe('a write-behind flush over a write that went around the queue', () => {
  it('says the older queued write overwrites the newer one, and that the newer one is lost', async () => {
    const sim = await createTestSim({ actors: ['A', 'B'], pattern: 'write-behind' });
    const finish = async (actor: string) => {
      while (sim.pendingStep(actor)) await sim.dispatch({ type: 'stepActor', actor });
    };
    await sim.dispatch({ type: 'write', actor: 'A', id: 9, changes: { plan: 'team' } });
    await finish('A');
    await sim.dispatch({ type: 'setCacheAvailable', isUp: false });
    await sim.dispatch({ type: 'write', actor: 'B', id: 9, changes: { plan: 'free' } });
    await finish('B');
    await sim.dispatch({ type: 'setCacheAvailable', isUp: true });
    await finish('flusher');
    const flush = (await sim.snapshot()).events.find(
      (e) => e.actor === 'flusher' && e.command.startsWith('UPDATE'),
    );
    expect(describeEvent(flush!)).toContain(
      'the row becomes version 3. This write was queued before a newer one that went straight to the database while Redis was unreachable, and it overwrites it: that newer, acknowledged write is lost',
    );
  });
});

describe('a schema change typed in the SQL console, told by what it did', () => {
  it('says which table, index or trigger a line created, renamed, altered or dropped, not only 0 rows changed', async () => {
    const sim = await createTestSim({ rows: 10 });
    const told = async (sql: string) => {
      await sim.dispatch({ type: 'sql', actor: 'console', sql });
      const e = sim.trace.at(-1)!;
      return [e.reply, describeEvent(e)];
    };
    expect(await told('CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)')).toEqual([
      '0 rows changed; the schema changed: created table notes',
      'console runs CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT) from the console: 0 rows changed; the schema changed: created table notes.',
    ]);
    expect((await told('CREATE INDEX users_plan ON users(plan)'))[0]).toBe(
      '0 rows changed; the schema changed: created index users_plan',
    );
    expect((await told('ALTER TABLE notes ADD COLUMN at REAL'))[0]).toBe(
      '0 rows changed; the schema changed: altered table notes',
    );
    expect((await told('ALTER TABLE notes RENAME TO memos'))[0]).toBe(
      '0 rows changed; the schema changed: renamed table notes to memos',
    );
    expect((await told("INSERT INTO memos(body) VALUES ('a'); DROP INDEX users_plan"))[0]).toBe(
      '1 row changed; the schema changed: dropped index users_plan',
    );
    // The page DROP frees, CREATE may take again: another definition is no rename.
    expect((await told('DROP TABLE memos; CREATE TABLE tags(tag TEXT)'))[0]).toBe(
      '0 rows changed; the schema changed: created table tags, dropped table memos',
    );
    // A connection setting is no schema change: told as before.
    expect((await told('PRAGMA query_only = 0'))[0]).toBe('0 rows');
  });
});

describe("write-behind's SET of the row it wrote", () => {
  it('says the copy is ahead of the database, for the first write and one queued behind another', async () => {
    const sim = await createTestSim({ pattern: 'write-behind' });
    const setOf = async (plan: string) => {
      await sim.dispatch({ type: 'write', actor: 'A', id: 7, changes: { plan } });
      let e: StepEvent | undefined;
      while (sim.pendingStep('A') && e?.label !== 'store')
        e = (await sim.dispatch({ type: 'stepActor', actor: 'A' })) as StepEvent;
      await sim.dispatch({ type: 'finishActor', actor: 'A' });
      return describeEvent(e!);
    };
    const ahead = (v: number) =>
      `: OK. Redis holds version ${v}, newer than the database's version 1: the cache holds a write not yet in the database (AHEAD), and write-behind writes the database later, from its queue.`;
    expect(await setOf('team')).toMatch(/^The cache \(for A\) sends SET user:7 '.*'/);
    expect(await setOf('pro')).toContain(ahead(3));
    expect(sim.trace.filter((e) => e.label === 'store').map((e) => describeEvent(e))[0]).toContain(
      ahead(2),
    );
  });
});

describe("a lease's token, told by its place in the run", () => {
  it("counts the run's requests from where its tokens start (the stampede check's run again, numbered on from 10)", async () => {
    const sim = await createTestSim({ actors: ['A', 'B', 'C'], readMitigation: 'lease' });
    sim.runtime.numberTokensAfter(10);
    const leaseOf = async (actor: string, id: number) => {
      await sim.dispatch({ type: 'read', actor, id });
      await sim.dispatch({ type: 'stepActor', actor });
      return (await sim.dispatch({ type: 'stepActor', actor })) as StepEvent;
    };
    const first = await leaseOf('B', 7);
    expect(first.command).toBe('SET lease:user:7 B-11 NX PX 10000');
    expect(describeEvent(first)).toBe(
      "B sends SET lease:user:7 B-11 NX PX 10000: OK, B holds the lease and may fill. Its token, B-11, numbers the run's 1st request: this run's tokens are numbered on from 10.",
    );
    const second = await leaseOf('C', 8);
    expect(describeEvent(second)).toBe(
      "C sends SET lease:user:8 C-12 NX PX 10000: OK, C holds the lease and may fill. Its token, C-12, numbers the run's 2nd request: this run's tokens are numbered on from 10, and every request is counted, whichever actor's.",
    );
  });
});

describe("refresh-ahead's reload that a write and a refill overtook", () => {
  it('says the reload stored nothing, and why', async () => {
    const sim = await createTestSim({ actors: ['A', 'B'], pattern: 'refresh-ahead' });
    const finish = async (actor: string) => {
      while (sim.pendingStep(actor)) await sim.dispatch({ type: 'stepActor', actor });
    };
    const read = async () => {
      await sim.dispatch({ type: 'read', actor: 'A', id: 7 });
      await finish('A');
    };
    await read();
    await sim.dispatch({ type: 'advanceClock', ms: 2_000_000 });
    await read();
    await sim.dispatch({ type: 'stepActor', actor: 'refresher' });
    await sim.dispatch({ type: 'write', actor: 'B', id: 7, changes: { plan: 'team' } });
    await finish('B');
    await read();
    await finish('refresher');
    const reload = (await sim.snapshot()).events.at(-1)!;
    // The engine read what refused it: the refill of the row B wrote, which the cache layer's
    // loader sent for A's read (the log's `cache`), not one of every cause.
    expect(describeEvent(reload)).toContain(
      "(integer) 0, the fill is refused: Redis holds version 2 (stored by the cache layer's SET), newer than the version 1 the reload read, and the reload never puts an older row back. So version 1, no longer the current row, stays out of the cache.",
    );
    // Where nothing is read without a command (a real server), every way it can be refused.
    const { refreshRefusal, ...unknown } = reload;
    expect(refreshRefusal).toEqual({
      kind: 'newer',
      version: 2,
      storedBy: "the cache layer's SET",
    });
    expect(describeEvent(unknown)).toContain(
      '(integer) 0, the fill is refused: the entry is gone (a write deleted it, it expired, or a restart or a console command removed it) or Redis holds a newer row (a reader refilled it after a write), and the reload never puts an older row back.',
    );
  });
});

describe('a command that failed, or answered what the application cannot use, told by why', () => {
  /** A's read of user:123 after `setup`, stepped once: the GET's event. */
  async function firstGet(setup: SimAction[]): Promise<StepEvent> {
    return (await firstSteps(setup, 1))[0];
  }

  async function firstSteps(setup: SimAction[], n: number): Promise<StepEvent[]> {
    const sim = Simulation.create(SQL, {});
    for (const action of setup) await sim.dispatch(action);
    await sim.dispatch({ type: 'read', actor: 'A', id: 123 });
    const steps: StepEvent[] = [];
    for (let i = 0; i < n; i++)
      steps.push((await sim.dispatch({ type: 'stepActor', actor: 'A' })) as StepEvent);
    return steps;
  }

  it('says Redis refused a fill for memory (OOM under noeviction), not that it cannot be reached', async () => {
    const { played } = await told('only-what-is-asked', { maxKeys: 1, eviction: 'noeviction' });
    const set = played.beatSteps[1][2] as StepEvent;
    expect(set).toMatchObject({ isError: true, isConnectionError: false, finishes: true });
    const text = describeEvent(set);
    expect(text).toContain(
      "(error) OOM command not allowed when used memory > 'maxmemory'. Redis is reachable, but refused the write: it is out of memory",
    );
    expect(text).toContain('noeviction');
    expect(text).toContain(
      "B's read returns the row it read from the database, and nothing is cached.",
    );
    expect(text).not.toContain('cannot be reached');
    expect(text).not.toContain('..');
  });

  it('says a GET of a key of another type was refused with WRONGTYPE, as the note does', async () => {
    const [get, del] = await firstSteps(
      [{ type: 'redis', actor: 'console', argv: ['HSET', 'user:123', 'plan', 'pro'] }],
      2,
    );
    // Until 2026-12-07 counted as a cache error only, neither hit nor miss.
    expect(get).toMatchObject({ isError: true, isConnectionError: false, isMiss: true });
    expect(get.note).toContain('an error (WRONGTYPE');
    const text = describeEvent(get);
    expect(text).toMatch(
      /^A sends GET user:123: \(error\) WRONGTYPE .*\. Redis is reachable, but refused the command: user:123 holds a value of another type/,
    );
    // Until 2026-12-07: "A does without the cache and reads the database.", leaving the hash.
    expect(text).toContain(
      'A cannot use what user:123 holds (a corrupt entry), so it counts as a miss: the read deletes it next, reads the database and fills the key as its miss path does.',
    );
    expect(text).not.toContain('cannot be reached');
    expect(describeEvent(del)).toBe(
      "A sends DEL user:123: (integer) 1, removed user:123, which held a hash, not a cached row. A deleted it because it could not use it (a corrupt entry): left there, every read of the row would miss on it until its TTL. A's read goes on as a miss: it reads the database and fills the key as its miss path does, so the next read of it can hit.",
    );
    // Redis lost between the GET and the DEL: the hash stays and the read only reads the
    // database. Until 2026-12-07 the failed DEL said the read "deletes it next ... and refills".
    const sim = Simulation.create(SQL, {});
    await sim.dispatch({ type: 'redis', actor: 'console', argv: ['HSET', 'user:123', 'a', 'b'] });
    await sim.dispatch({ type: 'read', actor: 'A', id: 123 });
    await sim.dispatch({ type: 'stepActor', actor: 'A' });
    await sim.dispatch({ type: 'setCacheAvailable', isUp: false });
    const failedDel = (await sim.dispatch({ type: 'stepActor', actor: 'A' })) as StepEvent;
    expect(describeEvent(failedDel)).toMatch(
      /^A sends DEL user:123: \(error\) .*a connection error\)\. user:123 keeps the entry A could not use \(a corrupt entry\): A does without the cache and reads the database, and caches nothing\.$/,
    );
  });

  it("says a read's DEL of its corrupt entry removed the row a write stored since, not the entry", async () => {
    // update-cache's writer stores version 2 between B's GET of the hash and B's DEL: the DEL
    // removes that copy. Until 2026-12-07 it said "B deleted it because it could not use it".
    const sim = Simulation.create(SQL, { writePolicy: 'update-cache' });
    await sim.dispatch({ type: 'redis', actor: 'console', argv: ['HSET', 'user:123', 'a', 'b'] });
    await sim.dispatch({ type: 'read', actor: 'B', id: 123 });
    await sim.dispatch({ type: 'stepActor', actor: 'B' });
    await sim.dispatch({ type: 'write', actor: 'A', id: 123, changes: { plan: 'pro' } });
    await sim.dispatch({ type: 'finishActor', actor: 'A' });
    const del = (await sim.dispatch({ type: 'stepActor', actor: 'B' })) as StepEvent;
    expect(describeEvent(del)).toBe(
      "B sends DEL user:123: (integer) 1, the cached copy is gone. That was version 2, a copy of the row stored since B's GET, not the entry B could not use: a DEL removes whatever the key holds. B's read goes on as a miss: it reads the database and fills the key as its miss path does, so the next read of it can hit.",
    );
  });

  it("read-through's discard tells the refill as conditional: its loader stores only into an empty key", async () => {
    // The writer stores version 2 between B's GET of the hash and B's discard, which then leaves
    // the key alone: the loader's SET NX will not store. Until 2026-12-07 it said "refills".
    const sim = Simulation.create(SQL, { pattern: 'read-through', writePolicy: 'update-cache' });
    await sim.dispatch({ type: 'redis', actor: 'console', argv: ['HSET', 'user:123', 'a', 'b'] });
    await sim.dispatch({ type: 'read', actor: 'B', id: 123 });
    await sim.dispatch({ type: 'stepActor', actor: 'B' });
    await sim.dispatch({ type: 'write', actor: 'A', id: 123, changes: { plan: 'pro' } });
    await sim.dispatch({ type: 'finishActor', actor: 'A' });
    const discard = (await sim.dispatch({ type: 'stepActor', actor: 'B' })) as StepEvent;
    const text = describeEvent(discard);
    expect(text).toMatch(
      /: \(integer\) 0\. user:123 no longer holds the entry the read could not use/,
    );
    expect(text).toMatch(
      /B's read goes on as a miss: the cache loads the row from the database next and stores it only if the key is empty then \(SET NX\), which that step tells\.$/,
    );
    expect(text).not.toContain('refills');
  });

  it('says a GET that found a value the application cannot use found a corrupt entry, not (nil)', async () => {
    const get = await firstGet([
      { type: 'redis', actor: 'console', argv: ['SET', 'user:123', 'notjson'] },
    ]);
    expect(get).toMatchObject({ isMiss: true, isHit: false, reply: '"notjson"' });
    const text = describeEvent(get);
    expect(text).toBe(
      `A sends GET user:123: "notjson", a value that is not user:123's row as the application writes it: a corrupt entry. It counts as a miss: the read deletes it next, reads the database and fills the key as its miss path does.`,
    );
  });

  it('still says Redis cannot be reached on a connection error, with one full stop', async () => {
    const get = await firstGet([{ type: 'setCacheAvailable', isUp: false }]);
    expect(get).toMatchObject({ isError: true, isConnectionError: true });
    expect(describeEvent(get)).toBe(
      'A sends GET user:123: (error) Connection is closed. The command never reached Redis: it cannot be reached (a connection error). A does without the cache and reads the database.',
    );
  });

  it('says a failed SQL statement failed the request, and names no Redis outage', async () => {
    const sim = Simulation.create(SQL, {});
    await sim.dispatch({ type: 'sql', actor: 'console', sql: 'DROP TABLE users' });
    await sim.dispatch({ type: 'read', actor: 'A', id: 123 });
    await sim.dispatch({ type: 'stepActor', actor: 'A' });
    const select = (await sim.dispatch({ type: 'stepActor', actor: 'A' })) as StepEvent;
    expect(select).toMatchObject({ target: 'db', isError: true });
    const text = describeEvent(select);
    expect(text).toContain(
      "The database refused the SELECT and read nothing, so A's read of user:123 fails.",
    );
    expect(text).not.toContain('Redis');
  });

  it("says a write's failed DEL left the invalidation undone", async () => {
    const sim = Simulation.create(SQL, {});
    await sim.dispatch({ type: 'write', actor: 'B', id: 123, changes: { plan: 'pro' } });
    await sim.dispatch({ type: 'stepActor', actor: 'B' });
    await sim.dispatch({ type: 'setCacheAvailable', isUp: false });
    const del = (await sim.dispatch({ type: 'stepActor', actor: 'B' })) as StepEvent;
    expect(describeEvent(del)).toContain(
      'it cannot be reached (a connection error). The invalidation did not happen',
    );
  });
});

describe('a cached copy of a row another process deleted', () => {
  /** A's hit on user:123 after the console deleted the row, and the snapshot after it. */
  async function hitAfterDelete(before: SimAction[]) {
    const sim = Simulation.create(SQL, scenarioSimConfig(scenarioById('stale-set')));
    for (const a of before) await sim.dispatch(a);
    await sim.dispatch({ type: 'sql', actor: 'console', sql: 'DELETE FROM users WHERE id = 123' });
    await sim.dispatch({ type: 'read', actor: 'A', id: 123 });
    const [hit] = (await sim.dispatch({ type: 'finishActor', actor: 'A' })) as StepEvent[];
    return { hit, snapshot: await sim.snapshot() };
  }

  it('is told as a stale read of a deleted row, not against a version the database lacks', async () => {
    // The stale-set story to its stale fill (`/?scenario=stale-set&step=5`), then the DELETE.
    const story = scenarioById('stale-set')
      .beats.slice(0, 5)
      .flatMap((b) => b.actions);
    const { hit, snapshot } = await hitAfterDelete(story);
    expect(hit).toMatchObject({ isHit: true, rowVersion: 1, isStaleRead: true });
    const text = describeEvent(hit);
    expect(text).toBe(
      'A sends GET user:123 and hits version 1. A STALE READ: the row was deleted from the database, yet this read returned a copy of it (version 1) that outlived it: a copy of a deleted row is stale.',
    );
    expect(snapshot.db).toEqual([]);
    expect(snapshot.cache).toEqual([
      expect.objectContaining({ key: 'user:123', isStale: true, isRowDeleted: true }),
    ]);
  });

  it('counts a hit on a copy of the version the row had when deleted as stale, and says so', async () => {
    const { hit, snapshot } = await hitAfterDelete([
      { type: 'read', actor: 'A', id: 123 },
      { type: 'finishActor', actor: 'A' },
    ]);
    expect(hit).toMatchObject({ isHit: true, rowVersion: 1, committedVersion: 1 });
    expect(hit.verdict).toMatchObject({ isStale: true, isRowDeleted: true });
    expect(snapshot.stats.staleReads).toBe(1);
    expect(describeEvent(hit)).toContain('a copy of a deleted row is stale');
    expect(snapshot.cache[0]).toMatchObject({ isStale: true, isRowDeleted: true });
  });

  it('is a row like any other again once the row is put back', async () => {
    const sim = Simulation.create(SQL, {});
    await sim.dispatch({ type: 'read', actor: 'A', id: 123 });
    await sim.dispatch({ type: 'finishActor', actor: 'A' });
    await sim.dispatch({ type: 'sql', actor: 'console', sql: 'DELETE FROM users WHERE id = 123' });
    expect((await sim.snapshot()).cache[0]).toMatchObject({ isStale: true, isRowDeleted: true });
    await sim.dispatch({ type: 'resetDatabase', actor: 'console' });
    const entry = (await sim.snapshot()).cache[0];
    // Put back as a new write: the copy is stale against its version, no longer a deleted row.
    expect(entry).toMatchObject({ isStale: true, version: 1 });
    expect(entry.isRowDeleted).toBeUndefined();
  });
});

describe('a fill older than the row, not judged yet', () => {
  it('under update-cache is not said to wait for an invalidation: a write of the row is in flight', async () => {
    // update-cache-race to B's UPDATE, then the console moves the row on: B's SET of version 3
    // is older than the row, and A's write (its SET of version 2 still to come) is in flight.
    const sc = scenarioById('update-cache-race');
    const sim = Simulation.create(SQL, scenarioSimConfig(sc));
    for (const a of sc.beats.slice(0, 2).flatMap((b) => b.actions)) await sim.dispatch(a);
    await sim.dispatch({
      type: 'sql',
      actor: 'console',
      sql: 'UPDATE users SET version = version + 1 WHERE id = 123',
    });
    const set = (await sim.dispatch({ type: 'stepActor', actor: 'B' })) as StepEvent;
    expect(set).toMatchObject({ rowVersion: 3, committedVersion: 4, isStaleFill: false });
    const text = describeEvent(set);
    expect(text).not.toContain('invalidation');
    expect(text).toContain(
      "Redis holds version 3, older than the database's version 4: a stale copy, not yet a STALE FILL, because a write of the row is still in flight: the copy is judged when that write finishes.",
    );
  });
});

describe("update-cache's store under versioned fills", () => {
  it("a writer that finishes after a newer one is told as its store refused, not as a read's fill", async () => {
    const { events, text } = await told('update-cache-race', { readMitigation: 'versioned-fill' });
    const late = events.findIndex((e) => e.actor === 'A' && e.label === 'store');
    expect(events[late]).toMatchObject({ isFillRefused: true, rowVersion: 2, committedVersion: 3 });
    expect(text[late]).toMatch(/^A sends EVAL FILL_IF_NEWER 1 user:123 '.*' 2 EX 3600: /);
    expect(text[late]).toContain(
      "(integer) 0, A's store of the row it wrote is refused: Redis holds a newer copy of the row (version 3, stored by B) than the version 2 this write committed: the script never replaces a newer version with an older one, so a write that finishes after a newer one cannot put its older row back. So version 2, no longer the current row, stays out of the cache.",
    );
    expect(text[late]).not.toContain('fill');
  });
});

describe('a write of a row another process deleted', () => {
  it('is told as an UPDATE that changed no row, not as a row that "becomes no row"', async () => {
    const sim = Simulation.create(SQL, scenarioSimConfig(scenarioById('stale-set')));
    await sim.dispatch({ type: 'sql', actor: 'console', sql: 'DELETE FROM users WHERE id = 123' });
    await sim.dispatch({ type: 'write', actor: 'B', id: 123, changes: { plan: 'team' } });
    const update = (await sim.dispatch({ type: 'stepActor', actor: 'B' })) as StepEvent;
    expect(update.reply).toBe('0 rows changed');
    const text = describeEvent(update);
    expect(text).not.toContain('becomes no row');
    expect(text).toBe(
      "B runs UPDATE users SET plan = 'team', version = version + 1, updated_at = now WHERE id = 123 RETURNING *: 0 rows changed. The database holds no row with id 123 (it was deleted), so this write changes nothing there.",
    );
  });

  it('a write a trigger skipped (RAISE(IGNORE)) is not told as a row that is missing', async () => {
    const sim = Simulation.create(SQL, scenarioSimConfig(scenarioById('stale-set')));
    await sim.dispatch({
      type: 'sql',
      actor: 'console',
      sql: 'CREATE TRIGGER skip BEFORE UPDATE ON users WHEN NEW.id = 123 BEGIN SELECT RAISE(IGNORE); END',
    });
    await sim.dispatch({ type: 'write', actor: 'B', id: 123, changes: { plan: 'team' } });
    const update = (await sim.dispatch({ type: 'stepActor', actor: 'B' })) as StepEvent;
    expect(update.reply).toBe('0 rows changed');
    expect(describeEvent(update)).toBe(
      "B runs UPDATE users SET plan = 'team', version = version + 1, updated_at = now WHERE id = 123 RETURNING *: 0 rows changed. The database holds the row with id 123, but a trigger skipped this write (RAISE(IGNORE) in a trigger the SQL console made), so nothing in the database changed.",
    );
  });
});

describe('a hit on a copy other than the row the database holds', () => {
  /** A's read of `id` after the console lines, and what the run counted. */
  async function readAfter(id: number, lines: SimAction[]) {
    const sim = Simulation.create(SQL, scenarioSimConfig(scenarioById('stale-set')));
    for (const a of lines) await sim.dispatch(a);
    await sim.dispatch({ type: 'read', actor: 'A', id });
    const events = (await sim.dispatch({ type: 'finishActor', actor: 'A' })) as StepEvent[];
    return { hit: events.at(-1), stats: (await sim.snapshot()).stats };
  }

  it('ahead of the row (a console SET) is a stale read, not fresh', async () => {
    const value = JSON.stringify({
      id: 11,
      name: 'X',
      email: 'x@y',
      plan: 'enterprise',
      version: 3,
      updated_at: 0,
    });
    const { hit, stats } = await readAfter(11, [
      { type: 'redis', actor: 'console', argv: ['SET', 'user:11', value] },
    ]);
    expect(hit).toMatchObject({ isHit: true, rowVersion: 3, isStaleRead: true });
    expect(describeEvent(hit!)).toBe(
      "A sends GET user:11 and hits version 3. A STALE READ: this copy is not the database's row: version 3, while the database holds version 1.",
    );
    expect(stats.staleReads).toBe(1);
  });

  it('at the row’s version with other fields (a console REPLACE) is a stale read, not fresh', async () => {
    const { hit, stats } = await readAfter(7, [
      { type: 'read', actor: 'B', id: 7 },
      { type: 'finishActor', actor: 'B' },
      {
        type: 'sql',
        actor: 'console',
        sql: "REPLACE INTO users(id,name,email,plan) VALUES (7,'Mallory','m@x','enterprise')",
      },
    ]);
    expect(hit).toMatchObject({ isHit: true, rowVersion: 1, isStaleRead: true });
    expect(describeEvent(hit!)).toBe(
      `A sends GET user:7 and hits version 1. A STALE READ: this copy is not the database's row: at version 1 it has name "${seedRow(7).name}" where the row has "Mallory", email "${seedRow(7).email}" where the row has "m@x", plan "${seedRow(7).plan}" where the row has "enterprise".`,
    );
    expect(stats.staleReads).toBe(1);
  });

  it('the row as the database holds it stays fresh', async () => {
    const { hit, stats } = await readAfter(7, [
      { type: 'read', actor: 'B', id: 7 },
      { type: 'finishActor', actor: 'B' },
    ]);
    expect(describeEvent(hit!)).toBe('A sends GET user:7 and hits version 1: fresh.');
    expect(stats.staleReads).toBe(0);
  });
});

describe('a stale read told on the step that ends the read, not on its GET', () => {
  it('under refresh-ahead (the PTTL ends the read) the sentence names the fields that differ', async () => {
    const sim = Simulation.create(SQL, {
      ...scenarioSimConfig(scenarioById('stale-set')),
      pattern: 'refresh-ahead',
    });
    await sim.dispatch({ type: 'read', actor: 'B', id: 7 });
    await sim.dispatch({ type: 'finishActor', actor: 'B' });
    await sim.dispatch({
      type: 'sql',
      actor: 'console',
      sql: "REPLACE INTO users(id,name,email,plan) VALUES (7,'Mallory','m@x','enterprise')",
    });
    await sim.dispatch({ type: 'read', actor: 'A', id: 7 });
    const events = (await sim.dispatch({ type: 'finishActor', actor: 'A' })) as StepEvent[];
    const last = events.at(-1)!;
    expect(last).toMatchObject({ command: 'PTTL user:7', isStaleRead: true });
    expect(describeEvent(last)).toContain(
      `A STALE READ: this copy is not the database's row: at version 1 it has name "${seedRow(7).name}" where the row has "Mallory", email "${seedRow(7).email}" where the row has "m@x", plan "${seedRow(7).plan}" where the row has "enterprise".`,
    );
    expect((await sim.snapshot()).stats.staleReads).toBe(1);
  });
});

describe('under write-behind, a copy evicted before its write is flushed', () => {
  it('is told where it happens: at the eviction, and at the load that leaves the queued write out', async () => {
    const sim = await createTestSim({
      actors: ['A', 'B'],
      pattern: 'write-behind',
      maxKeys: 3,
      eviction: 'allkeys-lru',
    });
    const consoleLine = (...argv: string[]) =>
      sim.dispatch({ type: 'redis', actor: 'console', argv });
    await sim.dispatch({ type: 'write', actor: 'A', id: 1, changes: { name: 'First' } });
    await sim.dispatch({ type: 'finishActor', actor: 'A' });
    await sim.dispatch({ type: 'advanceClock', ms: 2000 });
    await consoleLine('LLEN', 'write-behind:queue');
    await consoleLine('SET', 'k1', 'x');
    await consoleLine('SET', 'k2', 'x');
    const evicting = (await sim.snapshot()).events.at(-1)!;
    expect(describeEvent(evicting)).toBe(
      "console sends SET k2 x from the console: OK. Redis was at its key limit, so it evicted user:1 to make room. user:1 held the cache's copy of a write the database does not have yet: a read or write of that row that misses now loads the database's older row, so the copy it caches leaves that acknowledged write out, and once the write is flushed that copy is older than the database's row.",
    );
    await sim.dispatch({ type: 'write', actor: 'B', id: 1, changes: { plan: 'team' } });
    const events = (await sim.dispatch({ type: 'finishActor', actor: 'B' })) as StepEvent[];
    const load = events.find((e) => e.command.startsWith('SELECT'))!;
    expect(describeEvent(load)).toBe(
      "The cache (for B) runs SELECT * FROM users WHERE id = 1 and receives version 1. A write of this row is still queued, acknowledged but not yet in the database, and the cache's copy of it is gone (Redis evicted it: it was at its key limit): this row leaves that write out, so the copy this write makes from it is not what the database will hold once the queue is flushed.",
    );
    // What it tells is what happened: B's copy has B's plan and not A's name.
    const copy = (await sim.snapshot()).cache.find((e) => e.key === 'user:1');
    expect(JSON.parse(copy?.value ?? '{}')).toMatchObject({ plan: 'team', version: 2 });
    expect(JSON.parse(copy?.value ?? '{}').name).not.toBe('First');
  });

  it('the flush that moves the database past that copy says the cache now holds an older row', async () => {
    const sim = await createTestSim({
      actors: ['A', 'B'],
      pattern: 'write-behind',
      maxKeys: 3,
      eviction: 'allkeys-lru',
    });
    await sim.dispatch({ type: 'write', actor: 'A', id: 1, changes: { name: 'First' } });
    await sim.dispatch({ type: 'finishActor', actor: 'A' });
    await sim.dispatch({ type: 'advanceClock', ms: 2000 });
    for (const argv of [
      ['LLEN', 'write-behind:queue'],
      ['SET', 'k1', 'x'],
      ['SET', 'k2', 'x'],
    ])
      await sim.dispatch({ type: 'redis', actor: 'console', argv });
    await sim.dispatch({ type: 'redis', actor: 'console', argv: ['DEL', 'k1', 'k2'] });
    // B's read loads version 1 while A's write waits in the queue, and caches it.
    await sim.dispatch({ type: 'read', actor: 'B', id: 1 });
    await sim.dispatch({ type: 'finishActor', actor: 'B' });
    let steps = 0;
    while ((await sim.step()) !== null) expect(++steps).toBeLessThan(50);
    const { events, cache } = await sim.snapshot();
    expect(cache.find((e) => e.key === 'user:1')).toMatchObject({ version: 1, isStale: true });
    const flush = events.find((e) => e.actor === 'flusher' && e.command.startsWith('UPDATE'))!;
    expect(describeEvent(flush)).toMatch(
      /the row becomes version 2\. Redis holds an older copy of the row \(version 1\), loaded or built while this write was queued, and a flush does not touch the cache: that copy is now stale, a STALE FILL \(no DEL is on its way\), and stays until it expires, is evicted or another write replaces it\.$/,
    );
    expect(flush.isStaleFill).toBe(true);
    expect((await sim.snapshot()).stats.staleFills).toBe(1);
  });
});

describe('a users table the SQL console made again without its constraints', () => {
  const REMADE = [
    'ALTER TABLE users RENAME TO old_users',
    'CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email TEXT, plan TEXT, version, updated_at)',
    'INSERT INTO users SELECT id, name, email, plan, NULL, updated_at FROM old_users WHERE id <= 3',
    "UPDATE users SET version = 'two' WHERE id = 2",
  ];

  it('the database panel names the lost constraint and the rows whose version is no count; the steps say what the row holds', async () => {
    const sim = await createTestSim({ seed: 3 });
    for (const sql of REMADE) await sim.dispatch({ type: 'sql', actor: 'console', sql });
    expect((await sim.snapshot()).schemaProblems).toContainEqual(
      'The users table was made again without its version constraint (version_is_a_count_from_1: a whole number from 1): 3 rows hold a version that is not one (user 1: NULL, user 2: "two", user 3: NULL). A copy of such a row is taken for a corrupt cache entry, so every read of it goes to the database, and a write of a row at NULL leaves it at NULL.',
    );
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await sim.run();
    await sim.dispatch({ type: 'write', actor: 'B', id: 1, changes: { plan: 'team' } });
    await sim.run();
    const told = (await sim.snapshot()).events
      .filter((e) => e.target === 'db' && e.program !== 'console')
      .map((e) => describeEvent(e));
    const update = (await sim.snapshot()).events.find((e) => e.actor === 'B' && e.target === 'db');
    // The diagram's reply says NULL as a SQL shell would, not JavaScript's null.
    expect(update?.reply).toBe('1 row changed (version NULL)');
    expect(told).toEqual([
      'A runs SELECT * FROM users WHERE id = 1 and receives a row whose version is NULL, not a whole number from 1.',
      "B runs UPDATE users SET plan = 'team', version = version + 1, updated_at = now WHERE id = 1 RETURNING *: the row becomes a row whose version is NULL, not a whole number from 1.",
    ]);
  });
});

describe('a reader going round the same commands, Step after Step', () => {
  it('is told once, with how many times and how long in all', async () => {
    const sc = scenarioById('cdc-late-invalidation');
    const { played } = await told('cdc-late-invalidation', { readMitigation: 'single-flight' });
    const events = played.beatSteps[8].filter((e): e is StepEvent => e !== null);
    const said = describeStep(sc.beats[8].actions, events);
    const spin = events.filter((e) => e.actor === 'C' && e.target === 'wait');
    // The spinning reader: C's GET, failed lock and wait, many times over.
    expect(spin.length).toBeGreaterThan(5);
    const lock = 'C sends SET lock:user:42 C-2 NX PX 10000: (nil), someone else holds the lock';
    expect(said.split(lock).length - 1).toBeLessThanOrEqual(2);
    const first = events.findIndex((e) => e.command.startsWith('SET lock:user:42 C-2'));
    const last = first + 3 * 4 - 1;
    const ms = Math.round((events[last].endMs - events[first].startMs) * 1000) / 1000;
    expect(said).toContain(
      `C goes round the same 3 steps 4 times, ${ms} ms in all. Each time: ${lock}; C waits and reads the cache again.`,
    );
  });
});

describe('what ends a stale fill, by what a write does to the cache', () => {
  const fillOf = async (overrides: Partial<SimConfig>) => {
    const { events, text } = await told('stale-set', overrides);
    const at = events.findIndex((e) => e.isStaleFill);
    expect(at, JSON.stringify(overrides)).toBeGreaterThanOrEqual(0);
    return text[at];
  };

  it('under ttl-only, only the TTL: a write leaves Redis alone', async () => {
    // Before: "it stays until its TTL ends it or another write of the row removes it", while a
    // ttl-only write only UPDATEs and never touches the key.
    expect(await fillOf({ writePolicy: 'ttl-only' })).toContain(
      'it stays until its TTL ends it (a ttl-only write leaves Redis alone).',
    );
    expect(
      await fillOf({
        writePolicy: 'ttl-only',
        settings: { ...DEFAULT_PROGRAM_SETTINGS, ttlSeconds: 0 },
      }),
    ).toContain(
      // Before: "it stays until Redis evicts it", where Redis, with no key limit, evicts nothing.
      'it stays until a restart or a console command removes it (it has no TTL, so no expiry ends it; Redis has no key limit, so it evicts nothing; and a ttl-only write leaves Redis alone).',
    );
    expect(
      await fillOf({
        writePolicy: 'ttl-only',
        maxKeys: 100,
        settings: { ...DEFAULT_PROGRAM_SETTINGS, ttlSeconds: 0 },
      }),
    ).toContain(
      'it stays until a restart or a console command removes it (it has no TTL, so no expiry ends it; Redis evicts nothing under noeviction; and a ttl-only write leaves Redis alone).',
    );
    expect(
      await fillOf({
        writePolicy: 'ttl-only',
        maxKeys: 100,
        eviction: 'allkeys-lru',
        settings: { ...DEFAULT_PROGRAM_SETTINGS, ttlSeconds: 0 },
      }),
    ).toContain(
      'it stays until Redis evicts it (it has no TTL, so no expiry ends it, and a ttl-only write leaves Redis alone).',
    );
  });

  it("under update-cache, a write's SET replaces it; under invalidate, its DEL removes it", async () => {
    expect(await fillOf({ writePolicy: 'update-cache' })).toContain(
      'it stays until its TTL ends it or another write of the row replaces it.',
    );
    expect(await fillOf({})).toContain(
      'it stays until its TTL ends it or another write of the row removes it.',
    );
  });
});

describe("a write's failed SET says a later write replaces the copy left, as its SET would", () => {
  it('lost-invalidation under update-cache: the SET that fails while Redis is down', async () => {
    const { events, text } = await told('lost-invalidation', { writePolicy: 'update-cache' });
    const at = events.findIndex(
      (e) => e.program === 'write' && e.isError && e.command.startsWith('SET '),
    );
    expect(at).toBeGreaterThanOrEqual(0);
    // Before: "... stays until its TTL ends it or another write removes it", while an
    // update-cache write SETs the new row over it.
    expect(text[at]).toMatch(/stays until its TTL ends it or another write replaces it\./);
    expect(text[at]).not.toContain('removes');
  });
});
