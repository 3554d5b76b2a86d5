import { describe, expect, it } from 'vitest';
import { countEstimate } from './interleavingCount';
import { exploreQueued } from './interleavingGrid';
import { type UserChanges, type UserRow } from './database';
import { seedRow } from './userSeed';
import { cacheKey, readResult, redis, selectUser, updateUser, writeResult } from './programs/steps';
import { countRunsInFlight } from './programs/countRunsInFlight';
import { learnerReadProgram, MAX_LEARNER_STEPS } from './programs/learner';
import { toStep } from './programs/learnerStep';
import type { Program, ReadResult, Step, WriteResult } from './programs/types';
import type { SimAction } from './simAction';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { loadQuickJsNode } from '../platform/quickjsNode';
import { compileLearnerProgram } from '../platform/quickjsSandbox';

const race: SimAction[] = [
  { type: 'read', actor: 'A', id: 1 },
  { type: 'write', actor: 'B', id: 1, changes: { name: 'New' } },
];
const config = { actors: ['A', 'B'] };

describe('exploreQueued', () => {
  it('counts the C(5,2) = 10 orderings of a cold read and an invalidating write before running', async () => {
    const { estimate, isExact, steps } = await countEstimate(await loadSqlJsNode(), {
      config,
      setup: race,
    });
    expect(steps).toEqual({ A: 3, B: 2 });
    expect(estimate).toBe(10);
    // The read misses whether the write ran before it or after: the count is exact.
    expect(isExact).toBe(true);
  });

  it('says the count is an estimate when a request takes other steps in another order', async () => {
    const SQL = await loadSqlJsNode();
    // Under update-cache a read after the write hits (1 step), before it misses (3).
    const updateCache = await countEstimate(SQL, {
      config: { ...config, writePolicy: 'update-cache' },
      setup: race,
    });
    expect(updateCache).toMatchObject({ estimate: 10, isExact: false });
    // Write-behind: the write loads the row only when the read has not cached it (B: 4 steps
    // when it runs first), and the flusher's steps follow: each actor's most steps, 825 orders.
    const writeBehind = await countEstimate(SQL, {
      config: { ...config, pattern: 'write-behind' },
      setup: race,
    });
    expect(writeBehind).toMatchObject({ estimate: 825, isExact: false });
  });

  it("an estimate is of each request's most steps in the orders tried: near the count exploring finds", async () => {
    // Counted with the steps of one order, where every read after the first hits, two cold reads
    // were "about 4" of 20, and two reads and a write "about 60" of 534 (and A, B and C reading
    // while D writes, "about 420", more than 5,000).
    const SQL = await loadSqlJsNode();
    const read = (actor: string): SimAction => ({ type: 'read', actor, id: 1 });
    const write = (actor: string): SimAction => ({
      type: 'write',
      actor,
      id: 1,
      changes: { name: 'New' },
    });
    for (const [actors, setup, found] of [
      [['A', 'B'], [read('A'), read('B')], 20],
      [['A', 'B', 'C'], [read('A'), read('B'), write('C')], 534],
    ] as const) {
      const request = { config: { actors: [...actors] }, setup };
      const counted = await countEstimate(SQL, request);
      expect(counted.isExact).toBe(false);
      const all = await exploreQueued(SQL, { ...request, limit: 5000 });
      expect(all).toMatchObject({ total: found, isTotalExact: true, sampled: false });
      expect(counted.estimate).toBeGreaterThanOrEqual(found);
      expect(counted.estimate).toBeLessThanOrEqual(found * 1.1);
    }
    const many = await countEstimate(SQL, {
      config: { actors: ['A', 'B', 'C', 'D'] },
      setup: [read('A'), read('B'), read('C'), write('D')],
    });
    expect(many).toMatchObject({ estimate: 92_400, steps: { A: 3, B: 3, C: 3, D: 2 } });
  });

  it('an estimate near the limit is run in full first: all 115 of write-behind\'s "about 825"', async () => {
    const SQL = await loadSqlJsNode();
    const request = { config: { ...config, pattern: 'write-behind' as const }, setup: race };
    const all = await exploreQueued(SQL, { ...request, limit: 500 });
    expect(all).toMatchObject({
      total: 115,
      isTotalExact: true,
      isTotalAtLeast: false,
      sampled: false,
    });
  });

  it('an estimate whose orderings fold into fewer schedules draws until the limit: 100 of 115, not 20', async () => {
    const SQL = await loadSqlJsNode();
    const request = { config: { ...config, pattern: 'write-behind' as const }, setup: race };
    const sample = await exploreQueued(SQL, { ...request, limit: 100, sampleSeed: 1 });
    // An estimate far above the limit is no bound: not "about 825" (there are 115), only at least
    // the 100 the sample ran.
    expect(sample).toMatchObject({
      sampled: true,
      total: 100,
      isTotalAtLeast: true,
      isTotalLowerBound: false,
      isTotalExact: false,
      isSampleShort: false,
      limit: 100,
    });
    expect(new Set(sample.interleavings.map((i) => i.schedule.join(' '))).size).toBe(100);
  });

  it('above the limit, samples distinct interleavings with a seed, the same ones every time', async () => {
    const SQL = await loadSqlJsNode();
    const request = { config, setup: race, limit: 4, sampleSeed: 7 };
    const a = await exploreQueued(SQL, request);
    const b = await exploreQueued(SQL, request);
    // The count was exact: the sample is uniform over the 10, and says so.
    expect(a).toMatchObject({ total: 10, isTotalExact: true, sampled: true, isSampleShort: false });
    expect(a.interleavings).toHaveLength(4);
    expect(new Set(a.interleavings.map((i) => i.schedule.join(''))).size).toBe(4);
    expect(b.interleavings.map((i) => i.schedule)).toEqual(a.interleavings.map((i) => i.schedule));
    const other = await exploreQueued(SQL, { ...request, sampleSeed: 8 });
    expect(other.interleavings.map((i) => i.schedule)).not.toEqual(
      a.interleavings.map((i) => i.schedule),
    );
  });

  it('an estimate near the limit that proves low: samples the limit, and says only that there are more', async () => {
    // Two cold reads under versioned-fill: each misses when it runs first (GET, SELECT, fill),
    // 20 orderings of those steps, and there are 20.
    const SQL = await loadSqlJsNode();
    const setup: SimAction[] = [
      { type: 'read', actor: 'A', id: 1 },
      { type: 'read', actor: 'B', id: 1 },
    ];
    const request = { config: { ...config, readMitigation: 'versioned-fill' as const }, setup };
    const { estimate } = await countEstimate(SQL, request);
    expect(estimate).toBe(20);
    const all = await exploreQueued(SQL, { ...request, limit: 5000 });
    expect(all).toMatchObject({ total: 20, isTotalExact: true, isTotalLowerBound: false });
    const sample = await exploreQueued(SQL, { ...request, limit: 10, sampleSeed: 5 });
    // Ten, not the estimate's four, and no claim of "about 4": more than ten were found.
    expect(sample).toMatchObject({
      total: 10,
      isTotalExact: false,
      isTotalLowerBound: true,
      sampled: true,
    });
    const ids = sample.interleavings.map((i) => i.schedule.join(' '));
    expect(new Set(ids).size).toBe(10);
    // Each is one of the twenty, judged as it was there; some go past the steps counted.
    const byId = new Map(all.interleavings.map((i) => [i.schedule.join(' '), i]));
    for (const cell of sample.interleavings)
      expect(cell).toEqual(byId.get(cell.schedule.join(' ')));
    expect(sample.interleavings.some((i) => i.schedule.length > 4)).toBe(true);
    expect(
      (await exploreQueued(SQL, { ...request, limit: 10, sampleSeed: 5 })).interleavings,
    ).toEqual(sample.interleavings);
  });

  it('counts the runs made so far up, never down, when a count that proves low turns to a sample', async () => {
    // Before, the full run reported 1 to 10 run, then the sample started again from 1 (the page
    // showed "Exploring… 5,000 run" and then "Exploring… 12 run").
    const SQL = await loadSqlJsNode();
    const setup: SimAction[] = [
      { type: 'read', actor: 'A', id: 1 },
      { type: 'read', actor: 'B', id: 1 },
    ];
    const request = { config: { ...config, readMitigation: 'versioned-fill' as const }, setup };
    const reported: number[] = [];
    const sample = await exploreQueued(SQL, { ...request, limit: 10, sampleSeed: 5 }, (done) => {
      reported.push(done);
    });
    expect(sample).toMatchObject({ isTotalLowerBound: true, sampled: true });
    expect(reported.length).toBeGreaterThan(10);
    reported.forEach((done, i) => expect(done).toBeGreaterThanOrEqual(reported[i - 1] ?? 0));
    // At most the twenty there are were run, each once.
    expect(reported.at(-1)).toBeLessThanOrEqual(20);
  });

  it('starts from the state reached so far: after A GET and SELECT only 3 schedules remain', async () => {
    const setup: SimAction[] = [
      ...race,
      { type: 'stepActor', actor: 'A' },
      { type: 'stepActor', actor: 'A' },
    ];
    const result = await exploreQueued(await loadSqlJsNode(), { config, setup, limit: 100 });
    expect(result.total).toBe(3);
    expect(result.interleavings.map((i) => i.schedule.join('')).sort()).toEqual([
      'ABB',
      'BAB',
      'BBA',
    ]);
    expect(result.outcomes.staleCache).toBe(1);
  });
  it('counts a request that ended failed after a step that went well as an error', async () => {
    // A write that commits its UPDATE, then fails (as a learner's write path that throws does).
    function* failingWrite(id: number, changes: UserChanges): Program<WriteResult> {
      yield updateUser('UPDATE', id, changes);
      return {
        kind: 'write',
        key: `user:${id}`,
        id,
        row: null,
        isInvalidationLost: false,
        hadCacheError: false,
        error: `Your write path failed: threw: nope for user ${id}`,
      };
    }
    // A write of user 2 that failed before the exploration (in its setup) is not this run's.
    const setup: SimAction[] = [
      { type: 'write', actor: 'B', id: 2, changes: { name: 'Earlier' } },
      { type: 'stepActor', actor: 'B' },
      ...race,
    ];
    const result = await exploreQueued(
      await loadSqlJsNode(),
      { config, setup, limit: 100 },
      undefined,
      { write: failingWrite },
    );
    expect(result.interleavings.length).toBeGreaterThan(0);
    expect(result.outcomes.error).toBe(result.interleavings.length);
    // Each error cell says whose request failed in it, and why.
    for (const cell of result.interleavings)
      expect(cell.error).toBe('B: Your write path failed: threw: nope for user 1');
  });

  it('lets every request take as many steps as a program may (two long reads finish), as Step does', async () => {
    // A read that polls its key before reading the row: most of a learner program's steps each.
    const polls = MAX_LEARNER_STEPS - 10;
    function* pollingRead(id: number): Program<ReadResult> {
      for (let i = 0; i < polls; i++) yield redis('GET', 'GET', cacheKey(id));
      const row = (yield selectUser('SELECT', id)) as ReadResult['row'];
      return readResult(id, row, false, null);
    }
    const result = await exploreQueued(
      await loadSqlJsNode(),
      {
        config,
        setup: [
          { type: 'read', actor: 'A', id: 1 },
          { type: 'read', actor: 'B', id: 1 },
        ],
        limit: 2,
      },
      undefined,
      { read: pollingRead },
    );
    expect(result.outcomes).toEqual({ fresh: 2, staleRead: 0, staleCache: 0, error: 0 });
    for (const cell of result.interleavings) expect(cell.schedule).toHaveLength(2 * (polls + 1));
  });

  it('a Redis error the program caught and handled does not make its cell an error', async () => {
    // Invalidate, with a PUBLISH between the UPDATE and the DEL that the sandbox refuses to a
    // learner's code (as it runs it): the write catches it and goes on, so it does not fail.
    const publish = (id: number): Step => {
      const step = toStep({ t: 'redis', argv: ['PUBLISH', 'changes', cacheKey(id)] });
      if (typeof step === 'string') throw new Error(step);
      return step;
    };
    function* publishingWrite(id: number, changes: UserChanges): Program<WriteResult> {
      yield updateUser('UPDATE', id, changes);
      try {
        yield publish(id);
      } catch {
        // Nobody listens in this sandbox: the DEL still invalidates.
      }
      yield redis('DEL', 'DEL', cacheKey(id));
      return writeResult(id, null, false);
    }
    const result = await exploreQueued(
      await loadSqlJsNode(),
      { config, setup: race, limit: 100 },
      undefined,
      { write: publishingWrite },
    );
    expect(result.interleavings[0].schedule).toHaveLength(6);
    // The 20 orders of a 3-step read and a 3-step write; the stale set is the only stale entry.
    expect(result.total).toBe(20);
    expect(result.outcomes.error).toBe(0);
    expect(result.outcomes.staleCache).toBe(1);
    expect(result.interleavings.every((i) => i.error === undefined)).toBe(true);
  });

  it('with Redis down our programs fall back to the database: no request fails, no cell is an error', async () => {
    const result = await exploreQueued(await loadSqlJsNode(), {
      config,
      setup: [{ type: 'setCacheAvailable', isUp: false }, ...race],
      limit: 100,
    });
    expect(result.interleavings.length).toBeGreaterThan(0);
    expect(result.outcomes.error).toBe(0);
  });
  it('a read path that caches the row with other fields at its version leaves an altered entry, not a fresh cell', async () => {
    // Caches the row it read with the name shouted: the same version, contents the row never had.
    function* shoutingRead(id: number): Program<ReadResult> {
      yield redis('GET', 'GET', cacheKey(id));
      const row = (yield selectUser('SELECT', id)) as UserRow;
      const altered = { ...row, name: row.name.toUpperCase() };
      yield redis('SET', 'SET', cacheKey(id), JSON.stringify(altered));
      return readResult(id, row, false, row.version);
    }
    const result = await exploreQueued(
      await loadSqlJsNode(),
      { config: { actors: ['A'] }, setup: [{ type: 'read', actor: 'A', id: 1 }], limit: 10 },
      undefined,
      { read: shoutingRead },
    );
    expect(result.outcomes).toEqual({ fresh: 0, staleRead: 0, staleCache: 1, error: 0 });
    const [cell] = result.interleavings;
    expect(cell.isCacheStaleAtEnd).toBe(true);
    expect(cell.cacheProblem).toMatch(
      /^The cache is left holding user:1 as a row the database never had: version 1 with name "([A-Z ]+)", where the database has version 1 with name "(?!\1")[^"]+"\.$/,
    );
  });
});

