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
