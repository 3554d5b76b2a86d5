// @vitest-environment jsdom
import type { SqlJsStatic } from 'sql.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { quizStoreFor } from '../store/quizStore';
import { mountWithSandbox, perform, type MountedView } from './mountWithSandbox';
import { QuizPanel } from './QuizPanel';
import { selectStepCount } from '../store/selectors';

let SQL: SqlJsStatic;
let view: MountedView | undefined;

beforeAll(async () => {
  SQL = await loadSqlJsNode();
  // jsdom lays nothing out: the panel brings its question into view, which does nothing here.
  Element.prototype.scrollIntoView ??= () => {};
});

afterEach(() => view?.unmount());

describe('QuizPanel', () => {
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
});
