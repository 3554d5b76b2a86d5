import { z } from 'zod';
import { MAX_PROGRAM_CHARS, programSourceSchema } from './apiArguments';

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

/**
 * A code document without the draft it cannot read (longer than a draft may be, or not text),
 * named, the other path's draft kept. Before, one such draft set both aside, and the learner's
 * good write path left the editors with it. Null when no draft is left to keep.
 */
export function salvageCode(
  doc: Record<string, unknown>,
): { value: Record<string, unknown>; leftOut: string[] } | null {
  const { drafts } = doc;
  if (typeof drafts !== 'object' || drafts === null || Array.isArray(drafts)) return null;
  const kept: Record<string, unknown> = { ...drafts };
  const leftOut: string[] = [];
  for (const path of ['read', 'write'] as const) {
    const source = kept[path];
    if (source === undefined || programSourceSchema.safeParse(source).success) continue;
    const why =
      typeof source === 'string'
        ? `${source.length.toLocaleString('en-US')} characters; a draft holds at most ${MAX_PROGRAM_CHARS.toLocaleString('en-US')}`
        : `not text: ${String(JSON.stringify(source)).slice(0, 40)}`;
    leftOut.push(`the ${path} path's draft (${why})`);
    delete kept[path];
  }
  if (kept.read === undefined && kept.write === undefined) return null;
  return { value: { ...doc, drafts: kept }, leftOut };
}

export const CODE_DOCUMENT = {
  key: 'cache-aside-lab.code',
  label: 'code',
  version: 1,
  schema: storedCodeSchema,
  migrations: {},
  salvage: salvageCode,
};
