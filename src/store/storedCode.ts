import { z } from 'zod';
import { programSourceSchema } from './apiArguments';

/**
 * The learner's code as the editors held it, kept in localStorage between visits (schema
 * version 1): what was typed is never lost to a reload, a crash or a closed tab. It is shown in
 * the editors, not run, until the learner presses Run (as code from a link is).
 */
export const storedCodeSchema = z.object({
  version: z.literal(1),
  drafts: z.object({ read: programSourceSchema.optional(), write: programSourceSchema.optional() }),
});

export type StoredCode = z.infer<typeof storedCodeSchema>;

export const CODE_DOCUMENT = {
  key: 'cache-aside-lab.code',
  label: 'code',
  version: 1,
  schema: storedCodeSchema,
  migrations: {},
};