describe('exploreQueued after a console SET', () => {
  it('a copy the console set by hand is told as set by the console, not left by the programs', async () => {
    const made = JSON.stringify({
      id: 1,
      name: 'Mallory',
      email: 'm@x',
      plan: 'x',
      version: 9,
      updated_at: 0,
    });
    const result = await exploreQueued(await loadSqlJsNode(), {
      config: { actors: ['A'] },
      setup: [
        { type: 'redis', actor: 'console', argv: ['SET', 'user:1', made] },
        { type: 'read', actor: 'A', id: 2 },
      ],
      limit: 10,
    });
    const [cell] = result.interleavings;
    expect(cell.cacheProblem).toBe(
      'The cache is left holding user:1 as a row the database never had: version 9, a version the database never committed (it has version 1). The console set that copy by hand.',
    );
  });
});

describe('exploreQueued after a console SET of a row no request touches', () => {
  it('judges the copy against that row as the sandbox holds it', async () => {
    const made = JSON.stringify({ ...seedRow(7), version: 9 });
    const result = await exploreQueued(await loadSqlJsNode(), {
      config: { actors: ['A'] },
      setup: [
        { type: 'redis', actor: 'console', argv: ['SET', 'user:7', made] },
        { type: 'read', actor: 'A', id: 1 },
      ],
      limit: 10,
    });
    expect(result.interleavings[0].cacheProblem).toBe(
      'The cache is left holding user:7 as a row the database never had: version 9, a version the database never committed (it has version 1). The console set that copy by hand.',
    );
  });
});

