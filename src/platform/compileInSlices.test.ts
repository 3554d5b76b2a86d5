import { describe, expect, it } from 'vitest';
import { addLineProbes } from './lineProbes';
import { loadQuickJsNode } from './quickjsNode';
import {
  compileLearnerProgram,
  compileLearnerProgramInSlices,
  type CompileResult,
} from './quickjsSandbox';
import { isStoppedFailure } from './sandboxErrors';

const READ = `function* read(id, ctx) {
  const cached = yield redis('GET', cacheKey(id));
  if (cached !== null) return cached;
  return yield selectUser(id);
}`;

/** Programs whose compile takes each of its paths: compiled, and each way of not compiling. */
const PROGRAMS: Record<string, string> = {
  compiles: READ,
  'a syntax error': 'function* read(id) {\n  const x = ;\n}',
  'a } too many': `${READ}\n}\nfunction* write() {}`,
  'a { never closed': 'function* read(id) {\n  if (id) {\n',
  'ends mid-expression': `${READ}\nconst ttl =`,
  'top-level code that throws': `${READ}\nnull.x;`,
  'top-level code that loops': `${READ}\nfor (;;) {}`,
  'no read path': 'const x = 1;',
  'nested too deep for the parser': `function* read(id) {\n  return ${'('.repeat(5000)}1${')'.repeat(5000)};\n}`,
};

/**
 * What a compile came to, without its handles (a program's runner is not comparable). A guard's
 * stop is one outcome whether its polls or the clock stopped it: on a busy machine the clock can
 * stop one compile and the polls the other.
 */
const outcome = (result: CompileResult) => {
  if (!result.ok)
    return isStoppedFailure(result.error) ? { ...result, error: 'stopped by the guard' } : result;
  const run = result.program.runner.start([3, {}]);
  const first = 'fail' in run ? run : run.resume({ reply: undefined });
  result.program.dispose();
  return { ok: true, first };
};

describe('compileLearnerProgramInSlices', () => {
  it.each(Object.entries(PROGRAMS))(
    'ends as the compile in one piece does, for a program with %s',
    async (_, source) => {
      const quickjs = await loadQuickJsNode();
      const whole = outcome(compileLearnerProgram(quickjs, 'read', source));
      const sliced = outcome(
        await compileLearnerProgramInSlices(quickjs, 'read', source, {
          probe: (s) => Promise.resolve(addLineProbes(s)),
          pause: () => Promise.resolve(),
        }),
      );
      expect(sliced).toEqual(whole);
    },
  );

  it('asks for its line probes instead of parsing them, and lets the page run between QuickJS compiling the code and running it', async () => {
    const quickjs = await loadQuickJsNode();
    const done: string[] = [];
    const result = await compileLearnerProgramInSlices(quickjs, 'read', READ, {
      probe: (source) => {
        done.push(`probe ${source === READ}`);
        return Promise.resolve(addLineProbes(source));
      },
      pause: () => {
        done.push('pause');
        return Promise.resolve();
      },
    });
    expect(result.ok).toBe(true);
    if (result.ok) result.program.dispose();
    // Probed off the thread first; then a task each: compiling the code alone, compiling and
    // running it in its factory, freezing the built-ins, then the instance that checks it.
    expect(done).toEqual(['probe true', 'pause', 'pause', 'pause']);
  });
});
