import type { SyntaxNode } from '@lezer/common';
import { parser } from '@lezer/javascript';

/** The function each probe calls (the sandbox's prelude defines it as a no-op). */
export const PROBE = '__at';

/**
 * The function a yield's operand passes through with the yield's line (the prelude keeps the
 * line and hands the value back): a yield of something that is not a step carries no line of its
 * own, and the generator, once suspended, tells none.
 */
export const YIELD_PROBE = '__y';

/**
 * The function a generator's `return` value passes through with the return's line: the
 * statements of a `finally` that run after it would otherwise be the line the return is told at.
 */
export const RETURN_PROBE = '__r';

/**
 * The function a `throw`'s value passes through with the throw's line: a thrown Error's stack
 * is the learner's to rewrite (`e.stack = '...'`), so the line it was thrown at is noted here.
 */
export const THROW_PROBE = '__t';

/**
 * Adds a call to a no-op function before every statement in a block or at the top level, and
 * around every loop body that is not a block, without adding or moving any line. Why: QuickJS
 * names an interrupted frame's line from the last call that frame made, so without the probes
 * an endless loop that calls nothing is reported at its function's first line; with them, at the
 * statement it was running (a stopped call takes the line the last probe noted). Code that does
 * not parse is left as it is (QuickJS then reports the syntax error).
 */
export function addLineProbes(source: string): string {
  const tree = parser.parse(source);
  let isBroken = false;
  const inserts: { at: number; order: number; text: string }[] = [];
  const lineAt = lineOf(source);
  // Each probe passes its statement's line: a thrown plain value (`throw 'no row'`) has no
  // stack, and the last probe that ran names the line it was thrown at.
  const probe = (at: number) => `;${PROBE}(${lineAt(at)});`;
  tree.iterate({
    enter(ref) {
      if (ref.type.isError) {
        isBroken = true;
        return false;
      }
      const node = ref.node;
      // The top level's statements too: that code runs (inside the factory that makes each
      // instance) when Run compiles it, and a loop there is stopped like any other.
      if (node.name === 'Block' || node.name === 'Script')
        for (let child = node.firstChild; child; child = child.nextSibling)
          if (isStatement(child))
            inserts.push({ at: child.from, order: 2, text: probe(child.from) });
      inserts.push(...yieldProbes(source, node, lineAt));
      inserts.push(...exitProbes(source, node, lineAt));
      const body = loopBody(node);
      if (body && body.name !== 'Block') {
        inserts.push({ at: body.from, order: 1, text: `{${probe(body.from)}` });
        inserts.push({ at: body.to, order: 0, text: '}' });
      }
      return undefined;
    },
  });
  if (isBroken || inserts.length === 0) return source;
  inserts.sort((a, b) => a.at - b.at || a.order - b.order);
  let out = '';
  let from = 0;
  for (const { at, text } of inserts) {
    out += source.slice(from, at) + text;
    from = at;
  }
  return out + source.slice(from);
}

/**
 * `yield x` becomes `yield __y(line, x)`, so the line is noted after `x` ran (a helper `x` calls
 * may yield too); a bare `yield` (a `yield` name, to the parser) becomes `(__y(line), yield)`.
 * `yield*` is left alone (its steps are the inner generator's), and so is a `yield` whose operand
 * starts on a later line, which JavaScript reads as a bare yield and the parser does not.
 */
function yieldProbes(
  source: string,
  node: SyntaxNode,
  lineAt: (offset: number) => number,
): { at: number; order: number; text: string }[] {
  if (node.name === 'VariableName' && source.slice(node.from, node.to) === 'yield')
    return [
      { at: node.from, order: 3, text: `(${YIELD_PROBE}(${lineAt(node.from)}), ` },
      { at: node.to, order: -1, text: ')' },
    ];
  const keyword = node.firstChild;
  const operand = keyword?.nextSibling;
  if (node.name !== 'YieldExpression' || !keyword || !operand || operand.name === 'Star') return [];
  if (source.slice(keyword.to, operand.from).includes('\n')) return [];
  return [
    { at: keyword.to, order: 3, text: ` ${YIELD_PROBE}(${lineAt(node.from)},` },
    { at: node.to, order: -1, text: ')' },
  ];
}

/**
 * `throw x` becomes `throw __t(line, (x))`, and in a generator `return x` becomes
 * `return __r(line, (x))` (`return` alone, `return __r(line)`), so the line is noted once the
 * value is made, as the statement leaves. A return in a function that is not a generator is a
 * helper's, not the request's: left alone (a helper a \`finally\` calls would take the line).
 */
function exitProbes(
  source: string,
  node: SyntaxNode,
  lineAt: (offset: number) => number,
): { at: number; order: number; text: string }[] {
  if (node.name !== 'ReturnStatement' && node.name !== 'ThrowStatement') return [];
  const keyword = node.firstChild;
  if (!keyword) return [];
  const isReturn = node.name === 'ReturnStatement';
  if (isReturn && !isInGenerator(node)) return [];
  const probe = isReturn ? RETURN_PROBE : THROW_PROBE;
  const line = lineAt(node.from);
  const value = keyword.nextSibling;
  if (!value || value.name === ';' || source.slice(keyword.to, value.from).includes('\n'))
    return isReturn ? [{ at: keyword.to, order: 4, text: ` ${probe}(${line})` }] : [];
  return [
    // Before a bare yield's probe that starts here.
    { at: value.from, order: 2.5, text: `${probe}(${line}, (` },
    // After a yield's probe that ends here, before a loop body's closing brace.
    { at: value.to, order: -0.5, text: '))' },
  ];
}

/** Whether the function a statement belongs to is a generator (`function*`, `*method()`). */
function isInGenerator(node: SyntaxNode): boolean {
  for (let up = node.parent; up; up = up.parent) {
    if (up.name === 'ArrowFunction') return false;
    if (up.getChild('ParamList')) return up.getChild('Star') !== null;
  }
  return false;
}

/** The 1-based line of each offset of `source`. */
function lineOf(source: string): (offset: number) => number {
  const starts = [0];
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

const NOT_STATEMENTS = new Set(['{', '}', 'LineComment', 'BlockComment']);
const isStatement = (node: SyntaxNode): boolean => !NOT_STATEMENTS.has(node.name);

/** The statement a loop repeats (`do` has it after its keyword; the others last). */
function loopBody(node: SyntaxNode): SyntaxNode | null {
  if (node.name === 'WhileStatement' || node.name === 'ForStatement') return node.lastChild;
  if (node.name === 'DoStatement') return node.firstChild?.nextSibling ?? null;
  return null;
}

/**
 * Whether an `await` on `line` (1-based) stands outside every function: at the top level, which
 * runs once when Run compiles the code, where no step can be taken.
 */
export function awaitsAtTopLevel(source: string, line: number): boolean {
  const lineAt = lineOf(source);
  let found = false;
  parser.parse(source).iterate({
    enter(ref) {
      if (found) return false;
      if (ref.name === 'ArrowFunction' || ref.node.getChild('ParamList')) return false;
      if (ref.name === 'await' && lineAt(ref.from) === line) found = true;
      return undefined;
    },
  });
  return found;
}
