// @vitest-environment jsdom
// A request that fails at its first step (a throw on the miss, a loop the time limit stops) took
// one step: the count said "A: 1 step" as if that were all a read takes, where the grid says A
// failed. The count says it failed, from the count's own runs.
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { expect, it } from 'vitest';
import { countEstimate, type InterleavingCount } from '../engine/interleavingCount';
import { learnerReadProgram } from '../engine/programs/learner';
import type { SimAction } from '../engine/simAction';
import { loadQuickJsNode } from '../platform/quickjsNode';
import { compileLearnerProgram } from '../platform/quickjsSandbox';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { CountWords } from './CountWords';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function shown(count: InterleavingCount): string {
  const container = document.createElement('div');
  const root = createRoot(container);
  act(() => root.render(<CountWords count={count} limit={1000} />));
  const text = container.textContent ?? '';
  act(() => root.unmount());
  return text;
}

const race: SimAction[] = [
  { type: 'read', actor: 'A', id: 1 },
  { type: 'write', actor: 'B', id: 1, changes: { name: 'New' } },
];

async function counted(readSource: string): Promise<InterleavingCount> {
  const compiled = compileLearnerProgram(await loadQuickJsNode(), 'read', readSource);
  if (!compiled.ok) throw new Error(compiled.error);
  const programs = { read: learnerReadProgram(compiled.program.runner) };
  return countEstimate(
    await loadSqlJsNode(),
    { config: { actors: ['A', 'B'], rows: 10 }, setup: race },
    programs,
  );
}

it.each([
  [
    'throws on the miss',
    "function* read(id) {\n  const hit = yield redis('GET', cacheKey(id));\n  if (hit === null) throw new Error('miss');\n  return JSON.parse(hit);\n}",
  ],
  ['loops without a step', 'function* read(id) {\n  while (true) {}\n}'],
])('a read that %s: the count says A failed, not only that it took 1 step', async (_, source) => {
  const count = await counted(source);
  expect(count.failed).toEqual(['A']);
  const text = shown(count);
  expect(text).toContain('A: 1 step, then failed');
  expect(text).toContain('A failed in every order tried');
  expect(text).not.toMatch(/B: \d+ steps?, then failed/);
});

it('ours: no request is said to fail', async () => {
  const count = await countEstimate(await loadSqlJsNode(), {
    config: { actors: ['A', 'B'], rows: 10 },
    setup: race,
  });
  expect(count.failed).toBeUndefined();
  expect(shown(count)).not.toContain('failed');
});
