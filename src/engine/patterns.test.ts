import { describe, expect, it } from 'vitest';
import { parseSimArgs } from '../cli/args';
import type { InvalidationSource } from './changeFeed';
import { WRITE_POLICIES, type ReadMitigation, type WritePolicy } from './programs/catalog';
import {
  appWriteEffect,
  describePattern,
  OURS,
  settingPart,
  unusedSettings,
  type Pattern,
} from './programs/patterns';
import { DEFAULT_PROGRAM_SETTINGS, type Step } from './programs/types';
import type { SimConfig } from './simConfig';
import type { Simulation } from './simulation';
import { createTestSim, loadSqlJsNode } from './testSim';
import { DEFAULT_WORKLOAD, runWorkload } from './workload';

/** Runs one request of `actor` to its end. */
async function request(
  sim: Simulation,
  action: { type: 'read' } | { type: 'write'; name: string },
  id: number,
): Promise<void> {
  if (action.type === 'read') await sim.dispatch({ type: 'read', actor: 'A', id });
  else await sim.dispatch({ type: 'write', actor: 'A', id, changes: { name: action.name } });
  await sim.run();
}

/** Write-then-read: cache each user, write it, read it straight back; the stale reads counted. */
async function writeThenRead(config: Partial<SimConfig>, users = 20): Promise<number> {
  const sim = await createTestSim({ actors: ['A'], ...config });
  for (let id = 1; id <= users; id++) {
    await request(sim, { type: 'read' }, id);
    await request(sim, { type: 'write', name: `renamed ${id}` }, id);
    await request(sim, { type: 'read' }, id);
  }
  return (await sim.snapshot()).stats.staleReads;
}

describe("patterns: the read mitigation is cache-aside's", () => {
  it.each(['read-through', 'refresh-ahead'] as const)(
    '%s writes with a plain DEL whatever read mitigation was left set, as the page says',
    async (pattern) => {
      for (const readMitigation of ['lease', 'versioned-fill'] as const) {
        const sim = await createTestSim({ actors: ['A'], pattern, readMitigation });
        await request(sim, { type: 'read' }, 3);
        await request(sim, { type: 'write', name: 'renamed' }, 3);
        const commands = (await sim.snapshot()).events.map((e) => e.command);
        expect(commands.at(-1), readMitigation).toBe('DEL user:3');
      }
    },
  );

  it('cache-aside invalidates as its mitigation says (DEL with the lease, a tombstone)', async () => {
    const lease = await createTestSim({ actors: ['A'], readMitigation: 'lease' });
    await request(lease, { type: 'write', name: 'renamed' }, 3);
    expect((await lease.snapshot()).events.at(-1)?.command).toBe('DEL user:3 lease:user:3');
    const versioned = await createTestSim({ actors: ['A'], readMitigation: 'versioned-fill' });
    await request(versioned, { type: 'write', name: 'renamed' }, 3);
    // A tombstone of version 2, set only over an older entry (INVALIDATE_IF_OLDER).
    expect((await versioned.snapshot()).events.at(-1)).toMatchObject({
      command: expect.stringMatching(/^EVAL '.*' 1 user:3 2 /),
      reply: '(integer) 1',
    });
    expect((await versioned.snapshot()).cache).toEqual([
      expect.objectContaining({ key: 'user:3', value: '{"tombstone":true,"version":2}' }),
    ]);
  });
});

