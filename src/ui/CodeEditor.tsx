import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorSelection, EditorState } from '@codemirror/state';
import {
  EditorView,
  highlightActiveLine,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { MAX_PROGRAM_CHARS } from '../store/apiArguments';
import { EDITOR_KEYS, refusedText, type EditorHandoff } from './editorHandoff';

export interface CodeEditorProps {
  value: string;
  onChange(value: string): void;
  /** The editor's accessible name. */
  label: string;
  /** A line to show (an error's): the cursor goes there. */
  focusLine: number | null;
  /**
   * The selection and focus of the editor it replaces (the plain text area shown while it
   * loaded), taken up when it is made; it leaves its own there when it goes.
   */
  handoff: RefObject<EditorHandoff | null>;
  /**
   * Most characters the code may have (default: what the page saves, links and runs). An edit
   * past it is not taken, and the editor says so: code over it could be typed, but not read
   * back on the next visit nor sent in a link.
   */
  maxLength?: number;
}

/**
 * A JavaScript editor (CodeMirror 6) with syntax highlighting. Loaded lazily, only when the
 * learner opens their code, so the first page does not carry it. Tab is left to the page's focus
 * order (no tab capture), so the keyboard can always leave the editor.
 */
export default function CodeEditor({
  value,
  onChange,
  label,
  focusLine,
  handoff,
  maxLength = MAX_PROGRAM_CHARS,
}: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const change = useRef(onChange);
  change.current = onChange;
  /**
   * Texts the editor has sent up that may still come back down as `value`, oldest first. Keys can
   * come in between a render and its effects: the value that render read is then behind the
   * editor's text, and putting it in would undo them (the caret too).
   */
  const sentTexts = useRef<string[]>([]);
  /** The error line last shown: the caret goes to it when it changes, not on every render. */
  const shownLine = useRef(focusLine);
  /** How long the last refused edit would have made the code (null: the last edit was taken). */
  const [refused, setRefused] = useState<number | null>(null);
  const refuse = useRef(setRefused);

  // Made in a layout effect: in the same commit that removes the text area, so a key pressed
  // between the two cannot land on the page instead of in an editor.
  useLayoutEffect(() => {
    if (!host.current) return;
    // CodeMirror adds its styles as style sheets. In a document it writes a <style> element, which
    // the page's CSP (style-src 'self') refuses; in a shadow root it adopts constructed sheets,
    // which the CSP allows. So the editor lives in a shadow root of its own.
    const shadow = host.current.shadowRoot ?? host.current.attachShadow({ mode: 'open' });
    const mount = document.createElement('div');
    shadow.appendChild(mount);
    // Out of the shadow root a key event's target is the host, not an editable element: keep
    // typing from reaching the page's keyboard shortcuts (Space plays, and so on).
    const hostElement = host.current;
    const keepKeys = (e: KeyboardEvent) => e.stopPropagation();
    hostElement.addEventListener('keydown', keepKeys);
    const editor = new EditorView({
      parent: mount,
      root: shadow,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          // A direction override or a character that shows as nothing is drawn as a mark titled
          // with its name, as the code panel's listing escapes it: a U+202E in code from a
          // link made a comment read as a statement. CodeMirror's own set lacks a few of them.
          highlightSpecialChars({ addSpecialChars: /[\u202a-\u202c\u2060-\u2064\u2068]/ }),
          history(),
          bracketMatching(),
          highlightActiveLine(),
          javascript(),
          syntaxHighlighting(defaultHighlightStyle),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          // Tab is not captured: the keys that indent are said where the editor is reached.
          EditorView.contentAttributes.of({ 'aria-label': label, 'aria-description': EDITOR_KEYS }),
          EditorView.domEventHandlers({ beforeinput: typeOverSelection }),
          EditorView.theme({
            '&': { backgroundColor: '#fbfbfb', color: '#111', fontSize: '0.8rem' },
            // The ring is the host's (styles.css): drawn here, outside an editor that fills the
            // host's scroll box, the box cut it off and the focus showed nowhere.
            '&.cm-focused': { outline: 'none' },
            '.cm-scroller': { maxHeight: '22rem', overflow: 'auto' },
          }),
          EditorState.transactionFilter.of((tr) => {
            const length = tr.newDoc.length;
            // Shortening code already too long (from nowhere the page makes, but safe) is taken.
            if (!tr.docChanged || length <= maxLength || length <= tr.startState.doc.length)
              return tr;
            refuse.current(length);
            return [];
          }),
          EditorView.updateListener.of((u) => {
            if (!u.docChanged) return;
            refuse.current(null);
            const text = u.state.doc.toString();
            sentTexts.current.push(text);
            change.current(text);
          }),
        ],
      }),
    });
    view.current = editor;
    sentTexts.current = [value];
    // Where the learner was typing comes first, then the error's line, then the last caret.
    const taken = handoff.current;
    const at = (offset: number) => Math.min(offset, editor.state.doc.length);
    if (taken?.hasFocus) {
      editor.dispatch({
        selection: EditorSelection.single(at(taken.anchor), at(taken.head)),
        scrollIntoView: true,
      });
      editor.focus();
    } else if (focusLine !== null) {
      showLine(editor, focusLine);
    } else if (taken) {
      editor.dispatch({ selection: EditorSelection.single(at(taken.anchor), at(taken.head)) });
    }
    return () => {
      const { anchor, head } = editor.state.selection.main;
      handoff.current = { anchor, head, hasFocus: editor.hasFocus };
      editor.destroy();
      mount.remove();
      hostElement.removeEventListener('keydown', keepKeys);
      view.current = null;
    };
    // The editor is made once; later values arrive through the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [label]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const sent = sentTexts.current.lastIndexOf(value);
    if (sent !== -1) {
      // The editor's own text coming back: anything it sent since is newer.
      sentTexts.current.splice(0, sent);
      return;
    }
    if (editor.state.doc.toString() === value) return;
    // A change from outside (Reset, a link): what the editor sent before cannot come back after it.
    sentTexts.current = [];
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const editor = view.current;
    if (!editor || focusLine === shownLine.current) return;
    shownLine.current = focusLine;
    if (focusLine !== null) showLine(editor, focusLine);
  }, [focusLine]);

  return (
    <>
      <div className="code-editor" ref={host} />
      <p aria-live="polite" className="code-editor-refused">
        {refused !== null && refusedText(refused, maxLength)}
      </p>
    </>
  );
}

/** Puts the cursor at the start of a line (an error's) and scrolls it to the middle. */
function showLine(editor: EditorView, lineNumber: number): void {
  if (lineNumber > editor.state.doc.lines) return;
  const line = editor.state.doc.line(Math.max(1, lineNumber));
  editor.dispatch({
    selection: EditorSelection.cursor(line.from),
    effects: EditorView.scrollIntoView(line.from, { y: 'center' }),
  });
}

/**
 * Text typed over a selection (after Ctrl+A, say) goes into the document here, not through the
 * browser's own editing of the contenteditable: Chromium wraps what replaces a selection that
 * spans several lines in a span with a style attribute, which the page's CSP (style-src 'self')
 * refuses, logging an error and firing a securitypolicyviolation. A caret with no selection, and
 * an input method's composition (its events cannot be cancelled), keep CodeMirror's own path.
 */
function typeOverSelection(event: InputEvent, editor: EditorView): boolean {
  if (event.inputType !== 'insertText' || event.isComposing || event.data === null) return false;
  if (editor.state.selection.ranges.every((range) => range.empty)) return false;
  event.preventDefault();
  editor.dispatch(editor.state.replaceSelection(event.data), {
    scrollIntoView: true,
    userEvent: 'input.type',
  });
  return true;
}
