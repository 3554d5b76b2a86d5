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
            dbLatency: DEFAULT_SANDBOX_CONFIG.dbLatency,
            tokensAfter: DEFAULT_SANDBOX_CONFIG.tokensAfter,
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

/** The preferences the page reads, by the part of the document they sit in, with what they are. */
const PREFERENCES = {
  presenter: { notesShown: "the presenter's preference notesShown" },
  quiz: { enabled: "the quiz's preference enabled" },
} as const;

/**
 * A settings document without the presenter's or the quiz's preferences it cannot read (`"yes"`
 * for quiz mode on, a part that is not an object), each named: the sandbox's settings and the
 * speed around them are kept. Before, one such preference set them all aside.
 */
export function salvageSettings(doc: Record<string, unknown>): {
  value: Record<string, unknown>;
  leftOut: string[];
} {
  const leftOut: string[] = [];
  const value: Record<string, unknown> = { ...doc };
  for (const [part, fields] of Object.entries(PREFERENCES)) {
    const held = doc[part];
    if (typeof held !== 'object' || held === null || Array.isArray(held)) {
      if (held !== undefined) leftOut.push(`the ${part} preferences ${JSON.stringify(held)}`);
      value[part] = {};
      continue;
    }
    const kept: Record<string, unknown> = { ...held };
    for (const [field, what] of Object.entries(fields)) {
      const v = kept[field];
      if (v === undefined || typeof v === 'boolean') continue;
      leftOut.push(`${what} ${JSON.stringify(v) ?? String(v)}`);
      delete kept[field];
    }
    value[part] = kept;
  }
  return { value, leftOut };
}

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
  salvage: salvageSettings,
};

export const DEFAULT_STORED_SETTINGS: StoredSettings = {
  version: 2,
  sandbox: DEFAULT_SANDBOX_CONFIG,
  speed: 1,
  presenter: {},
  quiz: {},
};