describe('the words for a write policy say what its write sends', () => {
  /** The write's statements and commands, in order, and what the page says the write does. */
  const SAYS: Record<WritePolicy, { sent: string[]; effect: RegExp }> = {
    invalidate: { sent: ['UPDATE', 'DEL'], effect: /^removes the cached copy after the UPDATE$/ },
    'update-cache': { sent: ['UPDATE', 'SET'], effect: /^sets the new row .*after the UPDATE$/ },
    'ttl-only': { sent: ['UPDATE'], effect: /^only UPDATEs: the cached copy waits for its TTL$/ },
    'delete-first': { sent: ['DEL', 'UPDATE'], effect: /^deletes the key before the UPDATE$/ },
    'double-delete': {
      sent: ['DEL', 'UPDATE', 'DEL'],
      effect: /^deletes the key before the UPDATE and removes the cached copy again a delay after/,
    },
  };

  it.each(WRITE_POLICIES)('%s', async (writePolicy) => {
    const sim = await createTestSim({ actors: ['A'], writePolicy });
    await request(sim, { type: 'read' }, 3);
    const before = (await sim.snapshot()).events.length;
    await request(sim, { type: 'write', name: 'renamed' }, 3);
    const sent = (await sim.snapshot()).events
      .slice(before)
      .map((e) => e.command.split(' ')[0])
      .filter((word) => ['UPDATE', 'DEL', 'SET'].includes(word));
    expect(sent).toEqual(SAYS[writePolicy].sent);
    const effect = appWriteEffect('cache-aside', writePolicy);
    expect(effect).toMatch(SAYS[writePolicy].effect);
    // The pattern's line says the same, and invalidates only where the write does.
    const line = describePattern('cache-aside', 'app', writePolicy);
    expect(line).toContain(`on a write it ${effect}`);
    expect(line).not.toMatch(/invalidat/);
  });

  it("double-delete's words name the delay the write waits, when it is given", async () => {
    const sim = await createTestSim({
      actors: ['A'],
      writePolicy: 'double-delete',
      settings: { ...DEFAULT_PROGRAM_SETTINGS, doubleDeleteDelayMs: 1500 },
    });
    await request(sim, { type: 'write', name: 'renamed' }, 4);
    const wait = (await sim.snapshot()).events.find((e) => e.target === 'wait');
    expect(wait?.command).toBe('wait 1500 ms');
    expect(describePattern('cache-aside', 'app', 'double-delete', OURS, 1500)).toContain(
      'removes the cached copy again 1,500 ms after it',
    );
  });

  it("a pattern whose path the learner's code replaces says that path is theirs", async () => {
    // Under write-behind the learner's write ran UPDATE then DEL: no queue, no flusher, while the
    // line said "a write lands in the cache and a queue".
    const both = { read: true, write: true };
    for (const pattern of [
      'read-through',
      'write-through',
      'write-behind',
      'refresh-ahead',
    ] as const) {
      expect(describePattern(pattern, 'app', 'invalidate')).not.toMatch(/your/);
      expect(describePattern(pattern, 'app', 'invalidate', { read: false, write: true })).toMatch(
        /; your write path runs in place of its write$/,
      );
      expect(describePattern(pattern, 'app', 'invalidate', { read: true, write: false })).toMatch(
        /; your read path runs in place of its read$/,
      );
      expect(describePattern(pattern, 'app', 'invalidate', both)).toMatch(
        /; your read and write paths run in place of its own$/,
      );
    }
  });

  it('under cdc the write only UPDATEs and the consumer deletes, whatever the policy', () => {
    for (const writePolicy of WRITE_POLICIES)
      expect(describePattern('cache-aside', 'cdc', writePolicy)).toContain(
        "on a write it only UPDATEs, and the change log's consumer removes the cached copy later",
      );
  });
});

describe('settings that take no part in a run', () => {
  it('are named by one rule for the CLI and the lab', () => {
    const base = { ...DEFAULT_WORKLOAD, maxKeys: 0, latencyModel: 'constant' as const };
    expect([...unusedSettings({ ...base, pattern: 'write-through' })].sort()).toEqual(
      [
        'cdcDelayMs',
        'cdcLoss',
        'cdcReorder',
        'doubleDeleteDelayMs',
        'eviction',
        'latencyTail',
        'readMitigation',
        'stallChance',
        'stallMs',
        'writePolicy',
      ].sort(),
    );
    expect([
      ...unusedSettings({
        ...DEFAULT_WORKLOAD,
        pattern: 'cache-aside',
        invalidation: 'cdc',
        latencyModel: 'lognormal',
        maxKeys: 10,
      }),
    ]).toEqual(['writePolicy', 'doubleDeleteDelayMs']);
    // The delay is double-delete's alone; the learner's own write path gets it as ctx either way.
    const cacheAside = { ...DEFAULT_WORKLOAD, maxKeys: 10, latencyModel: 'lognormal' as const };
    expect([...unusedSettings({ ...cacheAside, writePolicy: 'invalidate' })]).toEqual([
      'doubleDeleteDelayMs',
      'cdcDelayMs',
      'cdcReorder',
      'cdcLoss',
    ]);
    expect(unusedSettings({ ...cacheAside, writePolicy: 'double-delete' })).not.toContain(
      'doubleDeleteDelayMs',
    );
    expect(
      unusedSettings({ ...cacheAside, writePolicy: 'invalidate' }, { read: false, write: true }),
    ).not.toContain('doubleDeleteDelayMs');
  });
});

