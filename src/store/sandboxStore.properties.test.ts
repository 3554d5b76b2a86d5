// The whole sandbox store under arbitrary input (issue 12.5): sequences of learner actions with
// hostile ones mixed in (settings out of range or of the wrong type, junk console lines, bad
// SQL, unknown actors and ids, clock jumps past the bound, Back past the start, links of junk).
// No exception escapes an action, the page never ends up 'failed', and an action the store
// refuses leaves the run as it was: settings, history, clock, Redis and the database.
// Modest by default; STORE_PROPERTIES=heavy runs many more and longer sequences.

import fc from 'fast-check';
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { consoleRedisArgv, consoleSql } from '../engine/simActionArbitrary';
import { loadSqlJsNode } from '../engine/testSim';
import { encodeRun } from './linkRun';
import { DEFAULT_SANDBOX_CONFIG, type SandboxConfig } from './sandboxConfig';
import { createSandboxStore, type SandboxStore } from './sandboxStore';
import { freePlaySandbox } from './testSandbox';
import type { TimelineInput } from './timeline';
import { parseViewParams } from './urlState';

const isHeavy = process.env.STORE_PROPERTIES === 'heavy';
const runs = { numRuns: isHeavy ? 200 : 12, seed: isHeavy ? undefined : 42 };
const maxActions = isHeavy ? 60 : 14;

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

/** What a refused action must leave as it was. */
function picture(s: SandboxStore) {
  return {
    config: s.config,
    timeline: s.timeline.length,
    cursor: s.cursor,
    clockMs: s.snapshot?.clockMs,
    cache: s.snapshot?.cache,
    db: s.snapshot?.db,
  };
}

/** Did the action say no: false, a refusal text, an error reply, or a new error notice. */
type Outcome = 'refused' | 'console-error' | 'done';

interface Move {
  label: string;
  run: (s: SandboxStore) => Promise<Outcome>;
}

const move = (label: string, run: Move['run']): Move => ({ label, run });
const noWhenFalse = (ok: boolean): Outcome => (ok ? 'done' : 'refused');
const noWhenRefused = (refusal: string | null): Outcome => (refusal === null ? 'done' : 'refused');

const actor = fc.oneof(
  fc.constantFrom('A', 'B'),
  fc.constantFrom('Z', '', 'console', 'A'.repeat(40)),
);
const id = fc.oneof(
  fc.integer({ min: 1, max: 6 }),
  fc.constantFrom(0, -1, 1.5, 1e9, Number.NaN, Number.POSITIVE_INFINITY),
);
const junkText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    'KEYS *a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b',
    'SET',
    'MSET a',
    '"unterminated',
    'MULTI',
    'EVAL "return 1" 0',
    'FLUSHALL junk',
    'SELEKT * FROM users',
    'BEGIN',
    'DROP TABLE nope',
    "UPDATE users SET version = 'x' WHERE id = 1; SELECT",
    'WITH RECURSIVE c(x) AS (SELECT 1) SELECT * FROM d',
    '\u0000\u202e<script>alert(1)</script>',
  ),
);
const settingsKeys = Object.keys(DEFAULT_SANDBOX_CONFIG) as (keyof SandboxConfig)[];
const badSettings = fc.dictionary(
  fc.oneof(fc.constantFrom(...settingsKeys), fc.string({ maxLength: 8 })),
  fc.oneof(
    fc.anything(),
    fc.double(),
    fc.constantFrom(-1, 0, 1e12, Number.NaN, 'lru', 'invalidate', null),
  ),
  { minKeys: 1, maxKeys: 3 },
);

const moves: fc.Arbitrary<Move> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(actor, id)
      .map(([a, i]) => move(`read ${a} ${i}`, async (s) => noWhenRefused(await s.startRead(a, i)))),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        actor,
        id,
        fc.constantFrom<Record<string, string>>(
          { plan: 'team' },
          { name: 'X'.repeat(3000) },
          { nope: '1' },
          {},
        ),
      )
      .map(([a, i, c]) =>
        move(`write ${a} ${i}`, async (s) => noWhenRefused(await s.startWrite(a, i, c))),
      ),
  },
  { weight: 5, arbitrary: fc.constant(move('step', async (s) => noWhenFalse(await s.step()))) },
  { weight: 3, arbitrary: fc.constant(move('back', async (s) => noWhenFalse(await s.back()))) },
  {
    weight: 1,
    arbitrary: actor.map((a) =>
      move(`stepActor ${a}`, async (s) => noWhenRefused(await s.stepActor(a))),
    ),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(1, 2500, 70_000, -5, Number.NaN, Number.POSITIVE_INFINITY, 1e308)
      .map((ms) => move(`clock ${ms}`, async (s) => (await s.advanceClock(ms), 'done'))),
  },
  {
    weight: 1,
    arbitrary: fc
      .boolean()
      .map((up) => move(`cache ${up}`, async (s) => noWhenRefused(await s.setCacheAvailable(up)))),
  },
  {
    weight: 1,
    arbitrary: fc.constant(move('restart', async (s) => noWhenRefused(await s.restartCache()))),
  },
  {
    weight: 3,
    arbitrary: fc
      .oneof(
        consoleRedisArgv(['user:1', 'x', 'h']).map((argv) => argv.join(' ')),
        junkText,
      )
      .map((line) =>
        move(`redis ${JSON.stringify(line)}`, async (s) =>
          (await s.runRedis(line)).isError ? 'console-error' : 'done',
        ),
      ),
  },
  {
    weight: 3,
    arbitrary: fc
      .oneof(consoleSql(6), junkText)
      .map((sql) =>
        move(`sql ${JSON.stringify(sql)}`, async (s) =>
          'error' in (await s.runSql(sql)) ? 'console-error' : 'done',
        ),
      ),
  },
  {
    weight: 1,
    arbitrary: fc.constant(
      move('reset database', async (s) => noWhenRefused(await s.resetDatabase())),
    ),
  },
  {
    weight: 3,
    arbitrary: badSettings.map((patch) =>
      move(`configure ${JSON.stringify(patch)}`, async (s) =>
        (await s.configure(patch as Partial<SandboxConfig>)) === null ? 'done' : 'refused',
      ),
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(-3, 0, 2, 10_000, Number.NaN)
      .map((step) => move(`seek ${step}`, async (s) => (await s.seekStep(step), 'done'))),
  },
);

