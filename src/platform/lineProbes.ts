import type { SyntaxNode } from '@lezer/common';
import { parser } from '@lezer/javascript';

/** The function each probe calls (the sandbox's prelude defines it as a no-op). */
export const PROBE = '__at';

/**
 * Adds a call to a no-op function before every statement in a block, and around every loop body
 * that is not a block, without adding or moving any line. Why: QuickJS names an interrupted
 * frame's line from the last call that frame made, so without the probes an endless loop that
 * calls nothing is reported at its function's first line; with them, at the statement it was
 * running. Code that does not parse is left as it is (QuickJS then reports the syntax error).
 */
export function addLineProbes(source: string): string {
  const tree = parser.parse(source);
  let isBroken = false;
  const inserts: { at: number; order: number; text: string }[] = [];
  const probe = `;${PROBE}();`;
  tree.iterate({
    enter(ref) {
      if (ref.type.isError) {
        isBroken = true;
        return false;
      }
      const node = ref.node;
      if (node.name === 'Block')
        for (let child = node.firstChild; child; child = child.nextSibling)
          if (isStatement(child)) inserts.push({ at: child.from, order: 2, text: probe });
      const body = loopBody(node);
      if (body && body.name !== 'Block') {
        inserts.push({ at: body.from, order: 1, text: `{${probe}` });
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

const NOT_STATEMENTS = new Set(['{', '}', 'LineComment', 'BlockComment']);
const isStatement = (node: SyntaxNode): boolean => !NOT_STATEMENTS.has(node.name);

/** The statement a loop repeats (`do` has it after its keyword; the others last). */
function loopBody(node: SyntaxNode): SyntaxNode | null {
  if (node.name === 'WhileStatement' || node.name === 'ForStatement') return node.lastChild;
  if (node.name === 'DoStatement') return node.firstChild?.nextSibling ?? null;
  return null;
}
