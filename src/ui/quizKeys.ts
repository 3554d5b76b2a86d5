import { openQuestion } from '../store/openQuestion';
import { quizStoreFor } from '../store/quizStore';
import type { SandboxStoreApi } from '../store/sandboxStore';

/** Whether `key` is one the quiz's choices answer to: 1 to 9, a choice by its place. */
export const isChoiceKey = (key: string): boolean => key.length === 1 && key >= '1' && key <= '9';

/**
 * Answers the question open, if any, with its choice at `key`'s place (1 its first): the
 * keyboard's way to a prediction without Tabbing to the choices, which lie 28 Tabs past Step.
 * Focus stays where it is, so the next → steps on; the verdict is said by the panel's live
 * region, as a scripted answer's is. False when no question is open or it has no such choice.
 * A held key answers once.
 */
export function answerByKey(store: SandboxStoreApi, key: string, isRepeat: boolean): boolean {
  const quiz = quizStoreFor(store).getState();
  const question = openQuestion(store.getState(), quiz.isEnabled, quiz.premise);
  const choice = question?.choices[Number(key) - 1];
  if (!choice) return false;
  if (isRepeat || quiz.isAnswering) return true;
  void quiz.answer(choice.id).then((verdict) => {
    if (typeof verdict === 'string') store.getState().notifyAboutRun(verdict, 'error');
  });
  return true;
}