describe('exploreQueued with a learner’s own code', () => {
  it('one request alone is one interleaving, exactly: no other request to interleave with', async () => {
    const SQL = await loadSqlJsNode();
    const compiled = compileLearnerProgram(
      await loadQuickJsNode(),
      'read',
      "function* read(id) {\n  yield redis('GET', cacheKey(id));\n  return yield selectUser(id);\n}",
    );
    if (!compiled.ok) throw new Error(compiled.error);
    const programs = { read: learnerReadProgram(compiled.program.runner) };
    const alone = await countEstimate(
      SQL,
      { config, setup: [{ type: 'read', actor: 'A', id: 1 }] },
      programs,
    );
    expect(alone).toMatchObject({ estimate: 1, isExact: true, steps: { A: 2 } });
    // Beside another request it is an estimate: the code may wait only when they interleave.
    const raced = await countEstimate(SQL, { config, setup: race }, programs);
    expect(raced.isExact).toBe(false);
  });

  it('the count names a request the step limit cut off: its steps are the limit, not its own', async () => {
    const SQL = await loadSqlJsNode();
    const compiled = compileLearnerProgram(
      await loadQuickJsNode(),
      'read',
      "function* read(id) {\n  while (true) yield redis('GET', cacheKey(id));\n}",
    );
    if (!compiled.ok) throw new Error(compiled.error);
    const programs = { read: learnerReadProgram(compiled.program.runner) };
    const loops = await countEstimate(SQL, { config, setup: race }, programs);
    expect(loops.steps.A).toBe(MAX_LEARNER_STEPS);
    expect(loops.cutOff).toEqual(['A']);
    // A request that finishes is not named.
    const ours = await countEstimate(SQL, { config, setup: race });
    expect(ours.cutOff).toBeUndefined();
  });

  it('a request that fails with the step limit’s words of its own is not cut off: the limit is a flag, not a message', async () => {
    const SQL = await loadSqlJsNode();
    const compiled = compileLearnerProgram(
      await loadQuickJsNode(),
      'read',
      `function* read(id) {\n  yield redis('GET', cacheKey(id));\n  throw new Error('stopped after ${MAX_LEARNER_STEPS} steps: does it loop without end (a retry with no limit)?');\n}`,
    );
    if (!compiled.ok) throw new Error(compiled.error);
    const programs = { read: learnerReadProgram(compiled.program.runner) };
    const thrown = await countEstimate(SQL, { config, setup: race }, programs);
    expect(thrown.steps.A).toBe(1);
    expect(thrown.cutOff).toBeUndefined();
  });

  it('ends the learner’s requests a run’s step cap cut off: none is left in flight', async () => {
    const SQL = await loadSqlJsNode();
    const compiled = compileLearnerProgram(
      await loadQuickJsNode(),
      'read',
      "function* read(id) {\n  yield redis('GET', cacheKey(id));\n  return yield selectUser(id);\n}",
    );
    if (!compiled.ok) throw new Error(compiled.error);
    const counted = countRunsInFlight(compiled.program.runner);
    // A write of ours that never ends: every run stops at the step cap, the learner's read
    // (started by the setup's step) part way when the schedule left it waiting.
    function* endlessWrite(id: number): Program<WriteResult> {
      for (;;) yield redis('GET', 'GET', cacheKey(id));
    }
    const programs = { read: learnerReadProgram(counted.runner), write: endlessWrite };
    const setup: SimAction[] = [
      { type: 'read', actor: 'A', id: 1 },
      { type: 'stepActor', actor: 'A' },
      { type: 'write', actor: 'B', id: 1, changes: { name: 'New' } },
    ];
    const result = await exploreQueued(SQL, { config, setup, limit: 3 }, undefined, programs);
    expect(result.interleavings.length).toBeGreaterThan(0);
    // Until 2026-12-05 the runs ended with their connections closed only: the learner's
    // requests left part way stayed in flight (and kept their memory) for good.
    expect(counted.inFlight()).toBe(0);
    compiled.program.dispose();
  });

  it('seeds every row the sandbox has: code that reads another row gets it, as in the sandbox', async () => {
    const SQL = await loadSqlJsNode();
    // A read path that reads the neighbour's row first (a mix-up the sandbox reports as such).
    const compiled = compileLearnerProgram(
      await loadQuickJsNode(),
      'read',
      'function* read(id) {\n  return yield selectUser(id + 1);\n}',
    );
    if (!compiled.ok) throw new Error(compiled.error);
    const programs = { read: learnerReadProgram(compiled.program.runner) };
    const result = await exploreQueued(
      SQL,
      { config: { ...config, rows: 10 }, setup: race, limit: 50 },
      undefined,
      programs,
    );
    const errors = new Set(result.interleavings.map((r) => r.error));
    expect([...errors]).toEqual([
      "A: Your read path was asked for user 1 and returned user 2's row at line 2: check the key and the id it reads",
    ]);
  });
});
