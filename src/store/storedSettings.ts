import { z } from 'zod';
import { DEFAULT_SANDBOX_CONFIG } from './sandboxConfig';
import { sandboxConfigSchema } from './sandboxSchema';
import { SPEEDS } from './sandboxStore';

/**
 * The presenter's and the quiz's preferences. What this page reads is checked; whatever else a
 * later version of the page wrote there is kept as it is, so an older page does not erase it.
 */
const presenterPreferences = z.looseObject({
  /** The speaker notes are shown. */
  notesShown: z.boolean({ error: () => 'must be true or false' }).optional(),
});
const quizPreferences = z.looseObject({
  /** Quiz mode is on. */
  enabled: z.boolean({ error: () => 'must be true or false' }).optional(),
});

/**
 * What the sandbox keeps in localStorage between visits, schema version 2: the settings (what
 * the controls set), the playback speed, and the presenter's and the quiz's preferences.
 * Version 1 had the settings and the speed only.
 */
export const storedSettingsSchema = z.object({
  version: z.literal(2),
  sandbox: z.preprocess(
    // Added after version 2 was written: a document without them takes the defaults. A list is
    // no settings, and the schema says so (spread here, it read as settings missing every field).
    (v) =>
      typeof v === 'object' && v !== null && !Array.isArray(v)
        ? {
            latencyModel: DEFAULT_SANDBOX_CONFIG.latencyModel,
            latencyTail: DEFAULT_SANDBOX_CONFIG.latencyTail,
            stallChance: DEFAULT_SANDBOX_CONFIG.stallChance,
            stallMs: DEFAULT_SANDBOX_CONFIG.stallMs,
            pattern: DEFAULT_SANDBOX_CONFIG.pattern,
            invalidation: DEFAULT_SANDBOX_CONFIG.invalidation,
            cdcDelayMs: DEFAULT_SANDBOX_CONFIG.cdcDelayMs,
            cdcReorder: DEFAULT_SANDBOX_CONFIG.cdcReorder,
            cdcLoss: DEFAULT_SANDBOX_CONFIG.cdcLoss,
            doubleDeleteDelayMs: DEFAULT_SANDBOX_CONFIG.doubleDeleteDelayMs,
            ...v,
          }
        : v,
    sandboxConfigSchema,
  ),
  speed: z.number().refine((s) => (SPEEDS as readonly number[]).includes(s), {
    message: `must be one of ${SPEEDS.join(', ')}`,
  }),
  presenter: presenterPreferences,
  quiz: quizPreferences,
});

export type StoredSettings = z.infer<typeof storedSettingsSchema>;

/** The document's key, version, schema and migrations (src/platform/versionedStorage.ts reads it). */
export const SETTINGS_DOCUMENT = {
  key: 'cache-aside-lab.settings',
  label: 'settings',
  version: 2,
  schema: storedSettingsSchema,
  migrations: {
    // Version 2 added the presenter's and the quiz's preferences.
    1: (v1: Record<string, unknown>) => ({ ...v1, presenter: {}, quiz: {} }),
  },
};

export const DEFAULT_STORED_SETTINGS: StoredSettings = {
  version: 2,
  sandbox: DEFAULT_SANDBOX_CONFIG,
  speed: 1,
  presenter: {},
  quiz: {},
};
