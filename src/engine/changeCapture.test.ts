import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROGRAM_SETTINGS } from './programs/types';
import type { SimConfig } from './simConfig';
import type { Simulation } from './simulation';
import type { StepEvent } from './stepEvent';
import { createTestSim, loadSqlJsNode } from './testSim';
import { DEFAULT_WORKLOAD, runWorkload, type WorkloadConfig } from './workload';

/**
 * Invalidation from the change log: the application only UPDATEs, the database's trigger
 * records the change, and the `cdc` consumer reads the log and deletes the key after its lag.
 */

const cdcSim = (extra: Partial<SimConfig> = {}): Promise<Simulation> =>
  createTestSim({
    actors: ['R', 'W', 'C'],
    invalidation: 'cdc',
    cdcDelayMs: 1000,
    settings: { ...DEFAULT_PROGRAM_SETTINGS, ttlSeconds: 3600 },
    ...extra,
  });

async function stepAll(sim: Simulation, actor: string): Promise<StepEvent[]> {
  const out: StepEvent[] = [];
  while (sim.pendingStep(actor))
    out.push((await sim.dispatch({ type: 'stepActor', actor })) as StepEvent);
  return out;
}

async function read(sim: Simulation, actor: string, id: number) {
  await sim.dispatch({ type: 'read', actor, id });
  await stepAll(sim, actor);
  const snap = await sim.snapshot();
  return snap.results.at(-1) as Extract<(typeof snap.results)[number], { kind: 'read' }>;
}

const commands = (events: StepEvent[]) => events.map((e) => `${e.actor} ${e.command}`);