describe('the sandbox store under arbitrary actions', () => {
  it('never throws, never fails, and a refused action keeps the state before it', async () => {
    const seen = { refused: 0, consoleErrors: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(moves, { minLength: 1, maxLength: maxActions }), async (seq) => {
        const store = await freePlaySandbox();
        const done: string[] = [];
        for (const m of seq) {
          const before = picture(store.getState());
          const errorsBefore = store.getState().notices.filter((n) => n.tone === 'error').length;
          const noticesBefore = store.getState().notices.at(-1)?.id;
          let outcome: Outcome;
          try {
            outcome = await m.run(store.getState());
          } catch (e) {
            throw new Error(`${m.label} threw after [${done.join('; ')}]: ${String(e)}`);
          }
          done.push(m.label);
          const s = store.getState();
          expect(s.status, m.label).toBe('ready');
          const last = s.notices.at(-1);
          const isNewError =
            last !== undefined &&
            last.id !== noticesBefore &&
            last.tone === 'error' &&
            s.notices.filter((n) => n.tone === 'error').length >= errorsBefore;
          if (outcome === 'refused' || (outcome === 'done' && isNewError)) {
            seen.refused++;
            expect(picture(s), `refused: ${m.label} after [${done.join('; ')}]`).toEqual(before);
          } else if (outcome === 'console-error') {
            seen.consoleErrors++;
            // The line is on record with its error; nothing it named changed.
            const after = picture(s);
            expect({ ...after, timeline: 0, cursor: 0 }, m.label).toEqual({
              ...before,
              timeline: 0,
              cursor: 0,
            });
          }
        }
      }),
      runs,
    );
    // The hostile moves did arrive, and were refused.
    expect(seen.refused).toBeGreaterThan(10);
    expect(seen.consoleErrors).toBeGreaterThan(5);
  }, 600_000);

  const junkInput: fc.Arbitrary<TimelineInput> = fc.oneof(
    fc.constant<TimelineInput>({ type: 'press' }),
    fc.tuple(actor, id).map(([a, i]): TimelineInput => ({ type: 'read', actor: a, id: i })),
    fc
      .tuple(actor, id)
      .map(([a, i]): TimelineInput => ({ type: 'write', actor: a, id: i, changes: { plan: 'x' } })),
    actor.map((a): TimelineInput => ({ type: 'stepActor', actor: a })),
    fc.constantFrom(-1, 1e308, 5000).map((ms): TimelineInput => ({ type: 'clock', ms })),
    junkText.map((line): TimelineInput => ({ type: 'redis', line })),
    junkText.map((statement): TimelineInput => ({ type: 'sql', statement })),
  );
  const link = fc.oneof(
    fc.string({ maxLength: 80 }).map((q) => `?${q}`),
    fc.tuple(fc.array(junkInput, { maxLength: 12 }), badSettings).map(
      ([inputs, settings]) =>
        `?run=${encodeRun(inputs)}&${Object.entries(settings)
          .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
          .join('&')}`,
    ),
    fc
      .string({ maxLength: 200 })
      .map((junk) => `?run=1.${encodeURIComponent(junk)}&scenario=${encodeURIComponent(junk)}`),
  );

  it('any link opens a usable sandbox, with what it could not restore set aside', async () => {
    await fc.assert(
      fc.asyncProperty(link, async (search) => {
        const { view } = parseViewParams(search);
        const store = createSandboxStore();
        await store.getState().start(SQL, view);
        const s = store.getState();
        expect(s.status, search).toBe('ready');
        expect(s.snapshot, search).not.toBeNull();
        // Still usable: a read and its steps go through.
        expect(await s.startRead(s.snapshot!.actors[0].name, 1)).toBeNull();
        expect(await store.getState().step()).toBe(true);
      }),
      { ...runs, numRuns: isHeavy ? 300 : 25 },
    );
  }, 600_000);
});
