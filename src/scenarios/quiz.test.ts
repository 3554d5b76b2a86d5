import { readFileSync } from 'node:fs';
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadQuickJsNode } from '../platform/quickjsNode';
import { compileLearnerProgram } from '../platform/quickjsSandbox';
import { learnerReadProgram } from '../engine/programs/learner';
import { READ_STARTER } from '../engine/programs/learnerSources';
import { Simulation } from '../engine/simulation';
import type { SimConfig } from '../engine/simConfig';
import { loadSqlJsNode } from '../engine/testSim';
import { SCENARIOS, type Scenario } from '.';
import { scenarioSimConfig } from './play';
import { judgeQuiz, quizQuestion, type QuizTruth } from './quiz';
import { scenarioById } from './testScenarios';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

/** Plays a scenario and judges every beat's question on what the engine did in that beat. */
async function quizAnswers(
  sc: Scenario,
  overrides: Partial<SimConfig> = {},
): Promise<Map<number, QuizTruth>> {
  const sim = await Simulation.replay(SQL, { ...scenarioSimConfig(sc), ...overrides }, sc.setup);
  const truths = new Map<number, QuizTruth>();
  for (const [i, beat] of sc.beats.entries()) {
    const before = sim.commandCount;
    for (const action of beat.actions) await sim.dispatch(action);
    if (!beat.quiz) continue;
    const after = await sim.snapshot();
    truths.set(i + 1, judgeQuiz(beat.quiz, after.events.slice(before), after));
  }
  return truths;
}

/** Beat number to the engine's answer, for a compact expectation. */
const answers = (truths: Map<number, QuizTruth>): Record<number, string | null> =>
  Object.fromEntries([...truths].map(([beat, t]) => [beat, t.answer]));

