import { useLayoutEffect, useRef, type RefObject } from 'react';
import type { EditorHandoff } from './editorHandoff';

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
  return (
    <textarea
      ref={area}
      className="code-editor-fallback"
      aria-label={label}
      value={value}
      spellCheck={false}
      rows={14}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
