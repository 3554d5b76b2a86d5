// @vitest-environment jsdom
import { act, useRef } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { returnFocusTo, useFocusHandoff } from './useFocusHandoff';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

interface View {
  notices: string[];
  isPresenting: boolean;
  isBusy: boolean;
  isStopping: boolean;
  hasLines: boolean;
  isEditorLoaded: boolean;
}

/** Back and Step, one handoff group, drawn again in each view. */
function Transport() {
  return (
    <>
      <button type="button" data-handoff="step">
        Back
      </button>
      <button type="button" data-handoff="step">
        Step
      </button>
    </>
  );
}

/** A page in miniature: notices, a control that changes view, and a Run/Stop pair. */
function Page({ view }: { view: View }) {
  const main = useRef<HTMLElement>(null);
  useFocusHandoff(main);
  return (
    <main tabIndex={-1} ref={main}>
      <ul>
        {view.notices.map((n) => (
          <li key={n}>
            <button type="button" aria-label={`Dismiss ${n}`} />
          </li>
        ))}
      </ul>
      {view.isPresenting ? (
        <div className="presenter">
          <Transport />
          <button type="button" data-handoff="presenter-mode">
            Presenter mode
          </button>
        </div>
      ) : (
        <section>
          <button type="button">Scenario</button>
          <Transport />
          <button type="button" data-handoff="presenter-mode">
            Presenter mode
          </button>
        </section>
      )}
      <button type="button" data-handoff="run" disabled={view.isBusy}>
        Run
      </button>
      <button type="button" data-handoff="run" disabled={!view.isBusy || view.isStopping}>
        Stop
      </button>
      <ol aria-label="Lines" tabIndex={view.hasLines ? 0 : undefined} />
      <div data-focus-own="">
        {view.isEditorLoaded ? <div aria-label="Editor" /> : <textarea aria-label="Plain" />}
      </div>
    </main>
  );
}

const idle: View = {
  notices: [],
  isPresenting: false,
  isBusy: false,
  isStopping: false,
  hasLines: false,
  isEditorLoaded: false,
};
let root: Root | undefined;
let container: HTMLDivElement | undefined;

afterEach(() => {
  act(() => root?.unmount());
  container?.remove();
  root = undefined;
});

async function show(view: View): Promise<void> {
  if (!root) {
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
  }
  // The hook reacts to the DOM's mutations, reported in a microtask after the commit.
  await act(async () => root!.render(<Page view={view} />));
}

const button = (name: string) =>
  [...container!.querySelectorAll('button')].find(
    (b) => b.textContent === name || b.getAttribute('aria-label') === name,
  )!;
const focusedName = () =>
  document.activeElement?.getAttribute('aria-label') ??
  document.activeElement?.textContent ??
  undefined;

describe('useFocusHandoff', () => {
  it('moves focus from Run to Stop, holds it on the page while both are disabled, then back to Run', async () => {
    await show(idle);
    button('Run').focus();
    await show({ ...idle, isBusy: true });
    expect(focusedName()).toBe('Stop');
    await show({ ...idle, isBusy: true, isStopping: true });
    expect(document.activeElement?.tagName).toBe('MAIN');
    await show(idle);
    expect(focusedName()).toBe('Run');
  });

  // Step's group holds Back before it too: the view's own Step, not the first of the group.
  it.each(['Presenter mode', 'Step'])(
    'gives focus to the same control (%s) in the view that replaces the one pressed, and back',
    async (name) => {
      await show(idle);
      const before = button(name);
      before.focus();
      await show({ ...idle, isPresenting: true });
      expect(before.isConnected).toBe(false);
      expect(document.activeElement).toBe(button(name));
      expect(document.activeElement?.closest('.presenter')).not.toBeNull();
      await show(idle);
      expect(document.activeElement).toBe(button(name));
    },
  );

  it('moves focus from a removed control to the control before it, or else to the page', async () => {
    await show({ ...idle, notices: ['a', 'b'] });
    button('Dismiss b').focus();
    await show({ ...idle, notices: ['a'] });
    expect(focusedName()).toBe('Dismiss a');
    await show(idle);
    expect(document.activeElement?.tagName).toBe('MAIN');
  });

  it('hands focus back where returnFocusTo says, or else to the page', async () => {
    await show({ ...idle, notices: ['a', 'b'] });
    returnFocusTo(button('Dismiss b'), button('Scenario'));
    button('Dismiss b').focus();
    await show({ ...idle, notices: ['a'] });
    expect(focusedName()).toBe('Scenario');
    await show({ ...idle, notices: ['a', 'c'] });
    returnFocusTo(button('Dismiss c'), null);
    button('Dismiss c').focus();
    await show({ ...idle, notices: ['a'] });
    expect(document.activeElement?.tagName).toBe('MAIN');
  });

  it('moves focus on from a list that stops being a Tab stop', async () => {
    await show({ ...idle, hasLines: true });
    container!.querySelector<HTMLElement>('ol')!.focus();
    expect(focusedName()).toBe('Lines');
    await show(idle);
    expect(focusedName()).toBe('Run');
  });

  it('leaves a part that moves focus itself (data-focus-own) alone', async () => {
    await show(idle);
    container!.querySelector('textarea')!.focus();
    await show({ ...idle, isEditorLoaded: true });
    // The editor that replaced it takes focus itself; the hook sent it nowhere else.
    expect(document.activeElement).toBe(document.body);
  });

  it('leaves focus alone once the user has moved it elsewhere', async () => {
    await show(idle);
    button('Run').focus();
    button('Scenario').focus();
    await show({ ...idle, isBusy: true });
    expect(focusedName()).toBe('Scenario');
  });

  it('ignores a key held from the press on the control before: its repeats, and a held Space let go', async () => {
    await show(idle);
    button('Run').focus();
    await show({ ...idle, isBusy: true });
    const stop = button('Stop');
    expect(document.activeElement).toBe(stop);
    const key = (type: 'keydown' | 'keyup', init: KeyboardEventInit) => {
      const event = new KeyboardEvent(type, { bubbles: true, cancelable: true, ...init });
      stop.dispatchEvent(event);
      return event.defaultPrevented;
    };
    // Enter held down on Run goes on repeating on Stop: not a press of Stop.
    expect(key('keydown', { key: 'Enter', repeat: true })).toBe(true);
    expect(key('keydown', { key: 'Enter', repeat: true })).toBe(true);
    expect(key('keyup', { key: 'Enter' })).toBe(false);
    // A fresh press is one.
    expect(key('keydown', { key: 'Enter' })).toBe(false);
    expect(key('keydown', { key: 'Enter', repeat: true })).toBe(false);
    // Space presses a button when let go: let go on Stop after the handoff, it presses nothing.
    await show(idle);
    expect(focusedName()).toBe('Run');
    await show({ ...idle, isBusy: true });
    expect(document.activeElement).toBe(stop);
    expect(key('keyup', { key: ' ' })).toBe(true);
    expect(key('keydown', { key: ' ' })).toBe(false);
    expect(key('keyup', { key: ' ' })).toBe(false);
  });
});