describe('quiz beats', () => {
  it('are marked in at least the four scenarios the course quizzes on', () => {
    for (const id of ['stale-read', 'cold-read', 'stale-set', 'stampede'])
      expect(
        scenarioById(id).beats.some((b) => b.quiz),
        id,
      ).toBe(true);
  });

  // While a question is open, quiz mode hides every actor's next command ("? (hidden)" in the
  // diagram and the Actors panel), so the narration shown then must not send the learner to it.
  it('no narration points at a next command that the question after it hides', () => {
    const pointsAtNext = /(shows|see) (its|their|the) next command/i;
    for (const sc of SCENARIOS) {
      const shown = [sc.intro, ...sc.beats.map((b) => b.narration)];
      for (const [i, text] of shown.entries()) {
        if (!sc.beats[i]?.quiz) continue;
        expect(text, `${sc.id}, the narration before beat ${i + 1}'s question`).not.toMatch(
          pointsAtNext,
        );
      }
    }
  });

  it("README's list of the scenarios that ask is the registry's", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### Predict, then reveal'));
    const marked = /Marked: ([^.]*)\./.exec(section)?.[1] ?? '';
    expect([...marked.matchAll(/`([a-z-]+)`/g)].map((m) => m[1])).toEqual(
      SCENARIOS.filter((sc) => sc.beats.some((b) => b.quiz)).map((sc) => sc.id),
    );
  });

  it.each(SCENARIOS.filter((sc) => sc.beats.some((b) => b.quiz)).map((sc) => [sc.id, sc] as const))(
    '%s: on the script, the engine answers every question with one of its choices',
    async (_id, sc) => {
      for (const [beat, truth] of await quizAnswers(sc)) {
        const question = quizQuestion(sc.beats[beat - 1].quiz!);
        expect(
          question.choices.map((c) => c.id),
          `beat ${beat}: ${truth.why}`,
        ).toContain(truth.answer);
        expect(truth.why.length).toBeGreaterThan(10);
      }
    },
  );

  it('cold-read: the first GET misses, the one after the fill hits', async () => {
    expect(answers(await quizAnswers(scenarioById('cold-read')))).toEqual({ 1: 'miss', 4: 'hit' });
  });

  it('stale-read: the cache goes stale, A returns version 1, and misses after the expiry', async () => {
    const truths = await quizAnswers(scenarioById('stale-read'));
    expect(answers(truths)).toEqual({ 2: 'stale', 3: 'v1', 5: 'miss' });
    expect(truths.get(2)?.why).toBe('user:123 holds version 1 and the row is version 2.');
    expect(truths.get(3)?.why).toContain('held version 2: a stale read');
  });

  it('stale-set: the answers follow the mitigation the run really used', async () => {
    const sc = scenarioById('stale-set');
    expect(answers(await quizAnswers(sc))).toEqual({ 4: 'absent', 5: 'stale', 6: 'v1' });
    // Under leases A's late fill is refused: nothing is cached, and the next read gets the new row.
    const lease = await quizAnswers(sc, { readMitigation: 'lease' });
    expect(answers(lease)).toEqual({ 4: 'absent', 5: 'absent', 6: 'v2' });
    // Under versioned fills B leaves a tombstone: no cached row either, not a "fresh" copy.
    const versioned = await quizAnswers(sc, { readMitigation: 'versioned-fill' });
    expect(answers(versioned)).toMatchObject({ 4: 'absent', 5: 'absent' });
    expect(versioned.get(4)?.why).toMatch(/holds a tombstone of version 2, not a cached row/);
    // The choice judged right says so: user:123 is in Redis (a tombstone the panels show), so
    // "Not in Redis" would be judged right while the room sees the key there.
    const beat4 = sc.beats[3].quiz;
    if (!beat4) throw new Error('stale-set beat 4 asks a question');
    expect(quizQuestion(beat4).choices.find((c) => c.id === 'absent')?.label).toBe(
      'No cached row: not in Redis, or only a tombstone',
    );
    expect(lease.get(6)?.why).toBe(
      'A returned version 2 (from SQLite, after a miss); the database held version 2.',
    );
  });

  it('stale-set: a read that hit says it came from Redis, though a TTL check ended it', async () => {
    const sc = scenarioById('stale-set');
    // Early refresh and refresh-ahead check the TTL after the GET hit: the PTTL ends the read.
    for (const overrides of [
      { readMitigation: 'early-refresh' },
      { pattern: 'refresh-ahead' },
    ] as const)
      expect((await quizAnswers(sc, overrides)).get(6)?.why, JSON.stringify(overrides)).toBe(
        'A returned version 1 (from Redis, a hit); the database held version 2: a stale read.',
      );
  });

  it('stampede: four SELECTs without a mitigation, one with single-flight', async () => {
    const sc = scenarioById('stampede');
    expect(answers(await quizAnswers(sc))).toEqual({ 3: 'miss', 4: '4' });
    const single = await quizAnswers(sc, { readMitigation: 'single-flight' });
    // A took the lock instead of reading the database; the others have not even got that far.
    expect(single.get(4)).toEqual({ answer: '0', why: 'No process ran a SELECT in this step.' });
    expect(answers(await quizAnswers(scenarioById('stampede-single-flight')))).toEqual({ 5: '0' });
  });

  it.each([
    [
      ['SET', 'user:1', 'garbage'],
      'miss',
      'GET user:1 answered "garbage", a value that is not user:1\'s row as the application writes it: a corrupt entry, so it counts as a miss.',
    ],
    [
      ['HSET', 'user:1', 'a', 'b'],
      'miss',
      'GET user:1 failed: (error) WRONGTYPE Operation against a key holding the wrong kind of value. Redis is reachable, but refused the command: user:1 holds a value of another type (a hash, a list, a set ...), not the string GET works on. The read cannot use the key, so it counts as a miss.',
    ],
  ])(
    'stampede: after the console sends %j, the GET is judged as the narration tells it',
    async (argv, answer, why) => {
      const sc = scenarioById('stampede');
      const sim = await Simulation.replay(SQL, scenarioSimConfig(sc), sc.setup);
      for (const action of [...sc.beats[0].actions, ...sc.beats[1].actions])
        await sim.dispatch(action);
      await sim.dispatch({ type: 'redis', actor: 'console', argv });
      const before = sim.commandCount;
      for (const action of sc.beats[2].actions) await sim.dispatch(action);
      const after = await sim.snapshot();
      expect(judgeQuiz(sc.beats[2].quiz!, after.events.slice(before), after)).toEqual({
        answer,
        why,
      });
    },
  );

  it('a GET that fails because Redis is down matches neither hit nor miss', async () => {
    const sc = scenarioById('cold-read');
    const sim = await Simulation.replay(SQL, scenarioSimConfig(sc), [
      { type: 'setCacheAvailable', isUp: false },
    ]);
    const before = sim.commandCount;
    for (const action of sc.beats[0].actions) await sim.dispatch(action);
    const after = await sim.snapshot();
    const truth = judgeQuiz({ kind: 'hit-or-miss', actor: 'A' }, after.events.slice(before), after);
    expect(truth.answer).toBeNull();
    expect(truth.why).toMatch(
      /^GET user:123 failed: .*\. The command never reached Redis: it cannot be reached \(a connection error\)\. So it is neither a hit nor a miss\.$/,
    );
  });
});

describe('"is it stale?" under write-behind', () => {
  it('a flushed write’s copy (its updated_at older than the flush’s stamp) is fresh, as the checker counts it', async () => {
    const sim = await Simulation.create(SQL, { pattern: 'write-behind', actors: ['A'] });
    await sim.dispatch({ type: 'write', actor: 'A', id: 1, changes: { plan: 'team' } });
    await sim.dispatch({ type: 'finishActor', actor: 'A' });
    await sim.dispatch({ type: 'finishActor', actor: 'flusher' });
    const before = sim.commandCount;
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await sim.dispatch({ type: 'finishActor', actor: 'A' });
    const after = await sim.snapshot();
    expect(after.db.find((r) => r.id === 1)).toMatchObject({ version: 2, plan: 'team' });
    expect(after.stats.staleReads).toBe(0);
    const truth = judgeQuiz({ kind: 'cache-stale', id: 1 }, after.events.slice(before), after);
    expect(truth).toEqual({
      answer: 'fresh',
      why: 'user:1 holds version 2 and the row is version 2: they match.',
    });
  });
});

