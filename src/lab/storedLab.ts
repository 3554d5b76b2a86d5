import { z } from 'zod';
import type { WorkloadConfig } from '../engine/workload';
import { refusalsText } from '../schema/fields';
import { checkConfig } from './labConfig';

/**
 * The lab's last configuration, kept in localStorage between visits (schema version 1): the
 * settings on screen once valid (edited, imported, loaded) or of the last run started, whichever
 * came last, checked on load by the same rules as a link or an import.
 */
export const storedLabSchema = z.object({
  version: z.literal(1),
  config: z.record(z.string(), z.unknown()).superRefine((config, ctx) => {
    const checked = checkConfig(config);
    if (!checked.ok)
      ctx.addIssue({
        code: 'custom',
        // Already sentences naming each setting and its range: shown as they are.
        params: { isSentence: true },
        message: `config: ${refusalsText(checked.errors)}`,
      });
  }),
});

export type StoredLab = z.infer<typeof storedLabSchema>;

export const LAB_DOCUMENT = {
  key: 'cache-aside-lab.lab',
  label: 'lab settings',
  version: 1,
  schema: storedLabSchema,
  migrations: {},
};

export const storedLab = (config: WorkloadConfig): StoredLab => ({
  version: 1,
  config: { ...config },
});
