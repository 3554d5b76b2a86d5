// @vitest-environment jsdom
import { EditorView } from '@codemirror/view';
import { act, lazy, StrictMode, Suspense, useRef, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import CodeEditor from './CodeEditor';
import type { EditorHandoff } from './editorHandoff';
import { PlainCodeEditor } from './PlainCodeEditor';

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

// The learner's editor: what passes from the plain text area to CodeMirror when it has loaded,
// and the learner's text against the values that come down from the store.

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

/** The learner's editor as LearnerCode has it; CodeMirror arrives when `load` is called. */
function renderEditor(focusLine: number | null = null): { load: () => Promise<void> } {
  let load!: () => void;
  const arrived = new Promise<void>((resolve) => (load = resolve));
  const LazyCodeEditor = lazy(async () => {
    await arrived;
    return { default: CodeEditor };
  });
  function Editor() {
    const [code, setCode] = useState(CODE);
    const handoff = useRef<EditorHandoff | null>(null);
    return (
      <Suspense
        fallback={
          <PlainCodeEditor value={code} onChange={setCode} label={LABEL} handoff={handoff} />
        }
      >
        <LazyCodeEditor
          value={code}
          onChange={setCode}
          label={LABEL}
          focusLine={focusLine}
          handoff={handoff}
        />
      </Suspense>
    );
  }
  // Strict mode makes, unmakes and makes each effect again, as the page does in development.
  act(() =>
    root.render(
      <StrictMode>
        <Editor />
      </StrictMode>,
    ),
  );
  return {
    load: () =>
      act(async () => {
        load();
        await arrived;
      }),
  };
}

const textArea = () => container.querySelector('textarea')!;
const codeMirror = () => container.querySelector('.code-editor')!.shadowRoot!;
const content = () => codeMirror().querySelector<HTMLElement>('.cm-content')!;
const selection = () => {
  const { anchor, head } = EditorView.findFromDOM(content())!.state.selection.main;
  return { anchor, head };
};

it('CodeMirror takes up the selection and focus of the text area when it arrives', async () => {
  const { load } = renderEditor();
  textArea().focus();
  textArea().setSelectionRange(CODE.indexOf('return'), CODE.indexOf(' null'), 'backward');
  await load();
  expect(container.querySelector('textarea')).toBeNull();
  expect(codeMirror().activeElement).toBe(content());
  expect(content().getAttribute('aria-label')).toBe(LABEL);
  expect(selection()).toEqual({ anchor: CODE.indexOf(' null'), head: CODE.indexOf('return') });
});

it('an error line does not pull the caret from where the learner was typing', async () => {
  const { load } = renderEditor(3);
  textArea().focus();
  textArea().setSelectionRange(CODE.indexOf('null'), CODE.indexOf('null'));
  await load();
  expect(selection()).toEqual({ anchor: CODE.indexOf('null'), head: CODE.indexOf('null') });
});

it('CodeMirror leaves the focus where it is when the text area did not have it', async () => {
  const { load } = renderEditor(2);
  await load();
  expect(codeMirror().activeElement).toBeNull();
  expect(document.activeElement).toBe(document.body);
  // Without the learner's caret, the error's line has it.
  const lineTwo = CODE.indexOf('  return');
  expect(selection()).toEqual({ anchor: lineTwo, head: lineTwo });
});

it('a value the editor sent comes back after newer keys: they stay, and the caret with them', () => {
  const sent: string[] = [];
  const handoff: { current: EditorHandoff | null } = { current: null };
  const render = (value: string) =>
    act(() =>
      root.render(
        <CodeEditor
          value={value}
          onChange={(text) => sent.push(text)}
          label={LABEL}
          focusLine={null}
          handoff={handoff}
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
  // A value from elsewhere (a change of write policy, a link) replaces the text.
  render('function* read() {}');
  expect(editor.state.doc.toString()).toBe('function* read() {}');
});

it('refuses an edit that would make the code longer than it may be, saying so, and takes the next that fits', () => {
  // Before, the editor took any length: the page saved code it then refused on the next visit
  // ("Your saved code could not be read (drafts.read must be at most 65,536 characters ...)").
  const sent: string[] = [];
  const handoff: { current: EditorHandoff | null } = { current: null };
  act(() =>
    root.render(
      <CodeEditor
        value={CODE}
        onChange={(text) => sent.push(text)}
        label={LABEL}
        focusLine={null}
        handoff={handoff}
        maxLength={CODE.length + 5}
      />,
    ),
  );
  const editor = EditorView.findFromDOM(content())!;
  editor.dispatch({ selection: { anchor: CODE.length } });
  act(() => editor.dispatch(editor.state.replaceSelection('x'.repeat(20))));
  expect(editor.state.doc.toString()).toBe(CODE);
  expect(sent).toEqual([]);
  expect(container.querySelector('.code-editor-refused')?.textContent).toBe(
    `Not taken: that would make this code ${CODE.length + 20} characters, more than the ${CODE.length + 5} it may have.`,
  );
  act(() => editor.dispatch(editor.state.replaceSelection('ok')));
  expect(sent).toEqual([`${CODE}ok`]);
  expect(container.querySelector('.code-editor-refused')?.textContent).toBe('');
});

it('the plain text area refuses a paste past the limit whole, saying so, rather than cutting it short', () => {
  const sent: string[] = [];
  const handoff: { current: EditorHandoff | null } = { current: null };
  act(() =>
    root.render(
      <PlainCodeEditor
        value={CODE}
        onChange={(text) => sent.push(text)}
        label={LABEL}
        handoff={handoff}
      />,
    ),
  );
  const area = textArea();
  const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
  act(() => {
    setValue.call(area, CODE + 'x'.repeat(70_000));
    area.dispatchEvent(new Event('input', { bubbles: true }));
  });
  expect(sent).toEqual([]);
  expect(area.value).toBe(CODE);
  expect(container.querySelector('.code-editor-refused')?.textContent).toBe(
    `Not taken: that would make this code ${(CODE.length + 70_000).toLocaleString('en-US')} characters, more than the 65,536 it may have.`,
  );
});

it('the plain text area indents with Ctrl+] and takes it back with Ctrl+[, as the line beside it says', () => {
  renderEditor();
  const area = textArea();
  area.focus();
  const at = CODE.indexOf('return');
  area.setSelectionRange(at, at);
  const press = (key: string) =>
    act(() => {
      area.dispatchEvent(new KeyboardEvent('keydown', { key, ctrlKey: true, bubbles: true }));
    });
  press(']');
  expect(textArea().value).toBe('function* read(id) {\n    return null;\n}');
  // The caret stays before `return`, on the text it was at.
  expect([textArea().selectionStart, textArea().selectionEnd]).toEqual([at + 2, at + 2]);
  press('[');
  press('[');
  expect(textArea().value).toBe('function* read(id) {\nreturn null;\n}');
  expect(textArea().selectionStart).toBe(at - 2);
});

it('shows a direction override or an invisible character in the code as a mark, not raw (code from a link reads as it runs)', () => {
  const code = "function* read(id) {\n  // ok\u202E ;'1' = key\u2066\u200B\n}";
  act(() =>
    root.render(
      <CodeEditor
        value={code}
        onChange={() => {}}
        label={LABEL}
        focusLine={null}
        handoff={{ current: null }}
      />,
    ),
  );
  // Each is a widget of its own, named; no text of the editor holds one.
  const marks = [...content().querySelectorAll('.cm-specialChar')].map((m) =>
    m.getAttribute('title'),
  );
  expect(marks).toEqual([
    'Control character right-to-left override',
    'Control character left-to-right isolate',
    'Control character zero width space',
  ]);
  expect(content().textContent).not.toMatch(/[\u202e\u2066\u200b]/);
});
