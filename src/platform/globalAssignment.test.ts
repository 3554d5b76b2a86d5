import { describe, expect, it } from 'vitest';
import { loadQuickJsNode } from './quickjsNode';
import { compileLearnerProgram } from './quickjsSandbox';

/** Compiles `source` as the read path and runs its first turn: the failure the page would tell. */
const firstTurn = async (source: string) => {
  const compiled = compileLearnerProgram(await loadQuickJsNode(), 'read', source);
  if (!compiled.ok) return { compileError: compiled.error, line: compiled.line };
  try {
    const run = compiled.program.runner.start([1, {}]);
    return 'fail' in run ? run : run.resume({ reply: undefined });
  } finally {
    compiled.program.dispose();
  }
};

const FROZEN =
  'threw TypeError: object is not extensible (no property can be added to a frozen object: the sandbox freezes its global object and built-ins, so that no request leaves anything behind for the next and every run replays the same; an object your code froze or sealed takes none either. Keep the value in a variable or an object of your own)';

describe('a global your code adds', () => {
  it('is refused with a sentence saying what the sandbox refuses and why, at its line', async () => {
    expect(
      await firstTurn('function* read(id) {\n  globalThis.hits = 1;\n  return null;\n}'),
    ).toEqual({ fail: FROZEN, line: 2 });
    // At the top level, when Run compiles it.
    expect(
      await firstTurn('globalThis.hits = 0;\nfunction* read(id) {\n  return null;\n}'),
    ).toEqual({ compileError: FROZEN, line: 1 });
    expect(
      await firstTurn(
        "function* read(id) {\n  Object.defineProperty(globalThis, 'hits', { value: 1 });\n  return null;\n}",
      ),
    ).toEqual({ fail: FROZEN, line: 2 });
  });

  it('leaves an object of your own as it was: one not frozen takes the property', async () => {
    expect(
      await firstTurn('function* read(id) {\n  const o = {};\n  o.hits = 1;\n  return null;\n}'),
    ).toEqual({ done: null });
  });
});

/** QuickJS's words for a name the frozen global object holds, then the sandbox's sentence. */
const readOnly = (name: string) =>
  `threw TypeError: '${name}' is read-only (the sandbox freezes its global object and built-ins, its helpers (cacheKey, redis, ...) among them, so that no request leaves anything behind for the next and every run replays the same: none of them can be assigned. Keep the value in a variable or an object of your own)`;

describe('a global your code assigns', () => {
  it('is refused with a sentence saying what the sandbox freezes and why, at its line', async () => {
    expect(
      await firstTurn('function* read(id) {\n  globalThis.Array = 1;\n  return null;\n}'),
    ).toEqual({ fail: readOnly('Array'), line: 2 });
    // A helper of the sandbox's, assigned as a bare name.
    expect(
      await firstTurn(
        "function* read(id) {\n  cacheKey = (i) => 'u' + i;\n  return yield selectUser(id);\n}",
      ),
    ).toEqual({ fail: readOnly('cacheKey'), line: 2 });
    // At the top level, when Run compiles it.
    expect(await firstTurn('Array = 1;\nfunction* read(id) {\n  return null;\n}')).toEqual({
      compileError: readOnly('Array'),
      line: 1,
    });
  });

  it("leaves the learner's own const and frozen object with QuickJS's words: they are not the sandbox's", async () => {
    // A const of the learner's own that shadows a global's name is theirs.
    expect(
      await firstTurn('function* read(id) {\n  const Array = 1;\n  Array = 2;\n  return null;\n}'),
    ).toEqual({ fail: "threw TypeError: 'Array' is read-only", line: 3 });
    expect(
      await firstTurn(
        'function* read(id) {\n  const o = Object.freeze({ a: 1 });\n  o.a = 2;\n  return null;\n}',
      ),
    ).toEqual({ fail: "threw TypeError: 'a' is read-only", line: 3 });
  });
});
