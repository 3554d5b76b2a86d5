/**
 * What an editor of the learner's code leaves to the editor that takes its place (the plain text
 * area to CodeMirror once CodeMirror has loaded): the selection, as offsets into the text, and
 * whether it had the focus. The text itself travels in the learner store.
 */
export interface EditorHandoff {
  anchor: number;
  head: number;
  hasFocus: boolean;
}

/** What either editor says when an edit would make the code longer than it may be. */
export const refusedText = (length: number, maxLength: number): string =>
  `Not taken: that would make this code ${length.toLocaleString('en-US')} characters, more than the ${maxLength.toLocaleString('en-US')} it may have.`;

/**
 * The keys of the code editors, said beside them and to assistive tech in each: Tab is left to
 * the page's focus order (so the keyboard can always leave an editor), and so does not indent.
 */
export const EDITOR_KEYS =
  'In an editor, Tab moves on to the next control and does not indent: Ctrl+] indents the line and Ctrl+[ takes an indent back (⌘ on a Mac).';

/** The text and selection after an indent or an indent taken back. */
export interface Indented {
  text: string;
  start: number;
  end: number;
}

/** CodeMirror's default indent unit, which the plain editor's Ctrl+] and Ctrl+[ use too. */
const INDENT = '  ';

/**
 * Ctrl+] (`isMore`) or Ctrl+[ in the plain editor, as CodeMirror's indentMore and indentLess do
 * them: every line the selection touches gains two spaces, or loses up to two leading ones; the
 * selection moves with its text.
 */
export function indentLines(text: string, start: number, end: number, isMore: boolean): Indented {
  const first = text.lastIndexOf('\n', start - 1) + 1;
  // A selection that ends at a line's start leaves that line alone, as CodeMirror does.
  const last = end > start && text[end - 1] === '\n' ? end - 1 : end;
  const lineEnd = text.indexOf('\n', last);
  const stop = lineEnd === -1 ? text.length : lineEnd;
  // Each line's start in the old text and the spaces it gains (> 0) or loses (< 0).
  const edits: { at: number; delta: number }[] = [];
  let at = first;
  for (const line of text.slice(first, stop).split('\n')) {
    const spaces = /^ */.exec(line)?.[0].length ?? 0;
    edits.push({ at, delta: isMore ? INDENT.length : -Math.min(INDENT.length, spaces) });
    at += line.length + 1;
  }
  const map = (pos: number): number => {
    let moved = pos;
    for (const { at: lineAt, delta } of edits) {
      if (pos < lineAt) break;
      // Spaces removed from under the caret leave it at the line's new start.
      moved += delta >= 0 ? delta : Math.max(delta, lineAt - pos);
    }
    return moved;
  };
  let out = text.slice(0, first);
  let from = first;
  for (const { at: lineAt, delta } of edits) {
    out += text.slice(from, lineAt) + (delta > 0 ? INDENT : '');
    from = lineAt - Math.min(0, delta);
  }
  out += text.slice(from);
  return { text: out, start: map(start), end: map(end) };
}
