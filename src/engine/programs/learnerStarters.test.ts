import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlJsStatic } from 'sql.js';
import type { QuickJSWASMModule } from 'quickjs-emscripten-core';
import { loadQuickJsNode } from '../../platform/quickjsNode';
import { compileLearnerProgram } from '../../platform/quickjsSandbox';
import { loadSqlJsNode } from '../../platform/sqlJsNode';
import { Simulation } from '../simulation';
import type { SimCreateConfig } from '../simConfig';
import type { CacheLogEntry } from '../commandLog';
import { READ_MITIGATIONS, WRITE_POLICIES, type ReadMitigation, type WritePolicy } from './catalog';
import { learnerReadProgram, learnerWriteProgram, type LearnerPath } from './learner';
import { DEFAULT_PROGRAM_SETTINGS } from './types';
import { isReadStarterOurs, readStarter, starterOf, writeStarter } from './learnerSources';

let SQL: SqlJsStatic;
let quickjs: QuickJSWASMModule;
beforeAll(async () => {
  [SQL, quickjs] = await Promise.all([loadSqlJsNode(), loadQuickJsNode()]);
});

const runner = (path: LearnerPath, source: string) => {
  const compiled = compileLearnerProgram(quickjs, path, source);
  if (!compiled.ok) throw new Error(`line ${compiled.line}: ${compiled.error}`);
  return compiled.program.runner;
};

/** A reply as it reads: the command layer logs a status as `{ status }`, shown as the same +OK. */
const replyOf = (e: CacheLogEntry): unknown =>
  e.error ??
  (typeof e.reply === 'object' && e.reply !== null && 'status' in e.reply
    ? e.reply.status
    : e.reply);

/** Each actor's requests, in order: reads and writes of user 1, one of user 2. */
const PLANS: Record<string, ('read' | 'write')[]> = {
  A: ['read', 'write', 'read', 'read'],
  B: ['write', 'read', 'read', 'write'],
  C: ['read', 'read', 'write', 'read'],
};

/**
 * Plays one seeded interleaving: at each turn a seeded pick of an actor with work takes its next
 * step (starting its next request first when it has none in flight). Returns every Redis
 * command and SQL statement the run sent, in order, with who sent it, when, and the reply.
 */
async function interleave(config: SimCreateConfig, seed: number): Promise<string[]> {
  const sim = Simulation.create(SQL, { ...config, actors: Object.keys(PLANS), rows: 10 });
  let state = seed;
  const pick = (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % n;
  };
  const left = Object.fromEntries(Object.entries(PLANS).map(([a, plan]) => [a, [...plan]]));
  let writes = 0;
  for (let turns = 0; turns < 500; turns++) {
    const ready = new Set(sim.readyActors());
    // The change log's consumer (cdc) steps among the actors when it has work.
    const withWork = [
      ...Object.keys(PLANS).filter((a) => ready.has(a) || left[a].length > 0),
      ...[...ready].filter((a) => !(a in PLANS)),
    ];
    if (withWork.length === 0) break;
    const actor = withWork[pick(withWork.length)];
    if (!ready.has(actor)) {
      const kind = left[actor].shift();
      const id = turns % 7 === 3 ? 2 : 1;
      if (kind === undefined) throw new Error(`${actor} has no plan`);
      if (kind === 'read') await sim.dispatch({ type: 'read', actor, id });
      else await sim.dispatch({ type: 'write', actor, id, changes: { name: `N${++writes}` } });
    }
    await sim.dispatch({ type: 'stepActor', actor });
  }
  expect(sim.readyActors()).toEqual([]);
  const snap = await sim.snapshot();
  return [
    ...snap.redisLog.map(
      (e) =>
        `${e.order} ${e.timeMs} ${e.actor} ${JSON.stringify(e.argv)} -> ${JSON.stringify(replyOf(e))}`,
    ),
    ...snap.sqlLog.map((e) => `${e.order} ${e.timeMs} ${e.actor} ${e.sql}`),
  ].sort((a, b) => Number(a.split(' ')[0]) - Number(b.split(' ')[0]));
}

const COMBINATIONS = WRITE_POLICIES.flatMap((policy) =>
  READ_MITIGATIONS.map((mitigation) => [policy, mitigation] as [WritePolicy, ReadMitigation]),
);

describe('the starters the editors open with', () => {
  it('are ours under every mitigation but early refresh, which starts from plain cache-aside', () => {
    expect(READ_MITIGATIONS.filter((m) => !isReadStarterOurs(m))).toEqual(['early-refresh']);
    expect(readStarter('early-refresh')).toBe(readStarter('none'));
  });

  it.each(COMBINATIONS)(
    'under %s and %s, unedited, send exactly the commands ours sends',
    async (writePolicy, readMitigation) => {
      const write = learnerWriteProgram(runner('write', writeStarter(writePolicy, readMitigation)));
      // Early refresh's read is not the learner's to write (it draws from the run's seeded coin):
      // the write starter is pinned beside our read.
      const programs = isReadStarterOurs(readMitigation)
        ? { read: learnerReadProgram(runner('read', readStarter(readMitigation))), write }
        : { write };
      for (const [seed, ttlSeconds] of [
        [1, 3600],
        [7, 3600],
        [42, 0.5],
      ]) {
        const settings = { ...DEFAULT_PROGRAM_SETTINGS, ttlSeconds };
        const config = { writePolicy, readMitigation, seed, settings };
        const ours = await interleave(config, seed);
        const yours = await interleave({ ...config, programs }, seed);
        expect(ours.length).toBeGreaterThan(12);
        expect(yours).toEqual(ours);
      }
    },
  );

  it.each(['none', 'lease', 'versioned-fill'] as const)(
    'under cdc and %s, the write starter only UPDATEs, as ours does',
    async (readMitigation) => {
      const settings = {
        pattern: 'cache-aside',
        invalidation: 'cdc',
        writePolicy: 'invalidate',
        readMitigation,
      } as const;
      const starter = starterOf('write', settings);
      expect(starter.isOurs).toBe(true);
      const write = learnerWriteProgram(runner('write', starter.source));
      const config = { invalidation: 'cdc', readMitigation, seed: 3 } as const;
      expect(await interleave({ ...config, programs: { write } }, 3)).toEqual(
        await interleave(config, 3),
      );
    },
  );
});
