import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '.';
import { asksQuestions, isKeptBackInQuiz, quizTitleOf } from './quiz';

/**
 * Words that answer a quiz question: "Cold read" and "then a hit" answer cold-read's "hit or
 * miss?", "stale" and "lost invalidation" answer "is the cached copy stale?" and "which version?", and
 * "stampede" answers "how many SELECTs?". The picker lists every scenario at once, so no title
 * shown in quiz mode may say them, not only the one being played.
 */
const ANSWERING = /\b(cold|then a hit|stale|lost invalidation|stampede|fixed)\b/i;

describe('titles in quiz mode', () => {
  it.each(SCENARIOS.map((sc) => [sc.id, sc] as const))(
    '%s: the title quiz mode shows answers no question',
    (_id, sc) => {
      expect(quizTitleOf(sc)).not.toMatch(ANSWERING);
    },
  );

  it('a scenario whose title answers a question has a title of its own for quiz mode, and quiz mode keeps it back', () => {
    const kept = SCENARIOS.filter((sc) => sc.title !== quizTitleOf(sc)).map((sc) => sc.id);
    expect(kept).toEqual(
      expect.arrayContaining([
        'cold-read',
        'stale-read',
        'stale-set',
        'stampede',
        'lost-invalidation',
      ]),
    );
    for (const sc of SCENARIOS)
      expect(isKeptBackInQuiz(sc)).toBe(asksQuestions(sc) || sc.quizTitle !== undefined);
  });
});
