import { describe, expect, it } from 'vitest';
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

  it('stops the run when the read path loops without a step, naming the looping line', async () => {
    const looping = READ_STARTER.replace(
      'const key = cacheKey(id);',
      'const key = cacheKey(id);\n  let spins = 0;\n  while (id === 7) {\n    spins++;\n  }',
    );
    const line = looping.split('\n').findIndex((l) => l.includes('spins++')) + 1;
    await expect(run({ read: looping })).rejects.toThrow(
      /\(read of user:7\) failed, so the run stopped\. Your read path failed: line \d+: was stopped: it ran too long/,
    );
    await expect(run({ read: looping })).rejects.toThrow(
      new RegExp(`line (${line}|${line - 1}): was stopped`),
    );
  }, 30_000);
});
