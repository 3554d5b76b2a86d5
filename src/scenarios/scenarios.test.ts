import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SimConfig } from '../engine/simConfig';
import type { StepEvent } from '../engine/stepEvent';
import { loadSqlJsNode } from '../engine/testSim';
import { SCENARIOS } from '.';
import { describeEvent } from './narrate';
import { playScenario, type PlayedScenario } from './play';
import { beatStory, scenarioById } from './testScenarios';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

const play = (id: string, overrides: Partial<SimConfig> = {}): Promise<PlayedScenario> =>
  playScenario(SQL, scenarioById(id), overrides);

describe('the scenario catalogue', () => {
  it('has unique ids and actors named as the sandbox names them (A, B, C, D in order)', () => {
    expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length);
    for (const sc of SCENARIOS)
      expect(sc.actors, sc.id).toEqual(['A', 'B', 'C', 'D'].slice(0, sc.actors.length));
  });

  it('every beat has narration that names a Redis command or SQL statement', () => {
    const command = /\b(GET|SET|DEL|EVAL|EX|TTL|SELECT|UPDATE)\b/;
    for (const sc of SCENARIOS)
      sc.beats.forEach((beat, i) =>
        expect(beat.narration, `${sc.id} beat ${i + 1}`).toMatch(command),
      );
  });

  it.each(SCENARIOS.map((s) => [s.id, s] as const))(
    '%s: played headlessly, every step names a busy actor and the outcome is met',
    async (_id, sc) => {
      for (const scheduler of ['manual', 'timed'] as const) {
        const played = await playScenario(SQL, sc, { scheduler });
        // stale-set's last beat lets B finish what its write policy has left before A reads
        // again: nothing under its own policy (invalidate), the second DEL under double-delete.
        const steps = played.beatSteps.filter((_, i) => !(sc.id === 'stale-set' && i === 5));
        expect(steps.flat(), `${scheduler}: a stepActor found its actor idle`).not.toContain(null);
        expect(played.isMet, `${scheduler}: ${sc.outcome.description}`).toBe(true);
      }
    },
  );
});

