/** The query parameter that keeps quiz mode in a link (`?quiz=1`). */
export const QUIZ_PARAM = 'quiz';

/**
 * The quiz mode a link asks for: on with `quiz=1`, off with `quiz=0`, and null when it says
 * nothing (or something else, which `parseViewParams` names): then the saved choice stands.
 */
export function quizModeIn(search: string): boolean | null {
  const value = new URLSearchParams(search).get(QUIZ_PARAM);
  return value === '1' ? true : value === '0' ? false : null;
}

/** A query string with quiz mode set (`quiz=1`) or removed; every other parameter kept in place. */
export function withQuizMode(search: string, isOn: boolean): string {
  const params = new URLSearchParams(search);
  if (isOn) params.set(QUIZ_PARAM, '1');
  else params.delete(QUIZ_PARAM);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
