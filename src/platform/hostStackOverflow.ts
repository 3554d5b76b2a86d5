import { group } from './groupDigits';

/**
 * The page's own stack running out inside QuickJS (code nested too deep for its parser): how it is
 * told apart from the learner's errors, and what the learner is told of it.
 */

/**
 * The line where the code's brackets, `(`, `[` and `{`, nest deepest (the first line to reach
 * that depth), and the depth, read roughly: strings, template text and comments are skipped, a
 * regular expression is not told from a division.
 */
export function deepestNesting(source: string): { depth: number; line: number } {
  let depth = 0;
  let deepest = { depth: 0, line: 1 };
  let line = 1;
  // What each open bracket or template is, to close a template's \${...} back into its text.
  const open: string[] = [];
  let i = 0;
  const skipTo = (end: string) => {
    for (; i < source.length && !source.startsWith(end, i); i++) if (source[i] === '\n') line++;
    i += end.length;
  };
  const skipTemplateText = () => {
    for (; i < source.length; i++) {
      const c = source[i];
      if (c === '\n') line++;
      else if (c === '\\') i++;
      else if (c === '`') {
        i++;
        return;
      } else if (c === '$' && source[i + 1] === '{') {
        open.push('${');
        depth++;
        i += 2;
        return;
      }
    }
  };
  while (i < source.length) {
    const c = source[i];
    if (c === '\n') line++;
    if (c === '/' && source[i + 1] === '/') {
      // To the line's end, which the loop then counts.
      for (; i < source.length && source[i] !== '\n';) i++;
    } else if (c === '/' && source[i + 1] === '*') {
      i += 2;
      skipTo('*/');
    } else if (c === "'" || c === '"') {
      for (i++; i < source.length && source[i] !== c && source[i] !== '\n'; i++)
        if (source[i] === '\\') i++;
      if (source[i] === c) i++;
    } else if (c === '`') {
      i++;
      skipTemplateText();
    } else if (c === '(' || c === '[' || c === '{') {
      open.push(c);
      depth++;
      if (depth > deepest.depth) deepest = { depth, line };
      i++;
    } else if (c === ')' || c === ']' || c === '}') {
      const was = open.pop();
      depth = Math.max(0, depth - 1);
      i++;
      if (was === '${') skipTemplateText();
    } else i++;
  }
  return deepest;
}

/**
 * QuickJS's parser recurses in C once a level of nesting, and its stack check does not see all of
 * it: 700 parentheses inside one another (1.4 kB of code) ran the page's own stack out while Run
 * compiled them, a RangeError out of WebAssembly that the page told as "the sandbox your code
 * runs in (QuickJS) did not load".
 */
export const nestedTooDeep = (depth: number): string =>
  `nests too deep for this sandbox's parser: compiling it ran the page's own stack out` +
  (depth > 100 ? ` (its brackets nest ${group(depth)} deep)` : '') +
  '. Write it with less nesting (a few hundred levels is already too many here)';

/** What a call that ran the page's own stack out fails with (see `isBroken` in learnerRunner.ts). */
export const STACK_RAN_OUT =
  "ran the page's own stack out inside the sandbox (code nested too deep for QuickJS's parser, such as an eval or new Function of a few hundred brackets inside one another): this version of your code cannot run again until you press Run my version";
/** What every later call of that version fails with. */
export const BROKEN_BEFORE =
  "cannot run: an earlier request of this version of your code ran the page's own stack out inside the sandbox; press Run my version to start it afresh";

/** Whether the host threw for its own stack running out (V8's RangeError, Firefox's InternalError). */
export const isHostStackOverflow = (error: unknown): boolean =>
  error instanceof RangeError ||
  (error instanceof Error && error.name === 'InternalError' && /recursion/i.test(error.message));
