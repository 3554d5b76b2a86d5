import { describe, expect, it } from 'vitest';
import { findScenario, SCENARIOS } from '.';
import { asksQuestions, isKeptBackInQuiz, quizIdOf, quizTitleOf } from './quiz';

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

/** Every text of a scenario a page in quiz mode can show: its story, its notes, its summary. */
const wordsShown = (sc: (typeof SCENARIOS)[number]): string[] => [
  sc.summary,
  sc.intro,
  sc.introNotes ?? '',
  ...sc.beats.flatMap((b) => [b.narration, b.notes ?? '']),
];

describe('other scenarios named in the words, in quiz mode', () => {
  // In quiz mode the Scenario list names `stampede-single-flight` "A hot key expires, with
  // single-flight": a narration sending the room to "Stampede, with single-flight" names a
  // scenario the list does not show (and says "Stampede", the answer to stampede's question).
  it.each(SCENARIOS.map((sc) => [sc.id, sc] as const))(
    '%s names no scenario by a title quiz mode keeps back',
    (_id, sc) => {
      const named = SCENARIOS.filter((other) => other.title !== quizTitleOf(other)).flatMap(
        (other) =>
          wordsShown(sc)
            .filter((text) => text.includes(other.title))
            .map((text) => `${other.title}: ${text}`),
      );
      expect(named).toEqual([]);
    },
  );
});

/** The words of a title or an id, lower case: "Race: a reader and a writer" and "race-reader". */
const wordsOf = (text: string): string[] => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];

describe('ids in quiz mode', () => {
  it.each(SCENARIOS.filter(isKeptBackInQuiz).map((sc) => [sc.id, sc] as const))(
    '%s: the id quiz mode links it by says no word its quiz title leaves out',
    (_id, sc) => {
      const said = new Set(wordsOf(quizTitleOf(sc)));
      expect(wordsOf(quizIdOf(sc)).filter((w) => !said.has(w))).toEqual([]);
    },
  );

  it('a quiz id names one scenario and is no other scenario id, so an old link and a quiz link both open it', () => {
    const ids = SCENARIOS.map((sc) => sc.id);
    const quizIds = SCENARIOS.flatMap((sc) => (sc.quizId === undefined ? [] : [sc.quizId]));
    expect(new Set([...ids, ...quizIds]).size).toBe(ids.length + quizIds.length);
    for (const sc of SCENARIOS) {
      expect(findScenario(sc.id)).toBe(sc);
      expect(findScenario(quizIdOf(sc))).toBe(sc);
    }
    expect(findScenario('one-user-read-twice')?.id).toBe('cold-read');
  });

  it('a scenario quiz mode does not keep back is linked by its own id', () => {
    for (const sc of SCENARIOS.filter((s) => !isKeptBackInQuiz(s))) {
      expect(sc.quizId).toBeUndefined();
      expect(quizIdOf(sc)).toBe(sc.id);
    }
  });
});
