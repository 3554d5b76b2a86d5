import { COURSE_ORDER, nextInCourse } from '../scenarios/course';
import type { Scenario } from '../scenarios';
import { selectIsFirstScreen, selectIsScenarioOver } from '../store/scriptSelectors';
import type { SandboxState } from '../store/sandboxState';

/**
 * The scenario "next" (→, Page Down: a clicker's key) opens when Step has nothing to send: on
 * the first screen (free play, nothing done, nothing queued), the course's first, as its
 * "press →" says; past a scenario's last beat in presenter mode, the course's next one.
 * Undefined when "next" steps (or does nothing). The key and the presenter's "next:" line both
 * ask this, so they cannot disagree.
 */
export function scenarioOnNext(s: SandboxState, isPresenting: boolean): Scenario | undefined {
  if (s.canStep) return undefined;
  if (selectIsFirstScreen(s)) return COURSE_ORDER[0];
  return isPresenting && selectIsScenarioOver(s) ? nextInCourse(s.scenarioId!) : undefined;
}

/**
 * Whether "next" has nowhere to go because the course is over: presenting, past the last beat of
 * the course's last scenario, with no request left to step. The presenter's "next:" line says so
 * and what the room can do instead, rather than only "nothing".
 */
export function isCourseOverOnNext(s: SandboxState, isPresenting: boolean): boolean {
  return (
    isPresenting &&
    !s.canStep &&
    s.scenarioId !== null &&
    s.scenarioId === COURSE_ORDER.at(-1)?.id &&
    selectIsScenarioOver(s)
  );
}

/**
 * The lesson L opens in presenter mode: the course's lesson after the one shown, mid-lesson too
 * (an instructor short of time moves on without stepping through the rest, and without leaving
 * presenter mode); from free play, the course's first. Undefined at the course's last lesson.
 */
export function lessonAfter(scenarioId: string | null): Scenario | undefined {
  return scenarioId === null ? COURSE_ORDER[0] : nextInCourse(scenarioId);
}
