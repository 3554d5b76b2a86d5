import { z } from 'zod';
import { boundedText, oneOf, wholeNumber } from '../schema/fields';
import { checkArgument, SANDBOX_FIELDS } from './sandboxSchema';

/**
 * The arguments of `window.cacheAside`'s quiz, explorer and own-code methods, and the code a
 * `#code=` link carries: each checked by its schema before anything runs, so a refusal names
 * the argument and what it takes, and nothing changes.
 */

/** Most interleavings one exploration runs (above it, a seeded sample of this many). */
export const MAX_EXPLORE_LIMIT = 5000;
/** Longest program a learner may hand the sandbox: a read or write path is a few dozen lines. */
export const MAX_PROGRAM_CHARS = 64 * 1024;

export const exploreLimitSchema = wholeNumber(1, MAX_EXPLORE_LIMIT);

/** `explore(options)`: the settings to explore under (the sandbox's otherwise) and the limit. */
export const exploreOptionsSchema = z.strictObject(
  {
    readMitigation: SANDBOX_FIELDS.readMitigation.schema.optional(),
    writePolicy: SANDBOX_FIELDS.writePolicy.schema.optional(),
    invalidation: SANDBOX_FIELDS.invalidation.schema.optional(),
    limit: exploreLimitSchema.optional(),
  },
  { error: () => 'explore() takes an object of options, like { limit: 100 }' },
);

export const learnerPathSchema = oneOf(['read', 'write'] as const);
export const programSourceSchema = boundedText(MAX_PROGRAM_CHARS, 'the program as text');
/** A challenge id is a short slug. */
export const challengeIdSchema = boundedText(64, 'a challenge id');

/** The drafts a `#code=` link carries: one or both paths. */
export const codeLinkSchema = z
  .object(
    { read: programSourceSchema.optional(), write: programSourceSchema.optional() },
    { error: () => 'it must hold an object with a read or a write path, like { "read": "..." }' },
  )
  .refine((d) => d.read !== undefined || d.write !== undefined, {
    error: () => 'holds neither a read nor a write path',
  });

export const QUIZ_ARGUMENTS = {
  isEnabled: z.boolean({ error: () => 'must be true or false' }),
  /** A choice's id or label ("hit", "v2", "Stale"), or a bare version number. */
  choice: z.union([boundedText(64), z.number()], {
    error: () => 'must be a choice id or label (text of at most 64 characters) or a number',
  }),
  /** Whose score: the learner's own, or the room's (presenter mode's). */
  whose: z.enum(['own', 'room'], { error: () => "must be 'own' or 'room'" }).optional(),
} as const;

/** Checks one argument of an API method by its schema; throws the refusal, naming both. */
export function requireArgument<T>(
  method: string,
  name: string,
  schema: z.ZodType<T>,
  value: unknown,
): T {
  const checked = checkArgument(method, name, schema, value);
  if (!checked.ok) throw new Error(checked.refusals[0].text);
  return checked.value;
}
