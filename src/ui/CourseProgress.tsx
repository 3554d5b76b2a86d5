import { useEffect, useRef, useState } from 'react';
import { courseProgressStore, selectCourseProgress } from '../store/courseProgress';
import { ConfirmQuestion } from './ConfirmQuestion';
import { COURSE_START_LINK_ID } from './SkipLink';
import { useCourseProgress } from './useCourseProgress';
import { useQuiz, useQuizApi } from './useQuiz';

/**
 * What counts as a lesson done, said where the progress is shown, and how long it lasts: kept in
 * this browser, or, where the browser lets the page save nothing, until the page is closed.
 */
export const doneMeans = (isKept: boolean): string =>
  `A lesson counts as done once its last step has been played, whatever its verdict; ${isKept ? 'progress is kept in this browser.' : 'this browser lets the page save nothing, so progress lasts until the page is closed.'}`;

/**
 * The course's progress on the first screen: "4 of 21 lessons done", the quiz's score kept with
 * it ("Quiz: 3 of 5 predictions right."), and Reset progress, which clears both, behind a
 * confirmation (Escape or Cancel keeps it). Nothing shows before a lesson is done or a
 * prediction scored.
 */
export function CourseProgress() {
  const doneIds = useCourseProgress((s) => s.doneIds);
  const isKept = useCourseProgress((s) => s.isKept);
  const { doneCount, total } = selectCourseProgress(doneIds);
  const quiz = useQuizApi();
  const correct = useQuiz((s) => s.score.correct);
  const answered = useQuiz((s) => s.score.answered);
  const [isConfirming, setConfirming] = useState(false);
  // Where focus goes once the confirmation is answered and its buttons are gone: back to Reset
  // progress (kept), or to the course's first lesson (reset), the next thing to do.
  const focusNext = useRef<'reset' | 'start' | null>(null);
  const resetButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const to = focusNext.current;
    focusNext.current = null;
    if (to === 'reset') resetButton.current?.focus();
    if (to === 'start') document.getElementById(COURSE_START_LINK_ID)?.focus();
  });
  if (doneCount === 0 && answered === 0)
    return (
      <p className="course-progress" data-testid="course.progress">
        No lesson done yet. {doneMeans(isKept)}
      </p>
    );
  const cancel = () => {
    focusNext.current = 'reset';
    setConfirming(false);
  };
  return (
    <div className="course-progress">
      <p data-testid="course.progress">
        Your progress: {doneCount} of {total} lessons done
        {doneCount === total ? ': the whole course.' : '.'}
        {answered > 0 &&
          ` Quiz: ${correct} of ${answered} prediction${answered === 1 ? '' : 's'} right (each question scored once, on its first answer).`}{' '}
        {doneMeans(isKept)}
      </p>
      {isConfirming ? (
        <ConfirmQuestion
          className="course-progress-confirm"
          question={`Reset progress: ${[
            doneCount === 1
              ? 'mark the 1 lesson done as not done'
              : doneCount > 1 && `mark all ${doneCount} lessons done as not done`,
            answered > 0 && `clear the quiz's score (${correct} of ${answered})`,
          ]
            .filter(Boolean)
            .join(', and ')}? This cannot be undone.`}
          answer="Yes, reset progress"
          onAnswer={() => {
            focusNext.current = 'start';
            setConfirming(false);
            courseProgressStore.getState().resetProgress();
            quiz.getState().resetScore('own');
          }}
          onCancel={cancel}
        />
      ) : (
        <button type="button" ref={resetButton} onClick={() => setConfirming(true)}>
          Reset progress
        </button>
      )}
    </div>
  );
}
