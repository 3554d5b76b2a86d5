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

/** Most predictions a progress document keeps scored: the course asks 21; a few thousand is not its own. */
export const MAX_PREDICTIONS_KEPT = 2000;

/**
 * A prediction the quiz scored, as the quiz names it (`stale-set:3 → miss`, `stampede:4
 * (single-flight) → 0`: `predictionKey`). Plain text, shown nowhere, compared as it is.
 */
const predictionId = z
  .string({ error: () => 'must be a prediction the quiz scored' })
  .min(1, { error: () => 'must be a prediction the quiz scored' })
  .max(200, { error: () => 'must be a prediction the quiz scored' });

const predictions = z
  .array(predictionId, { error: () => 'must be a list of predictions' })
  .max(MAX_PREDICTIONS_KEPT, {
    error: () => `must list at most ${MAX_PREDICTIONS_KEPT} predictions`,
  });

/**
 * The course's progress kept in localStorage between visits, schema version 2: the ids of the
 * lessons (scenarios) played to their last beat, in the order they were done; and the quiz's
 * score: each prediction scored (its first answer counts, once), and those answered right.
 * Version 1 had no quiz (its score lasted while the page was open).
 */
export const courseProgressSchema = z.object({
  version: z.literal(2),
  done: z
    .array(lessonId, { error: () => 'must be a list of scenario ids' })
    .max(MAX_LESSONS_KEPT, { error: () => `must list at most ${MAX_LESSONS_KEPT} lessons` }),
  quiz: z
    .object(
      { scored: predictions, right: predictions },
      { error: () => 'must hold the predictions scored and those right' },
    )
    .refine((q) => q.right.every((k) => q.scored.includes(k)), {
      error: () => 'must list only predictions scored',
      path: ['right'],
    }),
});

export type CourseProgressDocument = z.infer<typeof courseProgressSchema>;

/** A stored entry as the notice quotes it: its JSON, cut at 60 characters. */
const quoted = (entry: unknown): string => {
  const json = JSON.stringify(entry) ?? String(entry);
  return json.length > 60 ? `${json.slice(0, 59)}…` : json;
};

/**
 * A progress document without the entries it cannot read: a lesson id no scenario could have
 * among good ones (`"Stale_Set"`, `42`), a prediction that is not one or that `whyUnasked` says
 * was not given on this page (a scenario it does not have, an answer it does not offer), a right
 * answer never scored. Each is named; the lessons and predictions around it are kept. Anything
 * else wrong (a list that is not one, a missing quiz, too many entries) keeps nothing: null.
 */
export function salvageProgress(
  doc: Record<string, unknown>,
  whyUnasked: (prediction: string) => string | null = () => null,
): { value: Record<string, unknown>; leftOut: string[] } | null {
  const { done, quiz } = doc;
  if (!Array.isArray(done) || typeof quiz !== 'object' || quiz === null) return null;
  const { scored, right } = quiz as Record<string, unknown>;
  if (!Array.isArray(scored) || !Array.isArray(right)) return null;
  // More than a document may hold is no entry to leave out: it is refused whole, as the schema
  // refuses it (left out one by one, 20,000 ids made a notice of 800,000 characters).
  if (
    done.length > MAX_LESSONS_KEPT ||
    scored.length > MAX_PREDICTIONS_KEPT ||
    right.length > MAX_PREDICTIONS_KEPT
  )
    return null;
  const leftOut: string[] = [];
  const keep = (list: unknown[], path: string, what: string, isGood: (e: unknown) => boolean) =>
    list.filter((entry, i) => {
      if (isGood(entry)) return true;
      const why =
        path.startsWith('quiz.') && predictionId.safeParse(entry).success
          ? whyUnasked(entry as string)
          : null;
      leftOut.push(`${what} ${quoted(entry)} (${path}[${i}]${why === null ? '' : `: ${why}`})`);
      return false;
    });
  const keptScored = keep(
    scored,
    'quiz.scored',
    'the prediction',
    (e) => predictionId.safeParse(e).success && whyUnasked(e as string) === null,
  );
  return {
    value: {
      ...doc,
      done: keep(done, 'done', 'the lesson id', (e) => lessonId.safeParse(e).success),
      quiz: {
        ...quiz,
        scored: keptScored,
        right: keep(
          right,
          'quiz.right',
          'the right answer',
          (e) => predictionId.safeParse(e).success && keptScored.includes(e),
        ),
      },
    },
    leftOut,
  };
}

/** Version 1 to 2: no prediction scored yet. */
export const progressV1ToV2 = (old: Record<string, unknown>): Record<string, unknown> => ({
  ...old,
  quiz: { scored: [], right: [] },
});
