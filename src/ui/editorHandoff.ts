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
