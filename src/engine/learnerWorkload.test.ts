import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { compileSources } from '../platform/learnerPrograms';
import { loadQuickJsNode } from '../platform/quickjsNode';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import type { LearnerSources } from './programs/learner';
import { READ_STARTER, WRITE_STARTERS } from './programs/learnerSources';
import { DEFAULT_WORKLOAD, runWorkload } from './workload';

const config = { ...DEFAULT_WORKLOAD, requests: 600, keys: 50 };

async function run(sources: LearnerSources, overrides: Partial<typeof config> = {}) {
  const compiled = compileSources(await loadQuickJsNode(), sources);
  if (!compiled.ok) throw new Error(compiled.message);
  try {
    return await runWorkload(
      await loadSqlJsNode(),
      { ...config, ...overrides },
      { programs: compiled.programs },
    );
  } finally {
    compiled.dispose();
  }
}

describe('a workload with a learner’s programs', () => {
  it('says how many requests were in flight when 20 MB each, held across a SELECT, pass the memory together', async () => {
    // Nothing grows: each request in flight keeps its 20 MB until it ends, and the sandbox's
    // memory is one for all of them. The run stops, saying so, not "grows without end".
    const read = [
      'function* read(id, ctx) {',
      "  const big = 'x'.repeat(2e7);",
      '  const row = yield selectUser(id);',
      '  return row;',
      '}',
    ].join('\n');
    // The memory is judged, not the time: a still clock. Each 20 MB repeat took 0.4 to 2 s at
    // load 10, and at load 15 request 1 was stopped by the guard's clock (a second stall in the
    // call), which the page says is the machine's doing (quickjsSandbox.test.ts checks that).
    const clock = vi.spyOn(performance, 'now').mockReturnValue(0);
    onTestFinished(() => clock.mockRestore());
    const failure = await run({ read, write: WRITE_STARTERS.invalidate }, { requests: 300 }).then(
      () => null,
      (e: unknown) => String(e),
    );
    expect(failure).toMatch(
      /^Error: request \d+ \(read of user:\d+\) failed, so the run stopped\. Your read path failed: line 2: ran out of memory with \d+ requests of your code in flight at once: what they held together passed the 64 MB the sandbox has for all of them/,
    );
    expect(failure).not.toContain('grow without end');
  });

  it('runs the starters exactly as ours run', async () => {
    const ours = await runWorkload(await loadSqlJsNode(), config);
    const yours = await run({ read: READ_STARTER, write: WRITE_STARTERS.invalidate });
    expect(yours.summary).toEqual(ours.summary);
  });

  it.each([0, 0.5])(
    'runs the starters exactly as ours with TTL %s (no EX 0, no EX 0.5)',
    async (ttl) => {
      const ours = await runWorkload(await loadSqlJsNode(), {
        ...config,
        ttl,
        writePolicy: 'update-cache',
      });
      const yours = await run(
        { read: READ_STARTER, write: WRITE_STARTERS['update-cache'] },
        { ttl, writePolicy: 'update-cache' },
      );
      expect(yours.summary).toEqual({ ...ours.summary, config: yours.summary.config });
      expect(yours.summary.cacheErrors).toBe(0);
    },
  );

  it('the double-delete starter waits ctx.doubleDeleteDelayMs, the delay set, as ours does', async () => {
    // 1,000 requests, not 3,000 (each run twice, ours and in QuickJS): 104 writes, each with its
    // second DEL, and the delays' stale reads still far apart (12 at 0 ms, 68 at 500 ms; 19 and 153).
    const race = { requests: 1000, readRatio: 0.9, writePolicy: 'double-delete' } as const;
    const summaries = [];
    for (const doubleDeleteDelayMs of [0, 500]) {
      const c = { ...config, ...race, doubleDeleteDelayMs };
      const ours = await runWorkload(await loadSqlJsNode(), c);
      const yours = await run({ read: READ_STARTER, write: WRITE_STARTERS['double-delete'] }, c);
      expect(yours.summary).toEqual(ours.summary);
      summaries.push(ours.summary);
    }
    // The delay took part: the runs differ.
    expect(summaries[0].staleReads).not.toBe(summaries[1].staleReads);
  });

  it('counts a fill or a delete however the code spells it: SETEX, `ex` in lower case, UNLINK', async () => {
    // Hot keys, TTL 1 s over a 5 s run: a fill whose TTL went unset, a stale fill or a delete
    // the judge missed would each change the summary. 1,500 requests, not 3,000: ours still
    // makes 342 misses, 466 writes and 4 stale fills (695, 941 and 7 at 3,000).
    const race = {
      requests: 1500,
      keys: 5,
      rate: 300,
      ttl: 1,
      readRatio: 0.7,
      writePolicy: 'invalidate',
    } as const;
    const ours = await runWorkload(await loadSqlJsNode(), { ...config, ...race });
    expect(ours.summary.staleFills).toBeGreaterThan(0);
    const setex = READ_STARTER.replace(
      "redis('SET', key, JSON.stringify(row), ...expiry(ctx))",
      "redis('setex', key, ctx.ttlSeconds, JSON.stringify(row))",
    );
    const lower = READ_STARTER.replace('...expiry(ctx))', "'ex', ctx.ttlSeconds)");
    const unlink = WRITE_STARTERS.invalidate.replace("'DEL'", "'unlink'");
    expect(setex).not.toBe(READ_STARTER);
    expect(lower).not.toBe(READ_STARTER);
    expect(unlink).not.toBe(WRITE_STARTERS.invalidate);
    for (const read of [setex, lower]) {
      const yours = await run({ read, write: unlink }, race);
      expect(yours.summary).toEqual(ours.summary);
    }
  });

  it('with your read path our write DELs plainly, whatever read mitigation is set: it takes no part', async () => {
    // Before, our write still sent lease's DEL of the lease and versioned-fill's tombstone,
    // which the starter read returned as the row: the run failed at the first read after a write.
    const race = { requests: 1000, keys: 20, readRatio: 0.7 };
    const plain = await run({ read: READ_STARTER }, race);
    for (const readMitigation of ['lease', 'versioned-fill', 'single-flight'] as const) {
      const { summary } = await run({ read: READ_STARTER }, { ...race, readMitigation });
      expect(summary, readMitigation).toEqual({ ...plain.summary, config: summary.config });
    }
  });

  it('stops the run when your read path returns a tombstone the change log left, and says what it is', async () => {
    // Under cdc the consumer leaves versioned-fill's tombstones beside your read path (the
    // mitigation takes part there). Before, the run stopped with "returned something that is
    // not a user row", with no word of the tombstone nor what to do with it.
    const race = { requests: 1000, keys: 20, readRatio: 0.7, invalidation: 'cdc' } as const;
    await expect(
      run({ read: READ_STARTER }, { ...race, readMitigation: 'versioned-fill' }),
    ).rejects.toThrow(
      /Your read path returned a version tombstone at line \d+, not a user row: .*Treat a value with "tombstone": true as a miss/,
    );
  });

  it('stops the run when the read path throws mid-run, with the message and the line', async () => {
    const buggy = READ_STARTER.replace(
      'const key = cacheKey(id);',
      "const key = cacheKey(id);\n  if (id === 7) throw new Error('no user 7 today');",
    );
    const line = buggy.split('\n').findIndex((l) => l.includes('no user 7')) + 1;
    await expect(run({ read: buggy })).rejects.toThrow(
      new RegExp(
        `^request [\\d,]+ \\(read of user:7\\) failed, so the run stopped\\. Your read path failed: line ${line}: threw: no user 7 today$`,
      ),
    );
  });

  it('refuses MULTI and WATCH, saying why: the lab’s connections are shared by the requests in flight', async () => {
    // WATCH is the first command: uncaught, its refusal stops the run at the first read, with
    // the words the code got. Caught, the read goes on without it and the run completes.
    const watching = READ_STARTER.replace(
      'const key = cacheKey(id);',
      "const key = cacheKey(id);\n  yield redis('WATCH', key);",
    );
    await expect(run({ read: watching })).rejects.toThrow(
      /Your read path failed: line \d+: threw: ERR WATCH is not supported in the workload lab: its connections \(app1, app2 \.\.\.\) are shared by every request in flight, so one request's MULTI would queue another's commands and its WATCH would cover another's EXEC\. Run it in the sandbox or the interleaving explorer/,
    );
    const caught = READ_STARTER.replace(
      'const key = cacheKey(id);',
      "const key = cacheKey(id);\n  try { yield redis('MULTI'); } catch (e) {}",
    );
    const yours = await run({ read: caught, write: WRITE_STARTERS.invalidate });
    // Nothing was queued (a queued GET would answer QUEUED, no row, and stop the run): each
    // read's MULTI is one cache error, and its GET ran, a hit or a miss.
    const { hits, misses, cacheErrors } = yours.summary;
    expect(hits).toBeGreaterThan(0);
    expect(cacheErrors).toBe(hits + misses);
  });

  it('stops the run when the read path loops without a step, naming the looping line', async () => {
    const looping = READ_STARTER.replace(
      'const key = cacheKey(id);',
      'const key = cacheKey(id);\n  let spins = 0;\n  while (id === 7) {\n    spins++;\n  }',
    );
    const line = looping.split('\n').findIndex((l) => l.includes('spins++')) + 1;
    // One run, its refusal read twice: each run spins until the sandbox stops it.
    const stopped = run({ read: looping });
    await expect(stopped).rejects.toThrow(
      /\(read of user:7\) failed, so the run stopped\. Your read path failed: line \d+: was stopped: it ran too long/,
    );
    await expect(stopped).rejects.toThrow(new RegExp(`line (${line}|${line - 1}): was stopped`));
  }, 30_000);
});

// A write path that sets the cache before its UPDATE commits: reads that hit its copy while
// the UPDATE is still to come read ahead of the database (dirty reads), as in the sandbox. They
// are not rows the database never had, which would stop the run.
it('a write path that sets the cache first: reads ahead of its UPDATE do not stop the run', async () => {
  const setFirst = `function* write(id, changes, ctx) {
  const row = yield selectUser(id);
  if (row === null) return;
  // Without updated_at, which the database stamps as the UPDATE commits: the copy is the row.
  const { updated_at, ...rest } = row;
  yield redis('SET', cacheKey(id), JSON.stringify({ ...rest, ...changes, version: row.version + 1 }), ...expiry(ctx));
  yield updateUser(id, changes);
}
`;
  const { summary } = await run(
    { read: READ_STARTER, write: setFirst },
    { requests: 500, keys: 20, rate: 400, readRatio: 0.9 },
  );
  expect(summary.requests).toBe(500);
});
