import type { QuickJSContext } from 'quickjs-emscripten-core';

/**
 * A failure "'name' is read-only" told better: why, when the name is one the sandbox froze, and
 * the line of the assignment, where QuickJS names another.
 */

/**
 * Why a name the frozen global object holds cannot be assigned (`globalThis.Array = 1`,
 * `cacheKey = ...`), where QuickJS says only "'Array' is read-only", as it does of a `const`.
 */
const GLOBAL_READ_ONLY_WHY =
  'the sandbox freezes its global object and built-ins, its helpers (cacheKey, redis, ...) among them, so that no request leaves anything behind for the next and every run replays the same: none of them can be assigned. Keep the value in a variable or an object of your own';

/**
 * A failure "'name' is read-only" told with why, when the name is the sandbox's: one its global
 * object holds and the learner's code declares no `const` of (a const of their own, or a
 * property of an object they froze, keeps QuickJS's words).
 */
export function withGlobalReadOnlyWhy<T extends { error: string }>(
  vm: QuickJSContext,
  source: string,
  failure: T,
): T {
  const m = /^threw TypeError: '([\p{L}\p{N}_$]+)' is read-only$/u.exec(failure.error);
  if (!m) return failure;
  const name = m[1];
  const escaped = name.replace(/\$/g, '\\$');
  const ownConst = new RegExp(
    `\\bconst\\s+[^;=]*(?<![\\p{L}\\p{N}_$.])${escaped}(?![\\p{L}\\p{N}_$])`,
    'u',
  );
  if (ownConst.test(source)) return failure;
  const held = vm.evalCode(
    `Object.prototype.hasOwnProperty.call(globalThis, ${JSON.stringify(name)})`,
    'prelude.js',
  );
  if (held.error) {
    held.error.dispose();
    return failure;
  }
  const isGlobal = vm.dump(held.value) === true;
  held.value.dispose();
  return isGlobal ? { ...failure, error: `${failure.error} (${GLOBAL_READ_ONLY_WHY})` } : failure;
}

/**
 * The line of an assignment to a `const` that threw "'c' is read-only": QuickJS names the line
 * of the function's last statement for it, not the assignment's (`const c = 5; c = 1;` on lines
 * 2 and 3 of a five-line function failed "at line 5"). The one line that assigns to that name
 * (`c = `, `c += `, `c++`, not `o.c = `), when the line QuickJS named does not; else null.
 */
export function constAssignmentLine(
  source: string,
  failure: { error: string; line: number | null },
): number | null {
  const m = /^threw TypeError: '([\p{L}\p{N}_$]+)' is read-only$/u.exec(failure.error);
  if (!m) return null;
  const name = m[1].replace(/\$/g, '\\$');
  const op = '\\s*(?:(?:[-+*/%&|^]|\\*\\*|<<|>>>?|&&|\\|\\||\\?\\?)?=(?![=>])|\\+\\+|--)';
  const end = '(?![\\p{L}\\p{N}_$])';
  // Any assignment to the name, a property's too (`o.c = 1` on a frozen object is named right).
  const anyAssign = new RegExp(`${name}${op}|(?:\\+\\+|--)\\s*${name}${end}`, 'u');
  const lines = source.split('\n');
  if (failure.line !== null && anyAssign.test(lines[failure.line - 1] ?? '')) return null;
  // A variable's, not its declaration's: `c = 1`, `c += 1`, `c++`, `--c`.
  const before = '(?<![.\\p{L}\\p{N}_$])(?<!\\b(?:const|let|var)\\s+)';
  const assigns = new RegExp(`${before}${name}${op}|(?:\\+\\+|--)\\s*${name}${end}`, 'u');
  const found = lines.flatMap((text, i) => (assigns.test(text) ? [i + 1] : []));
  return found.length === 1 ? found[0] : null;
}
