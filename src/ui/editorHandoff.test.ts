import { describe, expect, it } from 'vitest';
import { indentLines } from './editorHandoff';

/** `text` with the selection marked: [ at its start, ] at its end. */
function marked(text: string, start: number, end: number): string {
  return `${text.slice(0, start)}[${text.slice(start, end)}]${text.slice(end)}`;
}

function indent(withMarks: string, isMore: boolean): string {
  const start = withMarks.indexOf('[');
  const end = withMarks.indexOf(']') - 1;
  const text = withMarks.replace('[', '').replace(']', '');
  const out = indentLines(text, start, end, isMore);
  return marked(out.text, out.start, out.end);
}

describe("the plain editor's Ctrl+] and Ctrl+[", () => {
  it('indents the line the caret is on by two spaces, the caret moving with its text', () => {
    expect(indent('a\nb[]c\nd', true)).toBe('a\n  b[]c\nd');
    expect(indent('[]abc', true)).toBe('  []abc');
  });

  it('indents every line a selection touches, not the line it ends at the start of', () => {
    expect(indent('a\nb[c\nd]e\nf', true)).toBe('a\n  b[c\n  d]e\nf');
    expect(indent('[a\nb\n]c', true)).toBe('  [a\n  b\n]c');
  });

  it('takes back up to two leading spaces from each line, none from a line without', () => {
    expect(indent('    a[b\n x\ny]z', false)).toBe('  a[b\nx\ny]z');
  });

  it('leaves a caret inside the spaces it removes at the line start', () => {
    expect(indent(' []  a', false)).toBe('[] a');
  });
});
