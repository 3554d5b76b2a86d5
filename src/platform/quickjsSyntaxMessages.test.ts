import { describe, expect, it } from 'vitest';
import { loadQuickJsNode } from './quickjsNode';
import { compileLearnerProgram } from './quickjsSandbox';

const READ = "function* read(id, ctx) {\n  return yield redis('GET', cacheKey(id));\n}";

/** What Run says of the code: the error and its line, or that it compiled. */
async function runSays(source: string): Promise<{ error: string; line: number | null } | 'runs'> {
  const result = compileLearnerProgram(await loadQuickJsNode(), 'read', source);
  if (!result.ok) return { error: result.error, line: result.line };
  result.program.dispose();
  return 'runs';
}

/**
 * QuickJS's own words for these syntax errors read as riddles to a learner ("invalid first
 * character of private name" for a `#!` line, "undefined private field" with no line at all):
 * each is told at its line, in the learner's terms, with QuickJS's words kept after it.
 */
describe("a syntax error QuickJS words confusingly, told in the learner's terms", () => {
  it('runs a #! line at the very top, as JavaScript allows, and names one further down', async () => {
    expect(await runSays(`#!/usr/bin/env node\n${READ}`)).toBe('runs');
    expect(await runSays(`${READ}\n#!/usr/bin/env node`)).toEqual({
      line: 4,
      error:
        'a #! line (a hashbang) is allowed only as the very first line of the code, where it is ignored: delete this one, or make it a comment with // (threw SyntaxError: invalid first character of private name)',
    });
  });

  it('says # does not start a comment', async () => {
    expect(await runSays(`# my read path\n${READ}`)).toEqual({
      line: 1,
      error:
        "# does not start a comment in JavaScript: write // (a # starts a class's private name, as in this.#count) (threw SyntaxError: invalid first character of private name)",
    });
  });

  it('names the line of a private field no class declares, where QuickJS names none', async () => {
    expect(
      await runSays(`${READ}\nclass Counter {\n  bump() {\n    return ++this.#count;\n  }\n}`),
    ).toEqual({
      line: 6,
      error:
        "#count is a private field that no class around it declares: declare it in the class's body (#count = 0;) to use this.#count, or use an ordinary property (this.count) (threw SyntaxError: undefined private field '#count')",
    });
  });

  it('names a parameter given twice, which strict mode refuses, at its line', async () => {
    expect(await runSays(`function pick(a, b, a) {\n  return a;\n}\n${READ}`)).toEqual({
      line: 1,
      error:
        'two parameters of a function here are both named a: your code runs in strict mode, where each parameter needs a name of its own (threw SyntaxError: duplicate argument names not allowed in this context)',
    });
  });

  it('says how many parameters a getter and a setter take', async () => {
    expect(await runSays(`const o = {\n  get total(x) { return 1; },\n};\n${READ}`)).toEqual({
      line: 2,
      error:
        'a getter takes no parameters, get total() { ... }, and a setter exactly one, set total(value) { ... } (threw SyntaxError: invalid number of arguments for getter or setter)',
    });
  });

  it('says yield works only in a function* of its own, not in a plain function or a callback', async () => {
    const hint =
      "yield works only in a generator function, written function* (with the star), and directly in its body, not in a callback or an arrow function inside it: to yield a step for each item, loop with for...of rather than forEach or map (threw SyntaxError: unexpected 'yield' keyword)";
    expect(
      await runSays("function read(id) {\n  const cached = yield redis('GET', cacheKey(id));\n}"),
    ).toEqual({ line: 2, error: hint });
    expect(
      await runSays(
        "function* read(id) {\n  [1, 2].forEach((n) => {\n    yield redis('DEL', cacheKey(n));\n  });\n}",
      ),
    ).toEqual({ line: 3, error: hint });
  });

  it('names a regular expression flag JavaScript does not have', async () => {
    expect(await runSays(`${READ}\nconst pattern = /user:\\d+/x;`)).toEqual({
      line: 4,
      error:
        "a regular expression's flags are d, g, i, m, s, u, v and y, each at most once: /…/x has x (threw SyntaxError: invalid regular expression flags)",
    });
    expect(await runSays(`${READ}\nconst pattern = /user/gig;`)).toMatchObject({
      line: 4,
      error: expect.stringMatching(/^a regular expression's flags .*: \/…\/gig has g twice \(/),
    });
  });

  it('says a continue or break names a label no loop around it has', async () => {
    expect(
      await runSays(
        "function* read(id) {\n  for (const k of ['a']) {\n    if (k) continue next;\n  }\n  return null;\n}",
      ),
    ).toEqual({
      line: 3,
      error:
        'continue next: no loop around it is labelled next (a label goes just before its loop, as in next: for (...) { ... }, in the same function; continue may name only a loop) (threw SyntaxError: break/continue label not found)',
    });
    expect(
      await runSays('function* read(id) {\n  while (true) break done;\n  return null;\n}'),
    ).toMatchObject({
      line: 2,
      error: expect.stringMatching(/^break done: no statement around it is labelled done \(/),
    });
  });

  it('says a break or continue inside a callback is outside any loop', async () => {
    expect(
      await runSays('function* read(id) {\n  [1].forEach((n) => {\n    continue;\n  });\n}'),
    ).toEqual({
      line: 3,
      error:
        "continue works only inside a loop of the same function: in a callback, such as forEach's, return ends that item's call instead, or loop with for...of (threw SyntaxError: continue must be inside loop)",
    });
  });

  it('says the code runs in strict mode where strict mode is why it does not compile', async () => {
    expect(await runSays(`const mode = 0644;\n${READ}`)).toEqual({
      line: 1,
      error:
        'your code runs in strict mode, which has no legacy octal numbers: write 0o644 for an octal number, or drop the leading 0 (threw SyntaxError: octal literals are deprecated in strict mode)',
    });
    expect(await runSays(`let n = 1;\ndelete n;\n${READ}`)).toMatchObject({
      line: 2,
      error: expect.stringMatching(/^your code runs in strict mode, where delete removes/),
    });
  });

  it('tells a top-level new.target as what it is, not as braces never closed', async () => {
    expect(await runSays(`${READ}\nconst made = new.target;`)).toMatchObject({
      line: 4,
      error: 'threw SyntaxError: new.target only allowed within functions',
    });
  });

  it('says a character that cannot be part of a name cannot', async () => {
    expect(await runSays(`const 🙂 = 1;\n${READ}`)).toEqual({
      line: 1,
      error:
        "🙂 cannot be part of a name (a name is made of letters, digits, _ and $); in a string it is fine, as in '🙂' (threw SyntaxError: unexpected character)",
    });
    expect(await runSays(`const café = '☕ 名前 مرحبا';\n${READ}`)).toBe('runs');
  });
});

/** What a request of the read path says when it fails before its first step. */
async function requestSays(body: string): Promise<unknown> {
  const result = compileLearnerProgram(
    await loadQuickJsNode(),
    'read',
    `function* read(id) {\n${body}\n}`,
  );
  if (!result.ok) throw new Error(result.error);
  const run = result.program.runner.start([1, {}]);
  const out = 'fail' in run ? run : run.resume({ reply: undefined });
  result.program.dispose();
  return out;
}

describe("an error QuickJS words confusingly as the code runs, told in the learner's terms", () => {
  it("says JSON.parse's SyntaxError is about the text it was given, not the code", async () => {
    // "threw SyntaxError: unexpected token: 'not'" read as a mistake in the code itself.
    expect(await requestSays("  const cached = 'not json';\n  return JSON.parse(cached);")).toEqual(
      {
        line: 3,
        fail: "JSON.parse was given text that is not JSON: your code is fine, the value is not (a cache entry set by hand, or by other code?); check it, or catch the error and treat the entry as a miss (threw SyntaxError: unexpected token: 'not')",
      },
    );
  });

  it('says a string that grew too long did, and names a regular expression flag made at run time', async () => {
    expect(await requestSays("  let s = 'x';\n  for (;;) s += s;")).toEqual({
      line: 3,
      fail: 'a string grew past the most characters one may hold (1,073,741,823): does something grow without end? (threw InternalError: string too long)',
    });
    expect(await requestSays("  return new RegExp('user', 'x');")).toEqual({
      line: 2,
      fail: "a regular expression's flags are d, g, i, m, s, u, v and y, each at most once (threw SyntaxError: invalid regular expression flags)",
    });
  });
});

describe('an Error whose message cannot be read', () => {
  it('is told as the Error it is, not as "a value, not an Error"', async () => {
    // Its message getter threw while the sandbox read it: QuickJS handed over its name and
    // stack alone, and the request said it threw a plain value.
    expect(
      await requestSays(
        "  class Odd extends Error {\n    get message() { throw new Error('inner'); }\n  }\n  throw new Odd();",
      ),
    ).toEqual({
      // The constructor's frame, the class's line, as for any Error subclass without one.
      line: 4,
      fail: 'threw Error, whose message could not be read (a message getter that throws?)',
    });
  });
});