describe('settingPart: whether the write policy and the read mitigation take part', () => {
  const run = (
    pattern: Pattern,
    invalidation: InvalidationSource,
    readMitigation: ReadMitigation = 'lease',
  ) => ({ pattern, invalidation, readMitigation });
  const yourRead = { read: true, write: false };
  const yourWrite = { read: false, write: true };

  it('our cache-aside paths use both; your read path leaves the mitigation off, your write the policy', () => {
    expect(settingPart('readMitigation', run('cache-aside', 'app'))).toBe('used');
    expect(settingPart('writePolicy', run('cache-aside', 'app'))).toBe('used');
    // Your read path decides what it sends: no mitigation of ours takes part.
    expect(settingPart('readMitigation', run('cache-aside', 'app'), yourRead)).toBe('off');
    expect(settingPart('writePolicy', run('cache-aside', 'app'), yourRead)).toBe('used');
    expect(settingPart('writePolicy', run('cache-aside', 'app'), yourWrite)).toBe('off');
    expect(settingPart('readMitigation', run('cache-aside', 'app'), yourWrite)).toBe('used');
  });

  it('under cdc the consumer takes lease and versioned-fill; single-flight and early-refresh are idle where no read of ours takes them', () => {
    for (const [pattern, yours] of [
      ['read-through', OURS],
      ['cache-aside', yourRead],
    ] as const) {
      for (const m of ['lease', 'versioned-fill', 'none'] as const)
        expect(settingPart('readMitigation', run(pattern, 'cdc', m), yours)).toBe('used');
      for (const m of ['single-flight', 'early-refresh'] as const)
        expect(settingPart('readMitigation', run(pattern, 'cdc', m), yours)).toBe('idle');
    }
    // Our cache-aside reads take single-flight themselves.
    expect(settingPart('readMitigation', run('cache-aside', 'cdc', 'single-flight'))).toBe('used');
    expect(settingPart('writePolicy', run('cache-aside', 'cdc'))).toBe('off');
  });

  it('another pattern without cdc takes no read mitigation; write-through no write policy', () => {
    expect(settingPart('readMitigation', run('refresh-ahead', 'app'))).toBe('off');
    expect(settingPart('writePolicy', run('read-through', 'app'))).toBe('used');
    expect(settingPart('writePolicy', run('write-through', 'app'))).toBe('off');
  });

  it('is the rule the CLI names unused settings by', () => {
    for (const pattern of ['cache-aside', 'read-through', 'write-through'] as const)
      for (const invalidation of ['app', 'cdc'] as const)
        for (const readMitigation of ['none', 'lease', 'single-flight'] as const)
          for (const yours of [OURS, yourRead, yourWrite]) {
            const config = { ...DEFAULT_WORKLOAD, pattern, invalidation, readMitigation };
            const unused = unusedSettings(config, yours);
            expect(unused.has('readMitigation')).toBe(
              settingPart('readMitigation', config, yours) !== 'used',
            );
            expect(unused.has('writePolicy')).toBe(
              settingPart('writePolicy', config, yours) !== 'used',
            );
          }
  });
});

describe('patterns: a read mitigation that changes nothing is not named', () => {
  it.each(['read-through', 'write-through', 'refresh-ahead'] as const)(
    'under %s with cdc, single-flight and early-refresh take no part; lease and versioned-fill change what the consumer sends',
    (pattern) => {
      const cdc = { ...DEFAULT_WORKLOAD, pattern, invalidation: 'cdc' as const };
      for (const readMitigation of ['single-flight', 'early-refresh'] as const)
        expect(unusedSettings({ ...cdc, readMitigation }), readMitigation).toContain(
          'readMitigation',
        );
      for (const readMitigation of ['lease', 'versioned-fill'] as const)
        expect(unusedSettings({ ...cdc, readMitigation }), readMitigation).not.toContain(
          'readMitigation',
        );
      // Under cache-aside the reads run it.
      expect(
        unusedSettings({ ...cdc, pattern: 'cache-aside', readMitigation: 'single-flight' }),
      ).not.toContain('readMitigation');
    },
  );
});

