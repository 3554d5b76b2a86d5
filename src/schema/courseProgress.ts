import { z } from 'zod';

/**
 * A scenario's id as the course names them (`stale-set`, `cdc-late-invalidation`): what a stored
 * progress document may list. An id this page does not know (a scenario a later page added) is
 * kept as it is and counted nowhere.
 */
const lessonId = z
  .string({ error: () => 'must be a scenario id' })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: () => 'must be a scenario id' })
  .max(80, { error: () => 'must be a scenario id' });

/** Most lessons a progress document lists: the course has 21; a few hundred is not its own. */
export const MAX_LESSONS_KEPT = 200;

/**
 * The course's progress kept in localStorage between visits, schema version 1: the ids of the
 * lessons (scenarios) played to their last beat, in the order they were done.
 */
export const courseProgressSchema = z.object({
  version: z.literal(1),
  done: z
    .array(lessonId, { error: () => 'must be a list of scenario ids' })
    .max(MAX_LESSONS_KEPT, { error: () => `must list at most ${MAX_LESSONS_KEPT} lessons` }),
});

export type CourseProgressDocument = z.infer<typeof courseProgressSchema>;