describe('"is it stale?" after the console sets a row back', () => {
  it('a copy of the version the row was set back from is stale, as the checker counts a read of it, not ahead', async () => {
    const sim = await Simulation.create(SQL, { actors: ['A'] });
    await sim.dispatch({
      type: 'sql',
      actor: 'console',
      sql: "UPDATE users SET name = 'Q' WHERE id = 1",
    });
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await sim.dispatch({ type: 'finishActor', actor: 'A' });
    await sim.dispatch({
      type: 'sql',
      actor: 'console',
      sql: 'UPDATE users SET version = 1 WHERE id = 1',
    });
    const before = sim.commandCount;
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await sim.dispatch({ type: 'finishActor', actor: 'A' });
    const after = await sim.snapshot();
    expect(after.stats.staleReads).toBe(1);
    const truth = judgeQuiz({ kind: 'cache-stale', id: 1 }, after.events.slice(before), after);
    expect(truth).toEqual({
      answer: 'stale',
      why: "user:1 holds version 2 and the row is version 1: the row was set back below the copy's version in the SQL console, so the copy is a state the row no longer has: STALE, and a read that hits it is counted stale.",
    });
  });
});

describe('"is it stale?" of a copy SET by hand ahead of the row', () => {
  it('is stale, as the checker counts a read of it, not a write the database does not have yet', async () => {
    const sim = await Simulation.create(SQL, { actors: ['A'] });
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await sim.dispatch({ type: 'finishActor', actor: 'A' });
    const cached = (await sim.snapshot()).cache.find((e) => e.key === 'user:1')!;
    const copy = JSON.stringify({ ...JSON.parse(cached.value), version: 7 });
    await sim.dispatch({ type: 'redis', actor: 'console', argv: ['SET', 'user:1', copy] });
    const before = sim.commandCount;
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await sim.dispatch({ type: 'finishActor', actor: 'A' });
    const after = await sim.snapshot();
    expect(after.stats.staleReads).toBe(1);
    const truth = judgeQuiz({ kind: 'cache-stale', id: 1 }, after.events.slice(before), after);
    expect(truth).toEqual({
      answer: 'stale',
      why: 'user:1 holds version 7 and the row is version 1: no write committed version 7 (the copy was set by hand; under this pattern no write puts a version in the cache before the database), so the copy is not the row: STALE, and a read that hits it is counted stale.',
    });
  });
});

/** A simulation whose read path is the starter caching `copy` (of `row`) instead of the row. */
async function cachingAltered(copy: string): Promise<Simulation> {
  const altered = READ_STARTER.replace('JSON.stringify(row)', `JSON.stringify(${copy})`);
  expect(altered).not.toBe(READ_STARTER);
  const compiled = compileLearnerProgram(await loadQuickJsNode(), 'read', altered);
  if (!compiled.ok) throw new Error(compiled.error);
  return Simulation.create(SQL, {
    actors: ['A'],
    programs: { read: learnerReadProgram(compiled.program.runner) },
  });
}

describe('"is it stale?" of a copy your own read path altered at the row\'s version', () => {
  it('says the code cached a row the database never had, not that the row was set back', async () => {
    const sim = await cachingAltered("{ ...row, plan: 'vip' }");
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await sim.dispatch({ type: 'finishActor', actor: 'A' });
    const after = await sim.snapshot();
    const row = after.db.find((r) => r.id === 1)!;
    expect(after.cache.find((e) => e.key === 'user:1')).toMatchObject({
      isStale: true,
      isUnlikeRow: true,
    });
    expect(after.cache.find((e) => e.key === 'user:1')).not.toHaveProperty('isVersionReused');
    const truth = judgeQuiz({ kind: 'cache-stale', id: 1 }, after.events, after);
    expect(truth).toEqual({
      answer: 'stale',
      why: `user:1 holds version 1, as the row does, but not the row: plan "vip" cached, "${row.plan}" in the database. The application's code cached it so: the database never had this row at that version (nothing set the row back to it): STALE, and a read that hits it is counted stale.`,
    });
  });
});

describe('"is it stale?" of a copy your own read path cached ahead of the row', () => {
  it('says the code cached it, not that it was set by hand', async () => {
    const sim = await cachingAltered('{ ...row, version: 7 }');
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await sim.dispatch({ type: 'finishActor', actor: 'A' });
    const after = await sim.snapshot();
    expect(after.cache.find((e) => e.key === 'user:1')).toMatchObject({
      isAhead: true,
      isNeverCommitted: true,
    });
    expect(judgeQuiz({ kind: 'cache-stale', id: 1 }, after.events, after)).toEqual({
      answer: 'stale',
      why: "user:1 holds version 7 and the row is version 1: no write committed version 7 (the application's code cached it so, and no write of the row is running that could commit it), so the copy is not the row: STALE, and a read that hits it is counted stale.",
    });
  });
});