describe('patterns: write-then-read', () => {
  it('write-through has no stale read where cache-aside with ttl-only has one per write', async () => {
    expect(await writeThenRead({ pattern: 'cache-aside', writePolicy: 'ttl-only' })).toBe(20);
    expect(await writeThenRead({ pattern: 'write-through' })).toBe(0);
  });

  it('write-behind answers the read from the cache while the database still lags', async () => {
    const sim = await createTestSim({ actors: ['A'], pattern: 'write-behind' });
    await sim.dispatch({ type: 'write', actor: 'A', id: 7, changes: { name: 'Queued' } });
    // Step A's write to its end only: the flusher waits before it writes the database.
    while (sim.pendingStep('A')) await sim.dispatch({ type: 'stepActor', actor: 'A' });
    await sim.dispatch({ type: 'read', actor: 'A', id: 7 });
    while (sim.pendingStep('A')) await sim.dispatch({ type: 'stepActor', actor: 'A' });
    let snap = await sim.snapshot();
    const read = snap.results.at(-1);
    expect(read?.kind === 'read' && read.row?.name).toBe('Queued');
    expect(snap.db.find((r) => r.id === 7)?.name).not.toBe('Queued');
    // The cache is ahead of the database, not stale: newer than the row, not older.
    expect(snap.cache.find((e) => e.key === 'user:7')).toMatchObject({
      version: 2,
      isStale: false,
      isAhead: true,
    });
    expect(snap.db.find((r) => r.id === 7)?.version).toBe(1);
    expect(snap.actors.find((a) => a.name === 'flusher')?.pending?.label).toBe('wait');
    await sim.run();
    snap = await sim.snapshot();
    expect(snap.db.find((r) => r.id === 7)?.name).toBe('Queued');
    expect(sim.runtime.ledger.flushedWrites).toBe(1);
  });

  it('a cache restart before the flush loses the queued writes, and they are counted', async () => {
    const sim = await createTestSim({ actors: ['A'], pattern: 'write-behind' });
    for (const id of [1, 2, 3]) {
      await sim.dispatch({ type: 'write', actor: 'A', id, changes: { name: 'Lost' } });
      while (sim.pendingStep('A')) await sim.dispatch({ type: 'stepActor', actor: 'A' });
    }
    await sim.dispatch({ type: 'restartCache' });
    await sim.run();
    const snap = await sim.snapshot();
    expect(sim.runtime.ledger.lostWrites).toBe(3);
    expect(snap.db.filter((r) => r.name === 'Lost')).toEqual([]);
  });
});

describe('patterns: write-behind keeps concurrent writes of one entry', () => {
  it('a second writer waits for the first, so both writes reach the cache and the database', async () => {
    const sim = await createTestSim({ actors: ['A', 'B'], pattern: 'write-behind' });
    await sim.dispatch({ type: 'write', actor: 'A', id: 9, changes: { name: 'from A' } });
    await sim.dispatch({ type: 'write', actor: 'B', id: 9, changes: { plan: 'pro' } });
    await sim.dispatch({ type: 'stepActor', actor: 'A' }); // A: GET user:9, holding the entry
    const waited = await sim.dispatch({ type: 'stepActor', actor: 'B' });
    expect(waited).toMatchObject({ actor: 'B', command: expect.stringMatching(/^wait/) });
    await sim.run();
    const snap = await sim.snapshot();
    const row = snap.db.find((r) => r.id === 9);
    expect(row).toMatchObject({ name: 'from A', plan: 'pro', version: 3 });
    expect(snap.cache.find((c) => c.key === 'user:9')).toMatchObject({
      version: 3,
      isStale: false,
    });
  });
});