describe('the races play exactly the interleavings of the design', () => {
  it('stale-set: R GET nil; R SELECT v1; W UPDATE v2; W DEL; R SET v1, then a stale hit', async () => {
    const played = await play('stale-set');
    expect(beatStory(played)).toEqual([
      ['A GET -> (nil)'],
      ['A SELECT -> 1 row'],
      ['B UPDATE -> 1 row changed (version 2)'],
      ['B DEL -> (integer) 0'],
      ['A SET -> OK'],
      ['idle', 'idle', 'A GET -> row'],
    ]);
    const [fill, laterRead] = [played.beatSteps[4][0], played.beatSteps[5][2]];
    expect(fill).toMatchObject({ isStaleFill: true });
    expect(laterRead).toMatchObject({ isHit: true, isStaleRead: true });
    expect(laterRead?.verdict).toMatchObject({ version: 1, committedVersion: 2 });
  });

  it.each(['lease', 'versioned-fill'] as const)(
    'stale-set replayed under %s (the fix its narration names): the fill is refused with (integer) 0, and the next read caches version 2',
    async (readMitigation) => {
      const played = await play('stale-set', { readMitigation });
      // The readers' fills (under versioned fills the writer's tombstone is an EVAL too).
      const fills = played.beatSteps
        .flat()
        .filter((e) => e?.command.startsWith('EVAL') && e.label === 'fill');
      // The late fill refused; the next read, run to its end in the last beat, fills version 2.
      expect(fills.map((e) => e?.reply)).toEqual(['(integer) 0', '(integer) 1']);
      expect(fills[1]?.rowVersion).toBe(2);
      expect(played.snapshot.actors.find((a) => a.name === 'A')?.task).toBeNull();
      expect(played.snapshot.stats).toMatchObject({ staleFills: 0, staleReads: 0 });
      expect(played.isMet).toBe(false);
    },
  );

  it("stale-set-lease: the writer's DEL takes the lease, the EVAL fill answers (integer) 0", async () => {
    const played = await play('stale-set-lease');
    expect(beatStory(played).slice(0, 6)).toEqual([
      ['A GET -> (nil)'],
      ['A SET -> OK'],
      ['A SELECT -> 1 row'],
      ['B UPDATE -> 1 row changed (version 2)'],
      ['B DEL -> (integer) 1'],
      ['A EVAL -> (integer) 0'],
    ]);
    expect(played.beatSteps[1][0]?.command).toMatch(/^SET lease:user:123 \S+ NX PX 10000$/);
    expect(played.beatSteps[4][0]?.command).toBe('DEL user:123 lease:user:123');
    // A's new lease after B's write holds A-3, B's write having taken 2: the sentence says why,
    // so "A-1, then A-3" is not read as a token gone missing.
    expect(describeEvent(played.beatSteps[7][0] as StepEvent)).toBe(
      "A sends SET lease:user:123 A-3 NX PX 10000: OK, A holds the lease and may fill. Its token, A-3, numbers the run's 3rd request: every request is counted, whichever actor's.",
    );
    expect(played.snapshot.cache.map((e) => [e.key, e.version, e.isStale])).toEqual([
      ['user:123', 2, false],
    ]);
  });

  it('update-cache-race: W1 UPDATE; W2 UPDATE; W2 SET; W1 SET leaves the older row cached', async () => {
    const played = await play('update-cache-race');
    expect(beatStory(played)).toEqual([
      ['A UPDATE -> 1 row changed (version 2)'],
      ['B UPDATE -> 1 row changed (version 3)'],
      ['B SET -> OK'],
      ['A SET -> OK'],
      ['C GET -> row'],
    ]);
    expect(played.beatSteps[3][0]).toMatchObject({ isStaleFill: true });
    expect(played.beatSteps[4][0]).toMatchObject({ isStaleRead: true });
  });

  it('update-cache-race replayed under invalidate: two DELs, and the read misses and loads version 3', async () => {
    const played = await play('update-cache-race', { writePolicy: 'invalidate' });
    expect(beatStory(played).slice(2)).toEqual([
      ['B DEL -> (integer) 0'],
      ['A DEL -> (integer) 0'],
      ['C GET -> (nil)', 'C SELECT -> 1 row', 'C SET -> OK'],
    ]);
    expect(played.beatSteps[4][1]?.rowVersion).toBe(3);
    expect(played.snapshot.stats.staleReads).toBe(0);
  });

  it('delete-first-race: W DEL; R GET nil; R SELECT v1; R SET v1; W UPDATE v2, then a stale hit', async () => {
    const played = await play('delete-first-race');
    expect(beatStory(played)).toEqual([
      ['B DEL -> (integer) 1'],
      ['A GET -> (nil)'],
      ['A SELECT -> 1 row'],
      ['A SET -> OK'],
      ['B UPDATE -> 1 row changed (version 2)'],
      ['A GET -> row'],
    ]);
    // The fill was of the current row when it ran: stale only once the UPDATE commits.
    expect(played.beatSteps[3][0]).toMatchObject({ isStaleFill: false });
    expect(played.beatSteps[5][0]).toMatchObject({ isStaleRead: true });
  });

  it('stampede: after the expiry every reader misses and runs its own SELECT', async () => {
    const played = await play('stampede');
    expect(beatStory(played).slice(1)).toEqual([
      ['A GET -> (nil)'],
      ['B GET -> (nil)', 'C GET -> (nil)', 'D GET -> (nil)'],
      ['A SELECT -> 1 row', 'B SELECT -> 1 row', 'C SELECT -> 1 row', 'D SELECT -> 1 row'],
      ['A SET -> OK', 'B SET -> OK', 'C SET -> OK', 'D SET -> OK'],
    ]);
    const selects = played.snapshot.sqlLog.filter((l) => /^SELECT/.test(l.sql));
    expect(selects.filter((l) => l.timeMs > 60_000)).toHaveLength(4);
  });

  it('stampede-single-flight: one lock, one SELECT, three waiting readers hit', async () => {
    const played = await play('stampede-single-flight');
    expect(beatStory(played).slice(3)).toEqual([
      ['A SET -> OK'],
      ['B SET -> (nil)', 'C SET -> (nil)', 'D SET -> (nil)'],
      ['A SELECT -> 1 row'],
      ['A SET -> OK', 'A EVAL -> (integer) 1'],
      ['B wait -> done', 'C wait -> done', 'D wait -> done'],
      ['B GET -> row', 'C GET -> row', 'D GET -> row'],
    ]);
    const selects = played.snapshot.sqlLog.filter((l) => /^SELECT/.test(l.sql));
    expect(selects.filter((l) => l.timeMs > 60_000)).toHaveLength(1);
    // Stepped by hand, the three 50 ms waits run one after another: 150 ms of virtual time,
    // which the beat's narration says.
    const waits = played.beatSteps[7] as StepEvent[];
    expect(waits.at(-1)!.endMs - waits[0].startMs).toBeCloseTo(150, 6);
    expect(scenarioById('stampede-single-flight').beats[7].narration).toMatch(/150 ms/);
  });

  it('lost-invalidation: the DEL fails while Redis is down, the old row is served until the TTL', async () => {
    const played = await play('lost-invalidation');
    expect(beatStory(played)).toEqual([
      [],
      ['B UPDATE -> 1 row changed (version 2)'],
      ['B DEL -> (error) Connection is closed.'],
      [],
      ['A GET -> row'],
      [],
      ['A GET -> (nil)'],
      ['A SELECT -> 1 row', 'A SET -> OK'],
    ]);
    expect(played.beatSteps[4][0]).toMatchObject({ isStaleRead: true });
    expect(played.snapshot.stats).toMatchObject({ lostInvalidations: 1, cacheErrors: 1 });
  });

  it('cache-down-fallback: failed GETs fall back to SELECT, then the cache warms up', async () => {
    const played = await play('cache-down-fallback');
    expect(beatStory(played)).toEqual([
      [],
      ['A GET -> (error) Connection is closed.'],
      ['A SELECT -> 1 row'],
      ['B GET -> (error) Connection is closed.', 'B SELECT -> 1 row'],
      [],
      ['A GET -> (nil)'],
      ['A SELECT -> 1 row', 'A SET -> OK'],
      ['B GET -> row'],
    ]);
    const fallbacks = played.snapshot.results.slice(0, 2);
    expect(fallbacks).toMatchObject([
      { hadCacheError: true, version: 1, verdict: { isStale: false } },
      { hadCacheError: true, version: 1, verdict: { isStale: false } },
    ]);
  });

  it('write-then-read: stale under ttl-only, fresh under invalidate', async () => {
    const ttlOnly = await play('write-then-read');
    expect(beatStory(ttlOnly)).toEqual([
      ['B UPDATE -> 1 row changed (version 2)'],
      ['B GET -> row'],
    ]);
    expect(ttlOnly.beatSteps[1][0]).toMatchObject({ isStaleRead: true });
    const invalidate = await play('write-then-read-invalidate');
    expect(beatStory(invalidate)).toEqual([
      ['B UPDATE -> 1 row changed (version 2)'],
      ['B DEL -> (integer) 1'],
      ['B GET -> (nil)'],
      ['B SELECT -> 1 row', 'B SET -> OK'],
    ]);
    expect(invalidate.snapshot.stats.staleReads).toBe(0);
  });
});

