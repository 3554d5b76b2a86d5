import { describe, expect, it } from 'vitest';
import { loadQuickJsNode } from './quickjsNode';
import type { CompiledLearnerProgram } from './learnerRunner';
import { compileLearnerProgram } from './quickjsSandbox';

async function compile(source: string): Promise<CompiledLearnerProgram> {
  const result = compileLearnerProgram(await loadQuickJsNode(), 'read', source);
  if (!result.ok) throw new Error(`did not compile: ${result.error}`);
  return result.program;
}

/** Runs a read to its end: the first resume as `first`, every later one with a null reply. */
function runToEnd(
  program: CompiledLearnerProgram,
  first: { reply: undefined } | { error: string },
) {
  const run = program.runner.start([1, {}]);
  if ('fail' in run) throw new Error(run.fail);
  let out = run.resume({ reply: undefined });
  for (let i = 0; i < 5 && 'step' in out; i++) out = run.resume(i === 0 ? first : { reply: null });
  return { out, returnLine: run.returnLine?.() };
}

describe('what the page says of a learner code that throws or returns', () => {
  it('tells an await at the top level that it runs once, at compile, and takes no steps', async () => {
    const source =
      'async function f() { return 1; }\nconst x = await f();\nfunction* read(id) {\n  return yield selectUser(id);\n}';
    const result = compileLearnerProgram(await loadQuickJsNode(), 'read', source);
    expect(result).toEqual({
      ok: false,
      line: 2,
      error: expect.stringContaining(
        'there is no await here: your code runs no async code, and its top-level code runs once, when Run compiles it, taking no steps',
      ) as unknown,
    });
  });

  it("names a return's own line when a finally runs statements, or yields, after it", async () => {
    const after = await compile(
      "function* read(id) {\n  try {\n    return yield redis('GET', 'k');\n  } finally {\n    const done = 1;\n  }\n}",
    );
    expect(runToEnd(after, { reply: undefined })).toMatchObject({ returnLine: 3 });
    const yielding = await compile(
      "function* read(id) {\n  try {\n    yield redis('GET', 'k');\n    return 7;\n  } finally {\n    yield redis('DEL', 'k');\n  }\n}",
    );
    expect(runToEnd(yielding, { reply: undefined })).toEqual({ out: { done: 7 }, returnLine: 4 });
    after.dispose();
    yielding.dispose();
  });

  it('names the yield of a failed command that comes out after its finally yielded again', async () => {
    const program = await compile(
      "function* read(id) {\n  try {\n    yield redis('GET', 'k');\n  } finally {\n    yield redis('DEL', 'k');\n  }\n}",
    );
    expect(runToEnd(program, { error: 'ERR boom' }).out).toEqual({
      fail: 'threw: ERR boom',
      line: 3,
    });
    program.dispose();
  });

  it("names an Error subclass's class and the line it was thrown at, not its constructor's", async () => {
    const program = await compile(
      "class MyErr extends Error {}\nfunction* read(id) {\n  yield redis('GET', 'k');\n  throw new MyErr('bad thing');\n}",
    );
    expect(runToEnd(program, { reply: undefined }).out).toEqual({
      fail: 'threw MyErr: bad thing',
      line: 4,
    });
    program.dispose();
  });

  it('names the line an Error was thrown at whatever its stack was set to', async () => {
    for (const fake of ['at read (learner.js:99)', '    at read (learner.js:1)\\n']) {
      const program = await compile(
        `function* read(id) {\n  yield redis('GET', 'k');\n  const e = new Error('boom');\n  e.stack = '${fake}';\n  throw e;\n}`,
      );
      expect(runToEnd(program, { reply: undefined }).out).toEqual({ fail: 'threw: boom', line: 5 });
      program.dispose();
    }
  });
});