describe('patterns: who talks to the database', () => {
  it('under read-through the application sends GET only; the cache sends the SELECT and the fill', async () => {
    const sim = await createTestSim({ actors: ['A'], pattern: 'read-through' });
    await request(sim, { type: 'read' }, 4);
    const trace = sim.trace.map((e) => `${e.via ?? 'app'} ${e.command.split(' ')[0]}`);
    expect(trace).toEqual(['app GET', 'cache SELECT', 'cache SET']);
    expect((await sim.snapshot()).sqlLog.at(-1)?.actor).toBe('cache');
  });

  it("read-through's loader stores with NX: under update-cache a writer's newer row stays", async () => {
    /** A reads user:5 two steps (GET nil, SELECT); B's write runs to its end; A finishes. */
    const race = async (pattern: Pattern) => {
      const sim = await createTestSim({ actors: ['A', 'B'], pattern, writePolicy: 'update-cache' });
      await sim.dispatch({ type: 'read', actor: 'A', id: 5 });
      await sim.dispatch({ type: 'stepActor', actor: 'A' });
      await sim.dispatch({ type: 'stepActor', actor: 'A' });
      await sim.dispatch({ type: 'write', actor: 'B', id: 5, changes: { plan: 'team' } });
      while (sim.pendingStep('B')) await sim.dispatch({ type: 'stepActor', actor: 'B' });
      while (sim.pendingStep('A')) await sim.dispatch({ type: 'stepActor', actor: 'A' });
      const snap = await sim.snapshot();
      const fill = snap.events.at(-1)!;
      return { fill: `${fill.command.replace(/ '.*'/, '')} -> ${fill.reply}`, snap };
    };
    const aside = await race('cache-aside');
    expect(aside.fill).toBe('SET user:5 EX 3600 -> OK');
    expect(aside.snap.cache.find((e) => e.key === 'user:5')).toMatchObject({ version: 1 });
    const through = await race('read-through');
    expect(through.fill).toBe('SET user:5 EX 3600 NX -> (nil)');
    expect(through.snap.cache.find((e) => e.key === 'user:5')).toMatchObject({ version: 2 });
  });

  it.each(['write-through', 'write-behind'] as Pattern[])(
    'under %s no database statement in a timed workload comes from the application',
    async (pattern) => {
      const steps: Step[] = [];
      const { summary } = await runWorkload(
        await loadSqlJsNode(),
        { ...DEFAULT_WORKLOAD, pattern, requests: 400, keys: 20, readRatio: 0.7 },
        { onStep: (step) => steps.push(step) },
      );
      expect(summary.requests).toBe(400);
      const db = steps.filter((s) => s.target === 'db');
      expect(db.length).toBeGreaterThan(0);
      expect(db.filter((s) => s.via !== 'cache')).toEqual([]);
      expect(summary.staleFills).toBe(0);
    },
  );

  it('refresh-ahead reloads an entry read in the last half of its TTL in the background', async () => {
    const sim = await createTestSim({
      actors: ['A'],
      pattern: 'refresh-ahead',
      settings: { ...DEFAULT_PROGRAM_SETTINGS, ttlSeconds: 10 },
    });
    await request(sim, { type: 'read' }, 3);
    await sim.dispatch({ type: 'advanceClock', ms: 6000 });
    await request(sim, { type: 'read' }, 3);
    const refresher = sim.trace.filter((e) => e.actor === 'refresher').map((e) => e.command);
    expect(refresher.map((c) => c.split(' ')[0])).toEqual(['SELECT', 'EVAL']);
    const entry = (await sim.snapshot()).cache.find((c) => c.key === 'user:3');
    expect(entry?.ttlMs).toBeGreaterThan(9000);
  });
});

describe('patterns: the CLI flag', () => {
  it('accepts each pattern and refuses another word, naming the choices', () => {
    const ok = parseSimArgs(['--pattern', 'write-behind']);
    expect(ok.ok && !ok.help && ok.config.pattern).toBe('write-behind');
    const bad = parseSimArgs(['--pattern', 'write-around']);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors[0]).toMatch(
      /--pattern must be one of cache-aside, read-through, write-through, write-behind, refresh-ahead/,
    );
  });
});
