/** A scenario's outcome as its banner shows it: judged (met or not), or no verdict yet. */
export interface ShownOutcome {
  isMet: boolean;
  isJudged: boolean;
}

/** The banner's headline: the sandbox's narration and the handout's verdict say it alike. */
export const outcomeHeadline = (o: ShownOutcome): string =>
  !o.isJudged ? 'No verdict' : o.isMet ? 'Outcome met' : 'Outcome not met';

/** The banner's classes (its colour), by the same reading. */
export const outcomeClass = (o: ShownOutcome): string =>
  !o.isJudged ? 'outcome pending' : o.isMet ? 'outcome met' : 'outcome unmet';