describe('change-data-capture invalidation', () => {
  it('the write only UPDATEs; the consumer polls the change log and DELs the key once its delay has passed', async () => {
    const sim = await cdcSim();
    await read(sim, 'R', 7); // caches version 1
    await sim.dispatch({ type: 'write', actor: 'W', id: 7, changes: { plan: 'team' } });
    const write = await stepAll(sim, 'W');
    expect(write.map((e) => e.command.split(' ')[0])).toEqual(['UPDATE']);
    const committedAt = write[0].effectMs;
    // Before the consumer's DEL, the cache still serves version 1: a stale read.
    const stale = await read(sim, 'R', 7);
    expect(stale.isHit).toBe(true);
    expect(stale.verdict?.isStale).toBe(true);
    expect(sim.readyActors()).toContain('cdc');
    const consumer = await stepAll(sim, 'cdc');
    expect(commands(consumer)).toEqual([
      'cdc SELECT id, user_id, version, at FROM changes WHERE id > 0 ORDER BY id LIMIT 100',
      expect.stringMatching(/^cdc wait \d+(\.\d+)? ms$/),
      'cdc DEL user:7',
      'cdc SELECT id, user_id, version, at FROM changes WHERE id > 1 ORDER BY id LIMIT 100',
    ]);
    const del = consumer[2];
    expect(del.effectMs).toBeGreaterThanOrEqual(committedAt + 1000);
    expect(del.reply).toBe('(integer) 1');
    const fresh = await read(sim, 'R', 7);
    expect(fresh.isHit).toBe(false);
    expect(fresh.version).toBe(2);
    expect(fresh.verdict?.isStale).toBe(false);
    const snap = await sim.snapshot();
    expect(snap.sqlLog.some((l) => l.actor === 'cdc' && l.sql.includes('FROM changes'))).toBe(true);
    expect(snap.redisLog.some((l) => l.actor === 'cdc' && l.argv[0] === 'DEL')).toBe(true);
    await sim.close();
  });

  it('the race: a reader that SELECTed version 1 fills it after the consumer deleted the key, and it stays until TTL; versioned fills stop it', async () => {
    for (const readMitigation of ['none', 'versioned-fill'] as const) {
      const sim = await cdcSim({ cdcDelayMs: 0, readMitigation });
      await sim.dispatch({ type: 'read', actor: 'R', id: 3 });
      await sim.dispatch({ type: 'stepActor', actor: 'R' }); // GET nil
      await sim.dispatch({ type: 'stepActor', actor: 'R' }); // SELECT v1
      await sim.dispatch({ type: 'write', actor: 'W', id: 3, changes: { plan: 'pro' } });
      await stepAll(sim, 'W'); // UPDATE v2
      await stepAll(sim, 'cdc'); // poll, invalidate v2, poll
      const fill = (await sim.dispatch({ type: 'stepActor', actor: 'R' })) as StepEvent; // SET v1
      const check = await read(sim, 'C', 3);
      const snap = await sim.snapshot();
      if (readMitigation === 'none') {
        expect(fill.isStaleFill).toBe(true);
        expect(check.verdict?.isStale).toBe(true);
        expect(snap.stats.staleFills).toBe(1);
      } else {
        expect(fill.isFillRefused).toBe(true);
        expect(check.version).toBe(2);
        expect(check.verdict?.isStale).toBe(false);
        expect(snap.stats.staleFills).toBe(0);
      }
      await sim.close();
    }
  });

  it('a late invalidation of an older version after a newer fill: a plain DEL only costs a miss; the versioned one leaves the newer row', async () => {
    for (const readMitigation of ['none', 'versioned-fill'] as const) {
      // Loss 0, reorder 1: every invalidation is held back by a seeded extra time.
      const sim = await cdcSim({ cdcDelayMs: 100, cdcReorder: 1, readMitigation });
      await sim.dispatch({ type: 'write', actor: 'W', id: 5, changes: { plan: 'pro' } });
      await stepAll(sim, 'W'); // v2
      await sim.dispatch({ type: 'write', actor: 'W', id: 5, changes: { plan: 'team' } });
      await stepAll(sim, 'W'); // v3
      await stepAll(sim, 'cdc');
      expect(sim.runtime.changeFeed.reordered).toBe(2);
      const r = await read(sim, 'R', 5);
      expect(r.version).toBe(3);
      const snap = await sim.snapshot();
      expect(snap.stats.staleReads).toBe(0);
      await sim.close();
    }
  });

  it('a dropped invalidation leaves the old row cached until its TTL, counted as a lost invalidation', async () => {
    const sim = await cdcSim({ cdcDelayMs: 0, cdcLoss: 1 });
    await read(sim, 'R', 9);
    await sim.dispatch({ type: 'write', actor: 'W', id: 9, changes: { plan: 'pro' } });
    await stepAll(sim, 'W');
    const consumer = await stepAll(sim, 'cdc');
    expect(consumer.some((e) => e.command.startsWith('DEL'))).toBe(false);
    expect(sim.runtime.changeFeed.lost).toBe(1);
    // The drop sends nothing: the poll that read the change says it was dropped (until
    // 2026-12-06 no step said so, and only Lost invalidations showed it).
    expect(consumer.map((e) => e.note)).toEqual([
      "The consumer dropped the invalidation of user 9's change to version 2 (the Dropped chance): it never sends its DEL, so a copy of that row cached before the change stays until its TTL ends it or a later change's invalidation removes it.",
    ]);
    const later = await read(sim, 'R', 9);
    expect(later.verdict?.isStale).toBe(true);
    const snap = await sim.snapshot();
    expect(snap.stats.lostInvalidations).toBe(1);
    await sim.dispatch({ type: 'advanceClock', ms: 3600_000 });
    const expired = await read(sim, 'R', 9);
    expect(expired.version).toBe(2);
    await sim.close();
  });

  it('a dropped invalidation with no copy cached loses nothing: dropped, not a lost invalidation, as the README says', async () => {
    const sim = await cdcSim({ cdcDelayMs: 0, cdcLoss: 1 });
    await sim.dispatch({ type: 'write', actor: 'W', id: 9, changes: { plan: 'pro' } });
    await stepAll(sim, 'W');
    await stepAll(sim, 'cdc');
    expect(sim.runtime.changeFeed.lost).toBe(1);
    expect((await sim.snapshot()).stats.lostInvalidations).toBe(0);
    expect((await read(sim, 'R', 9)).verdict?.isStale).toBe(false);
    await sim.close();
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Invalidation from the change log'));
    const loss = /`cdcLoss` the chance[^.]*\./.exec(section.replace(/\s+/g, ' '))?.[0] ?? '';
    expect(loss).toContain('a drop with nothing cached loses nothing');
  });

  it('a console UPDATE is in the change log too, so the consumer invalidates another process’s write', async () => {
    const sim = await cdcSim({ cdcDelayMs: 0 });
    await read(sim, 'R', 4);
    await sim.dispatch({
      type: 'sql',
      actor: 'ops',
      sql: "UPDATE users SET plan = 'x' WHERE id = 4",
    });
    const consumer = await stepAll(sim, 'cdc');
    expect(commands(consumer)).toContain('cdc DEL user:4');
    const r = await read(sim, 'R', 4);
    expect(r.version).toBe(2);
    await sim.close();
  });
});