describe('what each scenario promises under the settings it invites', () => {
  const variants = SCENARIOS.flatMap((sc) => (sc.variants ?? []).map((v) => ({ sc, v })));

  it('declares each setting the narration invites', () => {
    expect(variants.map(({ sc, v }) => `${sc.id} ${JSON.stringify(v.settings)}`)).toEqual([
      'write-then-read {"writePolicy":"invalidate"}',
      'stale-set {"readMitigation":"lease"}',
      'stale-set {"readMitigation":"versioned-fill"}',
      'stale-set {"writePolicy":"double-delete"}',
      'update-cache-race {"writePolicy":"invalidate"}',
      'update-cache-race {"readMitigation":"versioned-fill"}',
      'delete-first-race {"writePolicy":"invalidate"}',
      'cdc-late-invalidation {"readMitigation":"versioned-fill"}',
      'stampede {"readMitigation":"single-flight"}',
      'write-then-read-write-through {"pattern":"cache-aside"}',
      'write-then-read-write-through {"pattern":"read-through"}',
      'write-then-read-write-through {"pattern":"write-behind"}',
      'write-then-read-write-through {"pattern":"refresh-ahead"}',
      'write-behind-lost {"pattern":"write-through"}',
      'write-behind-lost {"pattern":"cache-aside"}',
      'refresh-ahead-expensive {"pattern":"cache-aside"}',
    ]);
    // A scenario that tells the learner to switch a setting declares what that setting promises.
    for (const sc of SCENARIOS) {
      const invited = sc.beats.map((b) => b.narration).join(' ');
      for (const m of invited.matchAll(
        /switch (Write policy|Read mitigation|Pattern) to ([a-z-]+)/gi,
      )) {
        const name = m[1].toLowerCase();
        const field =
          name === 'write policy'
            ? 'writePolicy'
            : name === 'pattern'
              ? 'pattern'
              : 'readMitigation';
        expect(
          sc.variants?.some((v) => v.settings[field] === m[2]),
          `${sc.id} invites ${m[1]} ${m[2]}`,
        ).toBe(true);
      }
    }
  });

  it.each(variants.map(({ sc, v }) => [sc.id, JSON.stringify(v.settings), sc, v] as const))(
    '%s under %s: the fix works and the verdict says so; the unfixed outcome does not hold',
    async (_id, _settings, sc, v) => {
      const played = await playScenario(SQL, sc, v.settings);
      expect(v.outcome.isMet(played.snapshot), v.outcome.description).toBe(true);
      // The unfixed story does not hold under the fix, and the fix's promise is not the unfixed run's.
      expect(sc.outcome.isMet(played.snapshot)).toBe(false);
      const unfixed = await playScenario(SQL, sc);
      expect(v.outcome.isMet(unfixed.snapshot)).toBe(false);
      // Stepped on until no request is left, the fix still holds: the promise was not a moment
      // of the run that the next Step undoes (stampede under single-flight was, once).
      const ended = await playScenario(SQL, sc, v.settings, { thenRunToEnd: true });
      expect(v.outcome.isMet(ended.snapshot), `${v.outcome.description} (run to its end)`).toBe(
        true,
      );
    },
  );

  it.each([
    ...SCENARIOS.map((sc) => [sc.id, 'its own settings', sc, {}] as const),
    ...variants.map(({ sc, v }) => [sc.id, JSON.stringify(v.settings), sc, v.settings] as const),
  ])(
    '%s under %s: the last beat leaves no request in flight, so the run ends on a verdict',
    async (_id, _settings, sc, settings) => {
      // The banner gives no verdict while a request (an actor's, or the cache's own flusher's)
      // is on its way: a setting the scenario invites must not end on "No verdict: ... still
      // has a request in flight" (stampede under single-flight did, and write-through's
      // write-then-read under write-behind).
      const played = await playScenario(SQL, sc, settings);
      const busy = played.snapshot.actors
        .filter((a) => a.pending !== null || a.queued > 0)
        .map((a) => a.name);
      expect(busy).toEqual([]);
    },
  );
});

