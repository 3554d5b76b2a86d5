import { useCallback } from 'react';
import { isKeptBackInQuiz, quizIdOf, quizTitleOf } from '../scenarios/quiz';
import type { Scenario } from '../scenarios/types';
import { selectScenario } from '../store/selectors';
import { useSandbox } from './storeContext';
import { useQuiz } from './useQuiz';
import { scenarioHref } from './useOpenScenario';

type Shown = Pick<Scenario, 'id' | 'title' | 'quizTitle' | 'quizId' | 'summary' | 'beats'>;

/** What quiz mode shows of a scenario anywhere on the page: its title, and whether its summary. */
export interface QuizTitles {
  /** The title to show: the neutral one while quiz mode keeps the scenario back. */
  titleOf: (sc: Shown) => string;
  /** True while its summary would tell a question's answer. */
  isSummaryHidden: (sc: Shown) => boolean;
  /**
   * The link that opens it: in quiz mode by its quiz id and with quiz mode on (`quiz=1`), as the
   * address names it, so a link followed, copied or hovered gives no answer away.
   */
  hrefOf: (sc: Shown) => string;
}

/**
 * In quiz mode a scenario's title and summary wait while they could answer a question still to
 * come ("Cold read, then a hit" answered "Will A's next GET be a hit or a miss?"): any scenario
 * that asks questions or whose words answer another's, except the one loaded once its last
 * question is past. The picker, the first screen, the narration's heading, the tab's title, the
 * links to the next lesson and what a screen reader hears all go by this one rule.
 */
export function useQuizTitles(): QuizTitles {
  const isQuizOn = useQuiz((s) => s.isEnabled);
  const scenarioId = useSandbox((s) => s.scenarioId);
  const areQuestionsLeft = useSandbox(
    (s) =>
      selectScenario(s)
        ?.beats.slice(s.beat)
        .some((b) => b.quiz !== undefined) ?? false,
  );
  const isHidden = useCallback(
    (sc: Shown) => isQuizOn && isKeptBackInQuiz(sc) && (sc.id !== scenarioId || areQuestionsLeft),
    [isQuizOn, scenarioId, areQuestionsLeft],
  );
  const titleOf = useCallback(
    (sc: Shown) => (isHidden(sc) ? quizTitleOf(sc) : sc.title),
    [isHidden],
  );
  const hrefOf = useCallback(
    (sc: Shown) => (isQuizOn ? scenarioHref(quizIdOf(sc), true) : scenarioHref(sc.id)),
    [isQuizOn],
  );
  return { titleOf, isSummaryHidden: isHidden, hrefOf };
}