describe('the change log in the seeded schema', () => {
  it('DROP TABLE changes: the page names it, every write fails, and Reset database restores the log and keeps its ids', async () => {
    const sim = await cdcSim({ cdcDelayMs: 0 });
    await sim.dispatch({ type: 'write', actor: 'W', id: 2, changes: { plan: 'pro' } });
    await stepAll(sim, 'W');
    await stepAll(sim, 'cdc'); // the consumer has read change 1
    await sim.dispatch({ type: 'sql', actor: 'console', sql: 'DROP TABLE changes' });
    expect((await sim.snapshot()).schemaProblems).toEqual([
      expect.stringMatching(/changes table is gone.*every UPDATE of a user fails/),
    ]);
    await sim.dispatch({ type: 'write', actor: 'W', id: 2, changes: { plan: 'team' } });
    const failed = await stepAll(sim, 'W');
    expect(failed.at(-1)?.reply).toMatch(/no such table: (main\.)?changes/);
    await sim.dispatch({ type: 'resetDatabase', actor: 'console' });
    expect((await sim.snapshot()).schemaProblems).toEqual([]);
    // The reset put row 2 back as a new version: the consumer reads it past its cursor.
    expect(commands(await stepAll(sim, 'cdc'))).toContain('cdc DEL user:2');
    await sim.dispatch({ type: 'write', actor: 'W', id: 2, changes: { plan: 'team' } });
    await stepAll(sim, 'W');
    const log = sim.runtime.db.execute('t', 'SELECT id, user_id, version FROM changes ORDER BY id');
    // The dropped log is gone; the reset's change (row 2 back as version 3) and the last write's
    // (4) continue after the id the consumer had read.
    expect(log.rows).toEqual([
      [2, 2, 3],
      [3, 2, 4],
    ]);
    await sim.close();
  });

  it('DROP TRIGGER users_changes is named as a problem; the log then misses writes', async () => {
    const sim = await cdcSim();
    await sim.dispatch({ type: 'sql', actor: 'console', sql: 'DROP TRIGGER users_changes' });
    expect((await sim.snapshot()).schemaProblems).toEqual([
      expect.stringMatching(/users_changes trigger is gone/),
    ]);
    await sim.close();
  });

  it('the log grows by one row per write, whatever the version moves by', async () => {
    const sim = await cdcSim();
    await sim.dispatch({
      type: 'sql',
      actor: 'console',
      sql: "UPDATE users SET plan = 'x' WHERE id <= 3; UPDATE users SET version = 100 WHERE id = 1",
    });
    const log = sim.runtime.db.execute('t', 'SELECT user_id, version FROM changes ORDER BY id');
    expect(log.rows).toEqual([
      [1, 2],
      [2, 2],
      [3, 2],
      [1, 100],
    ]);
    await sim.close();
  });
});

describe('timed runs with change-data-capture', () => {
  const base: WorkloadConfig = {
    ...DEFAULT_WORKLOAD,
    requests: 4000,
    keys: 50,
    rate: 500,
    readRatio: 0.8,
    ttl: 60,
    zipf: 0.8,
  };

  it('is deterministic: same config and seed, same summary', async () => {
    const SQL = await loadSqlJsNode();
    const config = {
      ...base,
      invalidation: 'cdc' as const,
      cdcDelayMs: 500,
      cdcReorder: 0.2,
      cdcLoss: 0.05,
    };
    const a = await runWorkload(SQL, config);
    const b = await runWorkload(SQL, config);
    expect(a.summary).toEqual(b.summary);
    expect(a.summary.cdc?.lost).toBeGreaterThan(0);
    expect(a.summary.cdc?.reordered).toBeGreaterThan(0);
  });

  it('counts an invalidation whose DEL Redis refused or could not be reached for as not delivered', async () => {
    // Redis is down from 1 s to 2 s: the consumer's DELs due then fail. Until 2026-12-05 they
    // counted as delivered, and the summary said every change's invalidation was delivered
    // beside the lost invalidations they left.
    const SQL = await loadSqlJsNode();
    const { summary } = await runWorkload(SQL, {
      ...base,
      invalidation: 'cdc',
      cdcDelayMs: 200,
      faults: [{ kind: 'cache-down', startSeconds: 1, durationSeconds: 1 }],
    });
    const cdc = summary.cdc!;
    expect(cdc.failed).toBeGreaterThan(0);
    // Every change the log recorded (one per write here) was delivered, dropped or failed.
    expect(cdc.delivered + cdc.lost + (cdc.failed ?? 0)).toBe(summary.writes);
    // Failed invalidations, as a writer's own DEL that failed is (until 2026-12-07 left out).
    expect(summary.failedInvalidations).toBe(cdc.failed);
    const healthy = (await runWorkload(SQL, { ...base, invalidation: 'cdc', cdcDelayMs: 200 }))
      .summary;
    expect(healthy.cdc).toMatchObject({ failed: 0, delivered: summary.writes });
    expect(healthy.failedInvalidations).toBe(0);
  });

  it('a longer delay means more stale reads and fewer writes consistent within 1 s; loss leaves entries stale until TTL', async () => {
    const SQL = await loadSqlJsNode();
    const app = (await runWorkload(SQL, base)).summary;
    const fast = (await runWorkload(SQL, { ...base, invalidation: 'cdc', cdcDelayMs: 50 })).summary;
    const slow = (await runWorkload(SQL, { ...base, invalidation: 'cdc', cdcDelayMs: 2000 }))
      .summary;
    const lossy = (
      await runWorkload(SQL, { ...base, invalidation: 'cdc', cdcDelayMs: 50, cdcLoss: 0.3 })
    ).summary;
    expect(slow.staleReads).toBeGreaterThan(fast.staleReads);
    expect(fast.staleReads).toBeGreaterThanOrEqual(app.staleReads);
    expect(slow.consistency.within1s).toBeLessThan(fast.consistency.within1s as number);
    expect(slow.consistency.within10s).toBeGreaterThan(slow.consistency.within1s as number);
    expect(lossy.lostInvalidations).toBeGreaterThan(0);
    expect(lossy.consistency.within10s).toBeLessThan(fast.consistency.within10s as number);
    // The application's database load is the same kind of work: the consumer's log reads are apart.
    expect(slow.cdc?.logReads).toBeGreaterThan(0);
  });
});
