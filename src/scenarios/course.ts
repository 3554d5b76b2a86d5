import { findScenario, SCENARIOS } from './index';
import type { Scenario } from './types';

/** A part of the course: a heading and its scenarios, in the order to play them. */
export interface CourseGroup {
  title: string;
  scenarioIds: readonly string[];
}

/**
 * The scenarios as a course: the pattern, what it buys, the staleness it brings and how
 * invalidation answers it, the races and their fixes, failures, and when to use it at all.
 * Every scenario appears exactly once (`course.test.ts` checks it).
 */
export const COURSE: readonly CourseGroup[] = [
  { title: '1. The pattern', scenarioIds: ['cold-read', 'ttl-expiry'] },
  { title: '2. What it buys', scenarioIds: ['only-what-is-asked', 'expensive-miss'] },
  {
    title: '3. Staleness and invalidation',
    scenarioIds: [
      'stale-read',
      'invalidate-on-write',
      'write-then-read',
      'write-then-read-invalidate',
    ],
  },
  {
    title: '4. Races and their fixes',
    scenarioIds: [
      'stale-set',
      'stale-set-lease',
      'update-cache-race',
      'delete-first-race',
      'cdc-late-invalidation',
      'stampede',
      'stampede-single-flight',
    ],
  },
  { title: '5. Failures', scenarioIds: ['cache-down-fallback', 'lost-invalidation'] },
  {
    title: '6. When to use it, and when not',
    // The other patterns first, then when-to-use: the last story, which recaps the course and
    // links each point to a scenario the room has seen (refresh-ahead's included).
    scenarioIds: [
      'write-then-read-write-through',
      'write-behind-lost',
      'refresh-ahead-expensive',
      'when-to-use',
    ],
  },
];

/** The course's scenarios in playing order. */
export const COURSE_ORDER: readonly Scenario[] = COURSE.flatMap((g) =>
  g.scenarioIds.map((id) => findScenario(id)).filter((s): s is Scenario => s !== undefined),
);

/** The scenario the course plays after this one (undefined after the last, or for one outside it). */
export function nextInCourse(id: string): Scenario | undefined {
  const i = COURSE_ORDER.findIndex((s) => s.id === id);
  return i < 0 ? undefined : COURSE_ORDER[i + 1];
}

/** Scenarios the course does not place (none: the test keeps it so). */
export const outsideCourse = (): Scenario[] => SCENARIOS.filter((s) => !COURSE_ORDER.includes(s));
