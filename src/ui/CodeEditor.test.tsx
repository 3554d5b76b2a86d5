// @vitest-environment jsdom
import { EditorView } from '@codemirror/view';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import CodeEditor from './CodeEditor';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

// jsdom lays nothing out and has no execCommand, which CodeMirror measures text and selections
// with: stand-ins that answer "nothing laid out", taken away after the file.
const STAND_INS: [target: object, name: string, value: unknown][] = [
  [Document.prototype, 'execCommand', () => false],
  [Range.prototype, 'getClientRects', () => []],
  [Range.prototype, 'getBoundingClientRect', () => new DOMRect()],
];
const added: [object, string][] = [];
beforeAll(() => {
  for (const [target, name, value] of STAND_INS) {
    if (name in target) continue;
    Object.defineProperty(target, name, { value, configurable: true });
    added.push([target, name]);
  }
});
afterAll(() => {
  for (const [target, name] of added) delete (target as Record<string, unknown>)[name];
});

// The learner's editor: the learner's text against the values that come down from the store.

const LABEL = 'Your read path (JavaScript)';
const CODE = 'function* read(id) {\n  return null;\n}';

let container: HTMLDivElement;
let root: Root;

beforeEach(() => {
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

const content = () =>
  container.querySelector('.code-editor')!.shadowRoot!.querySelector<HTMLElement>('.cm-content')!;
const selection = () => {
  const { anchor, head } = EditorView.findFromDOM(content())!.state.selection.main;
  return { anchor, head };
};

it('a value the editor sent comes back after newer keys: they stay, and the caret with them', () => {
  const sent: string[] = [];
  const render = (value: string) =>
    act(() =>
      root.render(
        <CodeEditor
          value={value}
          onChange={(text) => sent.push(text)}
          label={LABEL}
          focusLine={null}
        />,
      ),
    );
  render(CODE);
  const editor = EditorView.findFromDOM(content())!;
  const type = (text: string) =>
    editor.dispatch(editor.state.replaceSelection(text), { userEvent: 'input.type' });
  editor.dispatch({ selection: { anchor: CODE.length } });
  type('1');
  type('2');
  // The render that read the first key's text runs its effects after the second key.
  render(sent[0]!);
  expect(editor.state.doc.toString()).toBe(`${CODE}12`);
  expect(selection()).toEqual({ anchor: CODE.length + 2, head: CODE.length + 2 });
  render(sent[1]!);
  expect(editor.state.doc.toString()).toBe(`${CODE}12`);
  // A value from elsewhere (Reset to ours, a link) replaces the text.
  render('function* read() {}');
  expect(editor.state.doc.toString()).toBe('function* read() {}');
});
