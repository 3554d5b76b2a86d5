import { useEffect, useState } from 'react';
import { describeNextStep } from '../store/nextStep';
import { shown } from '../store/shown';
import { GlossaryText } from './GlossaryTerm';
import { FloatingDefinitions } from './useFloatingDefinition';
import { selectIsFirstScreen } from '../store/scriptSelectors';
import { isCourseOverOnNext, scenarioOnNext } from './clickerNext';
import { useSandbox, useSandboxApi } from './storeContext';
import { useIsQuestionOpen } from './useIsQuestionOpen';
import { usePresenter } from './usePresenter';
import { useQuizTitles } from './useQuizTitles';

const PREVIEW_DELAY_MS = 120;

/** At the end of the course's last scenario "next" does nothing: said, with what to do instead. */
const COURSE_OVER =
  "next: nothing; this was the course's last scenario: pick another in the Scenario list, or press P to leave presenter mode";

/**
 * "next: B sends DEL user:123": what the next Step press will really send, found by playing it on
 * a copy of the run after every change (so it can never disagree with what Step then does).
 */
export function NextStepPreview() {
  const store = useSandboxApi();
  const revision = useSandbox((s) => s.revision);
  const [text, setText] = useState<string | null>(null);
  // Which revision the text is for: a script (the storyboards) waits until it is the current one.
  const [doneFor, setDoneFor] = useState(-1);
  const isQuestionOpen = useIsQuestionOpen();
  const isPresenting = usePresenter((s) => s.isPresenting);
  // With nothing to send, the next press of a clicker opens a scenario (the course's next one
  // at a scenario's end): said so, not "nothing".
  const { titleOf } = useQuizTitles();
  const opens = useSandbox((s) => {
    const next = scenarioOnNext(s, isPresenting);
    if (!next) return null;
    return `next: → opens ${selectIsFirstScreen(s) ? 'the first' : 'the next'} scenario, ${titleOf(next)}`;
  });
  const isCourseOver = useSandbox((s) => isCourseOverOnNext(s, isPresenting));
  useEffect(() => {
    let isCurrent = true;
    // Replaying costs a little: wait until the presses stop (playback, a clicker held down).
    const timer = window.setTimeout(() => {
      void store
        .getState()
        .previewNextStep()
        .then(
          (preview) => {
            if (!isCurrent) return;
            setText(shown(describeNextStep(preview)));
            setDoneFor(revision);
          },
          () => {
            if (!isCurrent) return;
            setText(null);
            setDoneFor(revision);
          },
        );
    }, PREVIEW_DELAY_MS);
    return () => {
      isCurrent = false;
      window.clearTimeout(timer);
    };
  }, [store, revision]);
  const said = isQuestionOpen
    ? 'next: hidden until the question is answered'
    : (opens ?? (isCourseOver ? COURSE_OVER : null));
  return (
    <p
      className="next-step"
      data-testid="presenter.next"
      data-pending={doneFor !== revision}
      aria-live="polite"
    >
      {/* An engine script's name (`EVAL FILL_IF_NEWER ...`) opens its one line, as in the narration. */}
      <FloatingDefinitions.Provider value={true}>
        {said ?? (text === null ? null : <GlossaryText text={text} />)}
      </FloatingDefinitions.Provider>
    </p>
  );
}
