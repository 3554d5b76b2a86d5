import { useEffect, useState } from 'react';
import { courseProgressStore, describeLessonDone } from '../store/courseProgress';
import { isKeptBackInQuiz, quizTitleOf } from '../scenarios/quiz';
import { LAST_LESSON_TEXT, presenterStore } from '../store/presenter';
import { selectScenario } from '../store/selectors';
import { useSandboxApi } from './storeContext';
import { useQuizApi } from './useQuiz';

/**
 * Tells a screen reader what P, N and Q (or their buttons) switched: presenter mode, the speaker
 * notes, quiz mode; B's blank screen; L at the course's last lesson, which opens nothing; and a lesson of the course marked done, once, with what
 * now (the page shows "Lesson done" at the lesson's end, which nothing read out), until another
 * scenario opens. The page changes around the keys, but nothing there says the mode itself
 * changed (quiz mode was heard only as a changed Expected line). One polite live region, empty
 * until a switch, told from the stores' own changes; it stays the same element in both views
 * (SandboxPage puts it at the same place in each), as a region made anew is not read.
 */
export function PresenterAnnouncer() {
  const sandbox = useSandboxApi();
  const quiz = useQuizApi();
  const [said, setSaid] = useState('');
  useEffect(() => {
    const offPresenter = presenterStore.subscribe((now, before) => {
      if (now.isPresenting !== before.isPresenting)
        setSaid(now.isPresenting ? 'Presenter mode on. P leaves it.' : 'Presenter mode off.');
      else if (now.pressesPastLastLesson !== before.pressesPastLastLesson)
        // Said anew at each press: the same words again would not be read out again.
        setSaid((said) =>
          said === LAST_LESSON_TEXT ? `${LAST_LESSON_TEXT}\u00a0` : LAST_LESSON_TEXT,
        );
      else if (now.isBlank !== before.isBlank)
        setSaid(now.isBlank ? 'Screen blanked: any key shows it again.' : 'Screen shown again.');
      else if (now.areNotesShown !== before.areNotesShown)
        setSaid(
          !now.areNotesShown
            ? 'Speaker notes hidden.'
            : selectScenario(sandbox.getState())
              ? 'Speaker notes shown.'
              : 'Speaker notes on: free play has none; a scenario shows its own.',
        );
    });
    const offQuiz = quiz.subscribe((now, before) => {
      if (now.isEnabled !== before.isEnabled)
        setSaid(
          now.isEnabled ? 'Quiz mode on: predict before each marked step.' : 'Quiz mode off.',
        );
    });
    // A lesson's "done" is said of the lesson left once another scenario opens: cleared then,
    // so a screen reader reading through the next lesson does not meet it (until 2026-12-05 it
    // stayed). The room has heard it by then: it was said at the last step, before the press.
    let lessonDoneSaid: string | null = null;
    const offProgress = courseProgressStore.subscribe((now, before) => {
      if (now.lastFinished !== null && now.lastFinished !== before.lastFinished) {
        lessonDoneSaid = describeLessonDone(
          now.lastFinished,
          now.doneIds,
          presenterStore.getState().isPresenting,
          // Another lesson, named as the page names it: in quiz mode without a title that
          // answers its questions (useQuizTitles; the lesson just done has none left).
          (sc) => (quiz.getState().isEnabled && isKeptBackInQuiz(sc) ? quizTitleOf(sc) : sc.title),
        );
        setSaid(lessonDoneSaid);
      }
    });
    const offScenario = sandbox.subscribe((now, before) => {
      if (now.scenarioId === before.scenarioId || lessonDoneSaid === null) return;
      const left = lessonDoneSaid;
      lessonDoneSaid = null;
      setSaid((said) => (said === left ? '' : said));
    });
    return () => {
      offPresenter();
      offQuiz();
      offProgress();
      offScenario();
    };
  }, [sandbox, quiz]);
  return (
    <p className="visually-hidden" aria-live="polite" data-testid="presenter.announcement">
      {said}
    </p>
  );
}
