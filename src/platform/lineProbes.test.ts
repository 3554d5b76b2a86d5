import { describe, expect, it } from 'vitest';
import { addLineProbes } from './lineProbes';

describe('addLineProbes', () => {
  it('probes each statement of a block and of the top level, and wraps a loop body that is not one, on the same lines', () => {
    const source =
      'function* read(id) {\n  let s = 0\n  while (true) s++;\n  do s--; while (s > 0)\n}';
    const probed = addLineProbes(source);
    expect(probed).toBe(
      ';__at(1);function* read(id) {\n  ;__at(2);let s = 0\n  ;__at(3);while (true) {;__at(3);s++;}\n  ;__at(4);do {;__at(4);s--;} while (s > 0)\n}',
    );
    expect(probed.split('\n')).toHaveLength(source.split('\n').length);
  });

  it("notes each yield's line as it yields (a bare one too), and leaves yield* and a yield ended by a line break alone", () => {
    const source =
      'function* read(id) {\n  const a = yield redis("GET", k), b = yield;\n  while (a) yield\n    1;\n  return yield* more(yield 2);\n}';
    const probed = addLineProbes(source);
    expect(probed).toBe(
      ';__at(1);function* read(id) {\n  ;__at(2);const a = yield __y(2, redis("GET", k)), b = (__y(2), yield);\n  ;__at(3);while (a) {;__at(3);yield\n    1;}\n  ;__at(5);return __r(5, (yield* more(yield __y(5, 2))));\n}',
    );
    expect(probed.split('\n')).toHaveLength(source.split('\n').length);
  });

  it("notes a generator's return line and a throw's line as they leave, not a helper's return", () => {
    const source =
      "function* read(id) {\n  if (id) return;\n  if (!id) throw new MyErr('x');\n  return a, b;\n}\nfunction f() { return 1; }";
    expect(addLineProbes(source)).toBe(
      ";__at(1);function* read(id) {\n  ;__at(2);if (id) return __r(2);\n  ;__at(3);if (!id) throw __t(3, (new MyErr('x')));\n  ;__at(4);return __r(4, (a, b));\n}\n;__at(6);function f() { ;__at(6);return 1; }",
    );
  });

  it('leaves code that does not parse as it is, for QuickJS to report', () => {
    const broken = 'function* read(id) {\n  while (\n}';
    expect(addLineProbes(broken)).toBe(broken);
  });
});
