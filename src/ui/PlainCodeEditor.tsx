import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { MAX_PROGRAM_CHARS } from '../store/apiArguments';
import { indentLines, refusedText, type EditorHandoff } from './editorHandoff';

export interface PlainCodeEditorProps {
  value: string;
  onChange(value: string): void;
  /** The editor's accessible name: the same as CodeMirror's, which takes its place. */
  label: string;
  /** Where it leaves its selection and focus, for CodeMirror to take up. */
  handoff: RefObject<EditorHandoff | null>;
}

/**
 * The code as plain text, shown until the CodeMirror editor has loaded. When it goes, it leaves its
 * selection and focus in `handoff`, so the learner types on where they were.
 */
export function PlainCodeEditor({ value, onChange, label, handoff }: PlainCodeEditorProps) {
  const area = useRef<HTMLTextAreaElement>(null);
  // A layout effect's cleanup runs while the text area is still in the page (its focus too), in
  // the commit whose layout effects create CodeMirror: no key can come in between.
  useLayoutEffect(() => {
    const element = area.current;
    if (!element) return;
    return () => {
      const isBackward = element.selectionDirection === 'backward';
      handoff.current = {
        anchor: isBackward ? element.selectionEnd : element.selectionStart,
        head: isBackward ? element.selectionStart : element.selectionEnd,
        hasFocus: element.ownerDocument.activeElement === element,
      };
    };
  }, [handoff]);
  const [refused, setRefused] = useState<number | null>(null);
  // Where Ctrl+] or Ctrl+[ left the selection, set once the indented text is in the area.
  const selectAfter = useRef<{ start: number; end: number } | null>(null);
  useLayoutEffect(() => {
    const element = area.current;
    const selection = selectAfter.current;
    if (!element || !selection) return;
    selectAfter.current = null;
    element.setSelectionRange(selection.start, selection.end);
  }, [value]);
  return (
    <>
      <textarea
        ref={area}
        className="code-editor-fallback"
        aria-label={label}
        value={value}
        spellCheck={false}
        rows={14}
        onKeyDown={(e) => {
          // The keys said beside the editors, as CodeMirror takes them once it has loaded.
          if (!(e.ctrlKey || e.metaKey) || e.altKey || (e.key !== ']' && e.key !== '[')) return;
          e.preventDefault();
          const element = e.currentTarget;
          const out = indentLines(
            value,
            element.selectionStart,
            element.selectionEnd,
            e.key === ']',
          );
          if (out.text === value) return;
          if (out.text.length > MAX_PROGRAM_CHARS) {
            setRefused(out.text.length);
            return;
          }
          setRefused(null);
          selectAfter.current = { start: out.start, end: out.end };
          onChange(out.text);
        }}
        onChange={(e) => {
          // As CodeMirror, which takes its place: an edit past the limit is refused whole, with a
          // word, not cut short at the limit as the attribute maxlength would cut a paste.
          const next = e.target.value;
          if (next.length > MAX_PROGRAM_CHARS && next.length > value.length) {
            setRefused(next.length);
            return;
          }
          setRefused(null);
          onChange(next);
        }}
      />
      <p aria-live="polite" className="code-editor-refused">
        {refused !== null && refusedText(refused, MAX_PROGRAM_CHARS)}
      </p>
    </>
  );
}