describe('narration told from the engine events', () => {
  it('says what a refused fill, a tombstone and a stale fill mean', async () => {
    const lease = await play('stale-set', { readMitigation: 'lease' });
    // With leases A takes its lease before its SELECT (beat 2 runs both), reads version 1 before
    // the write, and its late fill is refused at the same beat as the plain run's stale fill.
    expect(lease.beatSteps[1].map((e) => e?.command.split(' ')[0])).toEqual(['SET', 'SELECT']);
    expect(lease.beatSteps[1][1]).toMatchObject({ rowVersion: 1 });
    expect(describeEvent(lease.beatSteps[4][0] as StepEvent)).toContain(
      "the fill is refused: A's lease is gone",
    );
    // The last beat's first two steps are B's, idle unless its write policy left it work.
    const versioned = await play('stale-set', { readMitigation: 'versioned-fill' });
    expect(describeEvent(versioned.beatSteps[5][2] as StepEvent)).toContain('finds a tombstone');
    const plain = await play('stale-set');
    expect(describeEvent(plain.beatSteps[4][0] as StepEvent)).toContain('A STALE FILL');
    expect(describeEvent(plain.beatSteps[5][2] as StepEvent)).toContain('A STALE READ');
    const doubleDelete = await play('stale-set', { writePolicy: 'double-delete' });
    // A's late SET under double-delete: older than the row, yet not a stale fill (B's second DEL
    // is on its way), and told so rather than as if it were the current row.
    expect(doubleDelete.beatSteps[4][0]?.isStaleFill).toBe(false);
    expect(describeEvent(doubleDelete.beatSteps[4][0] as StepEvent)).toMatch(
      /Redis holds version 1, older than the database's version 2: a stale copy, not yet a STALE FILL/,
    );
    expect(doubleDelete.beatSteps[5].map((e) => e && describeEvent(e))).toEqual([
      expect.stringContaining('B waits'),
      expect.stringMatching(/B sends DEL user:123.*\(integer\) 1/),
      expect.stringMatching(/A sends GET user:123.*\(nil\)/),
      expect.stringMatching(/A runs SELECT .* receives version 2/),
      expect.stringMatching(/A sends SET user:123 .*Redis holds version 2, the current row/),
    ]);
  });
});
