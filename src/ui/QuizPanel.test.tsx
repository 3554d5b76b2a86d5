// @vitest-environment jsdom
import type { SqlJsStatic } from 'sql.js';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { courseProgressStore } from '../store/courseProgress';
import { quizStoreFor, type QuizStore } from '../store/quizStore';
import { mountWithSandbox, perform, type MountedView } from './mountWithSandbox';
import { QuizPanel } from './QuizPanel';
import { useKeyboardShortcuts } from './useKeyboardShortcuts';
import { revealInView } from './revealInView';
import { selectStepCount } from '../store/selectors';

let SQL: SqlJsStatic;
let view: MountedView | undefined;

beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

// jsdom lays nothing out: what the panel brings into view is recorded instead.
vi.mock('./revealInView', () => ({ revealInView: vi.fn() }));

afterEach(() => view?.unmount());

/** The panel with the page's keyboard shortcuts, as the sandbox page has them. */
function PanelWithKeys() {
  useKeyboardShortcuts();
  return <QuizPanel />;
}

describe('QuizPanel', () => {
  it('1 and 2 answer the question open with its first or second choice; focus stays where it was', async () => {
    view = await mountWithSandbox(SQL, <PanelWithKeys />);
    const { store } = view;
    await perform(() => store.getState().loadScenario('cold-read'));
    const quiz = quizStoreFor(store);
    await perform(async () => quiz.getState().setEnabled(true));
    const key = (k: string, repeat = false) => {
      const event = new KeyboardEvent('keydown', {
        key: k,
        repeat,
        bubbles: true,
        cancelable: true,
      });
      document.body.dispatchEvent(event);
      return event.defaultPrevented;
    };
    const keys = [...view.container.querySelectorAll('kbd.quiz-key')].map((k) => k.textContent);
    expect(keys).toEqual(['1', '2']);
    // Hit, Miss: 3 names no choice and answers nothing.
    expect(key('3')).toBe(false);
    expect(quiz.getState().last).toBeNull();
    await perform(async () => {
      expect(key('2')).toBe(true);
      await vi.waitFor(() => expect(quiz.getState().last).not.toBeNull());
    });
    expect(quiz.getState().last).toMatchObject({ beat: 1, choice: 'miss', correct: true });
    expect(selectStepCount(store.getState())).toBe(1);
    expect(document.activeElement).toBe(document.body);
    // Held down, the key answered once: its repeats at the next question answer nothing.
    await perform(() => store.getState().step());
    await perform(() => store.getState().step());
    expect(key('1', true)).toBe(true);
    await perform(async () => new Promise((r) => setTimeout(r, 0)));
    expect(quiz.getState().last).toBeNull();
    expect(selectStepCount(store.getState())).toBe(3);
    await perform(async () => {
      key('1');
      await vi.waitFor(() => expect(quiz.getState().last?.beat).toBe(4));
    });
    expect(quiz.getState().last).toMatchObject({ choice: 'hit', correct: true });
    // Quiz mode off, a number key is no answer.
    await perform(async () => quiz.getState().setEnabled(false));
    expect(key('1')).toBe(false);
  });

  it('an answer whose step could not be played says so in a notice, not a click that does nothing', async () => {
    view = await mountWithSandbox(SQL, <QuizPanel />);
    const { store } = view;
    await perform(() => store.getState().loadScenario('cold-read'));
    await perform(async () => quizStoreFor(store).getState().setEnabled(true));
    // The step the answer plays goes nowhere, as when another Step press took the sandbox first.
    store.setState({ step: async () => false });
    const miss = [...view.container.querySelectorAll('button')].find((b) =>
      /miss/i.test(b.textContent ?? ''),
    );
    expect(miss).toBeDefined();
    await perform(async () => {
      miss!.click();
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(store.getState().notices.at(-1)).toMatchObject({
      text: 'The step could not be played, so the answer was not judged.',
      tone: 'error',
    });
  });

  it('numbers the question by the Step press that answers it, as the step counter does, after an actor steps alone', async () => {
    view = await mountWithSandbox(SQL, <QuizPanel />);
    const { store } = view;
    await perform(() => store.getState().loadScenario('stampede'));
    await perform(async () => quizStoreFor(store).getState().setEnabled(true));
    await perform(() => store.getState().step());
    await perform(() => store.getState().step());
    const question = () =>
      view!.container.querySelector('[data-testid="quiz.question"]')?.textContent;
    expect(question()).toBe("Step 3: Will B's next GET be a hit or a miss?");
    // A's own Step (its SELECT) is the third press: the counter reads "Step 3 of 5", and the
    // question waits for the fourth.
    await perform(() => store.getState().stepActor('A'));
    expect(selectStepCount(store.getState())).toBe(3);
    expect(question()).toBe("Step 4: Will B's next GET be a hit or a miss?");
  });

  it('answered before, a question whose answer a console line changed is scored again, as the hint says first', async () => {
    view = await mountWithSandbox(SQL, <QuizPanel />);
    const { store } = view;
    const quiz = quizStoreFor(store);
    await perform(() => store.getState().loadScenario('cold-read'));
    await perform(async () => quiz.getState().setEnabled(true));
    for (let i = 0; i < 3; i++) await perform(() => store.getState().step());
    await perform(async () => {
      await quiz.getState().answer('hit');
    });
    await perform(() => store.getState().back());
    // No setting changed: the run did, between the steps. Before, the hint said the score stays
    // "unless these settings change the answer", and the next answer was scored all the same.
    await perform(async () => {
      await store.getState().runRedis('DEL user:123');
    });
    const hint = () => view!.container.querySelector('[data-testid="quiz.hint"]')?.textContent;
    expect(hint()).toBe(
      'Answered before (your own score): choosing plays the step and judges it, but the score counts each question once, so it stays as it is, unless the run as it stands (its settings, a console line, the clock) changes the answer.',
    );
    let verdict: Awaited<ReturnType<QuizStore['answer']>> | undefined;
    await perform(async () => {
      verdict = await quiz.getState().answer('miss');
    });
    expect(verdict).toMatchObject({ answer: 'miss', correct: true, counted: true });
    expect(quiz.getState().score).toEqual({ correct: 2, answered: 2 });
  });

  it("in presenter mode the hint says a question was answered before by the room, not by the rehearsal's own score", async () => {
    view = await mountWithSandbox(SQL, <QuizPanel />);
    const { store } = view;
    const quiz = quizStoreFor(store);
    const hint = () => view!.container.querySelector('[data-testid="quiz.hint"]')?.textContent;
    await perform(() => store.getState().loadScenario('stale-read'));
    await perform(async () => quiz.getState().setEnabled(true));
    await perform(() => store.getState().step());
    // Rehearsed outside presenter mode: the learner's own record.
    await perform(async () => {
      await quiz.getState().answer('stale');
    });
    await perform(() => store.getState().back());
    expect(hint()).toMatch(/^Answered before \(your own score\): /);
    // Presenting: the room has not answered it, so nothing says it was.
    await perform(async () => quiz.getState().presentingChanged(true));
    expect(hint()).toMatch(/^Choosing plays the step/);
    await perform(async () => {
      await quiz.getState().answer('stale');
    });
    await perform(() => store.getState().back());
    expect(hint()).toMatch(/^Answered before by the room: /);
    let verdict: Awaited<ReturnType<QuizStore['answer']>> | undefined;
    await perform(async () => {
      verdict = await quiz.getState().answer('stale');
    });
    expect(verdict).toMatchObject({ isRepeat: true, counted: false });
    expect(typeof verdict === 'object' && verdict.why).toContain(
      'The room answered this question before, and each question is scored once',
    );
  });

  it("in presenter mode the room's score is reset from the panel, after a confirmation, for the next class", async () => {
    view = await mountWithSandbox(SQL, <QuizPanel />);
    const { store } = view;
    const quiz = quizStoreFor(store);
    const panel = view.container;
    const button = (name: string) =>
      [...panel.querySelectorAll('button')].find((b) => b.textContent === name);
    const score = () => panel.querySelector('[data-testid="quiz.score"]')?.textContent;
    const hint = () => panel.querySelector('[data-testid="quiz.hint"]')?.textContent;
    await perform(() => store.getState().loadScenario('stale-read'));
    await perform(async () => quiz.getState().setEnabled(true));
    await perform(async () => quiz.getState().presentingChanged(true));
    await perform(() => store.getState().step());
    // Nothing to reset before the room has answered.
    expect(button("Reset the room's score")).toBeUndefined();
    // The first class (or the teacher's rehearsal in presenter mode) answers.
    await perform(async () => {
      await quiz.getState().answer('stale');
    });
    await perform(() => store.getState().back());
    expect(score()).toBe('Score 1 / 1');
    expect(hint()).toMatch(/^Answered before by the room: /);
    // Before, only window.cacheAside.quiz.resetScore('room') or a new tab cleared it: the next
    // class saw the last one's score and its answers were not scored.
    await perform(async () => button("Reset the room's score")!.click());
    expect(panel.textContent).toContain(
      "Reset the room's score (1 / 1): the next answers are scored afresh, your own score stays as it is?",
    );
    expect(document.activeElement?.textContent).toBe("Yes, reset the room's score");
    // Cancel keeps it, and focus goes back to the button.
    await perform(async () => button('Cancel')!.click());
    expect(score()).toBe('Score 1 / 1');
    expect(document.activeElement?.textContent).toBe("Reset the room's score");
    await perform(async () => button("Reset the room's score")!.click());
    await perform(async () => button("Yes, reset the room's score")!.click());
    expect(score()).toBe('Score 0 / 0');
    expect(hint()).toMatch(/^Choosing plays the step/);
    expect(quiz.getState().score).toEqual({ correct: 0, answered: 0 });
    // Focus stays in the panel, on the quiz mode switch, not dropped to the page.
    expect(document.activeElement).toBe(panel.querySelector('.quiz-head input'));
    const verdict = await quiz.getState().answer('stale');
    expect(verdict).toMatchObject({ counted: true });
  });

  it('however the answer came (a choice, or the automation API), the next question is brought into view under its verdict', async () => {
    view = await mountWithSandbox(SQL, <QuizPanel />);
    const { store } = view;
    const quiz = quizStoreFor(store);
    await perform(() => store.getState().loadScenario('stale-read'));
    await perform(async () => quiz.getState().setEnabled(true));
    await perform(() => store.getState().step());
    // Each scroll into view, and whether the verdict was on screen above it then.
    const scrolls: { isQuestion: boolean; isVerdictShown: boolean }[] = [];
    const panel = view.container;
    vi.mocked(revealInView).mockImplementation((el: Element) => {
      scrolls.push({
        isQuestion: el.querySelector('[data-testid="quiz.question"]') !== null,
        isVerdictShown: panel.querySelector('[data-testid="quiz.verdict"]') !== null,
      });
    });
    try {
      // As window.cacheAside.quiz.answer does it: no click, so the panel learns of it from the verdict.
      await perform(async () => {
        await quiz.getState().answer('stale');
      });
    } finally {
      vi.mocked(revealInView).mockReset();
    }
    expect(panel.querySelector('[data-testid="quiz.question"]')?.textContent).toBe(
      "Step 3: Which version of the row will A's read return?",
    );
    // Before, the question was brought into view as it opened, before the verdict was shown
    // above it and pushed its choices below a presenter's screen.
    expect(scrolls.at(-1)).toEqual({ isQuestion: true, isVerdictShown: true });
  });

  it('where the browser lets the page save nothing, the score is not said to be kept in it', async () => {
    courseProgressStore.setState({ isKept: false });
    try {
      view = await mountWithSandbox(SQL, <QuizPanel />);
      await perform(async () => quizStoreFor(view!.store).getState().setEnabled(true));
      expect(view.container.querySelector('[data-testid="quiz.score-scope"]')?.textContent).toBe(
        '(first answers right, in every scenario; kept until the page is closed: this browser lets the page save nothing)',
      );
    } finally {
      courseProgressStore.setState({ isKept: true });
    }
  });

  it('a question skipped with Step is told as not answered, with what happened, and does not take focus', async () => {
    view = await mountWithSandbox(SQL, <QuizPanel />);
    const { store } = view;
    await perform(() => store.getState().loadScenario('stale-read'));
    await perform(async () => quizStoreFor(store).getState().setEnabled(true));
    await perform(() => store.getState().step());
    await perform(() => store.getState().step());
    const verdict = view.container.querySelector('[data-testid="quiz.verdict"]');
    // Until 2026-12-07 nothing was shown, and a verdict without a choice would have read "No
    // right answer this time.", which is not what happened.
    expect(verdict?.textContent).toBe(
      'Not answered. Step played it without an answer, so nothing was scored. The answer: Stale: older than the row. user:123 holds version 1 and the row is version 2.',
    );
    expect(document.activeElement).not.toBe(verdict);
    expect(
      view.container.querySelector('[data-testid="quiz.announce"]')?.getAttribute('aria-live'),
    ).toBe('polite');
  });

  it('a question the run shown cannot answer is not asked, and the panel says why', async () => {
    view = await mountWithSandbox(SQL, <QuizPanel />);
    const { store } = view;
    await perform(() => store.getState().loadScenario('cold-read'));
    await perform(async () => {
      await store.getState().configure({ readMitigation: 'lease' });
    });
    await perform(async () => quizStoreFor(store).getState().setEnabled(true));
    for (let i = 0; i < 3; i++) await perform(() => store.getState().step());
    await perform(async () => {
      await quizStoreFor(store).getState().checkPremise();
    });
    const panel = view.container;
    expect(panel.querySelector('[data-testid="quiz.question"]')).toBeNull();
    expect(panel.querySelector('[data-testid="quiz.unasked"]')?.textContent).toBe(
      "Step 4 asks no question: played on a copy of the run as it stands, it cannot answer \u201cWill A's next GET be a hit or a miss?\u201d: A sent no GET in this step.",
    );
  });

  it('offers to step on to the next question only when the run will ask one, and says so when none is ahead', async () => {
    const stepOn = (panel: HTMLElement) =>
      [...panel.querySelectorAll('button')].find(
        (b) => b.textContent === 'Step on to the next question (→)',
      );
    // As the script has it, step 4 asks "Will A's next GET be a hit or a miss?": the button
    // steps there and the question opens.
    view = await mountWithSandbox(SQL, <QuizPanel />);
    const plain = view.store;
    await perform(() => plain.getState().loadScenario('cold-read'));
    await perform(async () => quizStoreFor(plain).getState().setEnabled(true));
    await perform(() => plain.getState().step());
    await perform(async () => {
      await quizStoreFor(plain).getState().checkAhead();
    });
    expect(view.container.querySelector('[data-testid="quiz.none-ahead"]')).toBeNull();
    for (let i = 0; i < 2; i++) {
      const button = stepOn(view.container);
      expect(button).toBeDefined();
      await perform(async () => {
        button!.click();
        await vi.waitFor(() => expect(plain.getState().cursor).toBe(2 + i));
        await quizStoreFor(plain).getState().checkAhead();
      });
    }
    await perform(async () => {
      await quizStoreFor(plain).getState().checkPremise();
    });
    expect(view.container.querySelector('[data-testid="quiz.question"]')?.textContent).toBe(
      "Step 4: Will A's next GET be a hit or a miss?",
    );
    expect(stepOn(view.container)).toBeUndefined();
    view.unmount();

    // Under a lease A sends an EVAL in that step, no GET: no question lies ahead after the first.
    view = await mountWithSandbox(SQL, <QuizPanel />);
    const { store } = view;
    await perform(() => store.getState().loadScenario('cold-read'));
    await perform(async () => {
      await store.getState().configure({ readMitigation: 'lease' });
    });
    await perform(async () => quizStoreFor(store).getState().setEnabled(true));
    await perform(() => store.getState().step());
    await perform(async () => {
      await quizStoreFor(store).getState().checkAhead();
    });
    expect(stepOn(view.container)).toBeUndefined();
    expect(view.container.querySelector('[data-testid="quiz.none-ahead"]')?.textContent).toBe(
      "No question ahead in this run: played on a copy of the run as it stands, step 4 cannot answer \u201cWill A's next GET be a hit or a miss?\u201d: A sent no GET in this step.",
    );
  });
});
